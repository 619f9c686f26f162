#!/usr/bin/env python3
"""Recomputes test/run/Inputs/delivered-edge.nmc from its input spikes.

  check_delivered_edge.py DIR

Each element's s decays by exp(-dt / tau) over a step; the spikes of its
excitatory (+0.6) and inhibitory (-0.5) source, reported at the start of
their step, are delivered after that step's update. An edge event fires in
step k when its condition did not hold at the end of step k - 1 (before
that step's deliveries) and holds at the start of step k (after them): at
t_k, where the jump lands; or when it does not hold at the start of step k
and holds at its end: at the crossing interpolated linearly on the margin.
Up (s > 1) can only fire by a jump, Down (s < 0.5) both ways. The events
recomputed here must be the monitored ones (times within 1e-12 s), every
probed s within 1e-9 of the recomputed one, and every count n the number of
events so far. A value of s within 1e-6 of a threshold would make the
recomputation ambiguous and fails the check.
"""
import math
import sys

from csvcheck import fail, table

DT, TAU, STEPS, N = 1e-4, 2e-3, 600, 20
W_EXC, W_INH = 0.6, -0.5


def spikes(path):
    per_step = {}
    for i, t in table(path)[1]:
        k = round(t / DT)
        if abs(t - k * DT) > 1e-12:
            fail("%s: a spike at %r is not at a step's start" % (path, t))
        per_step.setdefault((int(i), k), 0)
        per_step[(int(i), k)] += 1
    return per_step


def main(d):
    exc, inh = spikes(d + "/exc_spikes.csv"), spikes(d + "/inh_spikes.csv")
    decay = math.exp(-DT / TAU)
    # s at the start of each step k (after the deliveries of step k - 1)
    # and at its end (before the deliveries of step k).
    start = [[0.0] * (STEPS + 1) for _ in range(N)]
    end = [[0.0] * STEPS for _ in range(N)]
    for i in range(N):
        s = 0.0
        for k in range(STEPS):
            start[i][k] = s
            s *= decay
            end[i][k] = s
            s += W_EXC * exc.get((i, k), 0) + W_INH * inh.get((i, k), 0)
        start[i][STEPS] = s
    for th in (1.0, 0.5):
        for i in range(N):
            for v in start[i] + end[i]:
                if abs(v - th) < 1e-6:
                    fail("s = %r is within 1e-6 of %g: ambiguous" % (v, th))

    def events(cond, th):
        out = []
        for i in range(N):
            last = cond(0.0)  # the initial state
            for k in range(STEPS):
                a, b = cond(start[i][k]), cond(end[i][k])
                if not last and a:
                    out.append((k * DT, i, "jump"))
                elif not a and b:
                    g0 = th - start[i][k] if cond is below else start[i][k] - th
                    g1 = th - end[i][k] if cond is below else end[i][k] - th
                    out.append((k * DT + DT * g0 / (g0 - g1), i, "crossing"))
                last = b
        return out

    def above(s):
        return s > 1.0

    def below(s):
        return s < 0.5

    for name, cond, th in (("up", above, 1.0), ("down", below, 0.5)):
        want = events(cond, th)
        _, got = table("%s/%s_events.csv" % (d, name))
        if any(a[1] > b[1] for a, b in zip(got, got[1:])):
            fail("%s: events not in time order" % name)
        got = sorted((t, int(i)) for i, t in got)
        want.sort()
        if len(got) != len(want):
            fail("%s: %d events, recomputed %d" % (name, len(got), len(want)))
        for (tg, ig), (tw, iw, how) in zip(got, want):
            if ig != iw or abs(tg - tw) > 1e-12:
                fail("%s: event (%d, %r), recomputed (%d, %r) by a %s" % (name, ig, tg, iw, tw, how))
        # The probes: s and the count of events at the end of each step.
        header, trace = table("%s/%s_trace.csv" % (d, name))
        worst = 0.0
        for k, row in enumerate(trace):
            for i in range(N):
                worst = max(worst, abs(row[1 + 2 * i] - start[i][k]))
                fired = sum(1 for t, e, _ in want if e == i and t < k * DT - 1e-12)
                if row[2 + 2 * i] != fired:
                    fail("%s[%d]: n = %g at t = %g, recomputed %d" % (name, i, row[2 + 2 * i],
                                                                      row[0], fired))
        if len(trace) != STEPS + 1 or worst > 1e-9:
            fail("%s: %d samples, largest difference of s %g" % (name, len(trace), worst))
        jumps = sum(1 for e in want if e[2] == "jump")
        print("%s: %d events (%d at a delivered jump, %d crossings inside a step) as recomputed"
              % (name, len(want), jumps, len(want) - jumps))
    print("OK")


main(sys.argv[1])
