#!/usr/bin/env python3
"""Fig. 12b: STDP from overlapping spikes on a TaOx/TiO2 device: the
change of the state beyond what the two spikes do alone, against the
delay t_post - t_pre, with the exact piecewise solution."""
import numpy as np

from common import args, figure, guide, load, save, sweep
from overlap_stdp import exact

run, out = args()
runs = sweep(load(run, "weight"))  # delay -> t, x
dx = {}
for d, rows in runs.items():
    by = {round(t / 10e-6): x for t, x in rows}
    dx[d] = by[59] - by[30]  # 590 us and 300 us, as overlap_stdp.py
base = dx[70e-6]  # the spikes alone, not overlapping
delays = np.array(sorted(d for d in dx if d != 70e-6))
fine = np.arange(-50e-6, 50e-6 + 1e-9, 2e-6)
ref_base = exact(70e-6)
fig, (ax,) = figure(1, "Fig. 12b: STDP from overlapping spikes, TaO$_x$/TiO$_2$")
ax.plot(fine * 1e6, [exact(d) - ref_base for d in fine], color="0.6", lw=1,
        label="exact piecewise solution")
ax.plot(delays * 1e6, [dx[d] - base for d in delays], "o", color="C0", label="nmc")
guide(ax, y=0)
guide(ax, x=0)
ax.set_xlabel("delay $t_{post} - t_{pre}$ (us)")
ax.set_ylabel("change of the state x beyond the spikes alone")
ax.legend()
save(fig, out, "fig12b")
