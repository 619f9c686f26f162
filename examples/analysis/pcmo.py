#!/usr/bin/env python3
"""Fig. 7 signatures from examples/fig07-pcmo-neuron.nmc.

  pcmo.py OUT_DIR [--period 20e-6] [--width 10e-6]

Prints the pulse that fires first (1-based), the conductance at the end of
each pulse before it, and the jump of the current when it fires (the
largest current over the current at the end of the first pulse). Fails
unless the neuron fires and the conductance rises pulse to pulse before.
"""
import argparse
import csv
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--period", type=float, default=20e-6)
    ap.add_argument("--width", type=float, default=10e-6)
    a = ap.parse_args()
    with open(f"{a.out}/fires.csv") as f:
        fires = [float(r[1]) for r in list(csv.reader(f))[1:]]
    with open(f"{a.out}/trace.csv") as f:
        rows = [[float(x) for x in r] for r in list(csv.reader(f))[1:]]
    if not fires:
        print("FAIL: no fire")
        sys.exit(1)
    pulse = int(fires[0] // a.period) + 1
    g = []
    for k in range(pulse - 1):
        end = k * a.period + a.width  # the top of pulse k ends here
        r = min(rows, key=lambda r: abs(r[0] - end))
        g.append(r[2] / r[1])
    first = min(rows, key=lambda r: abs(r[0] - a.width))
    jump = max(r[2] for r in rows if r[0] <= fires[0]) / first[2]
    print(f"fires on pulse {pulse} at {fires[0] * 1e6:.1f} us; conductance before: "
          + " ".join(f"{x * 1e6:.2f}" for x in g) + f" uS; current jump {jump:.1f}x")
    ok = all(x < y for x, y in zip(g, g[1:]))
    print("OK" if ok else "FAIL: the conductance does not creep up before the fire")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
