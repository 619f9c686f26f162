"""Checks examples/linear-algebra.nmc (test/run/linear-algebra.test): the
exact arrays match the direct solutions; the programmed TaOx arrays match
an independent solve of their whole circuit (check_solve.py) with the
conductances that write-verify left in their cells (NAME.program.csv, read
at 0.1 V: i / v = G V0 sinh(0.1 / V0) / 0.1 with V0 = 1 V, which is G
within the sinh's curvature at the loop's 10 to 30 mV, below 2e-4), and
miss the intended solution by what the programming left. Usage:
check_linear_algebra.py EXAMPLES OUT"""
import sys

import numpy as np

from check_solve import inverse, read, regression, solved, worst


def programmed(out, name, rows, cols):
    t = np.loadtxt(f"{out}/{name}.program.csv", delimiter=",", skiprows=1, ndmin=2)
    g = np.zeros((rows, cols))
    g[t[:, 0].astype(int), t[:, 1].astype(int)] = t[:, 3] * 0.1 / np.sinh(0.1)
    return g


def main(examples, out):
    b, y = read(f"{examples}/data/solve-b.csv"), read(f"{examples}/data/regression-y.csv")
    ok = True
    for name in ("exact", "fit_exact"):
        x, direct = solved(out, name)
        err = worst(x, direct)
        print(f"{name}: x within {err:.1e} of the direct solution")
        ok &= err < 1e-12
    x, direct = solved(out, "chip")
    g = programmed(out, "chip", 3, 3)
    ref = np.array([inverse(g, bb, 1e4, False, r=1.0) for bb in b])
    err, miss = worst(x, ref), worst(x, direct)
    print(f"chip: x within {err:.1e} of the circuit with the programmed cells; "
          f"{miss:.3f} from the intended solution")
    ok &= err < 2e-4 and 1e-3 < miss < 0.3
    x, direct = solved(out, "fit_chip")
    g = programmed(out, "fit_chip", 8, 2)
    ref = np.array([regression(g, yy, 50e-9, 1e4, r=1.0) for yy in y])
    err, miss = worst(x, ref), worst(x, direct)
    print(f"fit_chip: x within {err:.1e} of the circuit with the programmed cells; "
          f"{miss:.3f} from the intended fit")
    ok &= err < 2e-4 and 1e-3 < miss < 0.5
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
