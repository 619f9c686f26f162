#!/usr/bin/env python3
"""Section 6: IR drop in a 128 x 128 crossbar read at 0.1 V through 1 ohm
wire segments: the cells' voltages, and each column's current below the
ideal crossbar's for the full array, a 32 x 32 tile and 90% sparsity."""
import numpy as np

from common import args, figure, load, save

N = 128
run, out = args()
full = load(run, "full_read")[0]  # t, i[N], ideal[N], drop, v[N * N]
fig, (left, right) = figure(2, "Section 6: IR drop in a crossbar (1 ohm wires, 100 uS cells)",
                            size=(7.4, 3.4))
im = left.imshow(full[2 + 2 * N:].reshape(N, N) * 1e3, cmap="viridis", origin="upper")
left.set_xlabel("column (sensed at the bottom)")
left.set_ylabel("row (driven at the left)")
left.set_title("cell voltage, full array")
left.grid(False)
fig.colorbar(im, ax=left, label="cell voltage (mV)")
for name, n, label in (("full", N, "128 x 128"), ("tile", 32, "32 x 32 tile"),
                       ("sparse", N, "128 x 128, 90% off")):
    row = load(run, f"{name}_read")[0]
    i, ideal = row[1:1 + n], row[1 + n:1 + 2 * n]
    ok = ideal > 0
    right.plot(np.arange(n)[ok], (1 - i[ok] / ideal[ok]) * 100, label=label)
right.set_xlabel("column")
right.set_ylabel("column current below ideal (%)")
right.set_title("column-current error")
right.legend()
save(fig, out, "sec6")
