#!/usr/bin/env python3
"""Compares an nmc circuit run with ngspice on the same netlist.

  check_spice.py NMC_TRACE.csv SPICE.txt PAIRS [--tol T] [--spikes NMC_SPIKES.csv
                 --node NAME --threshold V] [--after T0]

PAIRS is a comma-separated list of nmc-column=spice-vector (for example
`n[0].m=v(m),n[0].M.x=v(x)`). SPICE.txt is ngspice's `wrdata` output with
`wr_singlescale` and `wr_vecnames` set. ngspice's adaptive time points are
interpolated linearly onto nmc's sample times. Each waveform must agree
within T (default 1e-3) of its largest magnitude at every sample. With
--spikes, the upward crossings (downward with --falling) of the spice vector
`--node` over --threshold (interpolated) must match nmc's spike times of element 0 one by one, each
within 1% of its time.
"""
import argparse
import bisect
import csv
import sys


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def read_spice(path):
    with open(path) as f:
        names = f.readline().split()
        rows = [[float(x) for x in line.split()] for line in f if line.strip()]
    cols = {n: [r[k] for r in rows] for k, n in enumerate(names)}
    return cols["time"], cols


def interp(ts, ys, t):
    k = bisect.bisect_left(ts, t)
    if k <= 0:
        return ys[0]
    if k >= len(ts):
        return ys[-1]
    t0, t1 = ts[k - 1], ts[k]
    return ys[k - 1] + (ys[k] - ys[k - 1]) * (t - t0) / (t1 - t0)


def crossings(ts, ys, level):
    out = []
    for k in range(1, len(ts)):
        if ys[k - 1] <= level < ys[k]:
            out.append(ts[k - 1] + (ts[k] - ts[k - 1]) * (level - ys[k - 1]) / (ys[k] - ys[k - 1]))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("trace")
    ap.add_argument("spice")
    ap.add_argument("pairs")
    ap.add_argument("--tol", type=float, default=1e-3)
    ap.add_argument("--after", type=float, default=0.0)
    ap.add_argument("--spikes")
    ap.add_argument("--node")
    ap.add_argument("--threshold", type=float)
    ap.add_argument("--falling", action="store_true", help="spikes are downward crossings")
    a = ap.parse_args()
    with open(a.trace) as f:
        rows = list(csv.reader(f))
    head, data = rows[0], [[float(x) for x in r] for r in rows[1:]]
    st, sp = read_spice(a.spice)
    for pair in a.pairs.split(","):
        ncol, svec = pair.split("=")
        k = head.index(ncol)
        ts = [r[0] for r in data if r[0] >= a.after]
        ours = [r[k] for r in data if r[0] >= a.after]
        theirs = [interp(st, sp[svec], t) for t in ts]
        scale = max(abs(y) for y in theirs)
        err = max(abs(x - y) for x, y in zip(ours, theirs))
        where = ts[max(range(len(ts)), key=lambda i: abs(ours[i] - theirs[i]))]
        print(f"{ncol} vs {svec}: max error {err / scale:.2e} of {scale:.3g} (at t = {where:.4g} s)")
        if err > a.tol * scale:
            fail(f"{ncol} differs from ngspice by {err / scale:.2e} > {a.tol:g}")
    if a.spikes:
        with open(a.spikes) as f:
            ours = [float(r[1]) for r in list(csv.reader(f))[1:] if r[0] == "0"]
        if a.falling:
            theirs = crossings(st, [-y for y in sp[a.node]], -a.threshold)
        else:
            theirs = crossings(st, sp[a.node], a.threshold)
        print(f"spikes: nmc {len(ours)}, ngspice {len(theirs)}")
        if len(ours) != len(theirs):
            fail("spike counts differ")
        for x, y in zip(ours, theirs):
            print(f"  {x:.9e} {y:.9e}")
        worst = max((abs(x - y) / y for x, y in zip(ours, theirs)), default=0.0)
        print(f"spike times: worst relative difference {worst:.2e}")
        if worst > 0.01:
            fail("a spike time differs by more than 1%")
    print("OK")


if __name__ == "__main__":
    main()
