#!/usr/bin/env python3
"""Fig. 12b signatures from examples/fig12b-overlap-stdp.nmc.

  overlap_stdp.py OUT_DIR

Prints the change of the TaOx/TiO2 state x across the spike pair against
t_post - t_pre, and recomputes it exactly: the device sees a piecewise-
constant voltage, under which x relaxes exponentially towards 1 (v > 0) or
0 (v < 0) at rate k sinh(|v| / V_s). Fails unless the simulation matches
the exact values within 1e-3 of the largest change; beyond what the two
spikes do alone (70 us apart, under 5% of the largest change), dx > 0 for
every positive delay and < 0 for every negative one up to 50 us, falling
in size with |delay| on both sides; and identical spikes at 0 cancel.
"""
import csv
import math
import sys

K, VS = 0.5, 0.25  # stdlib/devices/taox_tio2.nmc, k_s = k_r, V_s = V_r
T_PRE, STEP = 400e-6, 10e-6
AMPS = [-1.2, 1.2, 0.96, 0.72, 0.48, 0.24]


def spike(t):
    k = math.floor(t / STEP + 1e-9)
    return AMPS[k] if 0 <= k < len(AMPS) else 0.0


def exact(delay):
    x = 1 - math.exp(-K * math.sinh(2.5 / VS) * 200e-6)  # the priming pulse
    x0 = x
    # Segments of 1 us cover every edge (delays are whole 10 us).
    t = T_PRE + min(0.0, delay) - 1e-6
    end = T_PRE + max(0.0, delay) + 70e-6
    while t < end:
        mid = t + 0.5e-6
        v = spike(mid - T_PRE) - spike(mid - T_PRE - delay)
        r = K * math.sinh(abs(v) / VS) * 1e-6
        x = 1 - (1 - x) * math.exp(-r) if v > 0 else x * math.exp(-r)
        t += 1e-6
    return x - x0


def main():
    runs = {}
    with open(f"{sys.argv[1]}/weight.csv") as f:
        for r in list(csv.reader(f))[1:]:
            runs.setdefault(float(r[0]), {})[round(float(r[1]) / 10e-6)] = float(r[2])
    dx = {d: by[59] - by[30] for d, by in sorted(runs.items())}  # 590 us and 300 us
    largest = max(abs(v) for v in dx.values())
    worst = 0.0
    for d, v in dx.items():
        e = exact(d)
        worst = max(worst, abs(v - e))
        print(f"delay {d * 1e6:5.0f} us: dx = {v:+.6f} (exact {e:+.6f})")
    print(f"within {worst / largest:.1e} of the largest change of the exact solution")
    # Without overlap the two spikes still act alone: at x = 0.67 their
    # negative pulses outweigh the positive ones (soft bounds). STDP is the
    # change beyond that baseline.
    base = dx[70e-6]
    print(f"the spikes alone (70 us apart): dx = {base:+.6f}")
    pos = [(d, v - base) for d, v in dx.items() if 0 < d <= 50e-6]
    neg = sorted((-d, v - base) for d, v in dx.items() if -50e-6 <= d < 0)
    ok = worst < 1e-3 * largest
    ok &= all(v > 0 for _, v in pos) and all(v < 0 for _, v in neg)
    ok &= all(abs(a[1]) > abs(b[1]) for a, b in zip(pos, pos[1:]))
    ok &= all(abs(a[1]) > abs(b[1]) for a, b in zip(neg, neg[1:]))
    ok &= abs(dx[0.0]) < 1e-3 * largest and abs(base) < 0.05 * largest
    print("OK" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
