#!/usr/bin/env python3
"""Fig. 17: reservoir computing with WOx memristors (Du et al. 2017).

  fig17.py RUN_DIR OUT_DIR [DIGITS_RUN_DIR]

RUN_DIR: a run of examples/fig17-reservoir.nmc; DIGITS_RUN_DIR: one of
examples/fig17-reservoir-digits.nmc. (a) digit 2's five rows as pulse
trains (from examples/data/digits5x4.csv) and the read current of their
five devices (the probe `trace`), which steps up at each pulse and decays
between them; (b) the five final read currents of each clean digit, the
features the readout sees; (c) accuracy against the pixel-flip
probability, as examples/analysis/reservoir.py computes it (analyse());
(d) with DIGITS_RUN_DIR, the confusion matrix of the 32-device readout on
the held-out scikit-learn 8 x 8 digits, as reservoir_digits.py computes
it (analyse()).
"""
import json
import os
import sys

import numpy as np

from common import guide, load, plt, save
import reservoir  # after common, which makes examples/analysis importable
import reservoir_digits

DIGIT = 2          # the digit the probe `trace` records (elements 10 to 14)
WIDTH = 0.5e-3     # the pulse's width in the model (s)

if len(sys.argv) not in (3, 4):
    sys.exit("usage: fig17.py RUN_DIR OUT_DIR [DIGITS_RUN_DIR]")
run, out = sys.argv[1], sys.argv[2]
digits_run = sys.argv[3] if len(sys.argv) == 4 else None

states, pixels = reservoir.load(run, reservoir.DIGITS_CSV)
res = reservoir.analyse(states, pixels)
with open(os.path.join(run, "run.json")) as f:
    slot = json.load(f)["params"]["slot"]["value"]
rows = pixels[DIGIT].reshape(reservoir.ROWS, -1)
trace = load(run, "trace")  # t, then I_read and w of each device
t_ms = trace[:, 0] * 1e3

fig = plt.figure(figsize=(9.6, 7.4) if digits_run else (9.6, 6.8))
fig.suptitle("Fig. 17: reservoir computing with WOx memristors", fontsize=9.5)
grid = fig.add_gridspec(2, 2, height_ratios=[1.05, 1.0])
stream = grid[0, 0].subgridspec(2, 1, height_ratios=[1.0, 2.0], hspace=0.08)
pulses = fig.add_subplot(stream[0])
current = fig.add_subplot(stream[1], sharex=pulses)
image = fig.add_subplot(grid[0, 1])
noise = fig.add_subplot(grid[1, 0] if digits_run else grid[1, :])

# (a) the stream: each row's train, and its device's read current.
names = ["".join(map(str, r)) for r in rows]
for r, bits in enumerate(rows):
    t, v = [0.0], [0.0]
    for k, b in enumerate(bits):
        if b:
            t += [k * slot, k * slot, k * slot + WIDTH, k * slot + WIDTH]
            v += [0, 1, 1, 0]
    t.append(len(bits) * slot)
    v.append(0)
    y0 = (reservoir.ROWS - 1 - r) * 1.4
    pulses.plot(np.array(t) * 1e3, y0 + np.array(v), color=f"C{r}", lw=1)
    current.plot(t_ms, trace[:, 1 + 2 * r] * 1e9, color=f"C{r}",
                 label=f"row {r}: {names[r]} ({trace[-1, 1 + 2 * r] * 1e9:.1f} nA)")
pulses.set_yticks([(reservoir.ROWS - 1 - r) * 1.4 + 0.5 for r in range(reservoir.ROWS)])
pulses.set_yticklabels([f"row {r}" for r in range(reservoir.ROWS)])
pulses.grid(False)
pulses.tick_params(labelbottom=False)
pulses.set_title(f"(a) digit {DIGIT}: each row is a 1.5 V, {WIDTH * 1e3:g} ms pulse per "
                 f"black pixel, {slot * 1e3:g} ms slots")
for k in range(1, rows.shape[1]):
    guide(pulses, x=k * slot * 1e3, lw=0.5, ls=":")
guide(current, x=rows.shape[1] * slot * 1e3)
current.set_xlabel("time (ms)")
current.set_ylabel("read current at 0.1 V (nA)")
current.legend(loc="upper left", ncol=2, fontsize=6.5)

# (b) the ten clean digits' final states: the readout's features.
clean = states[:10] * 1e9
im = image.imshow(clean, cmap="viridis", aspect="auto")
for d in range(10):
    for r in range(reservoir.ROWS):
        image.text(r, d, f"{clean[d, r]:.0f}", ha="center", va="center", fontsize=6.5,
                   color="white" if clean[d, r] < clean.mean() else "black")
image.set_xticks(range(reservoir.ROWS))
image.set_xticklabels([f"row {r}" for r in range(reservoir.ROWS)])
image.set_yticks(range(10))
image.set_ylabel("digit")
image.grid(False)
image.set_title(f"(b) final read currents (nA); readout: {res['hits']}/10 clean digits")
fig.colorbar(im, ax=image, label="read current (nA)")

# (c) accuracy under pixel flips.
p = np.array([n[0] for n in res["noise"]]) * 100
acc, noisy, raw = (np.array([n[i] for n in res["noise"]]) * 100 for i in (1, 2, 3))
noise.plot(np.r_[0, p], np.r_[res["hits"] * 10, acc], "o-", color="C0",
           label="reservoir, readout of the ten clean digits")
noise.plot(p, noisy, "s-", color="C1", label="reservoir, readout trained on noisy copies")
noise.plot(p, raw, "^--", color="C2", label="logistic regression on the 20 raw pixels")
guide(noise, y=10)
noise.set_xlabel("pixel-flip probability (%)")
noise.set_ylabel("accuracy (%)")
noise.set_ylim(0, 105)
noise.set_xticks(np.r_[0, p])
noise.set_title("(c) 5 x 4 digits under noise (chance: 10%)")
noise.legend(loc="lower left", bbox_to_anchor=(0, 0.1))

# (d) the 8 x 8 digits' confusion matrix.
if digits_run:
    dig = reservoir_digits.analyse(digits_run)
    matrix = np.zeros((10, 10), dtype=int)
    np.add.at(matrix, (dig["truth"], dig["predicted"]), 1)
    conf = fig.add_subplot(grid[1, 1])
    conf.imshow(matrix, cmap="Blues")
    for i in range(10):
        for j in range(10):
            if matrix[i, j]:
                conf.text(j, i, str(matrix[i, j]), ha="center", va="center", fontsize=6.5,
                          color="white" if matrix[i, j] > matrix.max() / 2 else "black")
    conf.set_xticks(range(10))
    conf.set_yticks(range(10))
    conf.set_xlabel("predicted digit")
    conf.set_ylabel("true digit")
    conf.grid(False)
    conf.set_title(f"(d) 8 x 8 digits, 32 devices each: {dig['reservoir'] * 100:.1f}% of "
                   f"{dig['test']} test images\n(fast reservoir alone {dig['fast'] * 100:.1f}%, "
                   f"regression on the 64 pixels {dig['pixels'] * 100:.1f}%)")
save(fig, out, "fig17")
