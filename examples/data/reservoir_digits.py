#!/usr/bin/env python3
"""Writes examples/data/digits5x4.csv, the pulse trains of Fig. 17.

  reservoir_digits.py [OUT.csv]

Ten digits drawn on 5 rows of 4 pixels (Du et al. 2017, review Fig. 17b);
each row is one device's train of 4 slots (1: a pulse). The file holds
the ten clean digits (lines 0 to 49: digit d's rows are lines 5d to
5d + 4), then, for each pixel-flip probability in NOISE, COPIES noisy
copies of every digit (each pixel flipped independently), digit after
digit. Seeded, so the file is the same on every run; the model reads it
when compiling (`apply pulses(file = ...)`).
"""
import random
import sys

DIGITS = [
    ["0110", "1001", "1001", "1001", "0110"],  # 0
    ["0010", "0110", "0010", "0010", "0111"],  # 1
    ["1110", "0001", "0110", "1000", "1111"],  # 2
    ["1110", "0001", "0110", "0001", "1110"],  # 3
    ["1001", "1001", "1111", "0001", "0001"],  # 4
    ["1111", "1000", "1110", "0001", "1110"],  # 5
    ["0110", "1000", "1110", "1001", "0110"],  # 6
    ["1111", "0001", "0010", "0100", "0100"],  # 7
    ["0110", "1001", "0110", "1001", "0110"],  # 8
    ["0110", "1001", "0111", "0001", "0110"],  # 9
]
NOISE = [0.05, 0.10, 0.20]
COPIES = 100


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "examples/data/digits5x4.csv"
    rng = random.Random(2017)
    lines = ["# Fig. 17: 10 clean digits, then 100 noisy copies of each at 5%, 10%, 20% flips"]
    for d in DIGITS:
        lines += [",".join(row) for row in d]
    for p in NOISE:
        for d in DIGITS:
            for _ in range(COPIES):
                for row in d:
                    bits = [b if rng.random() >= p else "10"[int(b)] for b in row]
                    lines.append(",".join(bits))
    with open(out, "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
