#!/usr/bin/env python3
"""Fig. 12d signatures from examples/fig12d-2t1r-stdp.nmc.

  twot1r_stdp.py OUT_DIR

For each initial state (probes syn_low, syn_mid, syn_high: delay, t,
Cell.i, Vout.i) it reads R0 and R from the 0.1 V reads through CG (at
1.54 ms and 5.04 ms), the compliance current I_C0 that set R0 (the cell
current's plateau while it was set) and I_C of the post-synaptic FG pulse,
prints R0/R against the delay, and writes stdp_2t1r.csv. It fails unless,
for every R0:
  - R0/R < 1 for every delay in (-1 ms, 0) and > 1 in (0, 1 ms);
  - |R0/R - 1| < 1% beyond 1 ms on both sides (nothing overlaps);
  - the depression deepens as the delay approaches 0 from below;
  - after potentiation R is the same for every R0 within 1% (the
    transistor's I_C sets it, not the history);
and unless the potentiation R0/R rises with R0 and V_C = R I_C (REFERENCE
1.3) stays within 35% of its mean over the three R0 and the LTP state.
"""
import csv
import sys

T_READ0, T_READ1, V_READ = 1.54e-3, 5.04e-3, 0.1
T_PRE, PREP = 3e-3, (0.2e-3, 1.2e-3)


def load(path):
    runs = {}
    with open(path) as f:
        for r in list(csv.reader(f))[1:]:
            runs.setdefault(float(r[0]), []).append([float(x) for x in r[1:]])
    return runs


def at(rows, t):
    return min(rows, key=lambda r: abs(r[0] - t))


def main(out):
    ok = True
    table, after_ltp, gains, vcs = {}, [], [], []
    for name in ("low", "mid", "high"):
        runs = load(f"{out}/syn_{name}.csv")
        curve = []
        for delay, rows in sorted(runs.items()):
            r0 = V_READ / at(rows, T_READ0)[2]
            r = V_READ / at(rows, T_READ1)[2]
            curve.append((delay, r0, r))
        rows = runs[min(runs)]
        ic0 = max(row[1] for row in rows if PREP[0] <= row[0] <= PREP[1])
        r0 = curve[0][1]
        ltp = [c for c in curve if 0 < c[0] < 1e-3]
        fg = [row[1] for row in runs[ltp[0][0]] if abs(row[0] - T_PRE - ltp[0][0]) <= 50e-6]
        ic = max(fg)
        table[name] = curve
        after_ltp.append(ltp[0][2])
        gains.append(ltp[0][1] / ltp[0][2])
        vcs += [r0 * ic0, ltp[0][2] * ic]
        print(f"{name}: R0 = {r0 / 1e3:.1f} kohm (I_C0 = {ic0 * 1e6:.1f} uA), "
              f"after LTP R = {ltp[0][2] / 1e3:.2f} kohm (I_C = {ic * 1e6:.1f} uA)")
        print("  " + "  ".join(f"{d * 1e3:+.2f} ms {a / b:.3f}" for d, a, b in curve))
        for d, a, b in curve:
            g = a / b
            inside = abs(d) < 1e-3
            if inside and d < 0 and not g < 1 or inside and d > 0 and not g > 1:
                print(f"FAIL: {name} at {d * 1e3:+.2f} ms: R0/R = {g:.3f}")
                ok = False
            if not inside and abs(g - 1) >= 0.01:
                print(f"FAIL: {name} changes beyond the window at {d * 1e3:+.2f} ms")
                ok = False
        ltd = [a / b for d, a, b in curve if -1e-3 < d < 0]
        if not all(x > y for x, y in zip(ltd, ltd[1:])):
            print(f"FAIL: {name}: the depression does not deepen towards dt = 0")
            ok = False
    with open(f"{out}/stdp_2t1r.csv", "w") as f:
        f.write("delay,r0_over_r_low,r0_over_r_mid,r0_over_r_high\n")
        for i, (d, _, _) in enumerate(table["low"]):
            f.write(f"{d:.17g}," + ",".join(f"{table[n][i][1] / table[n][i][2]:.17g}"
                                           for n in ("low", "mid", "high")) + "\n")
    spread = (max(after_ltp) - min(after_ltp)) / min(after_ltp)
    print(f"R after LTP spreads {spread:.2%} over the three R0")
    if spread >= 0.01:
        print("FAIL: the state after LTP depends on R0")
        ok = False
    if not all(x > y for x, y in zip(gains, gains[1:])):
        print("FAIL: the potentiation does not rise with R0")
        ok = False
    mean = sum(vcs) / len(vcs)
    print(f"V_C = R I_C: " + ", ".join(f"{v:.2f}" for v in vcs) + f" V (mean {mean:.2f} V)")
    if any(abs(v - mean) > 0.35 * mean for v in vcs):
        print("FAIL: V_C is not near-constant")
        ok = False
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
