#!/usr/bin/env python3
"""Fig. 2a: I-V of a 1T1R HfO2 RRAM at three compliance currents (the
nmos gate at 0.7, 0.8, 1.0 V), |I| against the top-electrode voltage."""
import numpy as np

from common import args, figure, load, save

run, out = args()
fig, (ax,) = figure(1, "Fig. 2a: 1T1R HfO$_2$ RRAM, set and reset at three compliance currents")
for name, vg in (("low", 0.7), ("mid", 0.8), ("high", 1.0)):
    d = load(run, f"iv_{name}")  # t, te, Cell.v, Cell.i, Cell.g
    ic = d[d[:, 0] <= d[np.argmax(d[:, 1]), 0], 3].max()
    ax.semilogy(d[:, 1], np.maximum(np.abs(d[:, 3]), 1e-12) * 1e6,
                label=f"$V_G$ = {vg:.1f} V, $I_C$ = {ic * 1e6:.1f} uA")
ax.set_xlabel("top-electrode voltage $V_{TE}$ (V)")
ax.set_ylabel("|cell current| (uA)")
ax.set_ylim(bottom=1e-3)
ax.legend(loc="lower right")
save(fig, out, "fig02a")
