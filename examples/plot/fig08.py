#!/usr/bin/env python3
"""Fig. 8b: a diffusive memristor across a capacitor, a leaky
integrate-and-fire neuron: input pulses, membrane voltage, and the
switch's current spike when it fires."""
from common import args, figure, load, save

run, out = args()
d = load(run, "trace")  # t, inp, m, M.x, M.i
fires = load(run, "fires")[:, 1]
t = d[:, 0] * 1e6
fig, (top, bottom) = figure(2, "Fig. 8: diffusive memristor + capacitor LIF neuron", rows=2,
                            sharex=True, size=(5.6, 4.2))
top.plot(t, d[:, 1], color="C0", label="input pulses")
top.plot(t, d[:, 2], color="C1", label="membrane $v_m$")
top.set_ylabel("voltage (V)")
top.legend(loc="upper right")
bottom.plot(t, d[:, 4] * 1e6, color="C2", label="switch current")
bottom.plot(fires * 1e6, [d[:, 4].max() * 1.05e6] * len(fires), "v", color="k", label="fire")
bottom.set_ylabel("current (uA)")
bottom.set_xlabel("time (us)")
bottom.legend(loc="upper right")
save(fig, out, "fig08")
