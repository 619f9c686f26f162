#!/usr/bin/env python3
"""Inter-spike intervals of a spike monitor (index,t CSV).

  isi.py SPIKES.csv [--min-spikes N] [--expect-between LO HI]

Prints the spike count, the mean interval and its relative spread (a
periodic train has almost none), and fails unless there are at least N
spikes (default 3), at most --max-spikes, and, with --expect-between, the mean interval lies in
[LO, HI] seconds.
"""
import argparse
import csv
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("spikes")
    ap.add_argument("--min-spikes", type=int, default=3)
    ap.add_argument("--max-spikes", type=int)
    ap.add_argument("--expect-between", type=float, nargs=2)
    a = ap.parse_args()
    with open(a.spikes) as f:
        t = sorted(float(r[1]) for r in list(csv.reader(f))[1:] if r[0] == "0")
    print(f"spikes: {len(t)}")
    if len(t) < a.min_spikes:
        print(f"FAIL: fewer than {a.min_spikes} spikes")
        sys.exit(1)
    if a.max_spikes is not None and len(t) > a.max_spikes:
        print(f"FAIL: more than {a.max_spikes} spikes")
        sys.exit(1)
    if len(t) < 2:
        print("OK")
        return
    isi = [b - x for x, b in zip(t, t[1:])]
    mean = sum(isi) / len(isi)
    spread = (max(isi) - min(isi)) / mean
    print(f"mean interval: {mean * 1e6:.2f} us, spread {spread:.1e}")
    if a.expect_between and not a.expect_between[0] <= mean <= a.expect_between[1]:
        print("FAIL: mean interval outside", a.expect_between)
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
