#!/usr/bin/env python3
"""The Fig. 9 neuristor against ngspice (issue: circuits), in one run.

  bench/neuristor.py [--build build] [--count 10000] [--spice-runs 20]

1. One neuristor (examples/fig09-neuristor.nmc, 20 uA, C1 = 5 nF) over
   10 ms of simulated time, with outer steps of 10 us: wall time and the
   accuracy of its spike times for nmc at several local-error tolerances
   and for ngspice (the same circuit as B-sources, test/spice/Inputs/
   fig09-neuristor.cir) at several reltol, its maximum step also 10 us.
   Accuracy is the worst relative error of the spike times (the downward
   crossings of v(n2) through -0.2 V) against nmc at tolerance 1e-9, which
   ngspice at reltol 1e-8, trtol 1 confirms.
2. COUNT independent neuristors, C1 swept from 2.5 nF to 10 nF, over 10 ms:
   nmc (one sweep, its instances in parallel) on 1 and 2 threads, and
   ngspice running them one after another (SPICE_RUNS of them timed, the
   rest extrapolated), as neuristor-milliseconds simulated per second of
   wall time, each at the tolerance where its spike times are within 1e-4.
Wall times are the best of 3 (nmc: its run.json; ngspice: the process).
"""
import argparse
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODEL = os.path.join(ROOT, "examples", "fig09-neuristor.nmc")
NETLIST = os.path.join(ROOT, "test", "spice", "Inputs", "fig09-neuristor.cir")
TARGET = 1e-4  # spike-time accuracy at which throughput is compared


def nmc_model(work, tol, sweep=None):
    src = open(MODEL).read()
    src = src.replace('import "devices/', 'import "' + os.path.join(ROOT, "stdlib", "devices") + "/")
    src = re.sub(r"probe trace = .*?;\n", "", src)
    exp = f"experiment {{ duration = 10 ms; step = 10 us; tolerance = {tol:g};"
    if sweep:
        exp += f" sweep C1 = linspace(2.5 nF, 10 nF, {sweep});"
    src = re.sub(r"experiment \{.*?\}", exp + " }", src)
    path = os.path.join(work, f"n_{tol:g}_{sweep or 1}.nmc")
    open(path, "w").write(src)
    exe = path[:-4]
    subprocess.run([NMC, "build", path, "-o", exe], check=True, capture_output=True)
    return exe


def run_nmc(exe, work, threads=1):
    best, out = None, os.path.join(work, "out")
    for _ in range(3):
        shutil.rmtree(out, ignore_errors=True)
        subprocess.run([exe, "--quiet", "--threads", str(threads), "--out", out], check=True)
        wall = json.load(open(os.path.join(out, "run.json")))["wall_seconds"]
        best = wall if best is None else min(best, wall)
    spikes = {}
    with open(os.path.join(out, "spikes.csv")) as f:
        rows = list(csv.reader(f))
    key = 1 if rows[0][0] == "C1" else 0
    for r in rows[1:]:
        spikes.setdefault(r[0] if key else "0", []).append(float(r[key + 1]))
    return best, spikes


def netlist(work, reltol, trtol=None, c1=5e-9, name="s"):
    src = open(NETLIST).read()
    opts = f".options reltol={reltol:g} abstol=1e-15 vntol=1e-9 chgtol=1e-20"
    if trtol:
        opts += f" trtol={trtol:g}"
    src = re.sub(r"\.options .*", opts, src)
    src = re.sub(r"\.tran .*", ".tran 10u 10m 0 10u uic", src)
    src = re.sub(r"Cap1 n1 0 \S+", f"Cap1 n1 0 {c1:.6g}", src)
    out = os.path.join(work, name + ".txt")
    src = re.sub(r"wrdata \S+ .*", f"wrdata {out} v(n2)", src)
    path = os.path.join(work, name + ".cir")
    open(path, "w").write(src)
    return path, out


