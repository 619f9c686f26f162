#!/usr/bin/env python3
"""Fig. 16: direction selectivity with volatile switches. (a, b) cell 0's
excitatory (bipolar) and inhibitory (amacrine) currents and the EPSC for
the preferred (0 deg) and null (180 deg) directions, from the probed
device currents; (c) histograms of the largest EPSC of the 100 cells for
both directions, with the threshold theta of direction.py; (d) the mean
largest EPSC (and its spread) against the direction of motion."""
import math

import numpy as np

from common import args, figure, guide, save
from direction import nearest, peaks, traces

run, out = args()
result, _, _ = peaks(run)
curves = traces(run)
angles = sorted(result)
pref, null = nearest(angles, 0.0), nearest(angles, math.pi)
ua = 1e6

fig, axes = figure(4, "Fig. 16: direction selectivity, volatile RRAM", rows=2, size=(7.2, 5.6))
for ax, angle, name in ((axes[0], pref, "preferred"), (axes[1], null, "null")):
    t, ib, ia = (np.array(x) for x in curves[angle])
    ax.plot(t * 1e3, ib * ua, color="C2", lw=1, label="excitatory (bipolar)")
    ax.plot(t * 1e3, -ia * ua, color="C3", lw=1, label="inhibitory (amacrine)")
    ax.plot(t * 1e3, (ib + ia) * ua, color="C0", label="EPSC = exc - inh")
    guide(ax, y=0)
    ax.set_title(f"({'ab'[name == 'null']}) {name} direction ({math.degrees(angle):.0f} deg), cell 0")
    ax.set_xlabel("time (ms)")
    ax.set_ylabel("current (uA)")
axes[0].legend(loc="upper right")

hi_p = np.array([h for h, _ in result[pref]]) * ua
hi_n = np.array([h for h, _ in result[null]]) * ua
theta = (hi_p.mean() + hi_n.mean()) / 2
edges = np.arange(0, max(hi_p.max(), hi_n.max()) + 0.5, 0.5)
ax = axes[2]
for data, color, label in ((hi_p, "C0", "preferred"), (hi_n, "C1", "null")):
    counts, _ = np.histogram(data, edges)
    ax.fill_between(edges, np.append(counts, 0), step="post", color=color, alpha=0.6,
                    label=f"{label} ({len(data)} cells)")
guide(ax, x=theta, color="k")
ax.text(theta, ax.get_ylim()[1] * 0.92, f" theta = {theta:.2f} uA", fontsize=7.5)
ax.set_title("(c) largest EPSC per cell")
ax.set_xlabel("largest EPSC (uA)")
ax.set_ylabel("cells")
ax.legend(loc="center right")

axes[3].remove()
ax = fig.add_subplot(2, 2, 4, projection="polar")
mean = np.array([np.mean([h for h, _ in result[a]]) for a in angles]) * ua
sd = np.array([np.std([h for h, _ in result[a]], ddof=1) for a in angles]) * ua
a = np.append(angles, angles[0])
m = np.append(mean, mean[0])
s = np.append(sd, sd[0])
ax.fill_between(a, np.maximum(m - s, 0), m + s, color="C0", alpha=0.25)
ax.plot(a, m, "o-", color="C0")
ax.plot(np.linspace(0, 2 * np.pi, 181), np.full(181, theta), color="0.5", lw=0.7, ls="--",
        gid="guide")
ax.set_title("(d) mean largest EPSC (uA) against direction\n(band: +- sd; dashed: theta)", pad=14)
ax.tick_params(labelsize=7)
save(fig, out, "fig16")
