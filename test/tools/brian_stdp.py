#!/usr/bin/python3
"""Brian2 reference for test/run/Inputs/brian-stdp.nmc (Debian's python3).

  brian_stdp.py OUT_DIR EDGES_CSV

Feeds the input spikes nmc recorded (OUT_DIR/inputs.csv) through the same
synapses (EDGES_CSV, in file order, which is nmc's synapse order) to four
groups of LIF neurons, learning by pair STDP (stdlib PairSTDP), triplet
STDP (TripletSTDP), both at w_max = 0.8, BCM (BCM) and SRDP (SRDP), with
event-driven traces, and compares with nmc: the output spikes step by step, and
every recorded weight (every 10 ms, Brian2's StateMonitor at the start of
the step) within 1e-9 relative.
"""
import sys

import brian2 as b2
from brian_common import fail, read, replay_inputs, same_spikes


PAIR = dict(
    model="""w : 1
    dapre/dt = -apre / (20*ms) : 1 (event-driven)
    dapost/dt = -apost / (20*ms) : 1 (event-driven)""",
    on_pre="""ge += w * 12*mV
    apre += 0.01
    w = clip(w + apost, 0, 0.8)""",
    on_post="""apost += -0.0105
    w = clip(w + apre, 0, 0.8)""")

TRIPLET = dict(
    model="""w : 1
    dr1/dt = -r1 / (16.8*ms) : 1 (event-driven)
    dr2/dt = -r2 / (101*ms) : 1 (event-driven)
    do1/dt = -o1 / (33.7*ms) : 1 (event-driven)
    do2/dt = -o2 / (125*ms) : 1 (event-driven)""",
    on_pre="""ge += w * 12*mV
    w = clip(w - o1 * (0.007 + 0.00023 * r2), 0, 0.8)
    r1 += 1
    r2 += 1""",
    on_post="""w = clip(w + r1 * (0.005 + 0.0062 * o2), 0, 0.8)
    o1 += 1
    o2 += 1""")


BCM = dict(
    model="""w : 1
    dx/dt = -x / (50*ms) : Hz (event-driven)
    dy/dt = -y / (50*ms) : Hz (event-driven)
    dybar/dt = -ybar / (500*ms) : Hz (event-driven)""",
    on_pre="""ge += w * 12*mV
    x += 1 / (50*ms)""",
    on_post="""w = clip(w + 0.005 * (x / (10*Hz)) * (y - ybar * ybar / (10*Hz)) / (10*Hz), 0, 1)
    y += 1 / (50*ms)
    ybar += 1 / (500*ms)""")

SRDP = dict(
    model="""w : 1
    dx/dt = -x / (100*ms) : Hz (event-driven)""",
    on_pre="""ge += w * 12*mV
    w = clip(w + 0.005 * (x - 60*Hz) / (60*Hz), 0, 1)
    x += 1 / (100*ms)""")

RULES = (("pair", PAIR), ("triplet", TRIPLET), ("bcm", BCM), ("srdp", SRDP))


def main(out, edges):
    drive, pairs, _ = replay_inputs(b2, out, edges)
    eqs = """
    dv/dt = (-70*mV - v + ge) / (10*ms) : volt
    dge/dt = -ge / (3*ms) : volt
    """
    groups, syns, spikes, weights = {}, {}, {}, {}
    for name, rule in RULES:
        g = b2.NeuronGroup(10, eqs, threshold="v > -55*mV", reset="v = -70*mV",
                           method="exponential_euler", name=name)
        g.v = -70 * b2.mV
        s = b2.Synapses(drive, g, name=name + "_syn", **rule)
        s.connect(i=[p for p, _ in pairs], j=[q for _, q in pairs])
        s.w = 0.5
        if name == "bcm":
            s.ybar = 10 * b2.Hz
        groups[name], syns[name] = g, s
        spikes[name] = b2.SpikeMonitor(g)
        weights[name] = b2.StateMonitor(s, "w", record=True, dt=10 * b2.ms)
    net = b2.Network(drive, *groups.values(), *syns.values(), *spikes.values(),
                     *weights.values())
    net.run(2 * b2.second)
    print(f"brian2 {b2.__version__}")
    for name, _ in RULES:
        count = same_spikes(spikes[name], f"{out}/{name}_spikes.csv", b2.second, what=f"{name}: ")
        mine = read(f"{out}/{name}_w.csv")
        theirs = weights[name].w  # [synapse][sample]
        worst, moved = 0.0, 0
        for k, row in enumerate(mine[:-1]):  # Brian2 records 0 .. 1.99 s
            for s, w in enumerate(row[1:]):
                b = float(theirs[s][k])
                worst = max(worst, abs(w - b) / max(abs(b), 1e-12))
        for s, w in enumerate(mine[-1][1:]):
            moved += abs(w - 0.5) > 1e-3
        print(f"{name}: {count} spikes, the same steps; {len(mine) - 1} samples of "
              f"{len(mine[0]) - 1} weights ({moved} moved), worst relative difference {worst:.1e}")
        if worst > 1e-9:
            fail(f"{name}: weights differ from Brian2's")
    print("OK")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
