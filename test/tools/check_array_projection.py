#!/usr/bin/env python3
"""Spikes read through a crossbar (test/run/Inputs/array-projection.nmc)
recomputed independently: for each step, the rows whose source spiked in it
are driven at 0.2 V (the others at 0 V), the array's resistive network
(2 ohm segments) is solved as a dense nodal system with numpy, and each
column current times 1 us adds to its accumulator. Compares every probed
charge (1e-12 relative to the largest), and the energy of the reads the
run reports (the drivers' power, sum_i v_i sum_j g_ij v_ij, times 1 us).

  check_array_projection.py INPUTS OUT SUMMARY
"""
import csv
import re
import sys

import numpy as np

import check_periphery

READ, DT, WIDTH = 0.2, 1e-4, 1e-6


def main(inputs, out, summary):
    check_periphery.R = 2.0
    g = np.loadtxt(f"{inputs}/array-projection-g.csv", delimiter=",")
    n, m = g.shape
    steps = {}
    for row in csv.DictReader(open(f"{inputs}/array-projection-spikes.csv")):
        steps.setdefault(int(float(row["t"]) / DT), set()).add(int(row["index"]))
    rows = list(csv.reader(open(f"{out}/charge.csv")))[1:]
    q = np.zeros(m)
    worst = scale = 0.0
    reads = 0
    energy = 0.0
    for k, row in enumerate(rows):
        if k > 0 and (k - 1) in steps:  # step k - 1 ends at t = k dt
            x = np.array([READ if i in steps[k - 1] else 0.0 for i in range(n)])
            cur, cells = check_periphery.solve_tile(g, x)
            q += cur * WIDTH
            energy += WIDTH * float(np.sum(x[:, None] * g * cells))
            reads += 1
        got = np.array([float(v) for v in row[1:]])
        worst = max(worst, np.max(np.abs(got - q)))
        scale = max(scale, np.max(np.abs(q)))
    print(f"{reads} reads of {n} x {m} cells through 2 ohm wires; charges within "
          f"{worst / scale:.1e} of the largest ({scale:.3e} C)")
    said = re.search(r"(\d+) reads of array 'xbar', ([0-9.e+-]+) J", open(summary).read())
    err_e = abs(float(said.group(2)) / energy - 1)
    print(f"energy: {said.group(1)} reads, {float(said.group(2)):.4g} J reported, within "
          f"{err_e:.1e} of {energy:.4g} J")
    ok = worst <= 1e-12 * scale and reads > 10 and int(said.group(1)) == reads and err_e < 1e-3
    print("OK" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3])
