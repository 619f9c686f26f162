#!/usr/bin/env python3
"""Writes examples/data/digits8x8.csv and digits8x8-labels.csv from the 8 x 8
handwritten digits that scikit-learn ships (1797 images, UCI optdigits;
run with Debian's python3, which has python3-sklearn).

  sklearn_digits.py [OUT_DIR]

Each image becomes 16 pulse trains of 8 slots, as Du et al. (2017) feed
an image to a reservoir row by row: its 8 rows (left to right) and then
its 8 columns (top to bottom), a pulse where the pixel is at least half
of full scale (8 of 16). Image n's trains are lines 16 n to 16 n + 15;
its label is line n of the labels file.
"""
import sys
from pathlib import Path

from sklearn.datasets import load_digits


def main():
    out = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parent)
    digits = load_digits()
    lines = ["# scikit-learn's 8x8 digits: per image 8 row trains, then 8 column trains"]
    for img in digits.images:
        on = (img >= 8).astype(int)
        for train in list(on) + list(on.T):
            lines.append(",".join(map(str, train)))
    (out / "digits8x8.csv").write_text("\n".join(lines) + "\n")
    (out / "digits8x8-labels.csv").write_text("\n".join(map(str, digits.target)) + "\n")


if __name__ == "__main__":
    main()
