#!/usr/bin/env python3
"""Checks and summarises the activity of examples/coba.nmc.

  coba.py OUT_DIR [--duration S]

Also checks the population-rate monitor exc_rate.csv (5 ms bins) against
the excitatory spike counts. Prints, per population, the rate, the mean coefficient of variation of
inter-spike intervals (CV, over neurons with 3 or more spikes) and the
coefficient of variation of spike counts in 1 ms bins (synchrony), then
OK when the activity is self-sustained, asynchronous and irregular: spikes
in every 100 ms window, 5 to 50 Hz, mean CV > 0.5, bin CV < 1.
"""
import csv
import math
import sys

SIZES = {"exc": 3200, "inh": 800}


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def stats(path, n, duration):
    with open(path) as f:
        rows = [(int(r[0]), float(r[1])) for r in list(csv.reader(f))[1:]]
    rate = len(rows) / n / duration
    trains = {}
    for i, t in rows:
        trains.setdefault(i, []).append(t)
    cvs = []
    for ts in trains.values():
        if len(ts) >= 3:
            isi = [b - a for a, b in zip(ts, ts[1:])]
            m = sum(isi) / len(isi)
            sd = math.sqrt(sum((x - m) ** 2 for x in isi) / len(isi))
            cvs.append(sd / m)
    bins = [0] * int(round(duration / 1e-3))
    windows = [0] * int(round(duration / 0.1))
    for _, t in rows:
        bins[min(int(t / 1e-3), len(bins) - 1)] += 1
        windows[min(int(t / 0.1), len(windows) - 1)] += 1
    mb = sum(bins) / len(bins)
    sb = math.sqrt(sum((x - mb) ** 2 for x in bins) / len(bins))
    cv = sum(cvs) / len(cvs) if cvs else 0.0
    return rate, cv, sb / mb if mb else float("inf"), min(windows)


def main(out, duration):
    for name, n in SIZES.items():
        rate, cv, sync, quiet = stats(f"{out}/{name}_spikes.csv", n, duration)
        print(f"{name}: {rate:.2f} Hz, ISI CV {cv:.2f}, 1 ms bin CV {sync:.2f}, "
              f"fewest spikes in a 100 ms window {quiet}")
        if quiet == 0:
            fail(f"{name}: activity died out")
        if not 5 <= rate <= 50:
            fail(f"{name}: rate outside 5 to 50 Hz")
        if cv <= 0.5:
            fail(f"{name}: firing too regular")
        if sync >= 1:
            fail(f"{name}: population activity synchronous")
    # The population-rate monitor (5 ms bins) agrees with the spikes.
    with open(f"{out}/exc_rate.csv") as f:
        rows = [[float(x) for x in r] for r in list(csv.reader(f))[1:]]
    with open(f"{out}/exc_spikes.csv") as f:
        times = [float(r[1]) for r in list(csv.reader(f))[1:]]
    worst = 0.0
    for t, hz in rows:
        count = sum(1 for s in times if t - 1e-9 <= s < t + 5e-3 - 1e-9)
        worst = max(worst, abs(hz - count / (SIZES["exc"] * 5e-3)))
    print(f"exc_rate: {len(rows)} bins of 5 ms, at most {worst:.1e} Hz from the spike counts")
    if len(rows) != round(duration / 5e-3) or worst > 1e-9:
        fail("the population-rate monitor disagrees with the spikes")
    print("OK")


if __name__ == "__main__":
    args = sys.argv[1:]
    dur = 1.0
    if "--duration" in args:
        k = args.index("--duration")
        dur = float(args[k + 1])
        del args[k:k + 2]
    main(args[0], dur)
