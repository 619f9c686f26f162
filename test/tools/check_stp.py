#!/usr/bin/env python3
"""Tsodyks-Markram synapses of test/run/Inputs/brian-stp.nmc: released.csv
holds u, x and r of synapses 0-4 every 1 ms (their values after the last
spike, as the rule is event-driven). Every value must lie in its range
(0 < u <= 1, 0 <= x <= 1, 0 <= r <= 1), and at least once a spike within
20 ms of the one before must release less (depression in a burst).
Prints 'depression: OK' then.
"""
import csv
import sys


def main(out):
    with open(f"{out}/released.csv") as f:
        rows = [[float(x) for x in r] for r in list(csv.reader(f))[1:]]
    depressed = False
    for s in range(5):
        last_r, last_t = None, None
        for row in rows:
            t, u, x, r = row[0], row[1 + 3 * s], row[2 + 3 * s], row[3 + 3 * s]
            if not (0 < u <= 1 and 0 <= x <= 1 and 0 <= r <= 1):
                print(f"FAIL: synapse {s} at {t}: u {u}, x {x}, r {r} out of range")
                sys.exit(1)
            if last_r is not None and r != last_r:
                if last_t is not None and t - last_t <= 0.02 and r < last_r:
                    depressed = True
                last_t = t
            last_r = r
    print("depression: OK" if depressed else "depression: never seen")


if __name__ == "__main__":
    main(sys.argv[1])
