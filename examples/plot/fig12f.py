#!/usr/bin/env python3
"""Fig. 12f: STDP without overlap in a second-order memristor: dw against
the delay, with an exponential fitted on each side (as stdp_curve.py)."""
import numpy as np

from common import args, figure, guide, load, save, sweep

run, out = args()
dw = {d: rows[-1, 1] - rows[0, 1] for d, rows in sweep(load(run, "weight")).items()}  # t, w, T
d = np.array(sorted(dw))
w = np.array([dw[x] for x in d])
fig, (ax,) = figure(1, "Fig. 12f: STDP without overlap, second-order memristor")
ax.plot(d * 1e6, w, "o", color="C0", label="nmc")
for sign, color, name in ((1, "C1", "LTP"), (-1, "C2", "LTD")):
    near = (sign * d > 0) & (sign * d <= 60e-6)
    slope, icpt = np.polyfit(np.abs(d[near]), np.log(np.abs(w[near])), 1)
    x = np.linspace(np.abs(d[near]).min() - 5e-6, 100e-6, 200)  # not beyond the data
    ax.plot(sign * x * 1e6, sign * np.exp(icpt + slope * x), color=color, lw=1,
            label=f"{name}: {np.exp(icpt):.3g} exp(-|delay| / {-1e6 / slope:.1f} us)")
guide(ax, y=0)
guide(ax, x=0)
ax.set_xlabel("delay $t_{post} - t_{pre}$ (us)")
ax.set_ylabel("change of the state $\\Delta w$")
ax.legend(loc="upper left")
save(fig, out, "fig12f")