def run_spice(path, out, repeat=3):
    env = dict(os.environ, HOME=os.environ.get("HOME", "/tmp"))
    best = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run(["ngspice", "-b", path], capture_output=True, env=env, cwd=os.path.dirname(path))
        wall = time.perf_counter() - t0
        best = wall if best is None else min(best, wall)
    ts, ys = [], []
    with open(out) as f:
        f.readline()
        for line in f:
            t, y = line.split()[:2]
            ts.append(float(t))
            ys.append(float(y))
    crossings = []
    for k in range(1, len(ts)):
        if ys[k - 1] >= -0.2 > ys[k]:
            crossings.append(ts[k - 1] + (ts[k] - ts[k - 1]) * (ys[k - 1] + 0.2) / (ys[k - 1] - ys[k]))
    return best, crossings


def error(spikes, ref):
    if len(spikes) != len(ref):
        return float("inf")
    return max(abs(a - b) / b for a, b in zip(spikes, ref))


def main():
    global NMC
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--count", type=int, default=10000)
    ap.add_argument("--spice-runs", type=int, default=20)
    a = ap.parse_args()
    NMC = os.path.join(a.build, "bin", "nmc")
    if not shutil.which("ngspice"):
        sys.exit("ngspice is not installed (scripts/install-deps.sh)")
    work = tempfile.mkdtemp()
    try:
        ref = run_nmc(nmc_model(work, 1e-9), work)[1]["0"]
        t_ref, spice_ref = run_spice(*netlist(work, 1e-8, trtol=1, name="ref"), repeat=1)
        print(f"reference: nmc at tolerance 1e-9, {len(ref)} spikes in 10 ms; ngspice at "
              f"reltol 1e-8, trtol 1 agrees within {error(spice_ref, ref):.1e}")
        print("\n1. one neuristor, 10 ms simulated (best of 3)")
        print(f"{'simulator':<10} {'tolerance':>10} {'wall (s)':>10} {'spike-time error':>17}")
        nmc_rows, spice_rows = [], []
        for tol in (1e-3, 1e-4, 1e-5, 1e-6):
            wall, sp = run_nmc(nmc_model(work, tol), work)
            err = error(sp.get("0", []), ref)
            nmc_rows.append((tol, wall, err))
            print(f"{'nmc':<10} {tol:>10g} {wall:>10.4f} {err:>17.2e}")
        for rt in (1e-3, 1e-4, 1e-5, 1e-6):
            wall, sp = run_spice(*netlist(work, rt))
            err = error(sp, ref)
            spice_rows.append((rt, wall, err))
            print(f"{'ngspice':<10} {rt:>10g} {wall:>10.4f} {err:>17.2e}")
        # The cheapest setting of each that reaches the target accuracy.
        n_tol, n_wall, _ = min((r for r in nmc_rows if r[2] <= TARGET), key=lambda r: r[1])
        s_tol, s_wall, _ = min((r for r in spice_rows if r[2] <= TARGET), key=lambda r: r[1])
        print(f"at spike times within {TARGET:g}: nmc (tolerance {n_tol:g}) {n_wall:.4f} s, "
              f"ngspice (reltol {s_tol:g}) {s_wall:.4f} s: nmc {s_wall / n_wall:.1f}x faster")

        print(f"\n2. {a.count} neuristors, C1 swept 2.5-10 nF, 10 ms each")
        exe = nmc_model(work, n_tol, sweep=a.count)
        rates = {}
        for threads in (1, 2):
            wall, _ = run_nmc(exe, work, threads)
            rates[threads] = a.count * 10 / wall
            print(f"nmc, {threads} thread(s): {wall:.2f} s, {rates[threads]:.4g} neuristor-ms/s")
        total = 0.0
        for k in range(a.spice_runs):
            c1 = 2.5e-9 + 7.5e-9 * k / max(1, a.spice_runs - 1)
            wall, _ = run_spice(*netlist(work, s_tol, c1=c1, name=f"sweep{k}"), repeat=1)
            total += wall
        spice_rate = a.spice_runs * 10 / total
        print(f"ngspice, one after another: {total / a.spice_runs:.4f} s each, "
              f"{spice_rate:.4g} neuristor-ms/s ({a.count} would take {a.count * total / a.spice_runs:.0f} s)")
        for threads, r in rates.items():
            print(f"throughput, nmc on {threads} thread(s) / ngspice: {r / spice_rate:.1f}x")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
