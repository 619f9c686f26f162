#!/usr/bin/env python3
"""Fig. 4a: ECRAM channel conductance under 50 potentiating and 50
depressing gate pulses (linear and symmetric)."""
import numpy as np

from common import args, figure, load, save

run, out = args()
d = load(run, "trace")  # t, E.G, E.i_d_s, E.i_g_s: one row per gate pulse
g = d[:, 1] * 1e9
n = np.arange(len(g))
fig, (ax,) = figure(1, "Fig. 4a: ECRAM, conductance under gate pulses")
ax.plot(n[:51], g[:51], ".-", label="+1 V gate pulses (potentiation)")
ax.plot(n[50:101], g[50:101], ".-", label="-1 V gate pulses (depression)")
ax.set_xlabel("pulse number")
ax.set_ylabel("channel conductance G (nS)")
ax.legend()
save(fig, out, "fig04a")
