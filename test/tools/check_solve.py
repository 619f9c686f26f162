"""Checks in-memory linear algebra (test/run/array-solve.test) against an
independent solve of each whole circuit: one dense modified-nodal system per
right-hand side, with every wire node, the op-amps' inputs and outputs as
unknowns (numpy), for linear cells; for non-linear sinh cells without wires,
the loop's balance solved by scipy's fsolve. The ideal cases must also match
np.linalg.solve and lstsq. Usage: check_solve.py INPUTS OUT"""
import sys
import warnings

import numpy as np
from scipy.optimize import fsolve


def read(path):
    return np.atleast_2d(np.loadtxt(path, delimiter=",", ndmin=2))


def solved(out, name):
    t = np.loadtxt(f"{out}/{name}.solve.csv", delimiter=",", skiprows=1, ndmin=2)
    w = (t.shape[1] - 1) // 2
    return t[:, 1:1 + w], t[:, 1 + w:]


class Circuit:
    """A modified-nodal system: named unknowns, and rows of equations."""

    def __init__(self):
        self.index = {}
        self.rows = []

    def var(self, key):
        if key not in self.index:
            self.index[key] = len(self.index)
        return self.index[key]

    def eq(self, terms, rhs=0.0):
        for key, _ in terms:
            self.var(key)
        self.rows.append((terms, rhs))

    def solve(self):
        n = len(self.index)
        a, b = np.zeros((len(self.rows), n)), np.zeros(len(self.rows))
        for r, (terms, rhs) in enumerate(self.rows):
            for key, coef in terms:
                a[r, self.var(key)] += coef
            b[r] = rhs
        assert a.shape[0] == a.shape[1], a.shape
        x = np.linalg.solve(a, b)
        return lambda key: x[self.index[key]]


def crossbar(c, tag, g, r, rdrv, rsen, row_node, col_node):
    """KCL at every row and column node of crossbar `tag` (cells g, n x m,
    wire segments r): row i's driver end is unknown row_node(i) (through
    rdrv + r), column j's sense end col_node(j) (through r + rsen). With r
    = 0 the cells join row_node(i) and col_node(j) directly. Returns, per
    row and column, the terms of the current that leaves the driver end
    into the row and that arrives at the column's end."""
    n, m = g.shape
    if r == 0:
        into_row = [[(row_node(i), g[i].sum())] + [(col_node(j), -g[i, j]) for j in range(m)]
                    for i in range(n)]
        at_col = [[(row_node(i), g[i, j]) for i in range(n)] + [(col_node(j), -g[:, j].sum())]
                  for j in range(m)]
        return into_row, at_col
    u = lambda i, j: (tag, "u", i, j)
    cn = lambda i, j: (tag, "c", i, j)
    kcl = {}
    def add(node, terms):
        kcl.setdefault(node, []).extend(terms)
    def link(p, q, cond):
        add(p, [(p, cond), (q, -cond)])
        add(q, [(q, cond), (p, -cond)])
    for i in range(n):
        gd = 1 / (rdrv + r)
        add(u(i, 0), [(u(i, 0), gd), (row_node(i), -gd)])
        for j in range(m - 1):
            link(u(i, j), u(i, j + 1), 1 / r)
        for j in range(m):
            link(u(i, j), cn(i, j), g[i, j])
    gs = 1 / (r + rsen)
    for j in range(m):
        for i in range(n - 1):
            link(cn(i, j), cn(i + 1, j), 1 / r)
        add(cn(n - 1, j), [(cn(n - 1, j), gs), (col_node(j), -gs)])
    for node, terms in kcl.items():
        c.eq(terms)
    gd = 1 / (rdrv + r)
    into_row = [[(row_node(i), gd), (u(i, 0), -gd)] for i in range(n)]
    at_col = [[(cn(n - 1, j), gs), (col_node(j), -gs)] for j in range(m)]
    return into_row, at_col


