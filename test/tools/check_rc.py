#!/usr/bin/env python3
"""The two-resistor RC of test/ir/trbdf2.nir against its closed form.

  check_rc.py RC.csv [--tol T]

1 V drives node a through R; R joins a to v; C holds v. Then
a = (1 + v) / 2 and v = 1 - exp(-t / (2 R C)), 2 R C = 2 ms. Every sample of
a and v must be within T (default 1e-5) of it.
"""
import argparse
import csv
import math
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("csv")
    ap.add_argument("--tol", type=float, default=1e-5)
    a = ap.parse_args()
    with open(a.csv) as f:
        rows = [[float(x) for x in r] for r in list(csv.reader(f))[1:]]
    worst = 0.0
    for t, na, nv in rows:
        v = 1 - math.exp(-t / 2e-3)
        worst = max(worst, abs(nv - v), abs(na - (1 + v) / 2))
    print(f"{len(rows)} samples, worst error {worst:.2e} V")
    if worst > a.tol:
        print("FAIL")
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
