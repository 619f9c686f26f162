#!/usr/bin/env python3
"""test/run/Inputs/circuit-source.nmc: every oscillator spike (fired.csv)
is followed by a spike of the same relay neuron (relayed.csv) in the next
step, and nothing else: a spike reported in step n reaches its target in
step n's delivery phase, which the neuron sees when it updates in step
n + 1 (10 us steps)."""
import csv
import sys


def read(path):
    with open(path) as f:
        return [(int(r[0]), float(r[1])) for r in list(csv.reader(f))[1:]]


def main(out):
    dt = 10e-6
    fired, relayed = read(f"{out}/fired.csv"), read(f"{out}/relayed.csv")
    # A crossing lies inside its step; a relay's spike is at a step's start.
    inside = sorted((i, int(t / dt - 1e-9)) for i, t in fired)
    starts = sorted((i, round(t / dt)) for i, t in relayed)
    want = [(i, n + 1) for i, n in inside]
    if not fired or want != starts:
        print(f"FAIL: fired in steps {inside[:5]}..., relayed at {starts[:5]}...")
        sys.exit(1)
    print(f"{len(fired)} oscillator spikes, each relayed one step later")
    print("OK")


if __name__ == "__main__":
    main(sys.argv[1])
