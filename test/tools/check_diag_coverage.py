#!/usr/bin/env python3
"""Every diagnostic of Diagnostics.def appears in some test: the longest
literal piece of its text (between %N placeholders) must occur in a file
under test/ or in docs/LANGUAGE.md (whose examples are tests too)."""
import glob
import os
import re
import sys

root = os.path.join(os.path.dirname(__file__), "..", "..")
defs = open(os.path.join(root, "frontend/include/nmc/frontend/Diagnostics.def")).read()
corpus = ""
for pattern in ("test/**/*.nmc", "test/**/*.test", "docs/LANGUAGE.md"):
    for f in glob.glob(os.path.join(root, pattern), recursive=True):
        corpus += open(f, errors="replace").read()
missing = []
for ident, text in re.findall(r'DIAG\((\w+), \w+, "((?:[^"\\]|\\.)*)"\)', defs):
    text = text.replace('\\"', '"')
    piece = max(re.split(r"%\d", text), key=len).strip()
    if piece not in corpus:
        missing.append(f"{ident}: {text}")
for m in missing:
    print("untested diagnostic:", m)
count = len(re.findall(r"^DIAG\(", defs, re.M))
print(f"{count} diagnostics, {len(missing)} without a test")
sys.exit(1 if missing else 0)
