#!/usr/bin/env python3
"""Interval dependence of the second-order memristor.

  check_second_order.py DIR...

Each directory holds trace.csv (t, v, T, w) of one heating-then-programming
pair, in increasing order of the interval between them. Prints the change
of w for each. Fails unless the change falls with every longer interval
and the shortest interval's is over 10 times the longest's: the residual
heat of the first pulse, not any overlap, sets the change.
"""
import csv
import sys


def main(dirs):
    dws = []
    for d in dirs:
        with open(f"{d}/trace.csv") as f:
            rows = [[float(x) for x in r] for r in list(csv.reader(f))[1:]]
        dws.append(rows[-1][3] - rows[0][3])
    print("changes of w: " + " ".join(f"{x:.3g}" for x in dws))
    ok = all(a > b for a, b in zip(dws, dws[1:])) and dws[0] > 10 * dws[-1]
    print("OK" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main(sys.argv[1:])
