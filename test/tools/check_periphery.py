#!/usr/bin/env python3
"""The periphery of a crossbar (test/run/Inputs/array-periphery.nmc)
recomputed independently with numpy: the DAC and ADC as mid-tread
quantisers of 2^bits - 1 levels over [-range, range], each 4 x 4 tile's
resistive network (row wires driven at the left through one segment,
column wires sensed at the bottom through one, 2 ohm each) solved as a
dense nodal system, the two columns of each pair subtracted before the
ADC, and the tiles of a column added. Compares nmc's column currents,
ideal currents and cell voltages. The transposed array drives each pair of
columns at +x and -x from their sense ends and senses the rows at their
driver ends, each tile on its own: row currents, ideal currents, cell
voltages and the power the drivers deliver and the wires take.

  check_periphery.py INPUTS OUT
"""
import csv
import sys

import numpy as np

READ, R, TILE = 0.2, 2.0, 4


def quantise(x, bits, rng):
    step = 2 * rng / (2 ** bits - 2)
    return np.round(np.clip(x, -rng, rng) / step) * step


def wires(n, m, vrow, vcol):
    """The nodal equations a x = b of an n x m crossbar's wires alone
    (x: the row nodes u, row-major, then the column nodes c): row i's left
    end joins vrow[i] (a driver, or a virtual ground at 0 V) through one
    segment of R, column j's bottom end joins vcol[j] through one."""
    size = 2 * n * m
    a = np.zeros((size, size))
    b = np.zeros(size)
    u = lambda i, j: i * m + j
    c = lambda i, j: n * m + i * m + j

    def link(p, q, cond):
        a[p, p] += cond
        a[q, q] += cond
        a[p, q] -= cond
        a[q, p] -= cond

    for i in range(n):
        a[u(i, 0), u(i, 0)] += 1 / R
        b[u(i, 0)] += vrow[i] / R
        for j in range(m - 1):
            link(u(i, j), u(i, j + 1), 1 / R)
    for j in range(m):
        for i in range(n - 1):
            link(c(i, j), c(i + 1, j), 1 / R)
        a[c(n - 1, j), c(n - 1, j)] += 1 / R
        b[c(n - 1, j)] += vcol[j] / R
    return a, b


def solve_network(g, vrow, vcol):
    """Row and column node voltages (n x m each) of a tile of linear cells g
    joining each row node to its column node."""
    n, m = g.shape
    a, b = wires(n, m, vrow, vcol)
    k = np.arange(n * m)
    gf = g.ravel()
    a[k, k] += gf
    a[n * m + k, n * m + k] += gf
    a[k, n * m + k] -= gf
    a[n * m + k, k] -= gf
    x = np.linalg.solve(a, b)
    return x[:n * m].reshape(n, m), x[n * m:].reshape(n, m)


def solve_tile(g, v):
    """Column currents and cell voltages of one tile driven by rows v."""
    u, c = solve_network(g, v, np.zeros(g.shape[1]))
    return c[-1, :] / R, u - c


def solve_tile_transposed(g, vcol):
    """Row currents, cell voltages, power and wire power of one tile whose
    columns are driven at their bottom ends and whose rows are sensed at
    the left."""
    u, c = solve_network(g, np.zeros(g.shape[0]), vcol)
    cells = u - c
    power = float(np.sum(vcol * (vcol - c[-1, :]) / R))
    return u[:, 0] / R, cells, power, power - float(np.sum(g * cells ** 2))


