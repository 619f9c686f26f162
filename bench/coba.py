#!/usr/bin/env python3
"""COBA (examples/coba.nmc) against Brian2's cpp_standalone device, in one run.

  bench/coba.py [--build build] [--sizes 4000,64000,256000] [--threads 1,2]

For each network size N (80% excitatory, connection probability 80 / N so
that each neuron keeps about 80 inputs, as the 4000-neuron benchmark with
2%) and each thread count, 1 s of biological time with the same model in
both simulators (forward Euler, 0.1 ms, the same parameters and initial
distributions). Prints the simulation wall times (nmc: its run.json,
without its setup, which is printed apart: drawing the synapses,
allocating and init; Brian2: its own measure of the run, which leaves out
building the synapses too), Brian2's code generation and compilation
apart, nmc's compile time (nmc build), and the rates.
Brian2 on one thread runs without OpenMP, its fastest serial code; on
more, with openmp_threads. Wall times are the best of --repeat runs.
"""
import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODEL = os.path.join(ROOT, "examples", "coba.nmc")


def nmc_model(work, n):
    """examples/coba.nmc at N neurons, p = 80 / N."""
    ne, p = int(n * 0.8), 80.0 / n
    src = open(MODEL).read()
    src = src.replace("CobaLIF[3200]", f"CobaLIF[{ne}]").replace("CobaLIF[800]", f"CobaLIF[{n - ne}]")
    src = src.replace("probability(0.02)", f"probability({p!r})")
    path = os.path.join(work, f"coba{n}.nmc")
    with open(path, "w") as f:
        f.write(src)
    return path, ne


def rate(path, count):
    with open(path) as f:
        return (sum(1 for _ in f) - 1) / count


def nmc_run(nmc, work, n, threads, repeat):
    model, ne = nmc_model(work, n)
    exe = os.path.join(work, f"coba{n}")
    t0 = time.perf_counter()
    subprocess.run([nmc, "build", model, "-o", exe], check=True)
    compile_s = time.perf_counter() - t0
    best = {}
    for t in threads:
        walls = []
        for _ in range(repeat):
            out = os.path.join(work, f"out{n}_{t}")
            subprocess.run([exe, "--quiet", "--threads", str(t), "--out", out], check=True)
            info = json.load(open(os.path.join(out, "run.json")))
            walls.append((info["wall_seconds"] - info["setup_seconds"], info["setup_seconds"]))
        best[t] = (min(walls), rate(os.path.join(out, "exc_spikes.csv"), ne),
                   rate(os.path.join(out, "inh_spikes.csv"), n - ne))
    return compile_s, best


def brian_run(work, n, t, repeat):
    script = os.path.join(ROOT, "bench", "coba_brian2.py")
    runs = []
    for k in range(repeat):
        d = os.path.join(work, f"brian{n}_{t}_{k}")
        r = subprocess.run(["/usr/bin/python3", "-W", "ignore", script, str(n),
                            str(0 if t == 1 else t), d],
                           check=True, capture_output=True, text=True)
        runs.append(json.loads(r.stdout.strip().splitlines()[-1]))
    return min(runs, key=lambda r: r["run_s"])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--sizes", default="4000,64000,256000")
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    nmc = os.path.join(a.build, "bin", "nmc")
    threads = [int(x) for x in a.threads.split(",")]
    brian = subprocess.run(["/usr/bin/python3", "-c", "import brian2; print(brian2.__version__)"],
                           capture_output=True, text=True).stdout.strip()
    print(f"COBA, 1 s of biological time at dt = 0.1 ms; nmc vs Brian2 {brian} cpp_standalone")
    print(f"{'N':>7} {'thr':>3} | {'nmc s':>7} {'Brian2 s':>8} {'ratio':>6} | "
          f"{'nmc Hz e/i':>12} {'Brian2 Hz e/i':>13} | {'nmc setup s':>11} "
          f"{'nmc compile s':>13} {'Brian2 build s':>14}")
    with tempfile.TemporaryDirectory() as work:
        for n in [int(x) for x in a.sizes.split(",")]:
            compile_s, mine = nmc_run(nmc, work, n, threads, a.repeat)
            for t in threads:
                b = brian_run(work, n, t, 1 if n > 100000 else a.repeat)
                (w, setup), re_, ri = mine[t]
                print(f"{n:>7} {t:>3} | {w:7.3f} {b['run_s']:8.3f} {w / b['run_s']:6.2f} | "
                      f"{re_:5.1f}/{ri:5.1f} {b['rate_exc']:6.1f}/{b['rate_inh']:5.1f} | "
                      f"{setup:11.3f} {compile_s:13.2f} {b['build_s']:14.1f}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
