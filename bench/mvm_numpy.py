#!/usr/bin/env python3
"""numpy's X @ G for R = 1000 input vectors and N x N conductances: the
time a user gets from the strongest alternative for ideal crossbar reads
(numpy on Debian calls OpenBLAS), to set beside build/bench/nmc-bench-mvm.

  /usr/bin/python3 bench/mvm_numpy.py [N ...]
"""
import sys
import time

import numpy as np


def main(sizes):
    r = 1000
    print(f"{'N':>6} {'reads':>6} {'numpy X @ G':>14}")
    for n in sizes:
        rng = np.random.default_rng(n)
        g = 1e-6 + 99e-6 * rng.random((n, n))
        x = rng.random((r, n))
        x @ g
        reps, t0 = 0, time.perf_counter()
        while True:
            (x @ g) * 0.1
            reps += 1
            t = time.perf_counter()
            if t - t0 > 0.5 and reps >= 2:
                break
        print(f"{n:>6} {r:>6} {1e3 * (t - t0) / reps:>11.2f} ms")


if __name__ == "__main__":
    main([int(s) for s in sys.argv[1:]] or [128, 512, 1024, 2048])
