#!/usr/bin/env python3
"""Fig. 11b: LTP and LTD of TaOx/TiO2 under identical, incremental-
amplitude and incremental-width pulses: normalised conductance against
pulse number (40 + 40 pulses), with each curve's non-linearity."""
import numpy as np

from common import args, figure, load, save
from ltp_ltd import LTD_AT, N, PERIOD, SCHEMES
from nonlinearity import nonlinearity

LABELS = {"identical": "identical pulses", "amplitude": "+10 mV per pulse",
          "width": "+1 us per pulse"}
run, out = args()
fig, (ax,) = figure(1, "Fig. 11b: LTP/LTD of TaO$_x$/TiO$_2$ under three pulse schemes")
for scheme in SCHEMES:
    d = load(run, f"{scheme}_trace")  # t, v, i, x every 25 us
    by_t = {round(r[0] / 25e-6): r for r in d}
    g = [by_t[round(t / 25e-6)][2] / by_t[round(t / 25e-6)][1]
         for t in [n * PERIOD + 75e-6 for n in range(N)] + [LTD_AT + n * PERIOD + 75e-6 for n in range(N)]]
    g = np.array(g)
    s = (g - g.min()) / (g.max() - g.min())
    ax.plot(np.arange(1, 2 * N + 1), s, ".-",
            label=f"{LABELS[scheme]} (non-linearity {nonlinearity(list(g[:N])):.3f})")
ax.set_xlabel("pulse number (1-40 LTP, 41-80 LTD)")
ax.set_ylabel("normalised conductance")
ax.legend(loc="lower center")
save(fig, out, "fig11b")
