#!/usr/bin/env python3
"""Fig. 8 signatures from examples/fig08-diffusive-neuron.nmc.

  pulses_to_fire.py OUT_DIR PERIOD_S

The model's monitor `fires` records every time the switch's current
crosses 1 uA. Some crossings are partial switchings: the membrane barely
reaches the threshold, the switch opens a little and the current peaks at
1 to 2 uA, against 6 to 20 uA when it fires. Each crossing's peak is the
largest |i(M)| from it to the next crossing; a fire is a crossing whose
peak reaches a quarter of the largest (FIRE_SHARE; at 1.2 V the partial
ones peak at 0.15 and 0.08 of it, the weakest fire at 0.48).

Prints the number of input pulses up to the first fire (its time over the
pulse period, rounded up), the fires and their peaks (and the partial
switchings left out), the ratio of the largest current to the largest
current during the pulses before the firing one, and the membrane voltage
at the end (after the 12 pulses it must have returned to rest, below
1 mV). Fails unless the neuron fired, the fire current is over 100 times
the current before it (the runs of test/run/fig08.test give 544 times at
1.2 V, 3.3e4 at 35 us, 6.7e4 at 1.6 V), and it returned to rest.
"""
import csv
import math
import sys

FIRE_SHARE = 0.25


def fires_and_partial(crossings, rows):
    """(fires, partial): (time, peak current) of each crossing whose peak
    reaches FIRE_SHARE of the largest, and of the others."""
    events = []
    for k, t in enumerate(crossings):
        end = crossings[k + 1] if k + 1 < len(crossings) else math.inf
        events.append((t, max(abs(r[4]) for r in rows if t <= r[0] < end)))
    largest = max(p for _, p in events)
    fires = [e for e in events if e[1] >= FIRE_SHARE * largest]
    return fires, [e for e in events if e[1] < FIRE_SHARE * largest]


def main(out, period):
    with open(f"{out}/fires.csv") as f:
        crossings = [float(r[1]) for r in list(csv.reader(f))[1:]]
    with open(f"{out}/trace.csv") as f:
        rows = [[float(x) for x in r] for r in list(csv.reader(f))[1:]]
    if not crossings:
        print("FAIL: no fire")
        sys.exit(1)
    fires, partial = fires_and_partial(crossings, rows)
    pulses = math.ceil(fires[0][0] / period)
    # During the pulses before the one that fires.
    before = max(abs(r[4]) for r in rows if r[0] < (pulses - 1) * period)
    peak = max(abs(r[4]) for r in rows)
    rest = rows[-1][2]
    peaks = " ".join(f"{p * 1e6:.1f}" for _, p in fires)
    left_out = (f", partial switchings left out: "
                f"{' '.join(f'{p * 1e6:.2f}' for _, p in partial)} uA" if partial else "")
    print(f"pulses to fire: {pulses}; fires: {len(fires)} (peaks {peaks} uA{left_out})")
    print(f"fire current {peak * 1e6:.1f} uA, {peak / before:.3g} times the current before; "
          f"membrane at the end {rest * 1e3:.3f} mV")
    ok = peak > 100 * before and abs(rest) < 1e-3
    print("OK" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]))
