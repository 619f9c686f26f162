#!/usr/bin/python3
"""Brian2 reference for test/run/Inputs/brian-lif.nmc (run with Debian's
python3, which has python3-brian).

  brian_lif.py OUT_DIR EDGES_CSV

Feeds the input spikes that nmc recorded (OUT_DIR/inputs.csv, index,t at
the start of the step that emitted them) to a SpikeGeneratorGroup, through
the same synapses (EDGES_CSV: pre,post and, where listed, the weight in mV
and the delay in ms of each; else 6 mV and no delay) into the same neurons, integrated by Brian2's
exponential Euler at the same step, and compares the output spikes with
OUT_DIR/spikes.csv: the same number, neuron by neuron, each nmc time
(interpolated inside its step) within [t_brian, t_brian + dt] of Brian2's
(the start of the step in which the threshold was crossed).
"""
import csv
import sys

import brian2 as b2
from brian_common import fail, replay_inputs


def main(out, edges):
    drive, pairs, edges = replay_inputs(b2, out, edges)
    eqs = """
    dv/dt = (v_rest - v + ge) / tau_m : volt
    dge/dt = -ge / tau_e : volt
    """
    ns = {"tau_m": 10 * b2.ms, "tau_e": 3 * b2.ms, "v_rest": -70 * b2.mV}
    n = b2.NeuronGroup(10, eqs, threshold="v > -55*mV", reset="v = v_rest",
                       method="exponential_euler", namespace=ns)
    n.v = -70 * b2.mV
    syn = b2.Synapses(drive, n, "w : volt", on_pre="ge += w")
    syn.connect(i=[p for p, _ in pairs], j=[q for _, q in pairs])
    syn.w = [r[2] if len(r) > 2 else 6.0 for r in edges] * b2.mV
    syn.delay = [r[3] if len(r) > 3 else 0.0 for r in edges] * b2.ms
    mon = b2.SpikeMonitor(n)
    b2.run(1 * b2.second)
    ref = sorted(zip(mon.i[:], mon.t[:] / b2.second))
    with open(f"{out}/spikes.csv") as f:
        got = sorted((int(r[0]), float(r[1])) for r in list(csv.reader(f))[1:])
    print(f"brian2 {b2.__version__}: {len(ref)} spikes; nmc: {len(got)} spikes")
    if len(ref) != len(got):
        fail("different spike counts")
    dt = 1e-4
    worst = 0.0
    for (i, tb), (j, tn) in zip(ref, got):
        if i != j or not (tb - 1e-9 <= tn <= tb + dt + 1e-9):
            fail(f"neuron {i} at {tb} s in Brian2, neuron {j} at {tn} s in nmc")
        worst = max(worst, tn - tb)
    print(f"every spike in the same step (nmc's interpolated time at most {worst * 1e3:.4f} ms "
          "after the step's start)")
    print("OK")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
