#!/usr/bin/python3
"""The exact IR-drop solve against SciPy and ngspice (run with Debian's
python3, which has python3-scipy):

    bench/crossbar_scipy.py [N ...]        (default 64 128 256 512)

For each size, the same random crossbar as build/bench/nmc-bench-crossbar
draws (G uniform in 1 to 100 uS, inputs 0 to 0.1 V, 1 ohm per segment; the
draws differ, the sizes and statistics do not): SciPy's spsolve (SuperLU) on
the full nodal matrix of 2 N M unknowns, the time ngspice takes for its
operating point (N <= 64: its netlist reader grows too slowly beyond),
and, from nmc-bench-crossbar on its own draws of the same statistics,
CHOLMOD's factorisation plus solve and nmc's solve on 2 threads, all side
by side; the column currents of SciPy and nmc (through
nmc-crossbar-solve) are compared.
"""
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(ROOT, "build")
sys.path.insert(0, os.path.join(ROOT, "test", "tools"))
from crossbar_ngspice import netlist  # noqa: E402


def nodal(n, m, g, v, r=1.0):
    gr = gc = gd = gs = 1.0 / r
    nm = n * m
    rows, cols, vals = [], [], []

    def add(i, j, x):
        rows.append(i), cols.append(j), vals.append(x)

    for i in range(n):
        for j in range(m):
            u, c = i * m + j, nm + i * m + j
            add(u, u, (gd if j == 0 else gr) + (gr if j + 1 < m else 0) + g[i, j])
            if j + 1 < m:
                add(u, u + 1, -gr), add(u + 1, u, -gr)
            add(u, c, -g[i, j]), add(c, u, -g[i, j])
            add(c, c, (gc if i > 0 else 0) + (gc if i + 1 < n else gs) + g[i, j])
            if i + 1 < n:
                add(c, c + m, -gc), add(c + m, c, -gc)
    a = sp.csc_matrix((vals, (rows, cols)), shape=(2 * nm, 2 * nm))
    b = np.zeros(2 * nm)
    b[np.arange(n) * m] = gd * v
    return a, b, gs


def main(sizes):
    print(f"{'N':>6} {'scipy':>11} {'ngspice':>11} {'cholmod':>11} {'nmc 2thr':>11} "
          f"{'vs scipy':>9} {'vs cholmod':>10} {'|dI|/Imax':>10}")
    for n in sizes:
        rng = np.random.default_rng(n)
        g = rng.uniform(1e-6, 1e-4, (n, n))
        v = rng.uniform(0, 0.1, n)
        a, b, gs = nodal(n, n, g, v)
        t0 = time.perf_counter()
        x = spla.spsolve(a, b)
        t_scipy = time.perf_counter() - t0
        ref = gs * x[n * n + (n - 1) * n:]
        with tempfile.TemporaryDirectory() as tmp:
            np.savetxt(f"{tmp}/g.csv", g, delimiter=",", fmt="%.17g")
            np.savetxt(f"{tmp}/v.csv", v, fmt="%.17g")
            got = np.array([float(s) for s in subprocess.run(
                [f"{BUILD}/test/unit/nmc-crossbar-solve", f"{tmp}/g.csv", f"{tmp}/v.csv", "1", "1"],
                capture_output=True, text=True, check=True).stdout.split()])
            t_spice = float("nan")
            if n <= 64:
                with open(f"{tmp}/x.cir", "w") as f:
                    f.write(netlist(n, n, g.tolist(), v.tolist(), 1.0))
                t0 = time.perf_counter()
                subprocess.run(["ngspice", "-b", "x.cir"], cwd=tmp, capture_output=True,
                               env=dict(os.environ, HOME=tmp))
                t_spice = time.perf_counter() - t0
        line = subprocess.run([f"{BUILD}/bench/nmc-bench-crossbar", str(n)], capture_output=True,
                              text=True, check=True).stdout.splitlines()[-1].split()
        t_nmc = float(line[3]) * 1e-3  # "nmc 2thr" in ms
        t_cholmod = (float(line[6]) + float(line[8])) * 1e-3  # factorise + solve
        worst = np.max(np.abs(got - ref)) / np.max(np.abs(ref))
        print(f"{n:>6} {t_scipy * 1e3:>8.1f} ms {t_spice * 1e3:>8.0f} ms "
              f"{t_cholmod * 1e3:>8.1f} ms {t_nmc * 1e3:>8.3f} ms {t_scipy / t_nmc:>8.0f}x "
              f"{t_cholmod / t_nmc:>9.0f}x {worst:>10.1e}")


if __name__ == "__main__":
    main([int(s) for s in sys.argv[1:]] or [64, 128, 256, 512])
