#!/usr/bin/env python3
"""Checks a drawn figure (examples/plot): DIR/NAME.png is a PNG (its
signature bytes, and over 5 kB: something was drawn) and DIR/NAME.svg
parses as XML with an <svg> root. Prints `ok NAME`, or what is wrong and
exits 1.

  check_figure.py DIR NAME
"""
import os
import sys
import xml.etree.ElementTree as ET

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def main(folder, name):
    problems = []
    png = os.path.join(folder, name + ".png")
    try:
        with open(png, "rb") as f:
            data = f.read()
        if not data.startswith(PNG_SIGNATURE):
            problems.append(f"{png}: not a PNG (no signature)")
        elif len(data) <= 5000:
            problems.append(f"{png}: only {len(data)} bytes")
    except OSError as e:
        problems.append(f"{png}: {e.strerror}")
    svg = os.path.join(folder, name + ".svg")
    try:
        root = ET.parse(svg).getroot()
        if root.tag not in ("svg", "{http://www.w3.org/2000/svg}svg"):
            problems.append(f"{svg}: the root is <{root.tag}>, not <svg>")
    except (OSError, ET.ParseError) as e:
        problems.append(f"{svg}: {e}")
    for p in problems:
        print("FAIL:", p)
    if not problems:
        print("ok", name)
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
