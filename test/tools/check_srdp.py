#!/usr/bin/env python3
"""test/run/Inputs/srdp.nmc: the weight drift of each SRDP synapse against
the rule's mean. At each presynaptic spike w moves by eta (x - theta) /
theta, x being the input's rate trace (a spike adds 1 / tau) read before
the spike's increment. For a Poisson train of rate r, x read at a spike
has mean r (1 - exp(-t / tau)) at time t, so over T the drift is
eta r (r (T - tau (1 - exp(-T / tau))) - theta T) / theta. Its spread
(the spike count and the trace both fluctuate) comes from 200 runs of the
rule on Poisson trains drawn here, in continuous time."""
import csv
import math
import random
import statistics
import sys

ETA, THETA, TAU, T = 1e-4, 50.0, 0.1, 20.0


def spread(r, runs=200):
    rng = random.Random(int(r))
    out = []
    for _ in range(runs):
        t, x, dw = 0.0, 0.0, 0.0
        while True:
            gap = rng.expovariate(r)
            t += gap
            if t >= T:
                break
            x *= math.exp(-gap / TAU)
            dw += ETA * (x - THETA) / THETA
            x += 1 / TAU
        out.append(dw)
    return statistics.stdev(out)


def main(path):
    with open(path) as f:
        rows = [[float(v) for v in r] for r in list(csv.reader(f))[1:]]
    first, last = rows[0][1:], rows[-1][1:]
    if abs(rows[-1][0] - T) > 1e-9:
        print(f"FAIL: last sample at {rows[-1][0]} s")
        sys.exit(1)
    bad = 0
    for k, (w0, w1) in enumerate(zip(first, last)):
        r = 10.0 * (k + 1)
        mean = ETA * r * (r * (T - TAU * (1 - math.exp(-T / TAU))) - THETA * T) / THETA
        sigma = spread(r)
        dw = w1 - w0
        ok = abs(dw - mean) <= 4 * sigma
        bad += not ok
        print(f"{r:.0f} Hz: dw = {dw:.4f}, mean {mean:.4f} +- {sigma:.4f}"
              f"{'' if ok else '  <- outside 4 sigma'}")
    signs = [(w1 - w0) > 0 for w0, w1 in zip(first, last)]
    if bad or signs[:4] != [False] * 4 or signs[5:] != [True] * 5:
        print("FAIL")
        sys.exit(1)
    print(f"depression below {THETA:.0f} Hz, potentiation above, each within 4 sigma "
          "of the mean drift")
    print("OK")


if __name__ == "__main__":
    main(sys.argv[1])
