#!/usr/bin/env python3
"""Fig. 15 signatures from examples/fig15-stm-ltm.nmc.

  stm_ltm.py OUT_DIR

For each number of pulses and each spacing (2 s, 20 s), prints the
conductance read at 1 mV just after the last pulse, 60 s later, and the
share of the gain (over G_off) retained then. Checks the simulation
against scipy's solve_ivp (Radau, rtol 1e-10) on the same ODE and protocol
for every run (largest difference in the bridge state n). Fails unless the
retained share is under 5% up to 4 pulses every 2 s (short-term), rises
through 6 to over 50% at 8 and 80% at 12 (long-term), the 20 s pulses never
retain more than 5%, and the simulation matches scipy within 2e-3 in n.
"""
import csv
import math
import sys

from scipy.integrate import solve_ivp

G_OFF, G_Q, K_W, V_W, TAU0, N_C = 10e-9, 77.5e-6, 0.3, 0.1, 1.0, 0.12  # atomic_switch.nmc
WIDTH, AMP, BIAS = 10e-3, 0.499, 1e-3


def reference(period, count, times):
    """n at the given times, by solve_ivp piece by piece (pulse, then bias)."""
    def rate(v):
        g = K_W * math.sinh(v / V_W) if v > 0 else 0.0
        return lambda t, y: [g * (1 - y[0]) - y[0] / (TAU0 * math.exp(y[0] / N_C))]

    edges = []
    for p in range(count):
        edges += [(p * period, AMP + BIAS), (p * period + WIDTH, BIAS)]
    edges.append((times[-1] + 1, BIAS))
    n, out = 0.0, {}
    for (t0, v), (t1, _) in zip(edges, edges[1:]):
        sol = solve_ivp(rate(v), (t0, t1), [n], method="Radau", rtol=1e-10, atol=1e-13,
                        dense_output=True)
        for t in times:
            if t0 < t <= t1:
                out[round(t * 10)] = sol.sol(t)[0]
        n = sol.y[0][-1]
    return out


def main():
    out = sys.argv[1]
    ok, worst = True, 0.0
    retained = {}
    for name, period in (("frequent", 2.0), ("rare", 20.0)):
        with open(f"{out}/{name}_trace.csv") as f:
            rows = [[float(x) for x in r] for r in list(csv.reader(f))[1:]]
        runs = {}
        for r in rows:
            runs.setdefault(int(r[0]), {})[round(r[1] * 10)] = r
        for count, by in sorted(runs.items()):
            last = (count - 1) * period
            a, b = by[round((last + 0.1) * 10)], by[round((last + 60) * 10)]
            ga, gb = a[3] / a[2], b[3] / b[2]
            share = (gb - G_OFF) / (ga - G_OFF)
            retained[(name, count)] = share
            times = sorted(t / 10 for t in by if t > 0 and t / 10 <= last + 60)
            ref = reference(period, count, times)
            worst = max(worst, max(abs(by[k][4] - ref[k]) for k in ref))
            print(f"{name:8s} {count:2d} pulses every {period:g} s: G {ga * 1e6:8.4f} uS after the "
                  f"last, {gb * 1e6:8.4f} uS 60 s later, {share:6.1%} of the gain retained")
    print(f"the bridge state n matches scipy's Radau within {worst:.1e}")
    freq = [retained[("frequent", c)] for c in (1, 2, 4, 6, 8, 10, 12)]
    # Short-term up to 4 pulses, long-term from 8, rising through the change.
    ok &= max(freq[:3]) < 0.05 and freq[3] < freq[4] < freq[5] < freq[6] and freq[4] > 0.5
    ok &= freq[-1] > 0.8
    ok &= all(v < 0.05 for (n, _), v in retained.items() if n == "rare")
    ok &= worst < 2e-3
    print("OK" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
