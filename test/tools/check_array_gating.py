#!/usr/bin/env python3
"""Half-select disturb with and without access transistors
(test/run/Inputs/array-1t1r-update.nmc): one outer-product update of 8
slots (20 us each) in which row 0 and column 0 fire, in the V/2 scheme
(rows at +1 V, columns at -1 V). The TaOx/TiO2 cell (1, 0), half-selected
through its column, sees +1 V for 160 us; in a 1R array its state moves
exactly to x = 1 - exp(-k_s sinh(1 V / V_s) 160 us) (REFERENCE.md 2), in a
1T1R array whose unselected word line is held at -1.5 V its transistor
stays off and its state does not move. Read-back g = (G_min + (G_max -
G_min) x) V0 sinh(0.1 V / V0) / 0.1 V (in series with the transistor's
on-resistance in 1T1R).

  check_array_gating.py OUT
"""
import csv
import math
import sys

G_MIN, G_MAX, V0, K_S, V_S = 1e-9, 100e-9, 1.0, 0.5, 0.25


def g_of(x):
    return (G_MIN + (G_MAX - G_MIN) * x) * V0 * math.sinh(0.1 / V0) / 0.1


def cells(out, name):
    with open(f"{out}/{name}.update.csv") as f:
        return {(int(float(r["row"])), int(float(r["col"]))): float(r["g"])
                for r in csv.DictReader(f)}


def main(out):
    x_half = 1 - math.exp(-K_S * math.sinh(1 / V_S) * 160e-6)
    plain, gated = cells(out, "plain"), cells(out, "gated")
    untouched = g_of(0)
    e_plain = abs(plain[1, 0] / g_of(x_half) - 1)
    # A 1T1R read-back includes the transistor's on-resistance: compare with
    # the cell no pulse reached, (1, 1).
    e_gated = abs(gated[1, 0] / gated[1, 1] - 1)
    print(f"1R: the column-half-selected cell moved to g = {plain[1, 0]:.5e} S, "
          f"{e_plain:.1e} from the exact half-select")
    print(f"1T1R: the same cell stayed at {gated[1, 0]:.5e} S, {e_gated:.1e} from the cell no "
          f"pulse reached ({plain[1, 0] / untouched - 1:.3f} in 1R)")
    ok = e_plain < 1e-6 and e_gated < 1e-6 and plain[1, 0] / untouched - 1 > 0.1
    print("OK" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main(sys.argv[1])