def check_transposed(inputs, out, g):
    n, mp = g.shape
    ds = np.loadtxt(f"{inputs}/periphery-d.csv", delimiter=",", ndmin=2)
    _, got = read_csv(f"{out}/back_read.csv")
    worst_i = worst_ideal = worst_v = worst_p = 0.0
    for r, d in enumerate(ds):
        pair = lambda v: np.ravel(np.column_stack([v, -v]))
        exact = pair(d * READ)
        ideal = g @ exact
        drive = pair(quantise(d, 4, 1.0) * READ)
        rows = np.zeros(n)
        cells = np.zeros((n, mp))
        power = wire = 0.0
        for r0 in range(0, n, TILE):
            for c0 in range(0, mp, TILE):
                cur, cv, p, w = solve_tile_transposed(g[r0:r0 + TILE, c0:c0 + TILE],
                                                      drive[c0:c0 + TILE])
                cells[r0:r0 + TILE, c0:c0 + TILE] = cv
                rows[r0:r0 + TILE] += quantise(cur, 6, 40e-6)
                power += p
                wire += w
        row = got[r]
        scale = np.max(np.abs(ideal))
        worst_i = max(worst_i, np.max(np.abs(row[1:1 + n] - rows)) / scale)
        worst_ideal = max(worst_ideal, np.max(np.abs(row[1 + n:1 + 2 * n] - ideal)) / scale)
        worst_v = max(worst_v, np.max(np.abs(row[1 + 2 * n:1 + 2 * n + n * mp].reshape(n, mp)
                                              - cells)))
        # The wires' share is a difference of the power and the cells' share:
        # compared relative to the power.
        worst_p = max(worst_p, abs(row[-2] - power) / power, abs(row[-1] - wire) / power)
    print(f"transposed: {len(ds)} reads; row currents within {worst_i:.1e}, ideal within "
          f"{worst_ideal:.1e} of the largest, cell voltages within {worst_v:.1e} V, power and "
          f"wire power within {worst_p:.1e} of the power")
    return worst_i < 1e-12 and worst_ideal < 1e-12 and worst_v < 1e-12 and worst_p < 1e-12


def read_csv(path):
    rows = list(csv.reader(open(path)))
    return rows[0], np.array([[float(v) for v in r] for r in rows[1:]])


def main(inputs, out):
    g = np.loadtxt(f"{inputs}/periphery-g.csv", delimiter=",")
    xs = np.loadtxt(f"{inputs}/periphery-x.csv", delimiter=",", ndmin=2)
    n, mp = g.shape
    m = mp // 2
    head, tiled = read_csv(f"{out}/tiled_read.csv")
    _, untiled = read_csv(f"{out}/untiled_read.csv")
    worst_i = worst_ideal = worst_v = worst_u = 0.0
    flips = 0
    for r, x in enumerate(xs):
        ideal = (g.T @ (x * READ)).reshape(m, 2) @ np.array([1.0, -1.0])
        v = quantise(x, 4, 1.0) * READ
        col = np.zeros(m)
        cells = np.zeros((n, mp))
        for r0 in range(0, n, TILE):
            for c0 in range(0, mp, TILE):
                cur, cv = solve_tile(g[r0:r0 + TILE, c0:c0 + TILE], v[r0:r0 + TILE])
                cells[r0:r0 + TILE, c0:c0 + TILE] = cv
                analog = cur.reshape(-1, 2) @ np.array([1.0, -1.0])
                q = quantise(analog, 6, 40e-6)
                step = 80e-6 / 62
                # An analog value within 1e-9 of a step boundary may round
                # either way: count such cases apart.
                flips += int(np.sum(np.abs(np.abs(analog / step - np.floor(analog / step)) - 0.5)
                                    < 1e-9))
                col[c0 // 2:c0 // 2 + len(q)] += q
        row = tiled[r]
        got_i = row[1:1 + m]
        got_ideal = row[1 + m:1 + 2 * m]
        got_v = row[1 + 2 * m:].reshape(n, mp)
        scale = np.max(np.abs(ideal))
        worst_i = max(worst_i, np.max(np.abs(got_i - col)) / scale)
        worst_ideal = max(worst_ideal, np.max(np.abs(got_ideal - ideal)) / scale)
        worst_v = max(worst_v, np.max(np.abs(got_v - cells)))
        cur, _ = solve_tile(g, x * READ)
        ref = cur.reshape(-1, 2) @ np.array([1.0, -1.0])
        worst_u = max(worst_u, np.max(np.abs(untiled[r][1:1 + m] - ref)) / scale)
    print(f"tiled: {len(xs)} reads; DAC 4 bits, ADC 6 bits, 4 x 4 tiles, differential pairs: "
          f"column currents within {worst_i:.1e}, ideal within {worst_ideal:.1e} of the largest, "
          f"cell voltages within {worst_v:.1e} V")
    print(f"untiled: column currents within {worst_u:.1e} of the largest")
    ok = worst_i < 1e-12 and worst_ideal < 1e-12 and worst_v < 1e-12 and worst_u < 1e-10 \
        and flips == 0
    ok &= check_transposed(inputs, out, g)
    print("OK" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
