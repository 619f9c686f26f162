#!/usr/bin/env python3
"""The ideal compliance of test/run/Inputs/compliance.nmc.

  check_compliance.py OUT_DIR

p.csv (t, v, i, q): a 100 uS cell under V = t / 1 ms volts, compliance
50 uA: the cell voltage is V until 0.5 V, then 0.5 V; the current is
min(G V, 50 uA); q integrates the cell voltage, 0.5 (t/ms)^2 then
0.125 + 0.5 (t/ms - 0.5). pg.csv (t, v, i, s): G s v with s = 1 - e^(-t/0.2 ms)
at 0.1 V, limited to 20 uA. Tolerances: 1e-9 on v and i, 2e-3 on q (its
explicit update reads the cell voltage at the start of each step).
"""
import csv
import math
import sys


def load(path):
    with open(path) as f:
        return [[float(x) for x in r] for r in list(csv.reader(f))[1:]]


def main(out):
    worst_v = worst_i = worst_q = 0.0
    for t, v, i, q in load(f"{out}/p.csv"):
        ms = t / 1e-3
        vc = min(ms, 0.5)
        worst_v = max(worst_v, abs(v - vc))
        worst_i = max(worst_i, abs(i - min(1e-4 * ms, 50e-6)))
        qq = 0.5 * ms * ms if ms <= 0.5 else 0.125 + 0.5 * (ms - 0.5)
        worst_q = max(worst_q, abs(q - qq))
    print(f"ramp: cell voltage within {worst_v:.1e} V, current within {worst_i:.1e} A, "
          f"q within {worst_q:.1e}")
    worst_g = 0.0
    for t, v, i, s in load(f"{out}/pg.csv"):
        worst_g = max(worst_g, abs(i - min(1e-3 * s * 0.1, 20e-6)))
    print(f"growing: current within {worst_g:.1e} A of min(G s v, 20 uA)")
    ok = worst_v < 1e-9 and worst_i < 1e-12 and worst_q < 2e-3 and worst_g < 1e-12
    print("OK" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main(sys.argv[1])
