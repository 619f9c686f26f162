#!/usr/bin/env python3
"""test/run/Inputs/array-read.nmc, read by nmc, against what each array
must give:
 - ideal (no wires): I_j = sum_i G_ij x_i V_read exactly, as its own
   `ideal` column, for both reads;
 - wired: the column currents that nmc-crossbar-solve (the solver alone)
   gives for the same conductances and inputs, and the currents the cells
   pass (G times each cell's recorded voltage, summed per column) equal to
   them; every cell voltage below its row's input, the drop the largest gap;
 - drawn: 64 x 64 cells, normal(10 uS, 1 uS) with 20% off: the mean column
   current within 4 standard errors of 64 * 0.8 * 10 uS * 0.1 V;
 - power: without wires, sum_i V_i^2 sum_j G_ij and no wire loss; with
   wires, the loss r I^2 summed over every segment, whose currents follow
   from the cells' (a row segment carries its cells to the right, a column
   segment its cells above), equal to what nmc reports.

  check_array.py INPUTS_DIR OUT_DIR SOLVER
"""
import csv
import math
import os
import subprocess
import sys
import tempfile


def rows(path):
    with open(path) as f:
        return [[float(x) for x in l.split(",")] for l in f if l.strip() and not l.startswith("#")]


def body(path):
    with open(path) as f:
        return [[float(x) for x in r] for r in list(csv.reader(f))[1:]]


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def main(inputs, out, solver):
    g = rows(f"{inputs}/array-g.csv")
    xs = rows(f"{inputs}/array-x.csv")
    n, m, vr = 4, 3, 0.2
    ideal = body(f"{out}/ideal_read.csv")
    for k, x in enumerate(xs):
        want = [sum(g[i][j] * x[i] * vr for i in range(n)) for j in range(m)]
        got, own = ideal[k][1:1 + m], ideal[k][1 + m:1 + 2 * m]
        if any(abs(a - b) > 1e-18 for a, b in zip(got, want)) or got != own:
            fail(f"ideal read {k}: {got} != {want}")
    print(f"ideal: {len(xs)} reads, I = G^T x V exactly")
    wired = body(f"{out}/wired_read.csv")
    with tempfile.TemporaryDirectory() as tmp:
        with open(f"{tmp}/g.csv", "w") as f:
            f.writelines(",".join(repr(v) for v in r) + "\n" for r in g)
        for k, x in enumerate(xs):
            with open(f"{tmp}/v.csv", "w") as f:
                f.writelines(f"{xi * vr!r}\n" for xi in x)
            ref = [float(s) for s in subprocess.run(
                [solver, f"{tmp}/g.csv", f"{tmp}/v.csv", "50", "50"], capture_output=True,
                text=True, check=True).stdout.split()]
            got = wired[k][1:1 + m]
            drop = wired[k][1 + m]
            cells = wired[k][2 + m:]
            if got != ref:
                fail(f"wired read {k}: {got} != the solver's {ref}")
            passed = [sum(g[i][j] * cells[i * m + j] for i in range(n)) for j in range(m)]
            scale = max(abs(v) for v in got)
            if any(abs(a - b) > 1e-12 * scale for a, b in zip(passed, got)):
                fail(f"wired read {k}: the cells pass {passed}, the columns carry {got}")
            gaps = [x[i] * vr - cells[i * m + j] for i in range(n) for j in range(m)]
            if abs(max(abs(v) for v in gaps) - drop) > 1e-15:
                fail(f"wired read {k}: drop {drop} != {max(gaps)}")
            print(f"wired read {k}: the solver's currents, the cells' currents balance them, "
                  f"worst drop {drop * 1e3:.3f} mV")
    drawn = body(f"{out}/drawn_read.csv")[0][1:]
    mean = sum(drawn) / len(drawn)
    # Per cell: on with p = 0.8, then N(10 uS, 1 uS); I_j sums 64 cells at 0.1 V.
    cell_mean = 0.8 * 10e-6 * 0.1
    cell_var = (0.8 * (1e-6 ** 2 + 10e-6 ** 2) - (0.8 * 10e-6) ** 2) * 0.1 ** 2
    expect, se = 64 * cell_mean, math.sqrt(64 * cell_var / 64)
    if abs(mean - expect) > 4 * se:
        fail(f"drawn: mean column current {mean} vs {expect} +- {se}")
    print(f"drawn: mean column current {mean * 1e6:.3f} uA, expected {expect * 1e6:.3f} "
          f"+- {se * 1e6:.3f} uA")
    for k, x in enumerate(xs):
        power, wire = body(f"{out}/ideal_power.csv")[k][1:3]
        want = sum((x[i] * vr) ** 2 * sum(g[i]) for i in range(n))
        if abs(power - want) > 1e-14 * want or abs(wire) > 1e-14 * want:
            fail(f"ideal power read {k}: {power}, {wire}; want {want}, 0")
        power, wire, *cells = body(f"{out}/wired_power.csv")[k][1:]
        cur = [[g[i][j] * cells[i * m + j] for j in range(m)] for i in range(n)]
        loss = sum(50 * sum(cur[i][j] for j in range(s, m)) ** 2 for i in range(n) for s in range(m))
        loss += sum(50 * sum(cur[i][j] for i in range(s + 1)) ** 2 for j in range(m) for s in range(n))
        cell = sum(cur[i][j] * cells[i * m + j] for i in range(n) for j in range(m))
        if abs(wire - loss) > 1e-9 * loss or abs(power - cell - loss) > 1e-9 * power:
            fail(f"wired power read {k}: {power}, wire {wire}; the segments lose {loss}")
        print(f"power read {k}: {power * 1e6:.4f} uW from the drivers, {wire * 1e9:.4f} nW in "
              "the wires, as the segments' r I^2 sum")
    print("OK")


if __name__ == "__main__":
    main(*sys.argv[1:])
