#!/usr/bin/env python3
"""Spike-driven programming of a crossbar (test/run/Inputs/array-learn.nmc)
recomputed independently from the spikes themselves: the pre spikes of
learn-spikes.csv and the post spikes nmc monitored (post.csv). Per step, in
time order, each pre spike RESETs the cells of its row whose column spiked
within 5 ms before it, then each post spike SETs the cells of its column
whose row spiked within 5 ms before it (or in the same step), with 2 V and
-2 V pulses of 20 us in the V/2 scheme, every cell moved by the exact
solution of the TaOx/TiO2 ODE under its pulse voltage. Compares every
cell's pulse counts (exactly), conductance at 0.2 V (1e-9 relative) and
energy (1e-4 relative: nmc integrates v i by trapezoids over each
pulse's steps, here one).

With `winner` (winner_pulses, Querlioz et al. 2013), pre spikes only mark
their rows, and each post spike SETs the cells of its column whose row
spiked within the window, then RESETs the rest of the column.

  check_learn.py INPUTS OUT [UNTIL] [winner]
"""
import csv
import math
import sys

import check_program

DT, WINDOW, SET, RESET, WIDTH, N, M = 1e-4, 5e-3, 2.0, -2.0, 20e-6, 4, 3
check_program.READ = 0.2


def main(inputs, out, until=math.inf, winner=False):
    events = []  # (step, kind, time, element): pre spikes before post ones
    for row in csv.DictReader(open(f"{inputs}/learn-spikes.csv")):
        t = float(row["t"])
        events.append((math.floor(t / DT + 1e-6), 0, t, int(row["index"])))
    for row in csv.DictReader(open(f"{out}/post.csv")):
        t = float(row["t"])
        events.append((math.floor(t / DT + 1e-6), 1, t, int(row["index"])))
    events.sort()
    x = [[0.3] * M for _ in range(N)]
    sets = [[0] * M for _ in range(N)]
    resets = [[0] * M for _ in range(N)]
    energy = [[0.0] * M for _ in range(N)]
    last_pre, last_post = [-math.inf] * N, [-math.inf] * M

    def pulse(cells, amp):
        rows = {i for i, _ in cells}
        cols = {j for _, j in cells}
        for i in range(N):
            for j in range(M):
                v = amp if (i, j) in cells else amp / 2 if (i in rows or j in cols) else 0.0
                x[i][j], e = check_program.pulse_with(x[i][j], v, WIDTH)
                energy[i][j] += e

    for _, kind, t, k in events:
        if t >= until:  # `until`: later spikes program nothing
            continue
        if kind == 0 and winner:
            last_pre[k] = t
        elif kind == 0:
            hit = [j for j in range(M) if 0 < t - last_post[j] <= WINDOW]
            if hit:
                pulse({(k, j) for j in hit}, RESET)
                for j in hit:
                    resets[k][j] += 1
            last_pre[k] = t
        else:
            hit = [i for i in range(N) if 0 <= t - last_pre[i] <= WINDOW]
            if hit:
                pulse({(i, k) for i in hit}, SET)
                for i in hit:
                    sets[i][k] += 1
            rest = [i for i in range(N) if i not in hit]
            if winner and rest:
                pulse({(i, k) for i in rest}, RESET)
                for i in rest:
                    resets[i][k] += 1
            last_post[k] = t
    worst_g = worst_e = 0.0
    for row in csv.DictReader(open(f"{out}/learn.learn.csv")):
        i, j = int(float(row["row"])), int(float(row["col"]))
        if (int(float(row["set"])), int(float(row["reset"]))) != (sets[i][j], resets[i][j]):
            print(f"FAIL: cell ({i}, {j}) got {row['set']} SET and {row['reset']} RESET pulses, "
                  f"expected {sets[i][j]} and {resets[i][j]}")
            sys.exit(1)
        worst_g = max(worst_g, abs(float(row["g"]) / check_program.conductance(x[i][j]) - 1))
        worst_e = max(worst_e, abs(float(row["energy"]) / energy[i][j] - 1))
    n_pre = sum(1 for e in events if e[1] == 0)
    n_post = len(events) - n_pre
    print(f"{n_pre} pre and {n_post} post spikes: {sum(map(sum, sets))} SET and "
          f"{sum(map(sum, resets))} RESET pulses, every cell's count as recomputed")
    print(f"conductances within {worst_g:.1e}, energies within {worst_e:.1e}")
    ok = worst_g < 1e-9 and worst_e < 1e-4 and n_post > 10
    print("OK" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], *map(float, sys.argv[3:4]), winner="winner" in sys.argv[4:])
