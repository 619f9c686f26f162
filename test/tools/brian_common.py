"""Shared by the Brian2 reference scripts (brian_lif.py, brian_stdp.py,
brian_stp.py): reading nmc's CSV output, replaying its input spikes and
comparing spike trains."""
import csv
import sys


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def read(path):
    """The rows of an nmc CSV file as floats, header dropped."""
    with open(path) as f:
        return [[float(x) for x in r] for r in list(csv.reader(f))[1:]]


def same_spikes(monitor, path, second, dt=1e-4, what=""):
    """Brian2's SpikeMonitor against nmc's spike file: the same neurons in
    the same steps, each nmc time (interpolated inside its step) within
    [t_brian, t_brian + dt] of Brian2's (the start of the step). Returns the
    number of spikes, or fails."""
    ref = sorted(zip(monitor.i[:], monitor.t[:] / second))
    got = sorted((int(i), t) for i, t in read(path))
    if len(ref) != len(got):
        fail(f"{what}{len(ref)} spikes in Brian2, {len(got)} in nmc")
    for (i, tb), (j, tn) in zip(ref, got):
        if i != j or not (tb - 1e-9 <= tn <= tb + dt + 1e-9):
            fail(f"{what}neuron {i} at {tb} s in Brian2, neuron {j} at {tn} s in nmc")
    return len(got)


def replay_inputs(b2, out, edges):
    """Brian2 set up as nmc runs (numpy target: no compiler run, 0.1 ms
    steps) and a SpikeGeneratorGroup of the 20 inputs nmc recorded
    (OUT/inputs.csv). Returns it and the (pre, post) pairs of EDGES, in
    file order, with any further columns (weight, delay) as rows."""
    b2.prefs.codegen.target = "numpy"
    b2.defaultclock.dt = 0.1 * b2.ms
    rows = read(f"{out}/inputs.csv")
    drive = b2.SpikeGeneratorGroup(20, [int(i) for i, _ in rows], [t for _, t in rows] * b2.second)
    edges = read(edges)
    return drive, [(int(r[0]), int(r[1])) for r in edges], edges
