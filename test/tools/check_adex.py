#!/usr/bin/env python3
"""AdEx spike times against an independent integrator (test/run/adex.test).

  check_adex.py SPIKES.csv [TOL_S]

The reference is classical RK4 at dt = 0.5 us, written here in plain
Python, with the spike at the crossing of V_peak interpolated linearly in
the step and the reset (v = V_r, w += b) applied at the end of that step,
as nmc does. Every spike of nmc must match one of the reference within
TOL_S (default 20 us, two nmc steps), the counts must agree, and the
inter-spike intervals must grow (adaptation).
"""
import csv
import math
import sys

C, gL, EL, VT, DT = 200e-12, 12e-9, -70e-3, -50e-3, 2e-3
a, tw, b, Vr, Vp, I = 2e-9, 300e-3, 60e-12, -58e-3, -40e-3, 500e-12


def f(v, w):
    return ((-gL * (v - EL) + gL * DT * math.exp((v - VT) / DT) - w + I) / C,
            (a * (v - EL) - w) / tw)


def reference(t_end=0.3, h=0.5e-6):
    v, w, t, spikes = EL, 0.0, 0.0, []
    for _ in range(int(round(t_end / h))):
        k1 = f(v, w)
        k2 = f(v + h / 2 * k1[0], w + h / 2 * k1[1])
        k3 = f(v + h / 2 * k2[0], w + h / 2 * k2[1])
        k4 = f(v + h * k3[0], w + h * k3[1])
        nv = v + h / 6 * (k1[0] + 2 * k2[0] + 2 * k3[0] + k4[0])
        nw = w + h / 6 * (k1[1] + 2 * k2[1] + 2 * k3[1] + k4[1])
        if v <= Vp < nv:
            spikes.append(t + h * (Vp - v) / (nv - v))
            nv, nw = Vr, nw + b
        v, w, t = nv, nw, t + h
    return spikes


def main(path, tol):
    with open(path) as fh:
        got = [float(r[1]) for r in list(csv.reader(fh))[1:]]
    ref = reference()
    print(f"adex: {len(got)} spikes, reference {len(ref)}")
    if len(got) != len(ref):
        print("FAIL: spike counts differ", got, ref)
        sys.exit(1)
    worst = max(abs(g - r) for g, r in zip(got, ref))
    print(f"adex: worst spike-time difference {worst * 1e6:.2f} us")
    if worst > tol:
        print("FAIL: spike times off the reference")
        sys.exit(1)
    isi = [y - x for x, y in zip(got, got[1:])]
    if any(y <= x for x, y in zip(isi, isi[1:])):
        print("FAIL: intervals do not grow", isi)
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else 20e-6)
