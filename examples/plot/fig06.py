#!/usr/bin/env python3
"""Fig. 6: a crosspoint array computes I_j = sum_i G_ij V_i (Eq. 2).

  fig06.py RUN_DIR OUT_DIR

(a) the 16 x 8 conductances; (b) the first input vector (row voltages);
(c) each column's current for that vector: the ideal array, the product
computed directly, and the array through 1 ohm wires.
"""
import numpy as np

from common import args, figure, load, save
import mvm  # after common, which makes examples/analysis importable

run, out = args()
g = np.array(mvm.rows(mvm.Path(mvm.__file__).resolve().parent.parent / "data" / "fig06-g.csv"))
v = np.array(mvm.rows(mvm.Path(mvm.__file__).resolve().parent.parent / "data" / "fig06-v.csv"))
want = np.array(mvm.product())
ideal, wired = load(run, "ideal_read"), load(run, "wired_read")
fig, (a, b, c) = figure(3, "Fig. 6: matrix-vector multiplication in a crosspoint array", rows=1,
                        size=(10.5, 3.4))
im = a.imshow(g * 1e6, cmap="viridis", aspect="auto")
fig.colorbar(im, ax=a, label="G (uS)")
a.set_xlabel("column j (sensed)")
a.set_ylabel("row i (driven)")
a.set_title("conductances G_ij", fontsize=9)
b.barh(range(16), v[0] * mvm.READ * 1e3, color="C1")
b.invert_yaxis()
b.set_xlabel("V_i (mV)")
b.set_ylabel("row i")
b.set_title("input vector 0", fontsize=9)
cols = np.arange(g.shape[1])
c.plot(cols, want[0] * 1e6, "o", color="k", label="sum_i G_ij V_i")
c.plot(cols, ideal[0, 1:] * 1e6, "x", color="C0", ms=9, label="ideal array")
c.plot(cols, wired[0, 1:9] * 1e6, "s", color="C3", mfc="none", label="1 ohm wires")
c.set_xlabel("column j")
c.set_ylabel("I_j (uA)")
c.set_title("column currents", fontsize=9)
c.legend(fontsize=7)
save(fig, out, "fig06")
