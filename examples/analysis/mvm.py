#!/usr/bin/env python3
"""Fig. 6 signatures from examples/fig06-crossbar-mvm.nmc.

  mvm.py RUN_DIR

Computes I_j = sum_i G_ij V_i (V_i = 0.1 V times the input) for each of
the ten input vectors, directly from examples/data/fig06-g.csv and
fig06-v.csv, and compares: the ideal array's column currents (must agree
to 1e-14 relative: the array computes Eq. 2) and those read through
1 ohm wires (a few tenths of a percent below, the IR drop of Section 6),
with the worst cell drop. Fails unless the ideal read agrees and the
wired one lies below the product, by less than 2%.
"""
import csv
import sys
from pathlib import Path

READ = 0.1


def rows(path):
    return [[float(x) for x in line.split(",")] for line in open(path)
            if line.strip() and not line.startswith("#")]


def product():
    data = Path(__file__).resolve().parent.parent / "data"
    g, v = rows(data / "fig06-g.csv"), rows(data / "fig06-v.csv")
    return [[sum(g[i][j] * x[i] * READ for i in range(len(g))) for j in range(len(g[0]))]
            for x in v]


def read(run, name):
    with open(Path(run) / f"{name}.csv") as f:
        return [[float(x) for x in r[1:]] for r in list(csv.reader(f))[1:]]


def main():
    want = product()
    ideal = read(sys.argv[1], "ideal_read")
    wired = read(sys.argv[1], "wired_read")
    m = len(want[0])
    err = max(abs(a / b - 1) for got, exp in zip(ideal, want) for a, b in zip(got, exp))
    low = [1 - a / b for got, exp in zip(wired, want) for a, b in zip(got[:m], exp)]
    drop = max(r[2 * m] for r in wired)
    print(f"{len(want)} input vectors x {m} columns: ideal array against sum_i G_ij V_i, "
          f"largest relative difference {err:.1e}")
    print(f"through 1 ohm wires: column currents {min(low) * 100:.3f}% to {max(low) * 100:.3f}% "
          f"below the product, worst cell drop {drop * 1e3:.2f} mV")
    ok = err < 1e-14 and 0 < min(low) and max(low) < 0.02
    print("OK" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
