#!/usr/bin/env python3
"""Fig. 14: paired-pulse facilitation of an Ag2S atomic switch: the PPF
index A2 / A1 against the interval, with 1 + C exp(-dt / tau) fitted as
in ppf.py."""
import numpy as np

from common import args, figure, guide, load, save, sweep

run, out = args()
ppf = []
for dt, rows in sweep(load(run, "epsc")).items():  # t, v, i, n
    a1 = rows[rows[:, 0] < dt - 1e-9, 2].max()
    a2 = rows[rows[:, 0] >= dt - 1e-9, 2].max()
    ppf.append((dt, a2 / a1))
dt, p = np.array(ppf).T
keep = p > 1.001
slope, icpt = np.polyfit(dt[keep], np.log(p[keep] - 1), 1)
x = np.linspace(0, dt.max() * 1.02, 300)
fig, (ax,) = figure(1, "Fig. 14: paired-pulse facilitation, Ag$_2$S atomic switch")
ax.plot(dt, p, "o", color="C0", label="nmc: $A_2 / A_1$")
ax.plot(x, 1 + np.exp(icpt + slope * x), color="C1", lw=1,
        label=f"fit 1 + {np.exp(icpt):.2f} exp(-dt / {-1 / slope:.2f} s)")
guide(ax, y=1)
ax.set_xlabel("pulse interval dt (s)")
ax.set_ylabel("PPF index $A_2 / A_1$")
ax.legend()
save(fig, out, "fig14")
