#!/usr/bin/env python3
"""Fig. 10 signatures from examples/fig10-dendrite.nmc.

  dendrite.py OUT_DIR

Probes iv (a 0-5 V ramp), weak_trace (2.5 V pulses) and strong_trace (4 V
pulses), each t, v, i, w, pulses 100 us wide every 500 us. Prints the ramp
current at 2, 3 and 4 V, the current at the end of each pulse, and how far
w has relaxed by the end. Fails unless the current grows more than 100-fold
from 3 V to 4 V but less than 10-fold from 2 V to 3 V (NMDA-like), the weak
pulses leave no trace (their currents equal to 1e-6), the strong ones
integrate (each pulse's current above the last, the fifth over twice the
first), and w has relaxed below half of its largest value.
"""
import csv
import sys


def load(path):
    with open(path) as f:
        return [[float(x) for x in r] for r in list(csv.reader(f))[1:]]


def at(rows, t):
    return min(rows, key=lambda r: abs(r[0] - t))


def main(out):
    ramp = load(f"{out}/iv.csv")
    i2, i3, i4 = (at(ramp, t)[2] for t in (2e-3, 3e-3, 4e-3))
    print(f"ramp: I(2 V) = {i2:.3g} A, I(3 V) = {i3:.3g} A, I(4 V) = {i4:.3g} A")
    ok = i4 > 100 * i3 and i3 < 10 * i2
    for name in ("weak", "strong"):
        rows = load(f"{out}/{name}_trace.csv")
        ends = [at(rows, k * 500e-6 + 95e-6)[2] for k in range(5)]
        w_max = max(r[3] for r in rows)
        print(f"{name}: pulse currents " + " ".join(f"{x:.4g}" for x in ends) +
              f" A; w at most {w_max:.3f}, at the end {rows[-1][3]:.3f}")
        if name == "weak":
            ok &= max(ends) - min(ends) <= 1e-6 * max(ends) and w_max == 0
        else:
            ok &= all(a < b for a, b in zip(ends, ends[1:])) and ends[-1] > 2 * ends[0]
            ok &= rows[-1][3] < 0.5 * w_max
    print("OK" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main(sys.argv[1])
