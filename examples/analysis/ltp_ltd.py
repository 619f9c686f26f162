#!/usr/bin/env python3
"""Fig. 11b signatures from examples/fig11b-pulse-schemes.nmc.

  ltp_ltd.py OUT_DIR

For each scheme, reads the conductance i/v at the 0.1 V bias in the middle
of each gap (75 us after each pulse starts), after each of the 40 LTP and
40 LTD pulses, and prints:
  - the non-linearity, the largest distance of the normalised G(P) from the
    straight line between its ends (0: linear);
  - NeuroSim's A/Pmax, from fitting G(P) = B (1 - exp(-P/A)) + G0 (Chen et
    al., ICCAD 2015; REFERENCE.md 8.1; larger is more linear);
  - the largest difference from the exact solution of the TaOx/TiO2 model
    (each pulse and gap solved in closed form: x relaxes exponentially
    towards 1 under v > 0 and towards 0 under v < 0).
Fails unless every LTP pulse raises G and every LTD pulse lowers it, the
simulation matches the exact solution within 0.5%, and both incremental
schemes are at least twice as linear as identical pulses, for LTP and LTD.
"""
import csv
import math
import sys

from nonlinearity import fmt_a, neurosim_a, nonlinearity

PERIOD, N, LTD_AT = 100e-6, 40, 4e-3
SCHEMES = {  # first amplitude (V), amplitude step, first width (s), width step
    "identical": (2.4, 0.0, 10e-6, 0.0),
    "amplitude": (2.2, 0.01, 10e-6, 0.0),
    "width": (2.15, 0.0, 10e-6, 1e-6),
}
# stdlib/devices/taox_tio2.nmc
G_MIN, G_MAX, V0, K, VS = 1e-9, 100e-9, 1.0, 0.5, 0.25


def conductance(x, v=0.1):
    return (G_MIN + (G_MAX - G_MIN) * x) * V0 * math.sinh(v / V0) / v


def exact(scheme):
    a0, da, w0, dw = SCHEMES[scheme]
    x, ltp, ltd = 0.0, [], []

    def hold(v, t):
        nonlocal x
        r = K * math.sinh(abs(v) / VS) * t
        x = 1 - (1 - x) * math.exp(-r) if v > 0 else x * math.exp(-r)

    for sign, out in ((1, ltp), (-1, ltd)):
        for n in range(N):
            w = w0 + n * dw
            hold(sign * (a0 + n * da), w)
            hold(0.1, PERIOD - w)
            out.append(conductance(x))
        # the bias between the last LTP pulse and the first LTD one
        if sign > 0:
            hold(0.1, LTD_AT - N * PERIOD)
    return ltp, ltd


def main():
    out = sys.argv[1]
    ok, nl = True, {}
    for scheme in SCHEMES:
        with open(f"{out}/{scheme}_trace.csv") as f:
            rows = [[float(x) for x in r] for r in list(csv.reader(f))[1:]]
        by_t = {round(r[0] / 25e-6): r for r in rows}

        def g_at(t):
            r = by_t[round(t / 25e-6)]
            return r[2] / r[1]

        ltp = [g_at(n * PERIOD + 75e-6) for n in range(N)]
        ltd = [g_at(LTD_AT + n * PERIOD + 75e-6) for n in range(N)]
        ref_ltp, ref_ltd = exact(scheme)
        worst = max(abs(a - b) / b for a, b in zip(ltp + ltd, ref_ltp + ref_ltd))
        nl[scheme] = (nonlinearity(ltp), nonlinearity(ltd))
        print(f"{scheme:9s}: G {ltp[0] * 1e9:5.1f} -> {ltp[-1] * 1e9:5.1f} -> {ltd[-1] * 1e9:5.1f} nS;"
              f" non-linearity LTP {nl[scheme][0]:.3f}, LTD {nl[scheme][1]:.3f};"
              f" NeuroSim A/Pmax LTP {fmt_a(neurosim_a(ltp))}, LTD {fmt_a(neurosim_a([-g for g in ltd]))};"
              f" exact within {worst:.1e}")
        ok &= all(a < b for a, b in zip(ltp, ltp[1:])) and all(a > b for a, b in zip(ltd, ltd[1:]))
        ok &= worst < 5e-3
    for k in (0, 1):
        ok &= nl["identical"][k] > 2 * max(nl["amplitude"][k], nl["width"][k])
    print("OK" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
