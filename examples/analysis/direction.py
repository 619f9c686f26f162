#!/usr/bin/env python3
"""Fig. 16 signatures from examples/fig16-direction-selectivity.nmc
(direction selectivity of a ganglion cell built from volatile switches).

  direction.py RUN_DIR

The run sweeps the bar's direction; at each, 100 ganglion cells (each
with its own devices) see the same bar. Every device is set once: its
set and break times and its on-conductance (bipolar_cycles.csv,
amacrine_cycles.csv, probed at the end of the run) give its read current at every
step (x is 1 from the end of the step that holds the set to the end of
the step that holds the break), and a cell's EPSC is the sum of its
devices' currents (bipolar read at +V_read, amacrine at -V_read). The
probed currents of cell 0 (bipolar_trace.csv, amacrine_trace.csv) must
equal that sum at every sample.

Prints, per cell, the EPSC's largest value (the detection quantity,
REFERENCE 12: detect if max EPSC > theta) and its signed peak (the
extremum of larger magnitude: positive for the preferred direction,
negative for the null one, Fig. 16d-e); for the preferred (0 deg) and
null (180 deg) directions their means, spreads and ranges, the
threshold theta (midway between the two means of the largest EPSC), the
detection accuracy, and the tuning over the swept directions.

Fails unless: the rebuilt EPSC equals the probed currents within 1e-12
of the peak; every device was set exactly once; the two histograms
separate (every preferred trial above every null one); accuracy >= 95%;
the mean largest EPSC peaks at the preferred direction; the null
direction's signed peak is negative in at least 95% of the trials and
the preferred's positive in at least 95%.
"""
import csv
import json
import math
import os
import sys

CELLS, POSITIONS, N_BIPOLAR, N_AMACRINE = 100, 3, 4, 3   # as the model's edge lists


def read_csv(path):
    with open(path) as f:
        rows = list(csv.reader(f))
    return rows[0], [[float(x) for x in r] for r in rows[1:]]


def step_of(t, dt):
    """The step at whose end an event at time t has acted (x changes at
    the end of the step that holds the crossing): t in ((n - 1) dt, n dt]."""
    return math.ceil(t / dt - 1e-9)


def load(run):
    """{angle: {"bipolar": [(n_set, n_break, G, sets)], "amacrine": [...]}},
    and the run's metadata."""
    with open(os.path.join(run, "run.json")) as f:
        meta = json.load(f)
    dt = meta["dt"]
    runs = {}
    for pop in ("bipolar", "amacrine"):
        head, rows = read_csv(os.path.join(run, f"{pop}_cycles.csv"))
        cols = {name: k for k, name in enumerate(head)}
        count = sum(1 for h in head if h.endswith(".t_set"))
        last = {}
        for r in rows:  # the last row of each angle: every set and break until then
            if r[0] not in last or r[1] > last[r[0]][1]:
                last[r[0]] = r
        for angle, r in last.items():
            steps = round(r[1] / dt)
            never = steps + 1
            devices = []
            for k in range(count):
                t_set = r[cols[f"{pop}[{k}].t_set"]]
                t_break = r[cols[f"{pop}[{k}].t_break"]]
                n_set = step_of(t_set, dt) if t_set >= 0 else never
                n_break = step_of(t_break, dt) if t_break >= 0 else never
                devices.append((n_set, n_break, r[cols[f"{pop}[{k}].G"]],
                                int(r[cols[f"{pop}[{k}].sets"]])))
            runs.setdefault(angle, {})[pop] = devices
            runs[angle]["steps"] = steps
    return runs, meta


def param(meta, name):
    return meta["params"][name]["value"]


def cell_devices(runs, meta, angle, cell):
    """(n_set, n_break, current when on, current when off) of a cell's devices."""
    v = param(meta, "V_read")
    out = []
    for pop, n, sign in (("bipolar", N_BIPOLAR, 1.0), ("amacrine", N_AMACRINE, -1.0)):
        g_off = param(meta, f"{pop}.G_off")
        per_cell = POSITIONS * n
        for n_set, n_break, g, _ in runs[angle][pop][cell * per_cell:(cell + 1) * per_cell]:
            out.append((n_set, n_break, (g_off + (g - g_off)) * sign * v, g_off * sign * v))
    return out


def epsc_at(devices, k):
    """The cell's EPSC at the end of step k, summed as the device currents."""
    return sum(on if n_set <= k < n_break else off for n_set, n_break, on, off in devices)


def extremes(devices, steps):
    """(largest, smallest) EPSC over the steps 0..steps: the EPSC only
    changes at a set or a break, so it is followed from one to the next."""
    change = {}
    for n_set, n_break, on, off in devices:
        if n_set <= steps and n_set < n_break:
            change[n_set] = change.get(n_set, 0.0) + (on - off)
            if n_break <= steps:
                change[n_break] = change.get(n_break, 0.0) - (on - off)
    value = sum(off for _, _, _, off in devices)
    hi = lo = value
    for k in sorted(change):
        value += change[k]
        hi, lo = max(hi, value), min(lo, value)
    return hi, lo


def signed(hi, lo):
    return hi if abs(hi) >= abs(lo) else lo


def stats(xs):
    m = sum(xs) / len(xs)
    return m, math.sqrt(sum((x - m) ** 2 for x in xs) / (len(xs) - 1))


def peaks(run):
    """{angle: [(largest EPSC, signed peak) per cell]}, runs, meta."""
    runs, meta = load(run)
    out = {}
    for angle in sorted(runs):
        out[angle] = []
        for c in range(CELLS):
            hi, lo = extremes(cell_devices(runs, meta, angle, c), runs[angle]["steps"])
            out[angle].append((hi, signed(hi, lo)))
    return out, runs, meta


