#!/usr/bin/env python3
"""Fig. 13 (abstract rules) signatures from examples/fig13-triplet-bcm.nmc.

  bcm.py OUT_DIR

Prints the mean weight change per second of the 200 synapses against the
post-synaptic rate, beside the rate formula of triplet STDP for
independent Poisson trains (REFERENCE.md 10.2),
  <dw/dt> = rx ry (A2+ tau+ - A2- tau- + A3+ tau+ tau_y ry - A3- tau- tau_x rx),
and the crossover (linear interpolation between the sweep's rates) beside
the formula's root. Fails unless every rate agrees within 5% of the
largest |dw/dt| and the crossover lies within 1.5 Hz of the formula's.
"""
import csv
import math
import sys

RX = 10.0
A2P, A2M, A3P, A3M = 5e-10, 7e-3, 6.2e-3, 2.3e-4
TP, TM, TX, TY = 16.8e-3, 33.7e-3, 101e-3, 125e-3


def formula(ry):
    return RX * ry * (A2P * TP - A2M * TM + A3P * TP * TY * ry - A3M * TM * TX * RX)


def main():
    with open(f"{sys.argv[1]}/weights.csv") as f:
        rows = [[float(x) for x in r] for r in list(csv.reader(f))[1:]]
    runs = {}
    for r in rows:
        runs.setdefault(r[0], []).append(r)
    curve = []
    for rate, rs in sorted(runs.items()):
        t = rs[-1][1] - rs[0][1]
        n = len(rs[0]) - 2
        slope = (sum(rs[-1][2:]) - sum(rs[0][2:])) / n / t
        curve.append((rate, slope))
        print(f"post {rate:4.0f} Hz: dw/dt = {slope:+.3e} /s (formula {formula(rate):+.3e})")
    theta = (A2M * TM + A3M * TM * TX * RX - A2P * TP) / (A3P * TP * TY)
    cross = next(a[0] + (b[0] - a[0]) * -a[1] / (b[1] - a[1])
                 for a, b in zip(curve, curve[1:]) if a[1] < 0 <= b[1])
    print(f"crossover {cross:.1f} Hz (formula {theta:.1f} Hz)")
    largest = max(abs(s) for _, s in curve)
    worst = max(abs(s - formula(r)) for r, s in curve)
    print(f"largest difference {worst / largest:.1%} of the largest |dw/dt|")
    ok = worst < 0.05 * largest and abs(cross - theta) < 1.5
    print("OK" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
