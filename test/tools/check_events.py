#!/usr/bin/env python3
"""Checks the statistics and timing of runs against their analytic values.

  check_events.py lif DIR          spikes of test/run/Inputs/lif.nmc
  check_events.py variability DIR  draws and read noise of variability.nmc
  check_events.py percycle DIR     per-cycle draws of per-cycle.nmc

lif: an LIF neuron under constant current I fires first at
T1 = tau ln(RI / (RI - (v_th - v_rest))) and then every T1 + t_ref. Each
neuron's spikes must follow that law to 1e-6 relative (the crossing is
interpolated inside the 10 us step), and the R inferred from T1 must be
uniform on [90, 110] Mohm (its mean and standard deviation within
3 standard errors).
variability: G ~ lognormal(0.2) around 10 uS, read from q(1 ms) = G v t;
the read noise i - G v has standard deviation 2 nA (within 3%) and no
correlation between samples.
percycle: V_set ~ normal(1 V, 0.1 V) drawn again at every event: mean and
sd within 3 standard errors and 3%, a new value every cycle, and no
correlation between consecutive cycles (|r| < 4/sqrt(n)).
"""
import csv
import math
import sys


def stats(x):
    m = sum(x) / len(x)
    return m, math.sqrt(sum((v - m) ** 2 for v in x) / (len(x) - 1))


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def lif(d):
    tau, dv, t_ref, cur = 20e-3, 15e-3, 2e-3, 200e-12
    spikes = {}
    with open(d + "/spikes.csv") as f:
        r = csv.reader(f)
        if next(r) != ["index", "t"]:
            fail("header")
        last = -1.0
        for row in r:
            i, t = int(row[0]), float(row[1])
            if t < last:
                fail("events not in time order")
            last = t
            spikes.setdefault(i, []).append(t)
    if len(spikes) != 10000:
        fail("%d neurons spiked, expected 10000" % len(spikes))
    rs, worst = [], 0.0
    for i, ts in spikes.items():
        t1 = ts[0]
        for k, t in enumerate(ts):
            want = t1 + k * (t1 + t_ref)
            worst = max(worst, abs(t - want) / want)
        ri = dv / (1 - math.exp(-t1 / tau))
        rs.append(ri / cur)
    if worst > 1e-6:
        fail("spike times off the analytic law by %.3g" % worst)
    n = len(rs)
    mean = sum(rs) / n
    sd = math.sqrt(sum((x - mean) ** 2 for x in rs) / (n - 1))
    want_sd = 20e6 / math.sqrt(12)
    if abs(mean - 100e6) > 3 * want_sd / math.sqrt(n):
        fail("mean R %.6g" % mean)
    if abs(sd - want_sd) > 3 * want_sd / math.sqrt(2 * n) * 1.3:
        fail("sd of R %.6g, expected %.6g" % (sd, want_sd))
    if min(rs) < 90e6 * (1 - 1e-6) or max(rs) > 110e6 * (1 + 1e-6):
        fail("R outside [90, 110] Mohm: %g %g" % (min(rs), max(rs)))
    print("lif: %d neurons, %d spikes, worst relative timing error %.2g, "
          "R mean %.4g sd %.4g" % (n, sum(map(len, spikes.values())), worst, mean, sd))


def variability(d):
    with open(d + "/all.csv") as f:
        rows = list(csv.reader(f))
    head, r0, r1 = rows[0], [float(x) for x in rows[1]], [float(x) for x in rows[2]]
    n = (len(head) - 1) // 2
    lg, n0, n1 = [], [], []
    for k in range(n):
        q, i0, i1 = r1[1 + 2 * k], r0[2 + 2 * k], r1[2 + 2 * k]
        g = q / (0.1 * 1e-3)
        lg.append(math.log(g / 10e-6))
        n0.append(i0 - g * 0.1)
        n1.append(i1 - g * 0.1)

    m, s = stats(lg)
    if abs(m) > 3 * 0.2 / math.sqrt(n) or abs(s / 0.2 - 1) > 0.03:
        fail("ln G: mean %.4g sd %.4g, expected 0 and 0.2" % (m, s))
    m0, s0 = stats(n0)
    m1, s1 = stats(n1)
    for mm, ss in ((m0, s0), (m1, s1)):
        if abs(mm) > 3 * 2e-9 / math.sqrt(n) or abs(ss / 2e-9 - 1) > 0.03:
            fail("read noise: mean %.4g sd %.4g, expected 0 and 2e-9" % (mm, ss))
    corr = sum((a - m0) * (b - m1) for a, b in zip(n0, n1)) / ((n - 1) * s0 * s1)
    if abs(corr) > 4 / math.sqrt(n):
        fail("read noise correlated between samples: %.3g" % corr)
    print("variability: %d devices, ln G sd %.4f, noise sd %.4g A, corr %.3f" % (n, s, s0, corr))


def percycle(d):
    with open(d + "/vset.csv") as f:
        rows = [[float(x) for x in r[1:]] for r in list(csv.reader(f))[1:]]
    vals = [v for r in rows for v in r]
    n = len(vals)
    m, s = stats(vals)
    if abs(m - 1) > 3 * 0.1 / math.sqrt(n) or abs(s / 0.1 - 1) > 0.03:
        fail("V_set: mean %.5g sd %.5g, expected 1 and 0.1" % (m, s))
    # A new draw at every event: each element's value changes every cycle,
    # and consecutive cycles are uncorrelated.
    for r0, r1 in zip(rows, rows[1:]):
        if any(a == b for a, b in zip(r0, r1)):
            fail("a value survived an event")
    x = [v for r in rows[:-1] for v in r]
    y = [v for r in rows[1:] for v in r]
    mx, sx = stats(x)
    my, sy = stats(y)
    corr = sum((a - mx) * (b - my) for a, b in zip(x, y)) / ((len(x) - 1) * sx * sy)
    if abs(corr) > 4 / math.sqrt(len(x)):
        fail("consecutive cycles correlated: %.3g" % corr)
    print("percycle: %d draws over %d cycles, mean %.4f V, sd %.4f V, lag-1 corr %.3f"
          % (n, len(rows), m, s, corr))


{"lif": lif, "variability": variability, "percycle": percycle}[sys.argv[1]](sys.argv[2])
