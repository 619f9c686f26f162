#!/usr/bin/env python3
"""nmc's exact crossbar solve (runtime/lib/Crossbar.cpp, through
nmc-crossbar-solve) against ngspice's operating point of the same network:
random crossbars (G uniform in 1 to 100 uS, inputs in 0 to 0.1 V, 1 ohm
per wire segment), each row driven at its left end through one segment,
each column sensed at its bottom end through one segment by a 0 V source
(the virtual ground), whose current ngspice reports.

  crossbar_ngspice.py SOLVER WORKDIR N [N ...]
"""
import os
import random
import subprocess
import sys


def netlist(n, m, g, v, r):
    out = [f"* random {n} x {m} crossbar, {r} ohm per segment"]
    for i in range(n):
        out.append(f"VD{i} d{i} 0 DC {v[i]!r}")
        out.append(f"RD{i} d{i} r{i}_0 {r!r}")
        for j in range(m - 1):
            out.append(f"RR{i}_{j} r{i}_{j} r{i}_{j + 1} {r!r}")
        for j in range(m):
            out.append(f"RC{i}_{j} r{i}_{j} c{i}_{j} {1 / g[i][j]!r}")
    for j in range(m):
        for i in range(n - 1):
            out.append(f"RK{i}_{j} c{i}_{j} c{i + 1}_{j} {r!r}")
        out.append(f"RS{j} c{n - 1}_{j} s{j} {r!r}")
        out.append(f"VS{j} s{j} 0 DC 0")
    out.append(".control")
    out.append("op")
    out.append("set filetype=ascii")  # full precision, unlike wrdata's 9 digits
    out.append("write currents.raw " + " ".join(f"i(VS{j})" for j in range(m)))
    out.append(".endc")
    out.append(".end")
    return "\n".join(out) + "\n"


def main(solver, work, sizes):
    os.makedirs(work, exist_ok=True)
    os.chdir(work)
    env = dict(os.environ, HOME=os.environ.get("HOME", work))
    worst_all = 0.0
    for n in sizes:
        rng = random.Random(n)
        m = n
        g = [[rng.uniform(1e-6, 1e-4) for _ in range(m)] for _ in range(n)]
        v = [rng.uniform(0, 0.1) for _ in range(n)]
        with open("g.csv", "w") as f:
            f.writelines(",".join(repr(x) for x in row) + "\n" for row in g)
        with open("v.csv", "w") as f:
            f.writelines(f"{x!r}\n" for x in v)
        with open("xbar.cir", "w") as f:
            f.write(netlist(n, m, g, v, 1.0))
        if os.path.exists("currents.raw"):
            os.remove("currents.raw")
        subprocess.run(["ngspice", "-b", "xbar.cir"], capture_output=True, env=env)
        with open("currents.raw") as f:
            text = f.read()
        # The variables by name, then after "Values:" the point index and one
        # value per variable.
        names = [line.split()[1].lower() for line in
                 text.split("\nVariables:")[1].split("\nValues:")[0].strip().splitlines()]
        values = [float(x) for x in text.split("\nValues:")[1].split()[1:]]
        ref = [values[names.index(f"i(vs{j})")] for j in range(m)]
        got = [float(x) for x in subprocess.run([solver, "g.csv", "v.csv", "1", "1"],
                                                capture_output=True, text=True,
                                                check=True).stdout.split()]
        # ngspice's i(VS) flows into the source's + node, from the column.
        if len(ref) != m:
            print(f"FAIL: ngspice wrote {len(ref)} currents for {m} columns")
            sys.exit(1)
        scale = max(abs(x) for x in ref)
        worst = max(abs(a - b) / scale for a, b in zip(got, ref))
        worst_all = max(worst_all, worst)
        print(f"{n} x {m}: {m} column currents, largest {scale * 1e3:.4f} mA, "
              f"worst difference {worst:.1e} of it")
    if worst_all > 1e-9:
        print("FAIL: beyond 1e-9")
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], [int(x) for x in sys.argv[3:]])
