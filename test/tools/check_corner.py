#!/usr/bin/env python3
"""The RCs of test/run/Inputs/corner.nmc against their closed forms.

  check_corner.py TRACE.csv

v: 1 V from 0.35 ms through 1 kOhm onto 1 uF, v = 1 - e^(-(t - 0.35 ms)/tau).
w: a ramp of 1 V over 1.23 ms, then flat: below the end,
w = k (t - tau (1 - e^(-t/tau))), k = 1 V / 1.23 ms; after it, w relaxes
from its value at the end toward 1 V. Every sample within 1e-7 V (tolerance 1e-10).
"""
import csv
import math
import sys

TAU, T1, T2 = 1e-3, 0.35e-3, 1.23e-3


def w_exact(t):
    k = 1 / T2
    if t <= T2:
        return k * (t - TAU * (1 - math.exp(-t / TAU)))
    w_end = k * (T2 - TAU * (1 - math.exp(-T2 / TAU)))
    return 1 - (1 - w_end) * math.exp(-(t - T2) / TAU)


def main(path):
    with open(path) as f:
        rows = [[float(x) for x in r] for r in list(csv.reader(f))[1:]]
    worst = 0.0
    for t, v, w in rows:
        ve = 0.0 if t < T1 else 1 - math.exp(-(t - T1) / TAU)
        worst = max(worst, abs(v - ve), abs(w - w_exact(t)))
    print(f"{len(rows)} samples, worst error {worst:.1e} V")
    print("OK" if worst < 1e-7 else "FAIL")
    sys.exit(0 if worst < 1e-7 else 1)


if __name__ == "__main__":
    main(sys.argv[1])
