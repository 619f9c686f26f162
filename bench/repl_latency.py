"""Latency of each statement of a typical REPL interaction (the REPL issue's
list: declare a device, apply a pulse, run 1 ms, print, change a
parameter, run again), measured by the REPL itself (:time on) over a pipe,
best of five sessions. Usage: python3 bench/repl_latency.py [NMC]"""
import re
import subprocess
import sys

STATEMENTS = [
    ("declare a device", "device TaOx { param G : S = 100 nS; param k : 1/s = 2e3 [1/s]; "
     "state x = 0 in [0, 1]; i = G * (1 + 9 * x) * sinh(v / 1 V) * 1 V; "
     "dx/dt = k * sinh(v / 0.25 V) * (1 - x); }"),
    ("declare a population", "population d = TaOx[16];"),
    ("apply a pulse", "apply pulse(1.5 V, width = 100 us, delay = 10 us) to d;"),
    ("run 1 ms (compiles first)", ":run 1 ms"),
    ("print", ":print d[0](x, i)"),
    ("change a parameter", ":set d.k 4e3 1/s"),
    ("run 1 ms again", ":run 1 ms"),
    ("print again", ":print d[0](x, i)"),
    ("redefine the pulse", "apply pulse(2 V, width = 100 us, delay = 10 us) to d;"),
    ("run 1 ms (recompiles)", ":run 1 ms"),
]


def session(nmc):
    script = ":time on\n" + "\n".join(s for _, s in STATEMENTS) + "\n"
    out = subprocess.run([nmc, "repl"], input=script, capture_output=True, text=True,
                         check=True).stdout
    times = [float(m) for m in re.findall(r"^\(([0-9.e+-]+) ms\)$", out, re.M)]
    return times[1:]  # the first is :time on itself


def main(nmc="build/bin/nmc"):
    runs = [session(nmc) for _ in range(5)]
    print(f"{'statement':32s} {'best ms':>9s} {'median ms':>10s}")
    worst_after_first = 0.0
    for k, (name, _) in enumerate(STATEMENTS):
        xs = sorted(r[k] for r in runs)
        print(f"{name:32s} {xs[0]:9.2f} {xs[2]:10.2f}")
        if k > 0:
            worst_after_first = max(worst_after_first, xs[2])
    print(f"slowest statement after the first (median): {worst_after_first:.1f} ms "
          f"(goal: under 100 ms)")


if __name__ == "__main__":
    main(*sys.argv[1:])
