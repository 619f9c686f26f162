"""Shared by the Brian2 reference scripts (brian_lif.py, brian_stdp.py,
brian_stp.py): reading nmc's CSV output and comparing spike trains."""
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
