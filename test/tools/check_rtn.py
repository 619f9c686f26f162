#!/usr/bin/env python3
"""Telegraph noise and drift of test/run/Inputs/rtn-drift.nmc.

  check_rtn.py OUT_DIR

reads.csv: 200 cells read at 0.1 V through 10 uS, each with one trap of
1 nA, mean dwell 1 ms up and 3 ms down. The trap state is (i - 1 uA) / 1 nA.
The fraction of time up must be 1/4 within 0.02, the mean dwell times
1 ms and 3 ms within 8%, and every state 0 or 1. aging.csv: a 10 uS cell at
0.1 V whose conductance drifts as (t / 1 ms)^-0.1 after 1 ms; every sample
within 1e-12 relative of it.
"""
import csv
import sys


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def main(out):
    with open(f"{out}/reads.csv") as f:
        rows = [[float(x) for x in r] for r in list(csv.reader(f))[1:]]
    dt = rows[1][0] - rows[0][0]
    up_time, total, ups, downs = 0, 0, [], []
    for c in range(1, len(rows[0])):
        s = [(r[c] - 1e-6) / 1e-9 for r in rows]
        if any(min(abs(x), abs(x - 1)) > 1e-6 for x in s):
            fail("a trap state is not 0 or 1")
        s = [round(x) for x in s]
        up_time += sum(s)
        total += len(s)
        run, cur = 0, s[0]
        first = True
        for x in s[1:]:
            run += 1
            if x != cur:
                if not first:  # the first run started before the record
                    (ups if cur else downs).append(run * dt)
                first, run, cur = False, 0, x
    frac = up_time / total
    mu, md = sum(ups) / len(ups), sum(downs) / len(downs)
    print(f"rtn: up {frac:.3f} of the time; mean dwell up {mu * 1e3:.3f} ms ({len(ups)}), "
          f"down {md * 1e3:.3f} ms ({len(downs)})")
    if abs(frac - 0.25) > 0.02 or abs(mu - 1e-3) > 0.08e-3 or abs(md - 3e-3) > 0.24e-3:
        fail("telegraph statistics off")
    with open(f"{out}/aging.csv") as f:
        rows = [[float(x) for x in r] for r in list(csv.reader(f))[1:]]
    worst = 0.0
    for t, i in rows:
        want = 1e-6 * (max(t, 1e-3) / 1e-3) ** -0.1
        worst = max(worst, abs(i - want) / want)
    print(f"drift: {len(rows)} samples, worst relative error {worst:.1e}")
    if worst > 1e-12:
        fail("drift off its closed form")
    print("OK")


if __name__ == "__main__":
    main(sys.argv[1])
