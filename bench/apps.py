"""Wall time of the applications of the gallery (issue: 'bench/ prints the
wall time of each application on 1 and 2 threads'): direction selectivity
(Fig. 16), reservoir computing on the 5 x 4 digits and on scikit-learn's
8 x 8 digits (Fig. 17), and unsupervised STDP learning of the 8 x 8 digits
in three 64 x 100 crossbars (examples/digits-stdp-crossbar.nmc). Each is
compiled once (`nmc build`, timed) and its executable run on 1 and 2
threads (best of REPEAT; the results are the same bits on both). For
scale, each line gives the simulated time and the model's size.
Usage: python3 bench/apps.py [NMC] [REPEAT]"""
import os
import subprocess
import sys
import tempfile
import time

APPS = [
    ("Fig. 16 direction selectivity, 12 directions x 2100 devices", "fig16-direction-selectivity.nmc"),
    ("Fig. 17 reservoir, 3010 5 x 4 digits, 15050 WOx devices", "fig17-reservoir.nmc"),
    ("Fig. 17 reservoir, 1797 8 x 8 digits, 57504 WOx devices", "fig17-reservoir-digits.nmc"),
    ("STDP in crossbars, 2397 images x 3 networks of 64 x 100 cells",
     "digits-stdp-crossbar.nmc"),
]


def main(nmc="build/bin/nmc", repeat="1"):
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "examples")
    with tempfile.TemporaryDirectory() as tmp:
        for title, model in APPS:
            exe = os.path.join(tmp, model.replace(".nmc", ""))
            t0 = time.perf_counter()
            subprocess.run([nmc, "build", os.path.join(here, model), "-o", exe], check=True)
            build = time.perf_counter() - t0
            times = []
            for threads in (1, 2):
                best = float("inf")
                for k in range(int(repeat)):
                    t0 = time.perf_counter()
                    subprocess.run([exe, "--quiet", "--threads", str(threads), "--out",
                                    os.path.join(tmp, f"{model}-{threads}-{k}")], check=True)
                    best = min(best, time.perf_counter() - t0)
                times.append(best)
            print(f"{title}: build {build:.2f} s, run {times[0]:.2f} s on 1 thread, "
                  f"{times[1]:.2f} s on 2 threads", flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
