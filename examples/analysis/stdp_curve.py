#!/usr/bin/env python3
"""Fig. 12f signatures from examples/fig12f-second-order-stdp.nmc.

  stdp_curve.py OUT_DIR

Prints the STDP curve (the change of the conductance state w against
t_post - t_pre), fits dw = A exp(-|delay| / tau) on each side, and checks
four delays against scipy's Radau on the device's equations
(stdlib/devices/second_order.nmc). Fails unless, up to |delay| = 100 us, dw > 0
for every positive delay and dw < 0 for every negative one and |dw| falls
as |delay| grows on both sides; beyond it |dw| stays under 0.5% of the
largest (the spikes act alone); and the four delays agree with Radau
within 1% of the largest |dw|.
"""
import csv
import math
import sys

from scipy.integrate import solve_ivp

# stdlib/devices/second_order.nmc
G_MIN, G_MAX, T0, C_TH, TAU_T, K, V0, EA = 1e-6, 100e-6, 300.0, 1e-12, 20e-6, 1e12, 0.5, 0.9
K_B = 8.617333262e-5  # eV/K
T_PRE = 250e-6


def shape(t):
    return (1.6 if 0 <= t < 1e-6 else 0.0) + (0.5 if 1e-6 <= t < 21e-6 else 0.0)


def reference(delay):
    def v(t):
        return shape(t - T_PRE - delay) - shape(t - T_PRE)

    def f(t, y):
        w, temp = y
        volt = v(t)
        g = G_MIN + (G_MAX - G_MIN) * w
        rate = K * math.sinh(volt / V0) * math.exp(-EA / (K_B * temp))
        return [rate * ((1 - w) if volt > 0 else w), g * volt * volt / C_TH - (temp - T0) / TAU_T]

    edges = sorted({0.0, 600e-6} | {T_PRE + d + e for d in (0.0, delay) for e in (0.0, 1e-6, 21e-6)})
    y = [0.5, T0]
    for a, b in zip(edges, edges[1:]):
        y = solve_ivp(f, (a, b), y, method="Radau", rtol=1e-10, atol=1e-12).y[:, -1]
    return y[0] - 0.5


def main():
    curve = {}
    with open(f"{sys.argv[1]}/weight.csv") as f:
        for r in list(csv.reader(f))[1:]:
            d, t, w = float(r[0]), float(r[1]), float(r[2])
            curve.setdefault(d, []).append((t, w))
    dw = {d: rows[-1][1] - rows[0][1] for d, rows in sorted(curve.items())}
    with open(f"{sys.argv[1]}/stdp_curve.csv", "w") as f:
        f.write("delay,dw\n")
        for d, x in dw.items():
            f.write(f"{d:.17g},{x:.17g}\n")
    for d, x in dw.items():
        print(f"delay {d * 1e6:7.1f} us: dw = {x:+.5f}")
    largest = max(abs(x) for x in dw.values())
    # Beyond 100 us the two spikes act alone: what is left is the pair's
    # own baseline, below 0.5% of the peak.
    far = [x for d, x in dw.items() if abs(d) > 100e-6]
    print(f"beyond 100 us: |dw| at most {max(abs(x) for x in far) / largest:.2%} of the largest")
    ok = all(abs(x) < 5e-3 * largest for x in far)
    pos = [(d, x) for d, x in dw.items() if 0 < d <= 100e-6]
    neg = sorted(((-d, x) for d, x in dw.items() if -100e-6 <= d < 0))
    ok &= all(x > 0 for _, x in pos) and all(x < 0 for _, x in neg)
    ok &= all(abs(a[1]) > abs(b[1]) for a, b in zip(pos, pos[1:]))
    ok &= all(abs(a[1]) > abs(b[1]) for a, b in zip(neg, neg[1:]))
    for name, side in (("LTP", pos), ("LTD", neg)):
        near = [(d, abs(x)) for d, x in side if d <= 60e-6]
        n = len(near)
        mx, my = sum(d for d, _ in near) / n, sum(math.log(x) for _, x in near) / n
        s = sum((d - mx) * (math.log(x) - my) for d, x in near) / sum((d - mx) ** 2 for d, _ in near)
        print(f"{name}: |dw| = {math.exp(my - s * mx):.3g} exp(-|delay| / {-1e6 / s:.1f} us) "
              f"(fit over 25 to 60 us)")
    worst = max(abs(dw[d] - reference(d)) for d in (-40e-6, -25e-6, 25e-6, 40e-6))
    print(f"against scipy's Radau at +-25 and +-40 us: within {worst / largest:.1e} of the largest |dw|")
    ok &= worst < 0.01 * largest
    print("OK" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
