#!/usr/bin/env python3
"""Fig. 13 (abstract rule): triplet STDP between Poisson trains as a BCM
rule: mean dw/dt against the post-synaptic rate, with the rate formula."""
import numpy as np

from common import args, figure, guide, load, save, sweep
from bcm import formula  # after common, which makes examples/analysis importable

run, out = args()
curve = []
for rate, rows in sweep(load(run, "weights")).items():  # t, w[0..199]
    curve.append((rate, (rows[-1, 1:].mean() - rows[0, 1:].mean()) / (rows[-1, 0] - rows[0, 0])))
r, s = np.array(curve).T
fine = np.linspace(0, r.max() * 1.05, 200)
fig, (ax,) = figure(1, "Fig. 13: triplet STDP as a BCM rule (pre at 10 Hz)")
ax.plot(fine, formula(fine) * 1e3, color="0.6", lw=1, label="rate formula")
ax.plot(r, s * 1e3, "o", color="C0", label="nmc, mean of 200 synapses")
guide(ax, y=0)
ax.set_xlabel("post-synaptic rate $\\rho_y$ (Hz)")
ax.set_ylabel("$\\langle dw/dt \\rangle$ (10$^{-3}$ / s)")
ax.legend()
save(fig, out, "fig13")
