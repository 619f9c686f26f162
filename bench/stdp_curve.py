"""Time of an STDP curve of 201 delays computed with device-level physics
(the issue's goal: under 1 s on 2 threads): bench/stdp_curve.nmc, the
second-order memristor of examples/fig12f-second-order-stdp.nmc, 600 us
per delay at 0.1 us steps, one sweep instance per delay. Prints nmc's
compile time, its run time on 1 and 2 threads (best of three), the same
model in Brian2 (bench/stdp_curve_brian2.py: RK4 on its fastest code
generation target here, its run time with code generation and compilation
apart, and how far its final w and nmc's lie from SciPy's Radau and from
each other), nmc again at a quarter of the step (time and its
difference from Radau), and what a user would get from SciPy's Radau on the same
equations and protocol, one delay after another (timed on 21 delays,
scaled to 201).
Usage: /usr/bin/python3 bench/stdp_curve.py [NMC]"""
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "examples", "analysis"))
from stdp_curve import reference  # noqa: E402
from stdp_curve_brian2 import CHECKED, DELAYS, fastest, nmc_curve  # noqa: E402


def main(nmc="build/bin/nmc"):
    here = os.path.dirname(os.path.abspath(__file__))
    with tempfile.TemporaryDirectory() as tmp:
        exe = os.path.join(tmp, "curve")
        t0 = time.perf_counter()
        subprocess.run([nmc, "build", os.path.join(here, "stdp_curve.nmc"), "-o", exe], check=True)
        compile_s = time.perf_counter() - t0
        print(f"nmc build: {compile_s:.2f} s")
        for threads in (1, 2):
            best = float("inf")
            for k in range(3):
                t0 = time.perf_counter()
                subprocess.run([exe, "--quiet", "--threads", str(threads), "--out",
                                os.path.join(tmp, f"o{threads}{k}")], check=True)
                best = min(best, time.perf_counter() - t0)
            print(f"nmc, 201 delays, {threads} thread{'s' if threads > 1 else ''}: {best:.3f} s "
                  f"(whole executable: setup, 201 x 6000 steps, CSV)")
        for line in fastest(os.path.join(tmp, "o10", "weight.csv")):
            print(line)
        # nmc's integrator is second order: a quarter of the step buys a
        # sixteenth of the error.
        fine = os.path.join(tmp, "fine")
        t0 = time.perf_counter()
        subprocess.run([exe, "--quiet", "--threads", "2", "--dt", "25ns", "--out", fine],
                       check=True)
        fine_s = time.perf_counter() - t0
        radau = [reference(DELAYS[i]) for i in CHECKED]
        dw = nmc_curve(os.path.join(fine, "weight.csv"))
        err = max(abs(dw[i] - r) for i, r in zip(CHECKED, radau))
        print(f"nmc at 0.025 us steps (201 x 24000), 2 threads: {fine_s:.3f} s; "
              f"nmc - Radau {err:.1e} at the same delays")
    delays = [-220e-6 + k * 22e-6 for k in range(21)]
    t0 = time.perf_counter()
    for d in delays:
        reference(d)
    per = (time.perf_counter() - t0) / len(delays)
    print(f"SciPy Radau (rtol 1e-10), one delay after another: {per * 201:.1f} s for 201 delays "
          f"({per * 1e3:.0f} ms per delay)")


if __name__ == "__main__":
    main(*sys.argv[1:])
