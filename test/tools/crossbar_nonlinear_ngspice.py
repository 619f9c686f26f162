#!/usr/bin/env python3
"""Newton on a crossbar of non-linear cells (runtime/lib/ArrayRun.cpp)
against ngspice's operating point of the same network. Each cell is
i = G V0 sinh(v / V0) with V0 = 50 mV, so a cell at the 0.2 V read passes
27 times its small-signal current, and G varies per cell (lognormal,
sigma 0.5, drawn by nmc per device). nmc reports every cell's i / v at the
read voltage (probe `g`), from which the G of each cell follows; ngspice
then solves the same rows, columns and 1 ohm segments with B-sources for
the cells. Compares every column current and cell voltage.

With --selector, each cell is a 1S1R cell: the same device in series with
a selector i = I0 sinh(v / VS) (I0 = 2 uA, VS = 30 mV), whose internal node
nmc solves per cell; G then follows from the read-back in closed form.

With --transistor, each cell is a 1T1R cell: the same device in series
with an access nmos (EKV, beta = 1 mA/V^2, V_th = 0.3 V, n = 1.3, gate at
1 V, bulk at ground) whose source is the column node, written for ngspice
as a B-source of the same expression.

  crossbar_nonlinear_ngspice.py [--selector | --transistor] NMC WORKDIR N [N ...]
"""
import csv
import math
import os
import random
import subprocess
import sys

V0, READ, R = 0.05, 0.2, 1.0
I0, VS = 2e-6, 0.03
BETA, VTH, NS, VG = 1e-3, 0.3, 1.3, 1.0
UT = 1.380649e-23 * 300 / 1.602176634e-19
IS, VP = 2 * NS * BETA * UT ** 2, (VG - VTH) / NS

MODEL = """device Sinh {{
  param G : S = 20 uS;
  param V0 : V = 50 mV;
  vary G ~ lognormal(sigma = 0.5) per device;
  i = G * V0 * sinh(v / V0);
}}
device Selector {{
  param I0 : A = 2 uA;
  param VS : V = 30 mV;
  i = I0 * sinh(v / VS);
}}
array xbar = Sinh[{n}, {n}] {{
  {cell}
  read_voltage = 0.2 V;
  wire_resistance = 1 ohm;
  inputs = file("x.csv");
}}
probe read = xbar(i, v, g);
experiment {{ duration = 0 s; step = 1 us; }}
"""


def ekv_spice(d, s):
    f = [f"ln(1+exp(({VP!r}-V({x}))/{2 * UT!r}))^2" for x in (s, d)]
    return f"I={IS!r}*({f[0]}-{f[1]})"


def netlist(n, g, v, selector):
    out = [f"* {n} x {n} crossbar of sinh cells, {R} ohm per segment"]
    for i in range(n):
        out.append(f"VD{i} d{i} 0 DC {v[i]!r}")
        out.append(f"RD{i} d{i} r{i}_0 {R!r}")
        for j in range(n - 1):
            out.append(f"RR{i}_{j} r{i}_{j} r{i}_{j + 1} {R!r}")
        for j in range(n):
            top = f"m{i}_{j}" if selector else f"c{i}_{j}"
            out.append(f"B{i}_{j} r{i}_{j} {top} "
                       f"I={g[i][j]!r}*{V0!r}*sinh(V(r{i}_{j},{top})/{V0!r})")
            if selector == "transistor":
                out.append(f"BT{i}_{j} {top} c{i}_{j} {ekv_spice(top, f'c{i}_{j}')}")
            elif selector:
                out.append(f"BS{i}_{j} {top} c{i}_{j} I={I0!r}*sinh(V({top},c{i}_{j})/{VS!r})")
    for j in range(n):
        for i in range(n - 1):
            out.append(f"RK{i}_{j} c{i}_{j} c{i + 1}_{j} {R!r}")
        out.append(f"RS{j} c{n - 1}_{j} s{j} {R!r}")
        out.append(f"VS{j} s{j} 0 DC 0")
    out += [".options reltol=1e-9 abstol=1e-15 vntol=1e-12", ".control", "op",
            "set filetype=ascii",
            "write op.raw",  # every node voltage and source current
            ".endc", ".end"]
    return "\n".join(out) + "\n"


