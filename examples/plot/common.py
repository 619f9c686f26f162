"""Shared style and helpers of the gallery's plot scripts (examples/plot).

Every script is run as `/usr/bin/python3 examples/plot/figNN.py RUN_DIR
OUT_DIR` (Debian's interpreter has matplotlib): it reads what the example
wrote into RUN_DIR and calls save(), which writes OUT_DIR/NAME.png and
OUT_DIR/NAME.svg and prints one line

    figure NAME: P panels, C curves -> NAME.png NAME.svg

(P: the figure's axes, colour bars not counted; C: the lines, collections
and images drawn in them, guides drawn with guide() not counted) for the
tests to FileCheck. The output is deterministic: the SVG's ids are salted
with a constant and it carries no date.
"""
import csv
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
# The analysis scripts are importable (their checks run only as __main__).
sys.path.insert(0, os.path.join(HERE, "..", "analysis"))

plt.rcParams.update({
    "figure.figsize": (5.6, 3.6),
    "figure.dpi": 120,
    "savefig.dpi": 120,
    "font.size": 8.5,
    "axes.titlesize": 9,
    "axes.labelsize": 8.5,
    "legend.fontsize": 7.5,
    "legend.frameon": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "grid.linewidth": 0.5,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "lines.linewidth": 1.3,
    "lines.markersize": 4,
    "axes.prop_cycle": matplotlib.cycler(color=[
        "#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000"]),
    "svg.hashsalt": "nmc-gallery",
    "path.simplify": True,
})

GUIDE = "guide"


def figure(panels=1, title=None, rows=None, sharex=False, size=None, **kw):
    """A figure of `panels` axes (one column when rows is None and panels
    > 2, else one row); returns (fig, [axes])."""
    if rows is None:
        rows = panels if panels > 2 else 1
    cols = (panels + rows - 1) // rows
    if size is None:
        size = (5.6, 3.6) if panels == 1 else (3.2 * cols + 0.6, 2.0 * rows + 1.2 if rows > 1 else 3.4)
    fig, axes = plt.subplots(rows, cols, figsize=size, sharex=sharex, squeeze=False, **kw)
    if title:
        fig.suptitle(title, fontsize=9.5)
    return fig, list(axes.flat)


def guide(ax, y=None, x=None, **kw):
    """A reference line (zero, threshold) that save() does not count."""
    style = dict(color="0.5", lw=0.7, ls="--")
    style.update(kw)
    line = ax.axhline(y, **style) if y is not None else ax.axvline(x, **style)
    line.set_gid(GUIDE)
    return line


def counts(fig):
    axes = [ax for ax in fig.axes if ax.get_label() != "<colorbar>" and ax.get_visible()]
    curves = 0
    for ax in axes:
        for art in list(ax.lines) + list(ax.collections) + list(ax.images):
            if art.get_gid() != GUIDE:
                curves += 1
    return len(axes), curves


def save(fig, out_dir, name):
    """Writes OUT_DIR/NAME.png and OUT_DIR/NAME.svg and prints the figure's line."""
    os.makedirs(out_dir, exist_ok=True)
    fig.tight_layout()
    png, svg = f"{name}.png", f"{name}.svg"
    fig.savefig(os.path.join(out_dir, png), dpi=120, metadata={"Software": None})
    fig.savefig(os.path.join(out_dir, svg), metadata={"Date": None, "Creator": None})
    panels, curves = counts(fig)
    plt.close(fig)
    print(f"figure {name}: {panels} panels, {curves} curves -> {png} {svg}")


def load(run_dir, name):
    """A probe or monitor as a 2-D float array, from NAME.csv (or NAME.npy
    for a run with --format npy), without its header."""
    path = os.path.join(run_dir, name + ".csv")
    if not os.path.exists(path) and os.path.exists(os.path.join(run_dir, name + ".npy")):
        a = np.load(os.path.join(run_dir, name + ".npy"))
        if a.dtype.names:  # a monitor: records
            a = np.column_stack([a[f].astype(float) for f in a.dtype.names])
        return np.atleast_2d(a.astype(float))
    with open(path) as f:
        rows = list(csv.reader(f))[1:]
    if not rows:
        return np.zeros((0, 2))
    return np.array([[float(x) for x in r] for r in rows])


def header(run_dir, name):
    with open(os.path.join(run_dir, name + ".csv")) as f:
        return next(csv.reader(f))


def sweep(data):
    """Rows of a sweep's probe grouped by the swept value (column 0):
    {value: rows without it}, by rising value."""
    return {v: data[data[:, 0] == v, 1:] for v in np.unique(data[:, 0])}


def args(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2:
        sys.exit(f"usage: {os.path.basename(sys.argv[0])} RUN_DIR OUT_DIR")
    return argv[0], argv[1]
