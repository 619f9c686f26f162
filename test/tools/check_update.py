#!/usr/bin/env python3
"""Outer-product updates (test/run/Inputs/array-update.nmc) recomputed
independently:
 - `signs` (x, d in {0, +-1}): each phase's pulses are certain, so every
   cell's full and half-selected pulse counts, final conductance (exact
   solution of the TaOx/TiO2 ODE under each pulse, 1e-9 relative) and
   energy (1e-6 relative) follow exactly;
 - `fractions` (one update of fractional x and d, 400 slots): the pulse
   counts are random; their sums over the cells lie within 5 sigma of the
   expectation (row i fires with probability |x_i| in the phases of its
   sign, column j with |d_j|, independently in each slot), and so does
   every cell's count of full pulses.

  check_update.py INPUTS OUT
"""
import csv
import math
import sys

from check_program import READ, conductance, pulse_with

SET, RESET = 2.0, -2.0
SIGNS = [(1, 1), (-1, -1), (1, -1), (-1, 1)]


def phases(x, d):
    """(amplitude, p_i per row, q_j per column) of each phase that runs."""
    out = []
    for k, (sx, sd) in enumerate(SIGNS):
        p = [abs(v) if v * sx > 0 else 0.0 for v in x]
        q = [abs(v) if v * sd > 0 else 0.0 for v in d]
        if any(p) and any(q):
            out.append((SET if k < 2 else RESET, p, q))
    return out


def read_updates(path, n):
    return [([float(v) for v in line.split(",")][:n], [float(v) for v in line.split(",")][n:])
            for line in open(path) if line.strip()]


def check_signs(inputs, out, name="signs", differential=False):
    n, m, slots, width = 4, 6 if differential else 3, 8, 20e-6
    state = [[0.0] * m for _ in range(n)]
    full = [[0] * m for _ in range(n)]
    half = [[0] * m for _ in range(n)]
    energy = [[0.0] * m for _ in range(n)]
    for x, d in read_updates(f"{inputs}/update-sign.csv", n):
        if differential:  # G+ takes d, G- takes -d
            d = [s * v for v in d for s in (1, -1)]
        for amp, p, q in phases(x, d):
            for i in range(n):
                for j in range(m):
                    count = (p[i] == 1) + (q[j] == 1)
                    for _ in range(slots):
                        state[i][j], e = pulse_with(state[i][j], count * amp / 2, width)
                        energy[i][j] += e
                    full[i][j] += slots * (count == 2)
                    half[i][j] += slots * (count == 1)
    worst_g = worst_e = 0.0
    for row in csv.DictReader(open(f"{out}/{name}.update.csv")):
        i, j = int(float(row["row"])), int(float(row["col"]))
        if (int(float(row["full"])), int(float(row["half"]))) != (full[i][j], half[i][j]):
            print(f"FAIL: {name} cell ({i}, {j}) got {row['full']} full and {row['half']} half "
                  f"pulses, expected {full[i][j]} and {half[i][j]}")
            sys.exit(1)
        worst_g = max(worst_g, abs(float(row["g"]) / conductance(state[i][j]) - 1))
        if energy[i][j] > 0:
            worst_e = max(worst_e, abs(float(row["energy"]) / energy[i][j] - 1))
    print(f"{name}: every cell's pulse counts; conductances within {worst_g:.1e}, energy "
          f"within {worst_e:.1e}")
    return worst_g <= 1e-9 and worst_e <= 1e-6


def check_fractions(inputs, out):
    n = m = 10
    slots = 400
    ((x, d),) = read_updates(f"{inputs}/update-fraction.csv", n)
    ef = [[0.0] * m for _ in range(n)]
    vf = [[0.0] * m for _ in range(n)]
    eh = vh = 0.0
    for _, p, q in phases(x, d):
        for i in range(n):
            for j in range(m):
                pf = p[i] * q[j]
                ph = p[i] * (1 - q[j]) + q[j] * (1 - p[i])
                ef[i][j] += slots * pf
                vf[i][j] += slots * pf * (1 - pf)
                eh += slots * ph
                vh += slots * ph * (1 - ph)  # per-cell; cells share draws, so a loose sum
    rows = list(csv.DictReader(open(f"{out}/fractions.update.csv")))
    got_f = sum(float(r["full"]) for r in rows)
    got_h = sum(float(r["half"]) for r in rows)
    sum_ef = sum(map(sum, ef))
    worst = max(abs(float(r["full"]) - ef[int(float(r["row"]))][int(float(r["col"]))]) /
                math.sqrt(max(vf[int(float(r["row"]))][int(float(r["col"]))], 1e-300))
                for r in rows if vf[int(float(r["row"]))][int(float(r["col"]))] > 0)
    # Cells of one row share its draws: bound the sums' spread by the
    # fully correlated case (sigma of a sum <= sum of sigmas).
    sig_f = sum(math.sqrt(v) for row in vf for v in row)
    z_f = (got_f - sum_ef) / sig_f
    print(f"fractions: {got_f:.0f} full pulses, expected {sum_ef:.1f} ({z_f:+.2f} sigma at "
          f"most); worst cell {worst:.2f} sigma; {got_h:.0f} half-selected, expected {eh:.1f}")
    return abs(z_f) < 5 and worst < 5 and abs(got_h - eh) < 5 * n * m * math.sqrt(vh / (n * m))


def main(inputs, out):
    ok = check_signs(inputs, out)
    ok &= check_signs(inputs, out, "pairs", True)
    ok &= check_fractions(inputs, out)
    print("OK" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
