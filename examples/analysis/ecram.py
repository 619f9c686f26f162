#!/usr/bin/env python3
"""Fig. 4a signatures from examples/fig04a-ecram.nmc.

  ecram.py OUT_DIR

trace.csv: t, E.G, E.i_d_s, E.i_g_s every 10 us, one gate pulse per 10 us:
50 up from t = 0, 50 down from t = 500 us. Prints the mean conductance step
of each phase, the spread of the steps and the non-linearity (the largest
distance of G from the straight line through each phase's ends, over the
phase's swing, the measure of Fig. 11b) and NeuroSim's A/Pmax. Fails unless both are below 1%, the two phases' mean steps
agree within 1% (symmetric), and the read current i_d_s is G times 0.1 V
(the read does not disturb the channel).
"""
import csv
import sys

from nonlinearity import fmt_a, neurosim_a, nonlinearity


def main(out):
    with open(f"{out}/trace.csv") as f:
        rows = [[float(x) for x in r] for r in list(csv.reader(f))[1:]]
    g = [r[1] for r in rows]
    up, down = g[:51], g[50:101]
    ok = True
    means = []
    for name, seq in (("potentiation", up), ("depression", down)):
        steps = [b - a for a, b in zip(seq, seq[1:])]
        mean = sum(steps) / len(steps)
        spread = (max(steps) - min(steps)) / abs(mean)
        nl = nonlinearity(seq)
        a = neurosim_a(seq if mean > 0 else [-x for x in seq])
        print(f"{name}: step {mean * 1e9:+.3f} nS, spread {spread:.1e}, non-linearity {nl:.1e}, "
              f"NeuroSim A/Pmax {fmt_a(a)}")
        ok &= spread < 0.01 and nl < 0.01 and a > 99
        means.append(mean)
    sym = abs(abs(means[0]) - abs(means[1])) / abs(means[0])
    read = max(abs(r[2] - 0.1 * r[1]) / (0.1 * r[1]) for r in rows)
    print(f"asymmetry {sym:.1e}; read current off G * 0.1 V by at most {read:.1e}")
    ok &= sym < 0.01 and read < 1e-9
    print("OK" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main(sys.argv[1])
