#!/usr/bin/env python3
"""test/run/Inputs/circuit-target.nmc: v(m) of each RC cell (R = 10 Mohm,
C = 1 nF, tau_m = 10 ms) driven by the synaptic current I of its Syn
element (tau_s = 5 ms), to which each spike adds w = 100 pA at the end of
the step that holds it (t_k + dt, as a neuron's state receives it), is the
superposition of each spike's exact response
    v(t) = (w / C) tau_m tau_s / (tau_s - tau_m) (exp(-s / tau_s) - exp(-s / tau_m)),
s = t - t_k - dt; and I(t) = w exp(-s / tau_s). Compares every sample.

  check_circuit_target.py TRACE_CSV SPIKES_CSV TOLERANCE_V
"""
import csv
import math
import sys

W, C, TM, TS, DT = 100e-12, 1e-9, 10e-3, 5e-3, 1e-4


def main(trace, spikes, tol):
    with open(spikes) as f:
        kicks = [(int(r[0]), float(r[1])) for r in list(csv.reader(f))[1:]]
    with open(trace) as f:
        rows = [[float(x) for x in r] for r in list(csv.reader(f))[1:]]
    worst_v = worst_i = 0.0
    peak = 0.0
    for r in rows:
        t = r[0]
        for cell in range(2):
            v = i = 0.0
            for k, tk in kicks:
                s = t - tk - DT
                if k == cell and s > -1e-12:
                    v += W / C * TM * TS / (TS - TM) * (math.exp(-s / TS) - math.exp(-s / TM))
                    i += W * math.exp(-s / TS)
            worst_v = max(worst_v, abs(r[1 + 2 * cell] - v))
            worst_i = max(worst_i, abs(r[2 + 2 * cell] - i) / W)
            peak = max(peak, v)
    print(f"{len(rows)} samples of 2 cells, peak {peak * 1e3:.4f} mV: worst |dv| {worst_v:.2e} V, "
          f"worst |dI| / w {worst_i:.2e}")
    if worst_v > float(tol) or worst_i > 1e-3:
        print(f"FAIL: beyond {tol} V")
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main(*sys.argv[1:])
