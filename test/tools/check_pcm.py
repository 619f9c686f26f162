#!/usr/bin/env python3
"""Inter-spike intervals of the PCM neuron, in pulses.

  check_pcm.py LOW_DIR HIGH_DIR

Each directory holds fires.csv (index, t) of 200 neurons under pulses every
1 us, at a low and a high amplitude. Prints the mean interval and the
distinct intervals at each. Fails unless every neuron fires, the intervals
vary (the reset leaves a random plug: at least two distinct values), and
the higher amplitude fires sooner on average.
"""
import csv
import sys


def intervals(d):
    per = {}
    with open(f"{d}/fires.csv") as f:
        for r in list(csv.reader(f))[1:]:
            per.setdefault(r[0], []).append(float(r[1]))
    isi = []
    for ts in per.values():
        ts.sort()
        isi += [round((b - a) / 1e-6) for a, b in zip(ts, ts[1:])]
    return per, isi


def main(low, high):
    means = []
    for name, d in (("low", low), ("high", high)):
        per, isi = intervals(d)
        mean = sum(isi) / len(isi)
        means.append(mean)
        print(f"{name}: {len(per)} neurons fired, mean interval {mean:.2f} pulses, "
              f"intervals seen {sorted(set(isi))}")
        if len(per) != 200 or len(set(isi)) < 2:
            print("FAIL")
            sys.exit(1)
    if not means[1] < means[0]:
        print("FAIL: a higher amplitude does not fire sooner")
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
