#!/usr/bin/python3
"""COBA in Brian2's cpp_standalone device, as examples/coba.nmc (bench/coba.py).

  coba_brian2.py N THREADS WORK_DIR

Prints one JSON line: the simulation's wall time (Brian2's own measure of
the run, without code generation and compilation), the time to generate
and compile, and the excitatory and inhibitory rates.
"""
import json
import sys
import time

import brian2 as b2


def main(n, threads, work):
    b2.set_device("cpp_standalone", directory=work, build_on_run=False)
    b2.prefs.devices.cpp_standalone.openmp_threads = threads  # 0: no OpenMP
    b2.defaultclock.dt = 0.1 * b2.ms
    ns = {"C_m": 200 * b2.pF, "g_l": 10 * b2.nS, "E_l": -60 * b2.mV, "E_e": 0 * b2.mV,
          "E_i": -80 * b2.mV, "tau_e": 5 * b2.ms, "tau_i": 10 * b2.ms}
    eqs = """
    dv/dt = (g_l * (E_l - v) + ge * (E_e - v) + gi * (E_i - v)) / C_m : volt (unless refractory)
    dge/dt = -ge / tau_e : siemens
    dgi/dt = -gi / tau_i : siemens
    """
    ne = int(n * 0.8)
    p = 80.0 / n
    pop = b2.NeuronGroup(n, eqs, threshold="v > -50*mV", reset="v = -60*mV",
                         refractory=5 * b2.ms, method="euler", namespace=ns)
    exc, inh = pop[:ne], pop[ne:]
    ce = b2.Synapses(exc, pop, on_pre="ge += 6*nS")
    ci = b2.Synapses(inh, pop, on_pre="gi += 67*nS")
    ce.connect(p=p)
    ci.connect(p=p)
    pop.v = "E_l + (randn() * 5 - 5)*mV"
    pop.ge = "(randn() * 1.5 + 4) * 10.*nS"
    pop.gi = "(randn() * 12 + 20) * 10.*nS"
    me, mi = b2.SpikeMonitor(exc), b2.SpikeMonitor(inh)
    b2.run(1 * b2.second)
    start = time.perf_counter()
    b2.device.build(directory=work, compile=True, run=True, debug=False)
    total = time.perf_counter() - start
    run = b2.device._last_run_time
    print(json.dumps({"run_s": run, "build_s": total - run,
                      "rate_exc": me.num_spikes / ne, "rate_inh": mi.num_spikes / (n - ne)}))


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]), sys.argv[3])
