#!/usr/bin/env python3
"""Batched ideal crossbar reads (test/run/Inputs/array-batch.nmc) against
numpy: forward I = X G V_read, and transposed differential
I = D (G+ - G-)^T V_read, every current within 1e-13 of the largest.

  check_batch.py INPUTS OUT
"""
import sys

import numpy as np


def main(inputs, out):
    g = np.loadtxt(f"{inputs}/batch-g.csv", delimiter=",")
    x = np.loadtxt(f"{inputs}/batch-x.csv", delimiter=",")
    d = np.loadtxt(f"{inputs}/batch-d.csv", delimiter=",")
    fwd = np.loadtxt(f"{out}/forward_read.csv", delimiter=",", skiprows=1)
    bwd = np.loadtxt(f"{out}/backward_read.csv", delimiter=",", skiprows=1)
    want_f = x @ g * 0.2
    w = g[:, 0::2] - g[:, 1::2]
    want_b = d @ w.T * 0.2
    m, n = g.shape[1], g.shape[0]
    err_f = np.max(np.abs(fwd[:, 1:1 + m] - want_f)) / np.max(np.abs(want_f))
    same = np.array_equal(fwd[:, 1:1 + m], fwd[:, 1 + m:1 + 2 * m])
    err_b = np.max(np.abs(bwd[:, 1:1 + n] - want_b)) / np.max(np.abs(want_b))
    print(f"forward: {len(x)} reads of 32 x 48, within {err_f:.1e} of the largest current; "
          f"ideal {'equals' if same else 'differs from'} i")
    print(f"transposed differential: {len(d)} reads of 32 x 24 pairs, within {err_b:.1e}")
    ok = err_f < 1e-13 and err_b < 1e-13 and same
    print("OK" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
