#!/usr/bin/env python3
"""Fig. 13 (device side) signatures from examples/fig13-device-bcm.nmc.

  device_bcm.py OUT_DIR

Prints the change of the conductance state w per post-pre-post triplet
against the post-synaptic rate rho_y = 1 / (2 gap) for the three initial
states, writes them to device_bcm.csv, finds each crossover by linear
interpolation in rho_y, and checks three points against scipy's Radau on
the device's equations (stdlib/devices/second_order.nmc). Fails unless, for
every initial state, w falls at the lowest rate and rises at the highest,
the depression somewhere exceeds the far-apart limit by 10% or more (the
dip), there is one crossover, the crossovers rise strictly with w0, and
Radau agrees within 2e-5.
"""
import csv
import math
import sys

from scipy.integrate import solve_ivp

# stdlib/devices/second_order.nmc
G_MIN, G_MAX, T0, C_TH, TAU_T, K, V0, EA = 1e-6, 100e-6, 300.0, 1e-12, 20e-6, 1e12, 0.5, 0.9
K_B = 8.617333262e-5  # eV/K
START = 100e-6
POPULATIONS = (("low", 0.4), ("mid", 0.5), ("high", 0.6))


def voltage(t, gap):
    def on(a, b):
        return a <= t < b

    post = lambda s: 1.6 if on(s, s + 1e-6) else 0.0
    pre = 1.8 if on(START + gap, START + gap + 1e-6) else 0.0
    pre += 0.5 if on(START + gap + 1e-6, START + gap + 21e-6) else 0.0
    return post(START) - pre + post(START + 2 * gap)


def reference(gap, w0):
    def f(t, y):
        w, temp = y
        v = voltage(t, gap)
        g = G_MIN + (G_MAX - G_MIN) * w
        rate = K * math.sinh(v / V0) * math.exp(-EA / (K_B * temp))
        return [rate * ((1 - w) if v > 0 else w), g * v * v / C_TH - (temp - T0) / TAU_T]

    edges = [0.0, START, START + 1e-6, START + gap, START + gap + 1e-6, START + gap + 21e-6,
             START + 2 * gap, START + 2 * gap + 1e-6, 600e-6]
    y = [w0, T0]
    for a, b in zip(edges, edges[1:]):
        y = solve_ivp(f, (a, b), y, method="Radau", rtol=1e-10, atol=1e-12).y[:, -1]
    return y[0] - w0


def read(path):
    runs = {}
    with open(path) as f:
        for r in list(csv.reader(f))[1:]:
            runs.setdefault(float(r[0]), []).append(float(r[2]))
    return {gap: ws[-1] - ws[0] for gap, ws in runs.items()}


def crossover(curve):
    """curve: [(rate, dw)] by rising rate; the rates where dw changes sign."""
    return [r0 + (r1 - r0) * d0 / (d0 - d1)
            for (r0, d0), (r1, d1) in zip(curve, curve[1:]) if (d0 < 0) != (d1 < 0)]


def main():
    out = sys.argv[1]
    ok = True
    curves, by_gap = {}, {}
    for name, w0 in POPULATIONS:
        by_gap[name] = read(f"{out}/w_{name}.csv")
        curves[name] = sorted((1 / (2 * gap), x) for gap, x in by_gap[name].items())
    with open(f"{out}/device_bcm.csv", "w") as f:
        f.write("rate," + ",".join(f"dw_w0_{w0}" for _, w0 in POPULATIONS) + "\n")
        for i, (rate, _) in enumerate(curves["low"]):
            f.write(f"{rate:.17g}," + ",".join(f"{curves[n][i][1]:.17g}" for n, _ in POPULATIONS) + "\n")
    thetas = []
    for name, w0 in POPULATIONS:
        curve = curves[name]
        print(f"w0 = {w0}: " + "  ".join(f"{r / 1e3:.1f} kHz {d:+.4f}" for r, d in curve[::4]))
        lowest, highest, deepest = curve[0][1], curve[-1][1], min(d for _, d in curve)
        cross = crossover(curve)
        print(f"w0 = {w0}: far apart {lowest:+.4f}, deepest {deepest:+.4f}, "
              f"closest {highest:+.4f}, crossover "
              + ", ".join(f"{c / 1e3:.1f} kHz" for c in cross))
        if not (lowest < 0 < highest and deepest < 1.1 * lowest and len(cross) == 1):
            print(f"FAIL: w0 = {w0} is not a BCM curve with a dip")
            ok = False
        thetas.append(cross[0] if cross else math.nan)
    if not all(a < b for a, b in zip(thetas, thetas[1:])):
        print("FAIL: the crossover does not rise with w0")
        ok = False
    worst = 0.0
    for gap, (name, w0) in ((22e-6, POPULATIONS[0]), (30e-6, POPULATIONS[1]),
                            (60e-6, POPULATIONS[2])):
        got = min(by_gap[name].items(), key=lambda item: abs(item[0] - gap))[1]
        want = reference(gap, w0)
        worst = max(worst, abs(got - want))
        print(f"gap {gap * 1e6:.0f} us, w0 = {w0}: nmc {got:+.6f}, Radau {want:+.6f}")
    print(f"largest difference from scipy's Radau: {worst:.1e}")
    if worst > 2e-5:
        print("FAIL: differs from Radau")
        ok = False
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
