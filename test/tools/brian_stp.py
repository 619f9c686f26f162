#!/usr/bin/python3
"""Brian2 reference for test/run/Inputs/brian-stp.nmc (Debian's python3).

  brian_stp.py OUT_DIR EDGES_CSV

Feeds the input spikes nmc recorded through the same synapses to the same
neurons with Tsodyks-Markram short-term plasticity (U = 0.3, tau_f =
600 ms, tau_d = 150 ms; on a spike: u += U (1 - u), r = u x, x -= r,
ge += w r 40 mV), and compares the output spikes step by step and the
recorded ge (every 1 ms) within 1e-9 relative (or 1e-15 V absolute).
"""
import sys

import brian2 as b2
from brian_common import fail, read, replay_inputs, same_spikes


def main(out, edges):
    drive, pairs, _ = replay_inputs(b2, out, edges)
    n = b2.NeuronGroup(10, """
    dv/dt = (-70*mV - v + ge) / (10*ms) : volt
    dge/dt = -ge / (3*ms) : volt
    """, threshold="v > -55*mV", reset="v = -70*mV", method="exponential_euler")
    n.v = -70 * b2.mV
    s = b2.Synapses(drive, n, model="""w : 1
    du/dt = (0.3 - u) / (600*ms) : 1 (event-driven)
    dx/dt = (1 - x) / (150*ms) : 1 (event-driven)
    r : 1""", on_pre="""u += 0.3 * (1 - u)
    r = u * x
    x -= r
    ge += w * r * 40*mV""")
    s.connect(i=[p for p, _ in pairs], j=[q for _, q in pairs])
    s.w, s.u, s.x, s.r = 1, 0.3, 1, 0
    spikes = b2.SpikeMonitor(n)
    g = b2.StateMonitor(n, "ge", record=True, dt=1 * b2.ms)
    b2.run(1 * b2.second)
    print(f"brian2 {b2.__version__}")
    count = same_spikes(spikes, f"{out}/spikes.csv", b2.second)
    mine = read(f"{out}/g.csv")
    worst = 0.0
    for k, row in enumerate(mine[:-1]):
        for e, v in enumerate(row[1:]):
            b = float(g.ge[e][k] / b2.volt)
            worst = max(worst, abs(v - b) / max(abs(b), 1e-6))
    print(f"{count} spikes, the same steps; ge at {len(mine) - 1} samples of 10 neurons, "
          f"worst relative difference {worst:.1e}")
    if worst > 1e-9:
        fail("ge differs from Brian2's")
    print("OK")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
