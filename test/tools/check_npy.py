#!/usr/bin/python3
"""Every CSV file of CSV_DIR (a run with --format csv) against its .npy
twin in NPY_DIR (the same run with --format npy): numpy reads each .npy
directly, and it holds exactly the CSV's numbers (a probe: a 2-D float64
array of the CSV's columns; a monitor: records with the CSV's fields).

  check_npy.py CSV_DIR NPY_DIR
"""
import csv
import glob
import os
import sys

import numpy as np


def main(csv_dir, npy_dir):
    files = sorted(glob.glob(f"{csv_dir}/*.csv"))
    for path in files:
        name = os.path.basename(path)[:-4]
        with open(path) as f:
            rows = list(csv.reader(f))
        header, body = rows[0], rows[1:]
        a = np.load(f"{npy_dir}/{name}.npy")
        if a.dtype.names:  # a monitor
            if list(a.dtype.names) != header or len(a) != len(body):
                sys.exit(f"FAIL {name}: fields {a.dtype.names}, {len(a)} rows; CSV {header}, "
                         f"{len(body)} rows")
            for field, k in zip(header, range(len(header))):
                want = np.array([float(r[k]) for r in body])
                if not np.array_equal(a[field].astype(float), want):
                    sys.exit(f"FAIL {name}.{field}: values differ")
            kind = "records " + ",".join(f"{n}:{a.dtype[n].str}" for n in a.dtype.names)
        else:
            want = np.array([[float(x) for x in r] for r in body])
            if a.dtype != np.float64 or a.shape != want.shape or not np.array_equal(a, want):
                sys.exit(f"FAIL {name}: {a.dtype} {a.shape}; CSV {want.shape}")
            kind = f"float64 {a.shape[0]} x {a.shape[1]}"
        print(f"{name}: {kind}, the CSV's numbers")
    if not files:
        sys.exit("FAIL: no CSV files")
    print("OK")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