def traces(run):
    """{angle: (t, bipolar current, amacrine current)} of cell 0's probes."""
    out = {}
    for pop in ("bipolar", "amacrine"):
        _, rows = read_csv(os.path.join(run, f"{pop}_trace.csv"))
        for r in rows:
            t, i = r[1], sum(r[2:])
            out.setdefault(r[0], {}).setdefault(pop, []).append((t, i))
    return {a: ([t for t, _ in d["bipolar"]], [i for _, i in d["bipolar"]],
                [i for _, i in d["amacrine"]]) for a, d in out.items()}


def nearest(angles, target):
    return min(angles, key=lambda a: abs(math.remainder(a - target, 2 * math.pi)))


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    run = argv[1]
    result, runs, meta = peaks(run)
    dt = meta["dt"]
    ua = 1e6
    checks = []

    # The rebuilt EPSC against the probed currents of cell 0.
    worst, samples, scale = 0.0, 0, 0.0
    for angle, (ts, ib, ia) in traces(run).items():
        devices = cell_devices(runs, meta, angle, 0)
        for t, b, a in zip(ts, ib, ia):
            if round(t / dt) > runs[angle]["steps"]:
                break
            worst = max(worst, abs(epsc_at(devices, round(t / dt)) - (b + a)))
            scale = max(scale, abs(b + a))
            samples += 1
    sets = [d[3] for pops in runs.values() for pop in ("bipolar", "amacrine") for d in pops[pop]]
    n_e = len(runs[min(runs)]["bipolar"])
    n_i = len(runs[min(runs)]["amacrine"])
    print(f"Fig. 16: {len(result)} directions x {CELLS} ganglion cells, {POSITIONS} positions x "
          f"({N_BIPOLAR} bipolar + {N_AMACRINE} amacrine) volatile switches each "
          f"({n_e} + {n_i} devices per direction)")
    dwell = 1 / param(meta, "speed")
    print(f"dwell per position {dwell * 1e3:.3f} ms; median retention: bipolar "
          f"{param(meta, 'bipolar.t_R') * 1e3:.3f} ms, amacrine {param(meta, 'amacrine.t_R') * 1e3:.3f} ms "
          f"(sigma of ln t_R {param(meta, 'bipolar.sigma_R'):.2f})")
    print(f"EPSC rebuilt from the set and break times vs the probed currents of cell 0: "
          f"largest difference {worst:.1e} A over {samples} samples")
    checks.append(("the rebuilt EPSC equals the probed currents", worst <= 1e-12 * scale))
    checks.append(("every device set exactly once", all(s == 1 for s in sets)))

    pref = nearest(result, 0.0)
    null = nearest(result, math.pi)
    hi_p = [h for h, _ in result[pref]]
    hi_n = [h for h, _ in result[null]]
    sg_p = [s for _, s in result[pref]]
    sg_n = [s for _, s in result[null]]
    for name, angle, hi, sg in (("preferred", pref, hi_p, sg_p), ("null", null, hi_n, sg_n)):
        m, s = stats(hi)
        ms, ss = stats(sg)
        pos = sum(1 for x in sg if x > 0)
        print(f"{name:9s} ({math.degrees(angle):3.0f} deg): largest EPSC {m * ua:6.2f} +- {s * ua:4.2f} uA "
              f"[{min(hi) * ua:.2f}, {max(hi) * ua:.2f}]; signed peak {ms * ua:+6.2f} +- {ss * ua:4.2f} uA, "
              f"positive in {pos}/{len(sg)}")
    theta = (stats(hi_p)[0] + stats(hi_n)[0]) / 2
    gap = min(hi_p) - max(hi_n)
    hit = sum(1 for x in hi_p if x > theta)
    reject = sum(1 for x in hi_n if x <= theta)
    accuracy = (hit + reject) / (len(hi_p) + len(hi_n))
    print(f"threshold theta = {theta * ua:.2f} uA (midway between the means); gap between the "
          f"histograms {gap * ua:.2f} uA")
    print(f"detection accuracy {accuracy * 100:.1f}% (preferred detected {hit}/{len(hi_p)}, "
          f"null rejected {reject}/{len(hi_n)})")
    checks.append(("the preferred and null histograms separate", gap > 0))
    checks.append(("accuracy >= 95%", accuracy >= 0.95))
    checks.append(("the null signed peak is negative in >= 95% of trials",
                   sum(1 for x in sg_n if x < 0) >= 0.95 * len(sg_n)))
    checks.append(("the preferred signed peak is positive in >= 95% of trials",
                   sum(1 for x in sg_p if x > 0) >= 0.95 * len(sg_p)))

    print("tuning: direction, largest EPSC (mean +- sd), signed peak (mean), detected (> theta)")
    means = {}
    for angle in sorted(result):
        hi = [h for h, _ in result[angle]]
        m, s = stats(hi)
        ms, _ = stats([x for _, x in result[angle]])
        means[angle] = m
        det = sum(1 for x in hi if x > theta) / len(hi)
        print(f"  {math.degrees(angle):5.1f} deg  {m * ua:6.2f} +- {s * ua:4.2f} uA  {ms * ua:+6.2f} uA  "
              f"{det * 100:5.1f}%")
    best = max(means, key=means.get)
    print(f"tuning peak at {math.degrees(best):.0f} deg, minimum at {math.degrees(min(means, key=means.get)):.0f} deg")
    checks.append(("the tuning curve peaks at the preferred direction", best == pref))

    for name, good in checks:
        if not good:
            print("FAIL:", name)
    ok = all(good for _, good in checks)
    print("OK" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
