#!/usr/bin/env python3
"""Fig. 2b: a volatile Ag/SiO2 cell after its set pulse: applied voltage,
current and filament diameter against time; the filament retracts within
the retention time t_R."""
from common import args, figure, header, load, save

run, out = args()
d = load(run, "retention")
col = {k.split(".")[-1]: j for j, k in enumerate(header(run, "retention"))}
t = d[:, 0] * 1e3
fig, axes = figure(3, "Fig. 2b: volatile Ag/SiO$_2$ RRAM, pulse and retention", sharex=True,
                   size=(5.6, 5.2))
axes[0].plot(t, d[:, col["v"]], color="C0")
axes[0].set_ylabel("voltage (V)")
axes[1].plot(t, d[:, col["i"]] * 1e6, color="C1")
axes[1].set_ylabel("current (uA)")
axes[2].plot(t, d[:, col["phi"]] * 1e9, color="C2")
axes[2].set_ylabel("filament diameter (nm)")
axes[2].set_xlabel("time (ms)")
save(fig, out, "fig02b")
