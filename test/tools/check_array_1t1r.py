#!/usr/bin/env python3
"""1T1R crossbars (test/run/Inputs/array-1t1r.nmc) recomputed
independently with numpy: each cell is a sinh device
i = G V0 sinh(v / V0) from its row node u to a middle node m, then an
nmos from m (drain) to its column node c (source), gate at V_g, bulk at
ground, by EKV: i = I_s [F(V_p - V_s) - F(V_p - V_d)],
F(x) = ln^2(1 + e^(x / 2 U_T)), I_s = 2 n beta U_T^2, V_p = (V_g - V_th) / n.
Without wires (`limited`) each cell is solved alone (u = the input, c = 0)
by bisection; with 20 ohm wires (`wired`) Newton on the dense nodal
equations of u, c and m, the transistors' sources at their own column
nodes (no lag). Compares column currents and cell voltages u - c; prints
the saturation current beta V_ov^2 / 2n beside the low gate's cells.

  check_array_1t1r.py INPUTS OUT
"""
import csv
import sys

import numpy as np

import check_periphery

UT = 1.380649e-23 * 300 / 1.602176634e-19
G, V0 = 100e-6, 0.5


def device(v):
    return G * V0 * np.sinh(v / V0), G * np.cosh(v / V0)


def nmos(vd, vs, beta, vth, n, vg):
    """Drain current and its derivatives by V_d and V_s."""
    i_s, vp = 2 * n * beta * UT ** 2, (vg - vth) / n

    def f(x):
        y = x / (2 * UT)
        soft = np.maximum(y, 0) + np.log1p(np.exp(-np.abs(y)))
        sigma = 1 / (1 + np.exp(-y))
        return soft ** 2, 2 * soft * sigma / (2 * UT)

    fs, dfs = f(vp - vs)
    fd, dfd = f(vp - vd)
    return i_s * (fs - fd), i_s * dfd, -i_s * dfs


def alone(v, tr):
    """Middle node of a cell at v across it, column at 0 V."""
    lo, hi = 0.0, v
    for _ in range(200):
        m = 0.5 * (lo + hi)
        if device(v - m)[0] > nmos(m, 0.0, *tr)[0]:
            lo = m
        else:
            hi = m
    m = 0.5 * (lo + hi)
    return nmos(m, 0.0, *tr)[0]


def network(x, n, m, tr, r, fire=None):
    """Row, column and middle node voltages (u, c, m, each n m long) of a
    wired array of sinh cells: dense Newton on the nodal equations, the
    access nmos tr from m to c and, for a 2T1R cell, the fire-gate nmos
    fire (the same parameters) from m to ground."""
    check_periphery.R = r
    lin, b = check_periphery.wires(n, m, x, np.zeros(m))
    k = n * m
    size = 3 * k
    a = np.zeros((size, size))
    a[:2 * k, :2 * k] = lin
    rhs = np.concatenate([b, np.zeros(k)])
    z = np.concatenate([np.repeat(x, m), np.zeros(k), np.repeat(x, m) * 0.5])
    idx = np.arange(k)
    for _ in range(200):
        u, c, mid = z[:k], z[k:2 * k], z[2 * k:]
        i_d, g_d = device(u - mid)
        i_t, g_td, g_ts = nmos(mid, c, *tr)
        i_f, g_fd, _ = nmos(mid, np.zeros(k), *fire) if fire else (0.0, 0.0, 0.0)
        f = a @ z - rhs
        f[idx] += i_d
        f[k + idx] -= i_t
        f[2 * k + idx] += i_t + i_f - i_d
        jac = a.copy()
        jac[idx, idx] += g_d
        jac[idx, 2 * k + idx] -= g_d
        jac[k + idx, 2 * k + idx] -= g_td
        jac[k + idx, k + idx] -= g_ts
        jac[2 * k + idx, 2 * k + idx] += g_td + g_fd + g_d
        jac[2 * k + idx, k + idx] += g_ts
        jac[2 * k + idx, idx] -= g_d
        step = np.linalg.solve(jac, f)
        z -= step
        if np.max(np.abs(step)) < 1e-15:
            break
    return z[:k], z[k:2 * k], z[2 * k:]


def wired(x, n, m, tr, r):
    """Column currents and cell voltages u - c of a wired 1T1R array."""
    u, c, _ = network(x, n, m, tr, r)
    return c.reshape(n, m)[-1, :] / r, u - c


def rows(path):
    with open(path) as f:
        return [[float(v) for v in r] for r in list(csv.reader(f))[1:]]


def main(inputs, out):
    xs = np.loadtxt(f"{inputs}/array-1t1r-x.csv", delimiter=",", ndmin=2)
    low = (200e-6, 0.5, 1.3, 0.8)
    high = (2e-3, 0.5, 1.3, 2.0)
    worst_l = worst_w = worst_v = 0.0
    for k, row in enumerate(rows(f"{out}/limited_read.csv")):
        want = sum(alone(v, low) for v in xs[k])
        worst_l = max(worst_l, max(abs(row[1 + j] - want) / want for j in range(2)))
    sat = low[0] * (low[3] - low[1]) ** 2 / (2 * low[2])
    print(f"limited: column currents within {worst_l:.1e} of the cells solved alone; "
          f"a cell passes {rows(f'{out}/limited_read.csv')[1][1] / 3:.4e} A at 1 V and "
          f"{rows(f'{out}/limited_read.csv')[0][1] / 3:.4e} A at 0.5 V "
          f"(square-law saturation {sat:.4e} A)")
    for k, row in enumerate(rows(f"{out}/wired_read.csv")):
        cur, cells = wired(xs[k], 3, 2, high, 20.0)
        worst_w = max(worst_w, float(np.max(np.abs(np.array(row[1:3]) - cur) / np.max(cur))))
        worst_v = max(worst_v, float(np.max(np.abs(np.array(row[3:9]) - cells))))
    print(f"wired: column currents within {worst_w:.1e}, cell voltages within {worst_v:.1e} V "
          f"of dense Newton on rows, columns and middle nodes")
    ok = worst_l < 1e-9 and worst_w < 1e-9 and worst_v < 1e-9
    print("OK" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main(*sys.argv[1:3])
