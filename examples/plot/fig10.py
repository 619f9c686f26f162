#!/usr/bin/env python3
"""Fig. 10c-d: the TaOx dendritic device: its current under a 0-5 V ramp
(NMDA-like), and under weak (2.5 V, filtered) and strong (4 V,
integrated) pulses, drawn while a pulse is applied."""
import numpy as np

from common import args, figure, load, save

run, out = args()
ramp = load(run, "iv")  # t, v, i, w
fig, (left, right) = figure(2, "Fig. 10: TaO$_x$ dendritic device")
on = ramp[:, 1] > 0
left.semilogy(ramp[on, 1], ramp[on, 2], color="C0")
left.set_xlabel("ramp voltage (V)")
left.set_ylabel("current (A)")
left.set_title("0-5 V ramp over 5 ms")
for name, amp, color in (("weak", 2.5, "C1"), ("strong", 4.0, "C2")):
    d = load(run, f"{name}_trace")
    i = np.where(d[:, 1] > 0.5 * amp, d[:, 2], np.nan)  # gaps between pulses: no bias
    right.semilogy(d[:, 0] * 1e3, i, ".-", ms=2, color=color, label=f"{amp:g} V pulses")
right.set_xlim(-0.1, 2.7)
right.set_xlabel("time (ms)")
right.set_ylabel("current during the pulse (A)")
right.set_title("five pulses, 100 us every 500 us")
right.legend(loc="center right")
save(fig, out, "fig10")
