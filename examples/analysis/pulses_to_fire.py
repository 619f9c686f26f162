#!/usr/bin/env python3
"""Fig. 8 signatures from examples/fig08-diffusive-neuron.nmc.

  pulses_to_fire.py OUT_DIR PERIOD_S

Prints the number of input pulses up to the first fire (the first spike's
time over the pulse period, rounded up), the number of fires, the ratio of
the switch's largest current to its largest current during the pulses
before the firing one,
and the membrane voltage at the end (after the 12 pulses it must have
returned to rest, below 1 mV). Fails unless the neuron fired, the fire
current is over 1000 times the current before it, and it returned to rest.
"""
import csv
import math
import sys


def main(out, period):
    with open(f"{out}/fires.csv") as f:
        fires = [float(r[1]) for r in list(csv.reader(f))[1:]]
    with open(f"{out}/trace.csv") as f:
        rows = [[float(x) for x in r] for r in list(csv.reader(f))[1:]]
    if not fires:
        print("FAIL: no fire")
        sys.exit(1)
    pulses = math.ceil(fires[0] / period)
    # During the pulses before the one that fires.
    before = max(abs(r[4]) for r in rows if r[0] < (pulses - 1) * period)
    peak = max(abs(r[4]) for r in rows)
    rest = rows[-1][2]
    print(f"pulses to fire: {pulses}; fires: {len(fires)}; fire current {peak * 1e6:.1f} uA, "
          f"{peak / before:.3g} times the current before; membrane at the end {rest * 1e3:.3f} mV")
    ok = peak > 100 * before and abs(rest) < 1e-3
    print("OK" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]))
