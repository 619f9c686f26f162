#!/usr/bin/env python3
"""2T1R crossbars (test/run/Inputs/array-2t1r.nmc) recomputed
independently with scipy. Each cell is a device from its row's top
electrode to a bottom node m, an access nmos from m (drain) to its column
at 0 V and a fire-gate nmos from m to ground, both EKV with bulk at ground:
i = I_s [F(V_p - V_s) - F(V_p - V_d)], F(x) = ln^2(1 + e^(x / 2 U_T)),
I_s = 2 n beta U_T^2, V_p = (V_g - V_th) / n; m solves
i_device(v - m) = i_access(m) + i_fire(m) (brentq to 1e-16 V).

reads: the column currents are the access transistors' shares, within
1e-9 of the recomputation, and less than the devices pass by the fire
gates' leak; the drivers' power is v times every device's current.

wired: the same array through 20 ohm wires, by dense Newton on the row,
column and bottom nodes (u, c, m; the wires' equations from
check_periphery.py, the access nmos from m to c, the fire gate from m to
ground): column currents and cell voltages u - c within 1e-9, the drivers'
power (sum of input times row current) and the wires' share (the rest
after every cell's u i_device - c i_access) within 1e-9.

switch, limited: the cell (0, 0) that both the row and the column select
sees 2 V on its top electrode for 8 x 20 us while its fire gate is open
(5 V: a switch; 0.3 V: a compliance of a few nA); its TaOx/TiO2 state
x (REFERENCE.md 2, dx/dt = k_s sinh(u / V_s)(1 - x) at the device's
voltage u) is integrated with solve_ivp at the network's u, the energy as
the integral of 2 V times the device current, the read-back g as the
access current at 0.1 V (access gate 2 V, fire gate -1.5 V) over 0.1 V.
The cells that only the row or only the column selects stay within 1e-9
of the cell no pulse reached (no half-select disturb). A pulse holds each
step's voltages from the step's start, an error first order in the step:
1e-7 for the switch, whose device sees nearly 2 V throughout, but 2e-3 at
1 us under the compliance, where the device's voltage falls as its
conductance grows (the tolerance, 4e-3, allows for that).

  check_array_2t1r.py INPUTS OUT
"""
import csv
import sys

import numpy as np
from scipy.integrate import solve_ivp
from scipy.optimize import brentq

from check_array_1t1r import network
from check_array_1t1r import nmos as nmos_jac

UT = 1.380649e-23 * 300 / 1.602176634e-19


def nmos(vd, vs, vg, beta, vth=0.5, n=1.3):
    i_s, vp = 2 * n * beta * UT ** 2, (vg - vth) / n

    def f(x):
        y = x / (2 * UT)
        return (max(y, 0) + np.log1p(np.exp(-abs(y)))) ** 2

    return i_s * (f(vp - vs) - f(vp - vd))


def bottom(device, v, access, fire):
    """The bottom node m and the device's current at v on the top electrode."""
    def r(m):
        return device(v - m) - nmos(m, 0.0, *access) - nmos(m, 0.0, *fire)
    m = brentq(r, min(0.0, v), max(0.0, v), xtol=1e-16, rtol=4 * np.finfo(float).eps)
    return m, device(v - m)


def rows(path):
    with open(path) as f:
        return list(csv.DictReader(f))


def check_reads(inputs, out):
    def sinh_cell(u):
        return 100e-6 * 0.5 * np.sinh(u / 0.5)
    access, fire = (0.8, 200e-6), (0.3, 200e-6)
    worst, leak = 0.0, 0.0
    with open(f"{inputs}/array-1t1r-x.csv") as f:
        xs = [[float(v) for v in line.split(",")] for line in f if line.strip()]
    for x, got in zip(xs, rows(f"{out}/reads_out.csv")):
        col, power = np.zeros(2), 0.0
        for v in x:
            m, i_dev = bottom(sinh_cell, v, access, fire)
            col += nmos(m, 0.0, *access)
            power += 2 * v * i_dev
            leak = max(leak, i_dev / nmos(m, 0.0, *access) - 1)
        for j in range(2):
            worst = max(worst, abs(float(got[f"reads[{j}].i"]) / col[j] - 1))
        worst = max(worst, abs(float(got["reads.power"]) / power - 1))
    print(f"reads: column currents and power within {worst:.1e}; the fire gates leak "
          f"{leak:.2e} of each cell's current to ground")
    return worst < 1e-9 and leak > 1e-5


