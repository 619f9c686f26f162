#!/usr/bin/env python3
"""Compares a run of examples/linear-relaxation.nmc with the exact solution.

The device obeys dw/dt = (v/V0 - w)/tau with v a rectangular pulse of height
`amplitude` from `delay` to `delay + width`, so
    w(t) = w_inf (1 - exp(-(t - delay)/tau))            during the pulse,
    w(t) = w(delay + width) exp(-(t - delay - width)/tau) after it,
and i = (G0 + G1 w) v. Every recorded sample of every element is checked.

usage: check_linear.py RUN_DIR [--rtol 1e-6] [--delay S] [--width S]
"""
import csv
import json
import math
import os
import sys


def arg(argv, name, default):
    return float(argv[argv.index(name) + 1]) if name in argv else default


def main(argv):
    run = argv[1]
    rtol = arg(argv, "--rtol", 1e-6)
    delay = arg(argv, "--delay", 0.5e-3)
    width = arg(argv, "--width", 2e-3)
    meta = json.load(open(os.path.join(run, "run.json")))
    p = {k: v["value"] for k, v in meta["params"].items()}
    amp, tau, v0 = p["amplitude"], p["cells.tau"], p["cells.V0"]
    g0, g1 = p["cells.G0"], p["cells.G1"]
    w_inf = amp / v0
    w_end = w_inf * (1 - math.exp(-width / tau))

    def exact_w(t):
        if t <= delay:
            return 0.0
        if t <= delay + width:
            return w_inf * (1 - math.exp(-(t - delay) / tau))
        return w_end * math.exp(-(t - delay - width) / tau)

    rows = list(csv.DictReader(open(os.path.join(run, "trace.csv"))))
    elements = sorted({k.split("]")[0] + "]" for k in rows[0] if k != "t"})
    worst, checked = 0.0, 0
    for r in rows:
        t = float(r["t"])
        w = exact_w(t)
        # Samples on a pulse edge see either side of it; skip the current there.
        on_edge = min(abs(t - delay), abs(t - delay - width)) < 1e-9
        v = amp if delay < t < delay + width else 0.0
        for e in elements:
            got_w = float(r[e + ".w"])
            err = abs(got_w - w) / max(abs(w), 1e-300) if w != 0 else abs(got_w)
            if w == 0 and err > 1e-15 or w != 0 and err > rtol:
                print(f"FAIL: {e}.w at t = {t}: got {got_w!r}, exact {w!r} (rel. error {err:.3g})")
                return 1
            worst = max(worst, err if w != 0 else 0)
            if not on_edge:
                i = (g0 + g1 * w) * v
                got_i = float(r[e + ".i"])
                erri = abs(got_i - i) / abs(i) if i != 0 else abs(got_i)
                if erri > rtol:
                    print(f"FAIL: {e}.i at t = {t}: got {got_i!r}, exact {i!r}")
                    return 1
            checked += 1
    print(f"PASS: {checked} samples of {len(elements)} elements, largest relative error {worst:.3g} (limit {rtol:g})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
