#!/usr/bin/env python3
"""Fig. 9c: the NbO2 neuristor's spike train under a constant input
current (tonic spiking): the two channel nodes and the spikes."""
from common import args, figure, load, save

run, out = args()
d = load(run, "trace")  # t, n1, n2, M1.T, M1.u, M2.T, M2.u, M1.i
spikes = load(run, "spikes")[:, 1]
t = d[:, 0] * 1e3
fig, (ax,) = figure(1, "Fig. 9: NbO$_2$ neuristor, tonic spiking")
ax.plot(t, d[:, 1], label="$v(n_1)$ (Na$^+$ channel, C1)")
ax.plot(t, d[:, 2], label="$v(n_2)$ (output, C2)")
ax.plot(spikes * 1e3, [d[:, 1:3].max() * 1.1] * len(spikes), "v", color="k",
        label=f"spikes ({len(spikes)})")
ax.set_xlabel("time (ms)")
ax.set_ylabel("node voltage (V)")
ax.set_ylim(top=1.0)
ax.legend(loc="upper center", ncol=3)
save(fig, out, "fig09")
