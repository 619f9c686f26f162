#!/usr/bin/env python3
"""Fig. 3c: uniform (gradual) switching of TaOx/TiO2: the conductance
read at 0.1 V after each of 20 set and 20 reset pulses."""
import numpy as np

from common import args, figure, load, save

PULSES, PERIOD, RESET_AT = 20, 100e-6, 2e-3  # examples/analysis/gradual.py
run, out = args()
d = load(run, "trace")  # t, v, i, x


def g_at(t):
    r = d[np.argmin(np.abs(d[:, 0] - t))]
    return r[2] / r[1] * 1e9


n = np.arange(1, PULSES + 1)
fig, (ax,) = figure(1, "Fig. 3c: gradual set and reset of a TaO$_x$/TiO$_2$ cell")
ax.plot(n, [g_at(k * PERIOD + PERIOD / 2) for k in range(PULSES)], "o-", label="set pulses")
ax.plot(n + PULSES, [g_at(RESET_AT + k * PERIOD + PERIOD / 2) for k in range(PULSES)], "s-",
        label="reset pulses")
ax.set_xlabel("pulse number")
ax.set_ylabel("conductance read at 0.1 V (nS)")
ax.legend()
save(fig, out, "fig03c")
