#!/usr/bin/env python3
"""Checks test/run/Inputs/pulses.nmc against the closed form.

  check_pulses.py RUN_DIR AMPLITUDES_CSV

Element i's charge at t is G times the integral of its waveform: in slot
k, a_ik times the trapezoid (delay 0.1, rise 0.1, flat 0.4, fall 0.2 ms)
for `shaped`, a_ik times 1 V for `held`; nothing after the last slot.
Prints the largest charge error relative to G * 1 V * 1 ms and the
largest voltage error (every probe time), and OK when both are below
1e-12.
"""
import csv
import sys

G, SLOT = 1e-3, 1e-3


def trapezoid(s):
    """Volts of the unit pulse at s (ms) into its slot, and its integral."""
    pts = [(0, 0), (0.1, 0), (0.2, 1), (0.6, 1), (0.8, 0), (1.0, 0)]
    v = area = 0.0
    for (t0, v0), (t1, v1) in zip(pts, pts[1:]):
        if s >= t1:
            area += (v0 + v1) / 2 * (t1 - t0)
        elif s > t0:
            v = v0 + (v1 - v0) * (s - t0) / (t1 - t0)
            area += (v0 + v) / 2 * (s - t0)
        if t0 <= s < t1:
            v = v0 + (v1 - v0) * (s - t0) / (t1 - t0)
    return v, area * 1e-3


def held(s):
    return 1.0, s * 1e-3


def expect(amps, shape, t):
    k_now = int(t / SLOT + 1e-9)
    q = 0.0
    for k, a in enumerate(amps):
        if k < k_now:
            q += a * shape(1.0)[1]
        elif k == k_now:
            q += a * shape((t - k * SLOT) * 1e3)[1]
    v = amps[k_now] * shape((t - k_now * SLOT) * 1e3)[0] if k_now < len(amps) else 0.0
    return G * q, v


def main():
    amps = [[float(x) for x in line.split(",")] for line in open(sys.argv[2])
            if line.strip() and not line.startswith("#")]
    worst_q = worst_v = 0.0
    for name, shape in (("shaped", trapezoid), ("held", held)):
        with open(f"{sys.argv[1]}/{name}_q.csv") as f:
            rows = list(csv.reader(f))[1:]
        for r in rows:
            t = float(r[0])
            for i, a in enumerate(amps):
                q, v = expect(a, shape, t)
                worst_q = max(worst_q, abs(float(r[1 + 2 * i]) - q) / (G * 1e-3))
                # A probe at a corner may see either side of a step edge.
                if abs(t / SLOT - round(t / SLOT)) > 1e-9:
                    worst_v = max(worst_v, abs(float(r[2 + 2 * i]) - v))
    print(f"largest charge error {worst_q:.1e} of G * 1 V * 1 ms, voltage error {worst_v:.1e} V")
    print("OK" if worst_q < 1e-12 and worst_v < 1e-12 else "FAIL")


if __name__ == "__main__":
    main()
