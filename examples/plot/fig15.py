#!/usr/bin/env python3
"""Fig. 15c: short-term to long-term memory in an Ag2S atomic switch: the
conductance under 12 pulses every 2 s and every 20 s, and the share of
the gain kept 60 s after the last pulse against the number of pulses."""
import numpy as np

from common import args, figure, load, save, sweep
from stm_ltm import G_OFF

run, out = args()
fig, (left, right) = figure(2, "Fig. 15: STM to LTM, Ag$_2$S atomic switch")
for name, period, color in (("frequent", 2.0, "C0"), ("rare", 20.0, "C1")):
    runs = sweep(load(run, f"{name}_trace"))  # pulses -> t, v, i, n
    rows = runs[max(runs)]
    left.semilogy(rows[:, 0], rows[:, 2] / rows[:, 1] * 1e6, color=color,
                  label=f"{int(max(runs))} pulses every {period:g} s")
    share = []
    for count, rows in runs.items():
        g = rows[:, 2] / rows[:, 1]
        last = (count - 1) * period
        ga = g[np.argmin(np.abs(rows[:, 0] - last - 0.1))]
        gb = g[np.argmin(np.abs(rows[:, 0] - last - 60))]
        share.append((count, (gb - G_OFF) / (ga - G_OFF) * 100))
    c, s = np.array(share).T
    right.plot(c, s, "o-", color=color, label=f"every {period:g} s")
left.set_xlabel("time (s)")
left.set_ylabel("conductance read at 1 mV (uS)")
left.legend(loc="center right")
right.set_xlabel("number of pulses")
right.set_ylabel("gain retained 60 s later (%)")
right.legend()
save(fig, out, "fig15")
