#!/usr/bin/env python3
"""Checks the Newton solutions of test/run/Inputs/newton.nir.

  check_newton.py DIR

roots.csv: a = cbrt(i + 2) to 4 ulp, and p = 2, q = 1 to 1e-14 for every
element. diode.csv: d solves 1e-12 (e^(d/25 mV) - 1) = (V(t) - d)/1 kOhm
with V = 0.5 V + 1500 V/s t, against bisection to 1e-13 V, at every row.
"""
import csv
import math
import sys


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def rows(path):
    with open(path) as f:
        r = list(csv.reader(f))
    return r[0], [[float(x) for x in row] for row in r[1:]]


def main(d):
    head, data = rows(d + "/roots.csv")
    for row in data:
        for i in range(4):
            a, p, q = row[1 + 3 * i: 4 + 3 * i]
            exact = (i + 2) ** (1 / 3)
            if abs(a - exact) > 4 * math.ulp(exact):
                fail(f"a[{i}] = {a!r}, cbrt({i + 2}) = {exact!r}")
            if abs(p - 2) > 1e-14 or abs(q - 1) > 1e-14:
                fail(f"(p, q)[{i}] = ({p!r}, {q!r}), expected (2, 1)")
    head, data = rows(d + "/diode.csv")
    worst = 0.0
    for t, dv in data:
        v = 0.5 + 1500 * t
        f = lambda x: 1e-12 * math.expm1(x / 0.025) - (v - x) / 1000
        lo, hi = 0.0, v
        for _ in range(200):
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if f(mid) < 0 else (lo, mid)
        worst = max(worst, abs(dv - lo))
    print(f"diode: {len(data)} rows, worst |d - bisection| = {worst:.2e} V")
    if worst > 1e-13:
        fail("diode voltage off the bisection root")
    print("OK")


if __name__ == "__main__":
    main(sys.argv[1])
