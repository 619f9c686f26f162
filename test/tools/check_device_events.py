#!/usr/bin/env python3
"""Checks the monitor of a device's events (test/run/Inputs/device-events.nmc).

  check_device_events.py DIR

Under v = sin(2 pi f t) (1 V, f = 1 kHz) each element i, with its drawn
threshold th_i, crosses v > th_i at (asin(th_i) / 2 pi + k) / f, v < -th_i
at (1/2 + asin(th_i) / 2 pi + k) / f and v > 0.9 V at (asin(0.9) / 2 pi +
k) / f. The monitor must write every event of the three `on` blocks: the
recomputed ones, each within 1e-8 s (the crossing is interpolated linearly
inside the 1 us step), in the runtime's order, by time, then element. The
counts the blocks keep must agree, and the rate monitor (all the device's
events) must be the events of each 1 ms bin over 8 elements and 1 ms.
"""
import math
import sys

from csvcheck import fail, table

F, T_END, N, BIN = 1e3, 5e-3, 8, 1e-3


def main(d):
    header, counts = table(d + "/counts.csv")
    th = [counts[0][1 + 4 * i] for i in range(N)]
    if not all(0.3 <= x <= 0.7 for x in th) or len(set(th)) != N:
        fail("thresholds %r are not distinct draws in [0.3, 0.7]" % th)
    want = []
    for i in range(N):
        for phase, block in ((math.asin(th[i]) / (2 * math.pi), "up"),
                             (0.5 + math.asin(th[i]) / (2 * math.pi), "down"),
                             (math.asin(0.9) / (2 * math.pi), "top")):
            k = 0
            while (phase + k) / F < T_END:
                want.append(((phase + k) / F, i, block))
                k += 1
    want.sort()
    _, got = table(d + "/ev.csv")
    got = [(t, int(i)) for i, t in got]
    if len(got) != len(want):
        fail("%d events written, %d recomputed" % (len(got), len(want)))
    for a, b in zip(got, got[1:]):
        if (a[0], a[1]) > (b[0], b[1]):
            fail("events out of (time, element) order: %r then %r" % (a, b))
    worst = 0.0
    for (tg, ig), (tw, iw, block) in zip(got, want):
        if ig != iw:
            fail("event of element %d at %r; recomputed %s of %d at %r" % (ig, tg, block, iw, tw))
        worst = max(worst, abs(tg - tw))
    if worst > 1e-8:
        fail("event times differ from the closed form by up to %g s" % worst)
    end = counts[-1]
    for i in range(N):
        for j, block in enumerate(("up", "down", "top")):
            n = sum(1 for e in want if e[1] == i and e[2] == block)
            if end[2 + 4 * i + j] != n:
                fail("element %d counts %g %s events, recomputed %d" % (i, end[2 + 4 * i + j],
                                                                       block, n))
    _, rates = table(d + "/r.csv")
    for t, rate in rates:
        n = sum(1 for e in want if t <= e[0] < t + BIN)
        if abs(rate - n / (N * BIN)) > 1e-9 * rate:
            fail("rate %g Hz in the bin at %g s, recomputed %g" % (rate, t, n / (N * BIN)))
    print("%d events of 3 blocks in time order, within %.1e s of the closed form; "
          "%d rate bins" % (len(got), worst, len(rates)))
    print("OK")


main(sys.argv[1])
