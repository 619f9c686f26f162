#!/usr/bin/env python3
"""Fig. 13e, from a device: the change of a second-order memristor's
state per post-pre-post triplet against the post-synaptic rate, for three
initial states (BCM with a sliding threshold)."""
from common import args, figure, guide, save
from device_bcm import POPULATIONS, read

run, out = args()
fig, (ax,) = figure(1, "Fig. 13e: BCM from a second-order memristor")
for name, w0 in POPULATIONS:
    curve = sorted((1 / (2 * gap), x) for gap, x in read(f"{run}/w_{name}.csv").items())
    ax.plot([c[0] / 1e3 for c in curve], [c[1] for c in curve], "o-", label=f"$w_0$ = {w0}")
guide(ax, y=0)
ax.set_xlabel("post-synaptic rate $\\rho_y$ = 1 / (2 gap) (kHz)")
ax.set_ylabel("$\\Delta w$ per triplet")
ax.legend(loc="upper left")
save(fig, out, "fig13-device")
