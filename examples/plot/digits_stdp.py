#!/usr/bin/env python3
"""Unsupervised STDP learning of digits in three crossbars
(examples/digits-stdp-crossbar.nmc), as Diehl and Cook (2015) draw it.

  digits_stdp.py RUN_DIR OUT_DIR

Top row: the 64 x 100 conductances each crossbar learned, every column
drawn as its neuron's 8 x 8 receptive field (10 x 10 tiles, scaled to the
device's range), with the test accuracy as examples/analysis/
stdp_digits.py computes it (analyse()). Bottom row: each network's
confusion matrix on the 600 test images.
"""
import sys

import numpy as np

from common import plt, save
import stdp_digits  # after common, which makes examples/analysis importable

RANGES = {"ideal": (0.0, 10e-6), "taox_hfox": (1e-6, 10e-6), "taox_tio2": (1e-9, 100e-9)}


def tiles(learn, lo, hi):
    g = np.zeros((64, 100))
    g[learn["row"].astype(int), learn["col"].astype(int)] = learn["g"]
    img = np.zeros((10 * 9 - 1, 10 * 9 - 1))
    for j in range(100):
        r, c = divmod(j, 10)
        img[r * 9:r * 9 + 8, c * 9:c * 9 + 8] = (g[:, j].reshape(8, 8) - lo) / (hi - lo)
    return img


def main(run, out):
    res = stdp_digits.analyse(run)
    fig, axes = plt.subplots(2, 3, figsize=(10.5, 7.2))
    fig.suptitle("Unsupervised STDP in 64 x 100 crossbars (Diehl and Cook 2015, Querlioz et "
                 "al. 2013 pulses), scikit-learn 8 x 8 digits", fontsize=9.5)
    for k, (name, r) in enumerate(res.items()):
        top, bottom = axes[0][k], axes[1][k]
        top.imshow(tiles(r["learn"], *RANGES[name]), cmap="hot", vmin=0, vmax=1)
        top.set_title(f"{r['title']}: {r['accuracy'] * 100:.1f}% on 600 test images",
                      fontsize=8.5)
        top.set_xticks([]), top.set_yticks([])
        conf = r["confusion"]
        bottom.imshow(conf, cmap="Blues")
        for (i, j), v in np.ndenumerate(conf):
            if v:
                bottom.text(j, i, str(v), ha="center", va="center", fontsize=6,
                            color="white" if v > conf.max() / 2 else "black")
        bottom.set_xticks(range(10)), bottom.set_yticks(range(10))
        bottom.set_xlabel("predicted digit", fontsize=8)
        bottom.set_ylabel("true digit", fontsize=8)
    save(fig, out, "digits_stdp")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