def device_g(g_read, selector):
    """The memory device's G from the cell's i / v at the read voltage."""
    i = g_read * READ
    if selector == "transistor":  # the drain voltage that passes i, source at 0 V
        fp = math.log1p(math.exp(VP / (2 * UT))) ** 2
        vd = VP - 2 * UT * math.log(math.expm1(math.sqrt(fp - i / IS)))
        u = READ - vd
    else:
        u = READ - VS * math.asinh(i / I0) if selector else READ
    return i / (V0 * math.sinh(u / V0))


def main(nmc, work, sizes, selector):
    os.makedirs(work, exist_ok=True)
    os.chdir(work)
    env = dict(os.environ, HOME=os.environ.get("HOME", work))
    ok = True
    for n in sizes:
        rng = random.Random(n)
        x = [rng.uniform(0.2, 1.0) for _ in range(n)]
        with open("x.csv", "w") as f:
            f.write(",".join(repr(v) for v in x) + "\n")
        with open("xbar.nmc", "w") as f:
            cell = {"": "", "selector": 'cell = "1S1R"; selector = Selector;',
                    "transistor": 'cell = "1T1R"; gate_voltage = 1 V; transistor = '
                                  'nmos(beta = 1e-3 [A/V^2], V_th = 0.3 V, n = 1.3);'}
            f.write(MODEL.format(n=n, cell=cell[selector]))
        subprocess.run([nmc, "run", "xbar.nmc", "--quiet", "--out", "out"], check=True)
        row = next(csv.DictReader(open("out/read.csv")))
        g = [[device_g(float(row[f"xbar[{i}][{j}].g"]), selector) for j in range(n)]
             for i in range(n)]
        with open("xbar.cir", "w") as f:
            f.write(netlist(n, g, [xi * READ for xi in x], selector))
        if os.path.exists("op.raw"):
            os.remove("op.raw")
        subprocess.run(["ngspice", "-b", "xbar.cir"], capture_output=True, env=env)
        text = open("op.raw").read()
        names = [line.split()[1].lower() for line in
                 text.split("\nVariables:")[1].split("\nValues:")[0].strip().splitlines()]
        values = [float(t) for t in text.split("\nValues:")[1].split()[1:]]
        spice = dict(zip(names, values))
        cur = [float(row[f"xbar[{j}].i"]) for j in range(n)]
        ref = [spice[f"i(vs{j})"] for j in range(n)]
        scale = max(abs(c) for c in ref)
        worst_i = max(abs(a - b) for a, b in zip(cur, ref)) / scale
        worst_v = max(abs(float(row[f"xbar[{i}][{j}].v"]) -
                          (spice[f"v(r{i}_{j})"] - spice[f"v(c{i}_{j})"]))
                      for i in range(n) for j in range(n))
        drop = max(x[i] * READ - float(row[f"xbar[{i}][{j}].v"])
                   for i in range(n) for j in range(n))
        print(f"{n} x {n}: largest column current {scale * 1e3:.4f} mA, worst drop "
              f"{drop * 1e3:.2f} mV; currents within {worst_i:.1e} of the largest, cell "
              f"voltages within {worst_v:.1e} V")
        ok &= worst_i < 1e-9 and worst_v < 1e-10
    print("OK" if ok else "FAIL: beyond 1e-9 of the current or 1e-10 V")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    args = sys.argv[1:]
    selector = ""
    if args[0] in ("--selector", "--transistor"):
        selector = args[0][2:]
        args = args[1:]
    main(args[0], args[1], [int(s) for s in args[2:]], selector)
