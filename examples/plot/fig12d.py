#!/usr/bin/env python3
"""Fig. 12d: STDP in a 2T1R synapse: R0/R against the delay for three
initial resistances R0 (set at I_C = 35, 62, 96 uA)."""
import numpy as np

from common import args, figure, guide, save
from twot1r_stdp import T_READ0, T_READ1, V_READ, at, load

run, out = args()
fig, (ax,) = figure(1, "Fig. 12d: STDP in a 2T1R HfO$_2$ synapse")
for name in ("low", "mid", "high"):
    runs = load(f"{run}/syn_{name}.csv")  # delay -> [t, Cell.i, Vout.i]
    curve = [(d, V_READ / at(rows, T_READ0)[2], V_READ / at(rows, T_READ1)[2])
             for d, rows in sorted(runs.items())]
    d, r0, r = (np.array(c) for c in zip(*curve))
    ax.semilogy(d * 1e3, r0 / r, "o-", label=f"$R_0$ = {r0[0] / 1e3:.1f} kohm")
guide(ax, y=1)
guide(ax, x=0)
ax.set_xlabel("delay $t_{post} - t_{pre}$ (ms)")
ax.set_ylabel("$R_0 / R$")
ax.legend(loc="upper left")
save(fig, out, "fig12d")
