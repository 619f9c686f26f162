#!/usr/bin/python3
"""bench/stdp_curve.nmc in Brian2: one NeuronGroup of 201 second-order
memristors (stdlib/devices/second_order.nmc), one per delay, RK4 at 0.1 us
for 600 us, for bench/stdp_curve.py.

  stdp_curve_brian2.py [NMC]

Runs the model on each code-generation target (numpy, cython,
cpp_standalone) and prints its run time with the one-off code generation
and compilation apart, then how far the final w of the fastest lies from
SciPy's Radau (examples/analysis/stdp_curve.py) at five delays and from
nmc's (NMC run bench/stdp_curve.nmc) at all 201.
"""
import csv
import os
import subprocess
import sys
import tempfile
import time
import warnings

import numpy as np

warnings.filterwarnings("ignore")  # Debian's pythran and Cython warn on import
import brian2 as b2  # noqa: E402

sys.excepthook = sys.__excepthook__  # Brian2's hook reports any uncaught error as its own bug

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "examples", "analysis"))
from stdp_curve import reference  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
DELAYS = np.linspace(-220e-6, 220e-6, 201)
CHECKED = (80, 90, 105, 110, 120)  # -44, -22, 11 (overlapping spikes), 22, 44 us

# The defaults of stdlib/devices/second_order.nmc. k_B and the eV are the
# exact CODATA 2018 values, as in nmc and reference(): Brian2's constants
# are CODATA 2010, whose k_B / e is 3e-7 smaller, enough to move dw by 1e-5.
NS = {"G_min": 1 * b2.uS, "G_max": 100 * b2.uS, "T0": 300 * b2.kelvin,
      "C_th": 1e-12 * b2.joule / b2.kelvin, "tau_T": 20 * b2.us, "k": 1e12 / b2.second,
      "V0": 0.5 * b2.volt, "Ea": 0.9 * 1.602176634e-19 * b2.joule,
      "k_B": 1.380649e-23 * b2.joule / b2.kelvin, "t_pre": 250 * b2.us}


def shape(onset):
    """The spike: 1.6 V for 1 us from onset, then 0.5 V for 20 us."""
    return (f"(1.6*volt*int(s >= {onset}) - 1.1*volt*int(s >= {onset} + 1*us)"
            f" - 0.5*volt*int(s >= {onset} + 21*us))")


# The drive is read at the middle of the step (s), as nmc does, not at t:
# every pulse edge lies on a step boundary, so the drive is constant over
# each step and RK4 integrates smooth pieces. Read at t, RK4's last stage
# sees the next step's drive at each edge and rounding in t - delay moves
# some edges by a step, which puts dw off Radau by up to 4e-2.
# w's bounds [0, 1] never bind: the (1 - w) or w factor keeps w inside.
EQS = f"""
dw/dt = k * sinh(v / V0) * exp(-Ea / (k_B * T)) * (int(v > 0*volt) * (1 - w) + int(v <= 0*volt) * w) : 1
dT/dt = (G_min + (G_max - G_min) * w) * v**2 / C_th - (T - T0) / tau_T : kelvin
v = {shape("t_pre + delay")} - {shape("t_pre")} : volt
s = (t_in_timesteps + 0.5) * dt : second
delay : second (constant)
"""


