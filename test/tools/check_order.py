#!/usr/bin/env python3
"""Convergence order of each integration method (test/run/Inputs/methods.nmc).

  check_order.py DIR_dt DIR_dt/2 DIR_dt/4 DIR_dt/8

Coupled states y' = (1 - y)/ty, x' = (y - x)/tx from 0 have the closed form
x(t) = 1 - (tx e^(-t/tx) - ty e^(-t/ty)) / (tx - ty). The error of x(2 ms)
must halve the way each method's order says when dt halves: the observed
order log2(e(dt)/e(dt/2)) over the finest steps within 0.25 of 1 for
exponential Euler, 2 for exponential midpoint and Rosenbrock, 4 for RK4;
TR-BDF2, which adapts its substeps, stays within its tolerance.
One nonlinear state, x' = -x^2/tau from 1 (x = 1/(1 + t/tau)), takes
exponential Euler by default, second order with its exact Jacobian.
A state tracking a ramp, w' = (k t - w)/tau, has the closed form
w = k (t - tau (1 - e^(-t/tau))); no method may lag it by half a step
(its error must be second order too).
"""
import csv
import math
import sys


def last(path, row=-1):
    with open(path) as f:
        rows = list(csv.reader(f))
    return float(rows[row][1]), float(rows[row][0])


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def check(name, errs, order):
    """Prints the errors and observed orders; fails unless the finest is order +-0.25."""
    orders = [math.log2(errs[k] / errs[k + 1]) for k in range(len(errs) - 1)]
    print(f"{name}: errors " + " ".join(f"{e:.3e}" for e in errs) +
          "  orders " + " ".join(f"{o:.2f}" for o in orders))
    if abs(orders[-1] - order) > 0.25:
        fail(f"{name}: observed order {orders[-1]:.2f}, expected {order}")


def main(dirs):
    tx, ty = 1e-3, 0.3e-3
    t = 2e-3
    exact = 1 - (tx * math.exp(-t / tx) - ty * math.exp(-t / ty)) / (tx - ty)
    expect = {"ee": 1, "em": 2, "rk": 4, "ros": 2}
    for name, order in expect.items():
        check(name, [abs(last(f"{d}/{name}_x.csv")[0] - exact) for d in dirs], order)
    # TR-BDF2 picks its own substeps inside dt from its local-error
    # estimate (relative tolerance 1e-6): its error follows the tolerance,
    # not dt, and must stay near it at every dt.
    errs = [abs(last(f"{d}/tr_x.csv")[0] - exact) for d in dirs]
    print("tr: errors " + " ".join(f"{e:.3e}" for e in errs))
    if max(errs) > 2e-5:
        fail(f"tr: error {max(errs):.3e} above 2e-5 (tolerance 1e-6 per substep)")
    check("quad", [abs(last(f"{d}/quad_x.csv")[0] - 1 / 3) for d in dirs], 2)
    k, tau = 1e3, 0.2e-3  # the ramp: 2 V over 2 ms, as 1/V units: 1000 /s
    def track_errors(name):
        errs = []
        for d in dirs:
            w, tt = last(f"{d}/{name}_w.csv", row=2)  # t = 1 ms
            errs.append(abs(w - k * (tt - tau * (1 - math.exp(-tt / tau)))))
        return errs
    for name in ("track", "trackros"):
        check(name, track_errors(name), 2)  # 2: no half-step lag
    # TR-BDF2 is exact on the linear part of the track: its error is the
    # decayed start-up transient, already near rounding at the finest steps,
    # and must stay far below a half-step lag (k dt / 2 >= 3e-3).
    errs = track_errors("tracktr")
    print("tracktr: errors " + " ".join(f"{e:.3e}" for e in errs))
    if max(errs) > 1e-5:
        fail(f"tracktr: error {max(errs):.3e} above 1e-5")
    print("OK")


if __name__ == "__main__":
    main(sys.argv[1:])
