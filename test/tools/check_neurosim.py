#!/usr/bin/env python3
"""Checks test/run/Inputs/neurosim.nmc against NeuroSim's closed form.

  check_neurosim.py OUT_DIR

G after n potentiating pulses from G_min is B_p (1 - exp(-n / A_p)) + G_min;
after m depressing pulses from G_max it is G_min - B_d + (G_max - G_min +
B_d) exp(-m / A_d) (REFERENCE.md 8.1, NeuroSim's negative-A form; values of
stdlib/devices/neurosim.nmc). The probe samples once per 600 us period, at
the pulse's start. Prints the largest relative difference over the 197
pulses, whether the half-amplitude train moved G at all, and the spread of
the 400 noisy devices (from 15 nS, clear of the bounds) after 10 and 40
pulses beside the spread that
per-pulse draws give along the curve: sigma sqrt(sum_k exp(-2 k / A_p)).
"""
import csv
import math
import sys

G_MIN, G_MAX, P_LTP, P_LTD = 3.0769e-9, 38.462e-9, 97, 100
A_P, A_D, SIGMA = 0.499181 * 97, 0.200303 * 100, 1.2385e-9
B_P = (G_MAX - G_MIN) / (1 - math.exp(-P_LTP / A_P))
B_D = (G_MAX - G_MIN) / (math.exp(P_LTD / A_D) - 1)


def expected(k, g0=G_MIN):
    """G at the k-th sample, k pulses done, from g0: the depressing train
    starts at sample 100."""
    if k <= 100:
        return G_MIN + B_P + (g0 - G_MIN - B_P) * math.exp(-min(k, P_LTP) / A_P)
    m = min(k - 100, P_LTD)
    return G_MIN - B_D + (G_MAX - G_MIN + B_D) * math.exp(-m / A_D)


def rows(path):
    with open(path) as f:
        return [[float(x) for x in r] for r in list(csv.reader(f))[1:]]


def main(out):
    ideal = rows(f"{out}/g.csv")
    worst = max(abs(r[1] - expected(k)) / expected(k) for k, r in enumerate(ideal))
    print(f"{len(ideal)} samples, largest relative difference from the closed form: {worst:.1e}")
    print(f"after 97 pulses G = {ideal[97][1]:.5e} S, after 100 more G = {ideal[-1][1]:.5e} S")
    half = rows(f"{out}/g_half.csv")
    print(f"half-select: G moved by {max(abs(r[1] - G_MIN) for r in half):.1e} S")
    noisy = rows(f"{out}/g_noisy.csv")
    ok = worst < 1e-12 and all(r[1] == G_MIN for r in half)
    for n in (10, 40):
        g = noisy[n][1:]
        mean = sum(g) / len(g)
        std = math.sqrt(sum((x - mean) ** 2 for x in g) / (len(g) - 1))
        want = SIGMA * math.sqrt(sum(math.exp(-2 * k / A_P) for k in range(n)))
        print(f"after {n} pulses: mean {mean:.4e} S (ideal {expected(n, 15e-9):.4e}), "
              f"spread {std:.3e} S (per-pulse draws: {want:.3e}), ratio {std / want:.3f}")
        ok = ok and abs(std / want - 1) < 0.12 and abs(mean - expected(n, 15e-9)) < 4 * want / 20
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