def curve(target):
    """dw at each delay on a Brian2 target, the time of the run and that of
    the code generation and compilation before it, in seconds."""
    standalone = target == "cpp_standalone"
    b2.device.reinit()  # after a standalone build, a fresh device
    b2.set_device(target if standalone else "runtime", build_on_run=False)
    if not standalone:
        b2.prefs.codegen.target = target
    b2.defaultclock.dt = 0.1 * b2.us
    # Brian2's adaptive GSL methods would need libgsl-dev; of its fixed-step
    # ones RK4 is the most accurate (exponential_euler gives NaN here).
    g = b2.NeuronGroup(len(DELAYS), EQS, method="rk4", namespace=NS)
    g.delay = DELAYS * b2.second
    g.w, g.T = 0.5, 300 * b2.kelvin
    net = b2.Network(g)
    if standalone:
        with tempfile.TemporaryDirectory() as work:
            t0 = time.perf_counter()
            net.run(600 * b2.us)  # generates the code, runs nothing
            b2.device.build(directory=work, compile=True, run=True)
            build = time.perf_counter() - t0 - b2.device._last_run_time
            # Timed as nmc's executable is: whole, best of three.
            run = float("inf")
            for _ in range(3):
                t0 = time.perf_counter()
                subprocess.run([os.path.join(work, "main")], cwd=work, check=True)
                run = min(run, time.perf_counter() - t0)
            return g.w[:] - 0.5, run, build
    # A one-step run generates and compiles the code; the timed run reuses it.
    net.store()
    t0 = time.perf_counter()
    net.run(b2.defaultclock.dt)
    build = time.perf_counter() - t0
    net.restore()
    t0 = time.perf_counter()
    net.run(600 * b2.us)
    return g.w[:] - 0.5, time.perf_counter() - t0, build


def nmc_curve(weight_csv):
    """The final dw per delay from the weight.csv of nmc's run of bench/stdp_curve.nmc."""
    last = {}
    with open(weight_csv) as f:
        for row in list(csv.reader(f))[1:]:
            last[float(row[0])] = float(row[2])  # delay_post, t, synapse[0].w, ...
    delays = sorted(last)
    assert np.allclose(delays, DELAYS, rtol=0, atol=1e-12)
    return np.array([last[d] for d in delays]) - 0.5


def compare(dw, nmc_dw):
    """The largest |dw| differences of Brian2 and nmc from Radau at the
    CHECKED delays and of Brian2 from nmc at all of them, as a line."""
    radau = np.array([reference(DELAYS[i]) for i in CHECKED])
    at = ", ".join(f"{DELAYS[i] * 1e6:+.0f}" for i in CHECKED)
    brian, nmc = (np.max(np.abs(x[list(CHECKED)] - radau)) for x in (dw, nmc_dw))
    return (f"final w, largest differences: Brian2 - Radau {brian:.1e}, nmc - Radau {nmc:.1e} "
            f"(at {at} us), Brian2 - nmc {np.max(np.abs(dw - nmc_dw)):.1e} (201 delays; "
            f"largest |dw| {np.max(np.abs(dw)):.2f})")


def report(target, run, build):
    what = "whole executable, best of three" if target == "cpp_standalone" else "Network.run"
    return (f"Brian2 {target}, rk4, 201 delays, 1 thread: {run:.3f} s ({what}; "
            f"code generation and compilation apart: {build:.1f} s)")


def fastest(nmc_csv):
    """For bench/stdp_curve.py: the lines of the fastest target that works
    (their order as main measures them here)."""
    for target in ("cpp_standalone", "cython", "numpy"):
        try:
            dw, run, build = curve(target)
        except Exception:  # a target without its compiler: the next one
            continue
        return [report(target, run, build), compare(dw, nmc_curve(nmc_csv))]
    return ["Brian2: no code generation target works here"]


def main(nmc="build/bin/nmc"):
    results = {}
    for target in ("numpy", "cython", "cpp_standalone"):
        try:
            results[target] = curve(target)
        except Exception as e:  # a target without its compiler
            print(f"Brian2 {target}: fails ({type(e).__name__}: {str(e).splitlines()[0]})")
            continue
        print(report(target, *results[target][1:]))
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([nmc, "run", os.path.join(HERE, "stdp_curve.nmc"), "--out", out],
                       check=True, capture_output=True)
        nmc_dw = nmc_curve(os.path.join(out, "weight.csv"))
    best = min(results, key=lambda t: results[t][1])
    print(f"{best}: {compare(results[best][0], nmc_dw)}")


if __name__ == "__main__":
    main(*sys.argv[1:])
