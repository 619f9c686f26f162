#!/usr/bin/env python3
"""Driven arrays (test/run/Inputs/array-drive.nmc) recomputed
independently with numpy. Cells follow their voltage:
dx/dt = (v / 1 V - x) / tau, i = (G0 + G1 x) v, so under a step's constant
voltage x moves exactly to v + (x - v) exp(-dt / tau).

  - The ideal 3 x 2 array: each cell's read-back conductance at the start
    of every step equals, bit for bit, that of a population of the device
    under its row's waveform; each column current is the sum over rows of
    (G0 + G1 x) times the row's voltage at the step's middle.
  - The wired 4 x 3 array (50 ohm segments): stepped here from x = 0, at
    every step its dense nodal system (check_periphery.py) under the rows'
    voltages at the step's middle gives the cell voltages that move x; every
    second step is compared: column currents, cell voltages, read-back
    conductances, the drivers' power and the wires' share.
  - The summary's energy of each array: the drivers' power times dt, summed.

  check_array_drive.py OUT SUMMARY
"""
import csv
import re
import sys

import numpy as np

import check_periphery

G0, G1, TAU, DT, STEPS, F = 10e-6, 40e-6, 20e-6, 1e-6, 200, 10e3
check_periphery.R = 50.0


def train(t):
    """pulse_train(0.5 V, width 30 us, period 70 us, count 3, rise = fall = 5 us)."""
    k = np.floor(t / 70e-6)
    s = t - k * 70e-6
    up = np.clip(s / 5e-6, 0, 1)
    down = np.clip((s - 35e-6) / 5e-6, 0, 1)
    return np.where((k >= 0) & (k < 3), 0.5 * (up - down), 0.0)


def rows(t):
    sine = 0.3 * np.sin(2 * np.pi * F * t)
    return np.array([sine, train(t), np.full_like(sine, 0.2), -sine])


def table(path):
    with open(path) as f:
        r = list(csv.reader(f))
    return r[0], np.array(r[1:], dtype=float)


def ideal(out):
    head, data = table(f"{out}/ideal_g.csv")
    worst_i, same = 0.0, True
    for r, pop in enumerate(("g_sine", "g_train", "g_dc")):
        g_pop = table(f"{out}/{pop}.csv")[1][:, 1:]
        for c in range(2):
            same &= np.array_equal(data[:, 1 + 2 * r + c], g_pop[:STEPS, c])
    t_mid = data[:, 0]
    v = rows(t_mid)[:3]
    for c in range(2):
        want = sum(data[:, 1 + 2 * r + c] * v[r] for r in range(3))
        worst_i = max(worst_i, np.max(np.abs(data[:, 7 + c] - want) / np.max(np.abs(want))))
    energy = sum(np.sum(data[k, 1 + 2 * r + c] * rows(t_mid[k])[r] ** 2)
                 for k in range(len(t_mid)) for r in range(3) for c in range(2)) * DT
    return same, worst_i, energy


def wired(out):
    head, data = table(f"{out}/wired_read.csv")
    x = np.zeros((4, 3))
    worst, energy, k = {}, 0.0, 0
    for n in range(STEPS):
        t_mid = n * DT + DT / 2
        g = G0 + G1 * x
        vrow = rows(t_mid)
        u, c = check_periphery.solve_network(g, vrow, np.zeros(3))
        cells = u - c
        cur = c[-1, :] / check_periphery.R
        power = float(vrow @ (g * cells).sum(axis=1))
        energy += power * DT
        if n % 2 == 0:
            row = data[k]
            k += 1
            got = {"time": row[0], "i": row[1:4], "v": row[4:16], "g": row[16:28],
                   "power": row[28], "wires": row[29]}
            want = {"time": t_mid, "i": cur, "v": cells.ravel(), "g": g.ravel(),
                    "power": power, "wires": power - float(np.sum(g * cells ** 2))}
            for key in want:
                scale = np.max(np.abs(want[key])) or 1.0
                err = float(np.max(np.abs(np.asarray(got[key]) - want[key])) / scale)
                worst[key] = max(worst.get(key, 0.0), err)
        x = cells + (x - cells) * np.exp(-DT / TAU)
    return k, worst, energy


def main(out, summary):
    text = open(summary).read()
    said = {m.group(1): float(m.group(2))
            for m in re.finditer(r"array '(\w+)': driven for 200 steps, (\S+) J", text)}
    same, worst_i, e_ideal = ideal(out)
    print(f"ideal: read-back conductances {'equal' if same else 'differ from'} the populations', "
          f"column currents within {worst_i:.1e}, energy {said['ideal']:.4g} J "
          f"(recomputed {e_ideal:.4g} J)")
    samples, worst, e_wired = wired(out)
    print(f"wired: {samples} samples; largest relative difference: "
          + ", ".join(f"{k} {v:.1e}" for k, v in worst.items())
          + f"; energy {said['wired']:.4g} J (recomputed {e_wired:.4g} J)")
    ok = same and worst_i < 1e-12 and samples == STEPS // 2
    ok &= all(v < 1e-9 for v in worst.values())
    ok &= abs(said["ideal"] / e_ideal - 1) < 2e-4 and abs(said["wired"] / e_wired - 1) < 2e-4
    print("OK" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main(*sys.argv[1:3])
