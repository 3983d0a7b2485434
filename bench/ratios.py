#!/usr/bin/env python3
"""Prints the BENCHMARKS.md tables from criterion's medians (target/criterion).

Usage: python3 bench/ratios.py [target/criterion]
"""
import json, os, sys

root = sys.argv[1] if len(sys.argv) > 1 else "target/criterion"
FIXTURES = ["presence", "application", "events"]
KINDS = ["json-decode", "json-encode", "xml-decode", "xml-encode"]
PATHS = ["ucwa_typed", "ucwa_dyn", "serde_struct", "serde_value", "qx_raw", "qx_serde"]


def median(group, path):
    f = os.path.join(root, group, path, "new", "estimates.json")
    if not os.path.exists(f):
        return None
    return json.load(open(f))["median"]["point_estimate"]


def fmt(ns):
    if ns is None:
        return "–"
    if ns >= 1e6:
        return f"{ns / 1e6:.2f} ms"
    if ns >= 1e3:
        return f"{ns / 1e3:.2f} µs"
    return f"{ns:.0f} ns"


print("| fixture | format, direction | " + " | ".join(PATHS) + " |")
print("|---|---|" + "---:|" * len(PATHS))
for fx in FIXTURES:
    for kind in KINDS:
        cells = [fmt(median(f"{fx}-{kind}", p)) for p in PATHS]
        print(f"| {fx} | {kind} | " + " | ".join(cells) + " |")

print()
print("| fixture | target | ratio | goal | met |")
print("|---|---|---:|---:|---|")
for fx in FIXTURES:
    m = lambda kind, p: median(f"{fx}-{kind}", p)
    rows = [
        ("typed JSON decode / serde_json struct", m("json-decode", "ucwa_typed"), m("json-decode", "serde_struct"), 1.15, "le"),
        ("typed JSON encode / serde_json struct", m("json-encode", "ucwa_typed"), m("json-encode", "serde_struct"), 1.15, "le"),
        ("typed XML decode / quick-xml raw loop", m("xml-decode", "ucwa_typed"), m("xml-decode", "qx_raw"), 1.5, "le"),
        ("quick-xml serde / typed XML decode (speed-up)", m("xml-decode", "qx_serde"), m("xml-decode", "ucwa_typed"), 4.0, "ge"),
        ("typed XML encode / typed JSON encode", m("xml-encode", "ucwa_typed"), m("json-encode", "ucwa_typed"), 1.0, "le"),
    ]
    for name, a, b, goal, how in rows:
        if a is None or b is None:
            print(f"| {fx} | {name} | – | {goal} | – |")
            continue
        r = a / b
        ok = r <= goal if how == "le" else r >= goal
        sign = "≤" if how == "le" else "≥"
        print(f"| {fx} | {name} | {r:.2f} | {sign} {goal} | {'yes' if ok else '**no**'} |")
