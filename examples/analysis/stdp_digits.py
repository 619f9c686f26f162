#!/usr/bin/env python3
"""Accuracy of the crossbar networks of examples/digits-stdp-crossbar.nmc
(run with Debian's python3, which has numpy).

  stdp_digits.py RUN_DIR

Image k is shown from 0.5 k s, so a spike at t belongs to image
floor(t / 0.5 s). As Diehl and Cook label their neurons: each neuron takes
the digit whose labelling images (the 600 after training, learning off)
made it fire most on average; a test image is classified as the digit
whose neurons fire most on average. Prints, per cell, the spikes per
image, the neurons per digit, the test accuracy and the conductances'
spread; fails unless the ideal cell reaches 80% and every cell beats
chance (10%) by far (40%).
"""
import sys
from pathlib import Path

import numpy as np

TRAIN, LABEL, NEURONS, PERIOD = 1197, 600, 100, 0.5
CELLS = [("ideal", "ideal"), ("taox_hfox", "NeuroSim TaOx/HfOx"), ("taox_tio2", "TaOx/TiO2")]


def responses(run, name, images):
    spikes = np.loadtxt(Path(run) / f"spikes_{name}.csv", delimiter=",", skiprows=1, ndmin=2)
    counts = np.zeros((images, NEURONS))
    if len(spikes):
        np.add.at(counts, (np.floor(spikes[:, 1] / PERIOD + 1e-9).astype(int),
                           spikes[:, 0].astype(int)), 1)
    return counts


def classify(counts, labels):
    """Each neuron's digit, the test accuracy and the confusion matrix."""
    lab, lab_y = counts[TRAIN:TRAIN + LABEL], labels[TRAIN:TRAIN + LABEL]
    test, test_y = counts[TRAIN + LABEL:], labels[TRAIN + LABEL:]
    means = np.array([lab[lab_y == d].mean(0) for d in range(10)])
    assign = means.argmax(0)
    score = np.array([test[:, assign == d].mean(1) if (assign == d).any()
                      else np.full(len(test), -1.0) for d in range(10)])
    pred = score.argmax(0)
    confusion = np.zeros((10, 10), dtype=int)
    np.add.at(confusion, (test_y, pred), 1)
    return assign, (pred == test_y).mean(), confusion


def analyse(run):
    data = Path(__file__).resolve().parent.parent / "data"
    labels = np.loadtxt(data / "digits-stdp-labels.csv", dtype=int)
    out = {}
    for name, title in CELLS:
        counts = responses(run, name, len(labels))
        assign, acc, confusion = classify(counts, labels)
        learn = np.genfromtxt(Path(run) / f"learn_{name}.learn.csv", delimiter=",", names=True)
        out[name] = dict(title=title, counts=counts, assign=assign, accuracy=acc,
                         confusion=confusion, learn=learn)
    return out


def main():
    res = analyse(sys.argv[1])
    ok = True
    for name, r in res.items():
        c, g = r["counts"], r["learn"]["g"]
        print(f"{r['title']}: {c[:TRAIN].sum(1).mean():.1f} spikes per training image, "
              f"{c[TRAIN + LABEL:].sum(1).mean():.1f} per test image; neurons per digit "
              f"{' '.join(map(str, np.bincount(r['assign'], minlength=10)))}")
        print(f"  test accuracy {r['accuracy'] * 100:.1f}% (600 images); "
              f"{int(r['learn']['set'].sum())} SET and {int(r['learn']['reset'].sum())} RESET "
              f"pulses; G from {g.min():.3g} to {g.max():.3g} S")
        ok &= r["accuracy"] > 0.4
    ok &= res["ideal"]["accuracy"] >= 0.8
    print("OK" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
