#!/usr/bin/env python3
"""Fig. 14 signatures from examples/fig14-paired-pulse.nmc.

  ppf.py OUT_DIR

Per interval: A1 and A2, the largest current during the first and the
second pulse (the EPSC peaks), and the paired-pulse facilitation index
A2 / A1; a fit PPF = 1 + C exp(-dt / tau) (least squares on log(PPF - 1));
and the EPSC's decay after one pulse: the time the read current's rise
over its baseline takes to fall to 1/e (from the 10 s run, before its
second pulse). Fails unless PPF > 1 at every interval, falls as the
interval grows, and keeps under a tenth of its shortest-interval
facilitation (PPF - 1) at 10 s.
"""
import csv
import math
import sys


def main():
    runs = {}
    with open(f"{sys.argv[1]}/epsc.csv") as f:
        for r in list(csv.reader(f))[1:]:
            dt, t, v, i, n = map(float, r)
            runs.setdefault(dt, []).append((t, v, i))
    ppf = []
    for dt, rows in sorted(runs.items()):
        a1 = max(i for t, v, i in rows if t < dt - 1e-9)
        a2 = max(i for t, v, i in rows if t >= dt - 1e-9)
        ppf.append((dt, a2 / a1))
        print(f"interval {dt * 1e3:7.0f} ms: A1 {a1 * 1e9:7.2f} nA, A2 {a2 * 1e9:7.2f} nA, "
              f"PPF {a2 / a1:.3f}")
    xs = [dt for dt, p in ppf if p > 1.001]
    ys = [math.log(p - 1) for dt, p in ppf if p > 1.001]
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
    print(f"fit: PPF = 1 + {math.exp(my - slope * mx):.2f} exp(-dt / {-1 / slope:.2f} s)")
    # EPSC after one pulse: the 10 s run, read at 1 mV before its second pulse.
    longest = max(runs)
    reads = [(t, i / v) for t, v, i in runs[longest] if t < longest and abs(v - 1e-3) < 1e-9]
    g0 = reads[-1][1]
    peak_t, peak = max(reads, key=lambda x: x[1])
    decay = next(t for t, g in reads if t > peak_t and g - g0 < (peak - g0) / math.e) - peak_t
    print(f"EPSC after one pulse: read conductance {peak * 1e9:.1f} nS, back within 1/e of its "
          f"rise in {decay * 1e3:.0f} ms")
    vals = [p for _, p in ppf]
    ok = all(p > 1 for p in vals) and all(a > b for a, b in zip(vals, vals[1:]))
    ok &= vals[-1] - 1 < 0.1 * (vals[0] - 1)
    print("OK" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
