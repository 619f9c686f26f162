#!/usr/bin/env python3
"""Fig. 3c signatures from examples/fig03c-gradual-switching.nmc.

  gradual.py OUT_DIR [--pulses 20] [--period 100e-6] [--reset-delay 2e-3]

Reads the conductance i/v in the middle of each gap between pulses (at
the 0.1 V read bias) and prints it after each set and each reset pulse.
Fails unless it rises with every set pulse and falls with every reset
pulse, no single pulse moves it by more than 15% of its whole swing
(gradual, no abrupt jump), and its largest value lies between 30 and 150 nS
(G about 100 nS, REFERENCE.md section 2).
"""
import argparse
import csv
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--pulses", type=int, default=20)
    ap.add_argument("--period", type=float, default=100e-6)
    ap.add_argument("--reset-delay", type=float, default=2e-3)
    a = ap.parse_args()
    with open(f"{a.out}/trace.csv") as f:
        rows = [[float(x) for x in r] for r in list(csv.reader(f))[1:]]

    def g_at(t):
        r = min(rows, key=lambda r: abs(r[0] - t))
        return r[2] / r[1]

    g0 = g_at(a.period / 4 * 0)  # before any pulse: x = 0
    sets = [g_at(k * a.period + a.period / 2) for k in range(a.pulses)]
    resets = [g_at(a.reset_delay + k * a.period + a.period / 2) for k in range(a.pulses)]
    print("after set pulses (nS): " + " ".join(f"{g * 1e9:.1f}" for g in sets))
    print("after reset pulses (nS): " + " ".join(f"{g * 1e9:.1f}" for g in resets))
    seq = [sets[-1]] + resets
    swing = max(sets) - min(resets + [g0])
    steps = [abs(b - a_) for a_, b in zip([g0] + sets, sets)] + [abs(b - a_) for a_, b in zip(seq, seq[1:])]
    print(f"largest step {max(steps) / swing:.1%} of the swing; largest G {max(sets) * 1e9:.1f} nS")
    ok = all(x < y for x, y in zip(sets, sets[1:])) and all(x > y for x, y in zip(seq, seq[1:]))
    ok &= max(steps) <= 0.15 * swing and 30e-9 <= max(sets) <= 150e-9
    print("OK" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
