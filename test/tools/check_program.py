#!/usr/bin/env python3
"""Write-verify of a TaOx/TiO2 array (test/run/Inputs/array-program.nmc)
recomputed independently: the same row-by-row V/2 protocol, with the
device's state moved by the exact solution of its ODE under each constant
pulse (dx/dt = k (1 - x) for SET, -k x for RESET, k = k0 sinh(|v| / V_s)),
and each pulse's energy from the exact integral of v i(t). Compares every
cell's pulse count (exactly), final conductance (1e-9 relative) and energy
(1e-6 relative), the count outside tolerance, and the read-back currents.

  check_program.py INPUTS OUT SUMMARY
"""
import csv
import math
import re
import sys

# stdlib/devices/taox_tio2.nmc defaults.
G_MIN, G_MAX, V0, K_S, K_R, V_S, V_R = 1e-9, 100e-9, 1.0, 0.5, 0.5, 0.25, 0.25
READ, SET, RESET, WIDTH, TOL, MAX_PASSES = 0.1, 2.0, -2.0, 20e-6, 0.02, 200


def conductance(x):
    return (G_MIN + (G_MAX - G_MIN) * x) * V0 * math.sinh(READ / V0) / READ


def pulse(x, v):
    """State after a write-verify pulse of v volts, and the cell's energy."""
    return pulse_with(x, v, WIDTH)


def pulse_with(x, v, width):
    """State after a pulse of v volts lasting width, and the cell's energy."""
    if v == 0:
        return x, 0.0
    if v > 0:
        k = K_S * math.sinh(v / V_S)
        x1 = 1 - (1 - x) * math.exp(-k * width)
        mean_x = 1 - (1 - x) * (1 - math.exp(-k * width)) / (k * width)
    else:
        k = K_R * math.sinh(-v / V_R)
        x1 = x * math.exp(-k * width)
        mean_x = x * (1 - math.exp(-k * width)) / (k * width)
    current_per_g = V0 * math.sinh(v / V0)
    energy = v * current_per_g * (G_MIN + (G_MAX - G_MIN) * mean_x) * width
    return x1, energy


def main(inputs, out, summary):
    targets = [[float(x) for x in line.split(",")]
               for line in open(f"{inputs}/program-targets.csv") if line.strip()]
    n, m = len(targets), len(targets[0])
    x = [[0.0] * m for _ in range(n)]
    pulses = [[0] * m for _ in range(n)]
    energy = [[0.0] * m for _ in range(n)]

    def side(i, j):
        g, t = conductance(x[i][j]), targets[i][j]
        return -1 if g < t * (1 - TOL) else 1 if g > t * (1 + TOL) else 0

    for r in range(n):
        for p in range(MAX_PASSES + 1):
            need = [side(r, j) for j in range(m)]
            if not any(need) or p == MAX_PASSES:
                break
            for want, amp in ((-1, SET), (1, RESET)):
                cols = [j for j in range(m) if need[j] == want]
                if not cols:
                    continue
                for i in range(n):
                    for j in range(m):
                        v = amp if (i == r and j in cols) else \
                            amp / 2 if (i == r or j in cols) else 0.0
                        x[i][j], e = pulse(x[i][j], v)
                        energy[i][j] += e
                for j in cols:
                    pulses[r][j] += 1
    outside = sum(side(i, j) != 0 for i in range(n) for j in range(m))

    rows = list(csv.DictReader(open(f"{out}/xbar.program.csv")))
    worst_g = worst_e = 0.0
    for row in rows:
        i, j = int(float(row["row"])), int(float(row["col"]))
        if int(float(row["pulses"])) != pulses[i][j]:
            print(f"FAIL: cell ({i}, {j}) got {row['pulses']} pulses, expected {pulses[i][j]}")
            sys.exit(1)
        worst_g = max(worst_g, abs(float(row["g"]) / conductance(x[i][j]) - 1))
        worst_e = max(worst_e, abs(float(row["energy"]) / energy[i][j] - 1))
    total = sum(map(sum, pulses))
    print(f"pulses: {total} in all, every cell's count as recomputed")
    print(f"conductances: worst {worst_g:.1e} relative; energy: worst {worst_e:.1e} relative")
    said = re.search(r"in (\d+) pulses .* (\d+) outside", open(summary).read())
    print(f"outside tolerance: {outside} of {n * m} (half-select disturb), summary says "
          f"{said.group(2)}")
    read = list(csv.reader(open(f"{out}/readback.csv")))
    head, vals = read[0], [float(v) for v in read[1]]
    col = {h: v for h, v in zip(head, vals)}
    worst_i = max(abs(col[f"xbar[{j}].i"] - sum(col[f"xbar[{i}][{j}].g"] * READ
                                                 for i in range(n))) / col[f"xbar[{j}].i"]
                  for j in range(m))
    print(f"read-back: column currents are the sum of g v, worst {worst_i:.1e}")
    if worst_g > 1e-9 or worst_e > 1e-6 or int(said.group(2)) != outside or \
            int(said.group(1)) != total or worst_i > 1e-12:
        print("FAIL")
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main(*sys.argv[1:4])
