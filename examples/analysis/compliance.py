#!/usr/bin/env python3
"""Fig. 2a signatures from examples/fig02a-1t1r-compliance.nmc.

  compliance.py OUT_DIR

For each gate voltage (probes iv_low, iv_mid, iv_high: t, te, Cell.v,
Cell.i, Cell.g) it prints the compliance current I_C (the current's plateau
after the set), the set voltage (te where the current first reaches half of
I_C), the LRS resistance read at te = 0.2 V on the way down, V_C = R_LRS I_C,
and the largest reset current. It fails unless I_C grows with the gate,
the LRS conductance grows with I_C, V_C stays within 35% of its mean (the
law R_LRS ~ V_C / I_C of REFERENCE.md 1.3), and every reset current lies
within [0.8, 1.5] I_C.
"""
import csv
import sys


def load(path):
    with open(path) as f:
        rows = list(csv.reader(f))
    return [[float(x) for x in r] for r in rows[1:]]


def main(out):
    results = []
    for name in ("low", "mid", "high"):
        rows = load(f"{out}/iv_{name}.csv")
        t_top = max(rows, key=lambda r: r[1])[0]
        set_branch = [r for r in rows if r[0] <= t_top]
        ic = max(r[3] for r in set_branch)
        v_set = next(r[1] for r in set_branch if r[3] >= ic / 2)
        down = [r for r in rows if t_top < r[0] and r[1] > 0]
        read = min(down, key=lambda r: abs(r[1] - 0.2))
        r_lrs = read[2] / read[3]
        i_reset = max(-r[3] for r in rows if r[1] < 0)
        results.append((name, ic, v_set, r_lrs, r_lrs * ic, i_reset))
        print(f"{name}: I_C = {ic * 1e6:.1f} uA, set at {v_set:.2f} V, R_LRS = {r_lrs / 1e3:.1f} kOhm, "
              f"V_C = {r_lrs * ic:.3f} V, I_reset = {i_reset * 1e6:.1f} uA ({i_reset / ic:.2f} I_C)")
    ok = True
    ics = [r[1] for r in results]
    gs = [1 / r[3] for r in results]
    vcs = [r[4] for r in results]
    mean_vc = sum(vcs) / len(vcs)
    if not (ics[0] < ics[1] < ics[2]):
        print("FAIL: I_C does not grow with the gate voltage")
        ok = False
    if not (gs[0] < gs[1] < gs[2]):
        print("FAIL: the LRS conductance does not grow with I_C")
        ok = False
    if any(abs(v - mean_vc) > 0.35 * mean_vc for v in vcs):
        print(f"FAIL: V_C = R_LRS I_C varies more than 35% around {mean_vc:.3f} V")
        ok = False
    if any(not 0.8 <= r[5] / r[1] <= 1.5 for r in results):
        print("FAIL: a reset current is not close to its I_C")
        ok = False
    print("OK" if ok else "FAILED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main(sys.argv[1])
