#!/usr/bin/env python3
"""Section 6 numbers from a run of examples/sec6-ir-drop.nmc.

  sec6.py OUT_DIR

For each array: the worst drop of a cell's voltage below the read voltage,
where that cell is, and the column currents' errors against the ideal
crossbar (no wires), next to the paper's estimate r I N^2 / 2 for a line of
N cells drawing I each. Checks that the column currents carry what the
cells pass (from every cell's voltage), and OK when the signature holds:
the exact drop is below the estimate (cells draw less as their voltage
falls) but of its order, the worst cell is the one farthest from both its
driver and its sense amplifier (row 0, the last column: rows are driven at
the left, columns sensed at the bottom), and tiling and sparsity each
shrink the worst error several times.
"""
import csv
import sys

R, G, V, N = 1.0, 100e-6, 0.1, 128


def read(path):
    with open(path) as f:
        rows = list(csv.reader(f))
    return rows[0], [float(x) for x in rows[1]]


def summary(out, name, n):
    head, row = read(f"{out}/{name}_read.csv")
    i = row[1:1 + n]
    ideal = row[1 + n:1 + 2 * n]
    drop = row[1 + 2 * n]
    err = [abs(a - b) / b for a, b in zip(i, ideal) if b > 0]
    return drop, max(err), sum(err) / len(err), row


def main(out):
    estimate = R * (G * V) * N * N / 2
    print(f"paper's estimate r I N^2 / 2 = {estimate * 1e3:.1f} mV "
          f"(r = {R:g} ohm, I = {G * V * 1e6:.0f} uA, N = {N})")
    results = {}
    for name, n in (("full", 128), ("tile", 32), ("sparse", 128)):
        drop, worst, mean, row = summary(out, name, n)
        results[name] = (drop, worst, mean, row)
        print(f"{name}: {n} x {n}, worst cell drop {drop * 1e3:.2f} mV, column currents "
              f"{worst * 100:.2f}% below ideal at worst ({mean * 100:.2f}% on average)")
    drop, worst, mean, row = results["full"]
    cells = row[1 + 2 * 128 + 1:]
    far = min(range(len(cells)), key=lambda k: cells[k])
    print(f"full: the lowest cell voltage, {cells[far] * 1e3:.2f} mV, is at cell "
          f"({far // 128}, {far % 128})")
    ok = (0.5 * estimate < drop < estimate and far == 127 and
          results["tile"][1] * 5 < worst and results["sparse"][1] * 3 < worst)
    # The currents leaving the columns equal the current the cells pass.
    i = row[1:129]
    total_cells = sum(G * v for v in cells)
    balance = abs(sum(i) - total_cells) / sum(i)
    print(f"full: the column currents carry what the cells pass within {balance:.1e}")
    ok &= balance < 1e-10
    power, wire = read(f"{out}/power.csv")[1][1:3]
    print(f"full: the drivers deliver {power * 1e3:.3f} mW, {wire / power * 100:.1f}% of it "
          f"lost in the wires (ideal: {N * N * G * V * V * 1e3:.3f} mW, all in the cells)")
    print("OK" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
