#!/usr/bin/env python3
"""Fig. 8b: a diffusive memristor across a capacitor, a leaky
integrate-and-fire neuron: input pulses, membrane voltage, and the
switch's current spike when it fires, the fires told from the partial
switchings as the analysis tells them."""
import csv

from common import args, figure, load, save
from pulses_to_fire import fires_and_partial

run, out = args()
d = load(run, "trace")  # t, inp, m, M.x, M.i
fires = load(run, "fires")[:, 1]
with open(f"{run}/trace.csv") as f:
    rows = [[float(x) for x in r] for r in list(csv.reader(f))[1:]]
fires, partial = fires_and_partial(list(fires), rows)
t = d[:, 0] * 1e6
fig, (top, bottom) = figure(2, "Fig. 8: diffusive memristor + capacitor LIF neuron", rows=2,
                            sharex=True, size=(5.6, 4.2))
top.plot(t, d[:, 1], color="C0", label="input pulses")
top.plot(t, d[:, 2], color="C1", label="membrane $v_m$")
top.set_ylabel("voltage (V)")
top.legend(loc="upper right")
bottom.plot(t, d[:, 4] * 1e6, color="C2", label="switch current")
top_mark = d[:, 4].max() * 1.05e6
bottom.plot([t * 1e6 for t, _ in fires], [top_mark] * len(fires), "v", color="k", label="fire")
bottom.plot([t * 1e6 for t, _ in partial], [top_mark] * len(partial), "v", color="0.6",
            label="partial switching")
bottom.set_ylabel("current (uA)")
bottom.set_xlabel("time (us)")
bottom.legend(loc="upper right")
save(fig, out, "fig08")
