#!/usr/bin/env python3
"""Counts the public items of ucwa-rs' library crates, by tier, from rustdoc's JSON.

    tools/api-count/count.py [--list] [CRATE ...]     (default: the three library crates)

For each crate it runs (nightly toolchain, hidden items included so that they can be
counted as such)

    cargo +nightly rustdoc -p CRATE --lib -- -Z unstable-options --output-format json \
        --document-hidden-items

then walks the public paths from the crate root: modules, `pub use` re-exports (globs
too), types, traits and their items, functions, constants, statics, macros, enum
variants, public fields and inherent methods/associated items. Trait impls add no
name and are not counted. Each path counts once, so an item re-exported at two paths
counts twice, as it is two names a user can write.

Tiers (see docs/API-TIERS.md):
  private   - a path through a `__private*` module (derive glue)
  hidden    - `#[doc(hidden)]` on the item or on anything on its path
  authoring - the hand-written-codec tier: paths under AUTHORING below
  user      - everything else
"""
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CRATES = ["ucwa-codec", "ucwa-derive", "ucwa-schema"]

# The authoring tier: what a hand-written codec (events, errors) is built on. A prefix
# of a path names the item and everything below it.
AUTHORING = [
    # Session 10: the tier is a module of its own.
    "ucwa_codec::authoring",
    "ucwa_codec::xml::FromXml",
    "ucwa_codec::xml::ToXml",
    "ucwa_codec::Document",
    "ucwa_codec::registry::Decoded::typed_or_dynamic",
    "ucwa_codec::Limits::admit",
    "ucwa_codec::strip_bom",
    "ucwa_codec::Members::read_json_link",
    "ucwa_codec::Members::read_json_embedded",
    "ucwa_codec::Members::push_xml_link",
    "ucwa_codec::Members::group_xml_repeats",
    "ucwa_codec::Error::in_segment",
    "ucwa_codec::Error::in_index",
]


def rustdoc_json(crate):
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    subprocess.run(
        ["cargo", "+nightly", "rustdoc", "-q", "-p", crate, "--lib", "--all-features", "--",
         "-Z", "unstable-options", "--output-format", "json", "--document-hidden-items"],
        cwd=ROOT, check=True)
    with open(os.path.join(target, "doc", crate.replace("-", "_") + ".json")) as f:
        return json.load(f)


def is_hidden(item):
    return any("hidden" in json.dumps(a) and "doc" in json.dumps(a) for a in item.get("attrs", []))


def kind_of(item):
    return next(iter(item["inner"])) if isinstance(item["inner"], dict) else item["inner"]


def walk(doc):
    index, paths = doc["index"], doc.get("paths", {})
    found = {}  # path -> (kind, hidden, id)

    def record(path, kind, hidden, id_):
        found.setdefault(path, (kind, hidden, id_))

    def visit(id_, path, hidden, seen):
        item = index.get(str(id_))
        if item is None:  # an item of another crate, re-exported
            kind = paths.get(str(id_), {}).get("kind", "external")
            record(path, "re-export of " + str(kind), hidden, id_)
            return
        hidden = hidden or is_hidden(item)
        kind = kind_of(item)
        inner = item["inner"][kind] if isinstance(item["inner"], dict) else {}
        record(path, kind, hidden, id_)
        if (id_, path) in seen:
            return
        seen = seen | {(id_, path)}
        if kind == "module":
            for child in inner["items"]:
                visit_child(child, path, hidden, seen)
        elif kind in ("struct", "enum", "union"):
            if kind == "enum":
                for v in inner.get("variants", []):
                    visit(v, path + "::" + index[str(v)]["name"], hidden, seen)
            if kind == "struct":
                fields = inner.get("kind", {})
                plain = fields.get("plain", {}) if isinstance(fields, dict) else {}
                for f in plain.get("fields", []):
                    fi = index.get(str(f))
                    if fi and fi.get("visibility") == "public":
                        record(path + "::" + fi["name"], "field", hidden or is_hidden(fi), f)
            for impl_id in inner.get("impls", []):
                impl = index.get(str(impl_id))
                if not impl:
                    continue
                body = impl["inner"]["impl"]
                if body.get("trait") is not None or body.get("is_synthetic") or body.get("blanket_impl"):
                    continue
                for m in body["items"]:
                    mi = index.get(str(m))
                    if mi and mi.get("visibility") == "public":
                        record(path + "::" + mi["name"], kind_of(mi), hidden or is_hidden(mi), m)
        elif kind == "trait":
            for m in inner.get("items", []):
                mi = index.get(str(m))
                if mi:
                    record(path + "::" + mi["name"], "trait " + kind_of(mi), hidden or is_hidden(mi), m)

    def visit_child(child, path, hidden, seen):
        item = index.get(str(child))
        if item is None:
            return
        if item.get("visibility") != "public":
            return
        kind = kind_of(item)
        if kind == "use":
            use = item["inner"]["use"]
            target = use.get("id")
            h = hidden or is_hidden(item)
            if use.get("is_glob"):
                ti = index.get(str(target)) if target is not None else None
                if ti and kind_of(ti) == "module":
                    for c in ti["inner"]["module"]["items"]:
                        visit_child(c, path, h, seen)
                elif ti and kind_of(ti) == "enum":
                    for v in ti["inner"]["enum"]["variants"]:
                        visit(v, path + "::" + index[str(v)]["name"], h, seen)
                return
            if target is None:
                record(path + "::" + use["name"], "re-export (unresolved)", h, None)
                return
            visit(target, path + "::" + use["name"], h, seen)
            return
        if item.get("name") is None:
            return
        visit(child, path + "::" + item["name"], hidden, seen)

    root = index[str(doc["root"])]
    name = root["name"]
    for child in root["inner"]["module"]["items"]:
        visit_child(child, name, False, frozenset())
    return found


def tier(path, hidden):
    if "::__private" in path:
        return "private"
    if hidden:
        return "hidden"
    if any(path == p or path.startswith(p + "::") for p in AUTHORING):
        return "authoring"
    return "user"


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    listing = "--list" in sys.argv
    print("| crate | user | authoring | hidden | __private | total |")
    print("|---|---|---|---|---|---|")
    lists = []
    for crate in args or CRATES:
        found = walk(rustdoc_json(crate))
        counts = {"user": 0, "authoring": 0, "hidden": 0, "private": 0}
        for path, (kind, hidden, _) in sorted(found.items()):
            t = tier(path, hidden)
            counts[t] += 1
            lists.append(f"{t:9} {kind:24} {path}")
        print(f"| {crate} | {counts['user']} | {counts['authoring']} | {counts['hidden']} "
              f"| {counts['private']} | {sum(counts.values())} |")
    if listing:
        print()
        print("\n".join(lists))


if __name__ == "__main__":
    main()
