#!/usr/bin/env python3
"""Fig. 7c: a PCMO integrate-and-fire neuron under identical pulses: the
current creeps up over four pulses and the fifth fires."""
from common import args, figure, load, save

run, out = args()
d = load(run, "trace")  # t, v, i, x
fires = load(run, "fires")[:, 1]
t = d[:, 0] * 1e6
fig, (top, bottom) = figure(2, "Fig. 7: PCMO integrate-and-fire neuron", rows=2, sharex=True,
                            size=(5.6, 4.2))
top.plot(t, d[:, 1], color="C0")
top.set_ylabel("applied voltage (V)")
bottom.plot(t, d[:, 2] * 1e6, color="C1", label="device current")
peak = d[:, 2].max() * 1e6
bottom.plot(fires * 1e6, [peak * 1.05] * len(fires), "v", color="k", label="fire")
bottom.set_ylabel("current (uA)")
bottom.set_xlabel("time (us)")
bottom.legend(loc="upper left")
save(fig, out, "fig07")
