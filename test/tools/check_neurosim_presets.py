#!/usr/bin/env python3
"""Checks test/run/Inputs/neurosim-presets.nmc against NeuroSim's closed
form with the values of the MLP_NeuroSim V3.0 manual's Table II, written
here independently of stdlib/devices/neurosim.nmc's presets.

  check_neurosim_presets.py OUT_DIR

Sample k (k = 1..5) follows the k-th potentiating pulse from G_min:
G_min + B_p (1 - exp(-k / A_p)); sample 5 + m follows the m-th depressing
one: G_min - B_d + (G_5 - G_min + B_d) exp(-m / A_d) (REFERENCE.md 8.1).
Prints the largest relative difference per device; the presets give G_min
to five digits, hence the 1e-4 tolerance.
"""
import csv
import math
import sys

# name: G_min, G_max (1 / R_on and its on/off ratio), P_ltp, P_ltd, and
# getParamA(NL) for LTP and LTD.
TABLE_II = {
    "taox": (10e-6 / 10, 10e-6, 128, 128, 31.566827, 1.997332),      # NL 0.04 / -0.63
    "pcmo": (43.478e-9 / 6.84, 43.478e-9, 50, 50, 0.300644, 0.100251),  # 3.68 / -6.76
    "alox": (59.172e-6 / 4.43, 59.172e-6, 40, 40, 0.629249, 2.063266),  # 1.94 / -0.61
    "epiram": (12.346e-6 / 50.2, 12.346e-6, 64, 64, 2.519877, 2.519877),  # 0.5 / -0.5
}


def expected(name):
    g_min, g_max, p_ltp, p_ltd, a_ltp, a_ltd = TABLE_II[name]
    a_p, a_d = a_ltp * p_ltp, a_ltd * p_ltd
    b_p = (g_max - g_min) / (1 - math.exp(-p_ltp / a_p))
    b_d = (g_max - g_min) / (math.exp(p_ltd / a_d) - 1)
    ltp = [g_min + b_p * (1 - math.exp(-k / a_p)) for k in range(1, 6)]
    ltd = [g_min - b_d + (ltp[-1] - g_min + b_d) * math.exp(-m / a_d) for m in range(1, 6)]
    return [g_min] + ltp + ltd


def main(out):
    ok = True
    for name in TABLE_II:
        with open(f"{out}/g_{name}.csv") as f:
            g = [float(r[1]) for r in list(csv.reader(f))[1:12]]
        want = expected(name)
        worst = max(abs(a - b) / b for a, b in zip(g, want))
        print(f"{name}: G {g[0]:.5e} -> {g[5]:.5e} -> {g[10]:.5e} S, "
              f"largest relative difference {worst:.1e}")
        ok &= worst < 1e-4
    print("OK" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main(sys.argv[1])
