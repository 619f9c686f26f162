#!/usr/bin/env python3
"""Writes the inputs of examples/digits-stdp-crossbar.nmc from scikit-learn's
8 x 8 digits (run with Debian's python3, which has python3-sklearn).

  stdp_digits.py [OUT_DIR]

- digits-stdp.csv: the images in the order the network sees them, one per
  line (64 grey levels, 0 to 16): the 1197 training images (a fixed
  permutation), then the first 600 of them again (labelling, learning
  off), then the 600 held-out test images;
- digits-stdp-labels.csv: their labels, one per line;
- stdp-init-ideal.csv, stdp-init-taox-hfox.csv, stdp-init-taox-tio2.csv:
  the write-verify targets that start each crossbar (64 rows x 100
  columns, siemens): uniform between 2% and 30% of each device's range
  above its G_min, as Diehl and Cook start their weights at random.
"""
import sys
from pathlib import Path

import numpy as np
from sklearn.datasets import load_digits

TRAIN, LABEL = 1197, 600
RANGES = {"ideal": (0.0, 10e-6), "taox-hfox": (1e-6, 10e-6), "taox-tio2": (1e-9, 100e-9)}


def main():
    out = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parent)
    digits = load_digits()
    order = np.random.default_rng(0).permutation(len(digits.target))
    train, test = order[:TRAIN], order[TRAIN:]
    seq = np.concatenate([train, train[:LABEL], test])
    with open(out / "digits-stdp.csv", "w") as f:
        f.write(f"# {TRAIN} training, {LABEL} labelling (training images again), "
                f"{len(test)} test images of scikit-learn's 8x8 digits\n")
        for i in seq:
            f.write(",".join(str(int(x)) for x in digits.data[i]) + "\n")
    (out / "digits-stdp-labels.csv").write_text("\n".join(map(str, digits.target[seq])) + "\n")
    rng = np.random.default_rng(1)
    share = rng.uniform(0.02, 0.30, (64, 100))
    for name, (lo, hi) in RANGES.items():
        np.savetxt(out / f"stdp-init-{name}.csv", lo + share * (hi - lo), delimiter=",",
                   fmt="%.6g")


if __name__ == "__main__":
    main()
