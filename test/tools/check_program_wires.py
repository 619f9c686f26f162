#!/usr/bin/env python3
"""Write-verify through wires (test/run/Inputs/array-program-wires.nmc)
recomputed independently with numpy: at every step of every pulse and at
every verify read, the full non-linear network (4 x 4 cells
i = (G_min + (G_max - G_min) x) V0 sinh(v / V0), 20 ohm per segment, rows
driven at their left ends, columns at their sense ends) is solved by
Newton on the dense nodal equations; each cell's state then moves by the
exact solution of its ODE under that voltage over the step; verify reads
drive one row at the read voltage and measure column currents. Compares
every cell's pulse count (exactly), final conductance (1e-9 relative) and
energy (1e-6 relative), the count outside tolerance, and the wires' energy
in the summary (what the row and column drivers deliver, less what the
cells take; 2e-4 relative, the summary's four digits).

  check_program_wires.py INPUTS OUT SUMMARY
"""
import csv
import math
import re
import sys

import numpy as np

import check_periphery

G_MIN, G_MAX, V0, K_S, K_R, V_S, V_R = 10e-6, 1e-3, 1.0, 0.5, 0.5, 0.25, 0.25
READ, SET, RESET, WIDTH, TOL, MAX_PASSES, R = 0.1, 2.0, -2.0, 20e-6, 0.02, 300, 20.0


def solve(x, vrow, vcol):
    """Cell voltages and currents of the network under the drives."""
    n, m = x.shape
    g = G_MIN + (G_MAX - G_MIN) * x
    check_periphery.R = R
    lin, b = check_periphery.wires(n, m, vrow, vcol)
    nodes = np.concatenate([np.repeat(vrow, m), np.tile(vcol, n)]).astype(float)
    for _ in range(100):
        v = nodes[:n * m] - nodes[n * m:]
        cur = (g.ravel() * V0 * np.sinh(v / V0))
        slope = g.ravel() * np.cosh(v / V0)
        f = lin @ nodes - b
        f[:n * m] += cur
        f[n * m:] -= cur
        jac = lin.copy()
        k = np.arange(n * m)
        jac[k, k] += slope
        jac[n * m + k, n * m + k] += slope
        jac[k, n * m + k] -= slope
        jac[n * m + k, k] -= slope
        step = np.linalg.solve(jac, f)
        nodes -= step
        if np.max(np.abs(step)) < 1e-15:
            break
    v = (nodes[:n * m] - nodes[n * m:]).reshape(n, m)
    return v, g * V0 * np.sinh(v / V0)


def advance(x, v, dt):
    k_set = K_S * np.sinh(np.maximum(v, 0) / V_S)
    k_reset = K_R * np.sinh(np.maximum(-v, 0) / V_R)
    return np.where(v > 0, 1 - (1 - x) * np.exp(-k_set * dt), x * np.exp(-k_reset * dt))


def main(inputs, out, summary):
    targets = np.loadtxt(f"{inputs}/wired-targets.csv", delimiter=",")
    n, m = targets.shape
    x = np.zeros((n, m))
    pulses = np.zeros((n, m), dtype=int)
    energy = np.zeros((n, m))
    wires = 0.0

    def wire_power(v, i, vrow, vcol):
        return vrow @ i.sum(axis=1) - vcol @ i.sum(axis=0) - (v * i).sum()

    def pulse(vrow, vcol):
        nonlocal x, wires
        v, i = solve(x, vrow, vcol)
        p0, w0 = v * i, wire_power(v, i, vrow, vcol)
        x = advance(x, v, WIDTH)  # one step per pulse (step = width)
        v1, i1 = solve(x, vrow, vcol)
        energy[:] += 0.5 * WIDTH * (p0 + v1 * i1)
        wires += 0.5 * WIDTH * (w0 + wire_power(v1, i1, vrow, vcol))

    def side(g, t):
        return -1 if g < t * (1 - TOL) else 1 if g > t * (1 + TOL) else 0

    for r in range(n):
        for p in range(MAX_PASSES + 1):
            vrow = np.zeros(n)
            vrow[r] = READ
            _, i = solve(x, vrow, np.zeros(m))
            g_meas = i.sum(axis=0) / READ
            need = [side(g_meas[j], targets[r, j]) for j in range(m)]
            if not any(need) or p == MAX_PASSES:
                break
            for want, amp in ((-1, SET), (1, RESET)):
                cols = [j for j in range(m) if need[j] == want]
                if not cols:
                    continue
                vrow = np.zeros(n)
                vrow[r] = amp / 2
                vcol = np.zeros(m)
                vcol[cols] = -amp / 2
                pulse(vrow, vcol)
                pulses[r, cols] += 1
    g_true = (G_MIN + (G_MAX - G_MIN) * x) * V0 * math.sinh(READ / V0) / READ
    outside = sum(side(g_true[i, j], targets[i, j]) != 0 for i in range(n) for j in range(m))
    worst_g = worst_e = 0.0
    for row in csv.DictReader(open(f"{out}/xbar.program.csv")):
        i, j = int(float(row["row"])), int(float(row["col"]))
        if int(float(row["pulses"])) != pulses[i, j]:
            print(f"FAIL: cell ({i}, {j}) got {row['pulses']} pulses, expected {pulses[i, j]}")
            sys.exit(1)
        worst_g = max(worst_g, abs(float(row["g"]) / g_true[i, j] - 1))
        worst_e = max(worst_e, abs(float(row["energy"]) / energy[i, j] - 1))
    text = open(summary).read()
    said = re.search(r"(\d+) outside", text)
    said_wires = float(re.search(r"J in its cells, (\S+) J in its wires", text).group(1))
    print(f"pulses: {pulses.sum()} in all, every cell's count as recomputed")
    print(f"conductances within {worst_g:.1e}, energies within {worst_e:.1e}")
    print(f"outside tolerance: {outside} of {n * m} (the verify reads see the wires), summary "
          f"says {said.group(1)}")
    print(f"wires: {said_wires:.4g} J in the summary, {wires:.4g} J recomputed "
          f"({wires / energy.sum():.3f} of the cells')")
    ok = worst_g < 1e-9 and worst_e < 1e-6 and int(said.group(1)) == outside
    ok &= abs(said_wires / wires - 1) < 2e-4
    print("OK" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main(*sys.argv[1:4])