def inverse(g, b, gain, pairs, r=0.0, rdrv=0.0, rsen=0.0):
    """x = -out of Sun et al. 2019's loop: b into each row's driver end,
    which is op-amp i's input; its output drives column i (a pair's G-
    column at minus it)."""
    n = g.shape[0]
    c = Circuit()
    col = (lambda jp: ("neg", jp // 2) if jp % 2 else ("out", jp // 2)) if pairs else \
          (lambda j: ("out", j))
    into_row, _ = crossbar(c, "x", g, r, rdrv, rsen, lambda i: ("in", i), col)
    for i in range(n):
        c.eq(into_row[i], b[i])  # the op-amp's input draws nothing
        c.eq([(("in", i), 1.0)] + ([(("out", i), 1 / gain)] if gain else []))
        if pairs:
            c.eq([(("neg", i), 1.0), (("out", i), 1.0)])
    x = c.solve()
    return -np.array([x(("out", i)) for i in range(n)])


def regression(g, y, g0, gain, r=0.0):
    """-w of Sun et al. 2020's loop, with the same cells read twice."""
    n, m = g.shape
    c = Circuit()
    into_row, _ = crossbar(c, "one", g, r, 0, 0, lambda i: ("tia", i), lambda j: ("w", j))
    _, at_col = crossbar(c, "two", g, r, 0, 0, lambda i: ("r", i), lambda j: ("s", j))
    for i in range(n):
        # y and the feedback conductance bring what the row takes
        c.eq(into_row[i] + [(("r", i), -g0), (("tia", i), g0)], y[i])
        c.eq([(("tia", i), 1.0)] + ([(("r", i), 1 / gain)] if gain else []))
    for j in range(m):
        c.eq(at_col[j])
        c.eq([(("s", j), 1.0)] + ([(("w", j), 1 / gain)] if gain else []))
    x = c.solve()
    return -np.array([x(("w", j)) for j in range(m)])


def worst(a, b):
    return np.max(np.abs(a - b)) / np.max(np.abs(b))


def main(inputs, out):
    a, pairs = read(f"{inputs}/solve-a.csv"), read(f"{inputs}/solve-pairs.csv")
    bs, xs, ys = read(f"{inputs}/solve-b.csv"), read(f"{inputs}/solve-x.csv"), \
        read(f"{inputs}/solve-y.csv")
    ok = True

    def report(name, err, tol, what):
        nonlocal ok
        print(f"{name}: {what} within {err:.1e} of the largest (tolerance {tol:g})")
        ok &= err <= tol

    x, direct = solved(out, "ideal")
    ref = np.array([np.linalg.solve(a, b) for b in bs])
    report("ideal", max(worst(x, ref), worst(direct, ref)), 1e-12, "x and direct vs np.linalg.solve")
    x, _ = solved(out, "gain")
    ref = np.array([inverse(a, b, 1000, False) for b in bs])
    exact = np.array([np.linalg.solve(a + np.diag(a.sum(1)) / 1000, b) for b in bs])
    report("gain", max(worst(x, ref), worst(x, exact)), 1e-12, "x vs the circuit and (A + diag(rowsum)/gain)^-1 b")
    x, direct = solved(out, "wired")
    ref = np.array([inverse(pairs, b, 1e4, True, 200, 100, 50) for b in bs])
    signed = pairs[:, 0::2] - pairs[:, 1::2]
    report("wired", max(worst(x, ref), worst(direct, np.array([np.linalg.solve(signed, b) for b in bs]))),
           1e-11, "x vs the whole circuit with wires and pairs, direct vs np.linalg.solve")
    print(f"wired: the wires move x by {worst(x, direct):.3g} of the largest")

    # Sinh cells: G per cell from the read-back g at 0.1 V.
    gread = np.loadtxt(f"{out}/nonlinear_g.csv", delimiter=",", skiprows=1, ndmin=2)[0, 1:]
    v0 = 0.05
    gcell = (gread * 0.1 / (v0 * np.sinh(0.1 / v0))).reshape(4, 4)
    x, _ = solved(out, "nonlinear")
    ref = []
    for b in bs:
        def balance(o):
            vin = -o / 1e5
            return np.array([np.sum(gcell[i] * v0 * np.sinh((vin[i] - o) / v0)) - b[i]
                             for i in range(4)]) * 1e6
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # xtol at the rounding floor
            o = fsolve(balance, -np.linalg.solve(gcell, b), xtol=1e-15)
        ref.append(-o)
    report("nonlinear", worst(x, np.array(ref)), 1e-9, "x vs scipy fsolve on the sinh cells' balance")

    x, direct = solved(out, "fit")
    ref = np.array([np.linalg.lstsq(xs, y, rcond=None)[0] for y in ys])
    report("fit", max(worst(x, ref), worst(direct, ref)), 1e-11, "x and direct vs np.linalg.lstsq")
    x, _ = solved(out, "fit_wired")
    ref = np.array([regression(xs, y, 100e-6, 1e4, 300) for y in ys])
    report("fit_wired", worst(x, ref), 1e-11, "x vs the whole two-array circuit with wires")
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
