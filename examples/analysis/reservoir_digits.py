#!/usr/bin/env python3
"""Accuracy of the WOx reservoir on scikit-learn's 8 x 8 digits, from
examples/fig17-reservoir-digits.nmc (run with Debian's python3).

  reservoir_digits.py RUN_DIR

Features: per image, the read currents of its 16 fast and 16 slow
devices at the end of their streams (the probe row at 40 ms and at
160 ms). Readout: logistic regression (scikit-learn), trained on a
stratified two thirds of the images and tested on the rest (fixed split).
For scale, the same readout on the fast reservoir alone, and a logistic
regression on the 64 binary pixels the reservoir was fed. Fails unless
the test accuracy reaches 80%.
"""
import csv
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

DEVICES = 16


def row_at(path, t):
    with open(path) as f:
        for r in csv.reader(f):
            if r[0] != "t" and abs(float(r[0]) - t) < 1e-9:
                return np.array([float(x) for x in r[1:]])
    raise SystemExit(f"{path}: no row at t = {t}")


def test_predictions(x, y, split):
    """The readout trained on split[0] and applied to split[1]: its predictions."""
    tr, te = split
    scale = StandardScaler().fit(x[tr])
    clf = LogisticRegression(C=10, max_iter=20000).fit(scale.transform(x[tr]), y[tr])
    return clf.predict(scale.transform(x[te]))


def accuracy(x, y, split):
    return (test_predictions(x, y, split) == y[split[1]]).mean()


def analyse(run):
    """The numbers main() prints and examples/plot/fig17.py draws, from
    RUN_DIR: a dict of images, train and test (counts), reservoir, fast and
    pixels (test accuracies of the 32-device reservoir, the fast one alone
    and the regression on the pixels), and truth and predicted (the test
    images' labels and the 32-device readout's answers)."""
    run = Path(run)
    data = Path(__file__).resolve().parent.parent / "data"
    y = np.loadtxt(data / "digits8x8-labels.csv", dtype=int)
    fast = row_at(run / "fast_states.csv", 0.04).reshape(-1, DEVICES)
    slow = row_at(run / "slow_states.csv", 0.16).reshape(-1, DEVICES)
    rows = [line for line in open(data / "digits8x8.csv") if not line.startswith("#")]
    pixels = np.array([[int(b) for b in r.split(",")] for r in rows]).reshape(-1, 2 * 64)[:, :64]
    split = train_test_split(np.arange(len(y)), test_size=1 / 3, stratify=y, random_state=0)
    predicted = test_predictions(np.hstack([fast, slow]), y, split)
    truth = y[split[1]]
    return {"images": len(y), "train": len(split[0]), "test": len(split[1]),
            "reservoir": (predicted == truth).mean(), "fast": accuracy(fast, y, split),
            "pixels": accuracy(pixels, y, split), "truth": truth, "predicted": predicted}


def main():
    res = analyse(sys.argv[1])
    both = res["reservoir"]
    print(f"{res['images']} images, {res['train']} to train, {res['test']} to test")
    print(f"reservoir, 32 devices per image (16 fast, 16 slow): test accuracy {both * 100:.1f}% "
          f"(paper: 88.1% on MNIST with 88 devices)")
    print(f"fast reservoir alone, 16 devices: {res['fast'] * 100:.1f}%")
    print(f"logistic regression on the 64 binary pixels: {res['pixels'] * 100:.1f}%")
    ok = both >= 0.8
    print("OK" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