def dense(x, n, m, access, fire, r):
    """Column currents, cell voltages u - c, the drivers' power and the
    wires' share of a wired 2T1R array of sinh cells (G = 100 uS, V0 =
    0.5 V) for inputs x."""
    u, c, mid = network(x, n, m, access, r, fire)
    i_d = 100e-6 * 0.5 * np.sinh((u - mid) / 0.5)
    i_t = nmos_jac(mid, c, *access)[0]
    power = float(np.sum(x * (np.repeat(x, m) - u).reshape(n, m)[:, 0] / r))
    cells = float(np.sum(u * i_d - c * i_t))
    return c.reshape(n, m)[-1, :] / r, u - c, power, power - cells


def check_wired(inputs, out):
    access, fire = (2e-3, 0.5, 1.3, 2.0), (2e-3, 0.5, 1.3, 0.45)
    xs = np.loadtxt(f"{inputs}/array-1t1r-x.csv", delimiter=",", ndmin=2)
    worst_i = worst_v = worst_p = 0.0
    for x, got in zip(xs, rows(f"{out}/wired_out.csv")):
        cur, cells, power, wire = dense(x, 3, 2, access, fire, 20.0)
        mine = np.array([float(got[f"wired[{j}].i"]) for j in range(2)])
        worst_i = max(worst_i, float(np.max(np.abs(mine - cur)) / np.max(cur)))
        v = np.array([float(got[f"wired[{i}][{j}].v"]) for i in range(3) for j in range(2)])
        worst_v = max(worst_v, float(np.max(np.abs(v - cells))))
        worst_p = max(worst_p, abs(float(got["wired.power"]) / power - 1),
                      abs(float(got["wired.wire_power"]) / wire - 1))
    print(f"wired: column currents within {worst_i:.1e}, cell voltages within {worst_v:.1e} V, "
          f"power and the wires' share within {worst_p:.1e} of dense Newton on row, column and "
          f"bottom nodes")
    return worst_i < 1e-9 and worst_v < 1e-9 and worst_p < 1e-9


def check_update(out, name, gate, tolerance):
    g_min, g_max, k_s, v_s = 1e-9, 100e-9, 0.5, 0.25

    def device(x):
        return lambda u: (g_min + (g_max - g_min) * x) * np.sinh(u)

    def rhs(_, y):
        m, i_dev = bottom(device(y[0]), 2.0, (-1.5, 1e-3), (gate, 1e-3))
        return [k_s * np.sinh((2.0 - m) / v_s) * (1 - y[0]), 2.0 * i_dev]

    sol = solve_ivp(rhs, (0, 160e-6), [0.0, 0.0], method="LSODA", rtol=1e-11, atol=1e-20)
    x, energy = sol.y[0, -1], sol.y[1, -1]
    m, _ = bottom(device(x), 0.1, (2.0, 1e-3), (-1.5, 1e-3))
    g = nmos(m, 0.0, 2.0, 1e-3) / 0.1
    cells = {(int(float(r["row"])), int(float(r["col"]))): r for r in rows(f"{out}/{name}.update.csv")}
    full = cells[0, 0]
    e_g = abs(float(full["g"]) / g - 1)
    e_e = abs(float(full["energy"]) / energy - 1)
    rest = float(cells[1, 1]["g"])
    half = max(abs(float(cells[k]["g"]) / rest - 1) for k in [(0, 1), (1, 0)])
    print(f"{name}: the selected cell reached g = {float(full['g']):.5e} S ({e_g:.1e} from "
          f"solve_ivp, x = {x:.5f}), energy {float(full['energy']):.4e} J ({e_e:.1e}); "
          f"half-selected cells within {half:.0e} of the untouched one")
    return e_g < tolerance and e_e < 1e-3 and half < 1e-9, x


def main(inputs, out):
    ok = check_reads(inputs, out)
    ok &= check_wired(inputs, out)
    good, x_switch = check_update(out, "switch", 5.0, 1e-6)
    ok &= good
    good, x_limited = check_update(out, "limited", 0.3, 4e-3)
    ok &= good
    print(f"the compliance keeps x to {x_limited / x_switch:.3f} of the switch's")
    ok &= x_limited < 0.9 * x_switch
    print("OK" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
