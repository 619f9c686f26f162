#!/usr/bin/env python3
"""Checks test/run/Inputs/pulsed-steps.nmc against aihwkit's update rules
(REFERENCE.md 8.2) at their defaults, written here from the reference.

  check_pulsed_steps.py OUT_DIR

Without variation, sample k follows the k-th of 700 pulses up, then of 700
down: ConstantStep moves by dw_min until the bound, SoftBounds follows
w_k = b - (b - w_0)(1 - dw/b)^k up (and its mirror down), ExpStep follows
its map pulse by pulse. With device-to-device variation only, alternating
up/down pulses make each SoftBounds device's pair map linear,
w -> r w + c, so that after N pairs w_N = w* + (w_0 - w*) r^N exactly, with
w* = c / (1 - r); the midpoint of the pair's two states lies within a
step of the symmetry point (u - d) / (u / b_max + d / |b_min|) (exactly
on it for symmetric bounds, off by O(dw) as the bounds differ);
each device's own u, d and bounds come from its probed lets. With
cycle-to-cycle variation only, 100 steps of SoftBounds spread across 1000
devices as sigma dw sqrt(N) (1 - dw / b)^(N - 1) to first order: step k
carries sigma dw (1 - w_k / b) = sigma dw q^k, q = 1 - dw / b, and the
later steps shrink its effect by q^(N - 1 - k).
"""
import csv
import sys

import numpy as np

DW, B_MAX, B_MIN, SIGMA = 0.001, 0.6, -0.6, 0.3
A_UP, A_DOWN, G_UP, G_DOWN, A, B = 0.00081, 0.36833, 12.44625, 12.78785, 0.244, 0.2425


def table(path):
    with open(path) as f:
        rows = list(csv.reader(f))
    return rows[0], np.array(rows[1:], dtype=float)


def curves(out):
    steps = [1.0] * 700 + [-1.0] * 700
    worst = {}
    for name, file in (("constant", "curve"), ("soft", "curve_soft"), ("exp", "curve_exp")):
        w = table(f"{out}/{file}.csv")[1][:, 1]
        ref, x = [0.0], 0.0
        for d in steps:
            if name == "constant":
                x += d * DW
            elif name == "soft":
                x += DW * (1 - x / B_MAX) if d > 0 else -DW * (1 + x / -B_MIN)
            else:
                z = 2 * A * x / (B_MAX - B_MIN) + B
                y = 1 - A_UP * np.exp(G_UP * z) if d > 0 else 1 - A_DOWN * np.exp(-G_DOWN * z)
                x += d * max(y, 0.0) * DW
            x = min(max(x, B_MIN), B_MAX)
            ref.append(x)
        worst[name] = np.max(np.abs(w[:1401] - np.array(ref)))
    # SoftBounds up in closed form, no iteration.
    k = np.arange(701)
    w = table(f"{out}/curve_soft.csv")[1][:701, 1]
    closed = np.max(np.abs(w - B_MAX * (1 - (1 - DW / B_MAX) ** k)))
    return worst, closed


def settled(out):
    head, data = table(f"{out}/settled.csv")
    row = data[-1]
    col = {h: i for i, h in enumerate(head)}
    n = (len(head) - 1) // 5
    get = lambda s: np.array([row[col[f"d2d[{e}].{s}"]] for e in range(n)])  # noqa: E731
    w, bmax, bmin, u, d = (get(s) for s in ("w", "b_max", "b_min", "dw_up", "dw_down"))
    ok = (bmax > 0.05) & (bmin < -0.05) & (u > 0) & (d > 0)  # clear of the clips
    bmax, c_ = bmax[ok], -bmin[ok]
    u, d, w = u[ok], d[ok], w[ok]
    # Up: w -> u + (1 - u/B) w; down: w -> (1 - d/C) w - d.
    r = (1 - d / c_) * (1 - u / bmax)
    c = (1 - d / c_) * u - d
    star = c / (1 - r)
    exact = star + (0 - star) * r ** 2400
    # The continuous symmetry point lies between the pair's two states.
    mid = (star + u + (1 - u / bmax) * star) / 2
    sym = (u - d) / (u / bmax + d / c_)
    return ok.sum(), n, np.max(np.abs(w - exact)), np.std(star), np.max(np.abs(mid - sym))


def spread(out):
    w = table(f"{out}/spread.csv")[1][1, 1:]
    sigma = SIGMA * DW * np.sqrt(100) * (1 - DW / B_MAX) ** 99
    mean = B_MAX * (1 - (1 - DW / B_MAX) ** 100)
    return np.mean(w), mean, np.std(w), sigma


def main(out):
    worst, closed = curves(out)
    ok = all(v < 1e-12 for v in worst.values()) and closed < 1e-12
    for name, v in worst.items():
        print(f"{name}: 700 up, 700 down, largest difference from the rule {v:.1e}")
    print(f"soft bounds up against the closed form: {closed:.1e}")
    used, n, err, spread_star, off = settled(out)
    print(f"symmetry points: {used} of {n} devices clear of the clips; largest difference "
          f"from w* + (w0 - w*) r^N {err:.1e}; w* spread {spread_star:.4f} across devices, "
          f"pair midpoints within {off:.1e} of (u - d) / (u / b_max + d / |b_min|)")
    ok &= err < 1e-12 and used > 0.99 * n and spread_star > 1e-3 and off < DW
    mean, want_mean, std, want_std = spread(out)
    ratio = std / want_std
    print(f"cycle-to-cycle after 100 pulses: mean {mean:.5f} (no noise: {want_mean:.5f}), "
          f"spread {std:.2e}, first order {want_std:.2e}, ratio {ratio:.3f}")
    ok &= abs(mean - want_mean) < 4 * want_std / np.sqrt(1000) and abs(ratio - 1) < 0.1
    print("OK" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main(sys.argv[1])
