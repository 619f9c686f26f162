"""Interrupts a long :run of `nmc repl` with SIGINT, as Ctrl-C does, and
checks that the REPL goes on with its state: the run stops part way, the
time it reached is kept, and later commands run from there. Usage:
repl_interrupt.py NMC"""
import signal
import subprocess
import sys
import time


def main(nmc):
    p = subprocess.Popen([nmc, "repl"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, text=True, bufsize=1)
    script = ["device R { param G : S = 1 mS; state x = 0; i = G * v; dx/dt = v / 1 V / 1 s; }",
              "population r = R[1000];", "apply dc(1 V) to r;", ":step 10 ns",
              ":run 1 us", ":print t"]
    for line in script:
        p.stdin.write(line + "\n")
    p.stdin.flush()
    print(p.stdout.readline().strip())  # t = 1e-06 s (compiled, warm)
    print(p.stdout.readline().strip())
    p.stdin.write(":run 1000 s\n")  # 1e11 steps: hours, unless interrupted
    p.stdin.flush()
    time.sleep(0.5)
    p.send_signal(signal.SIGINT)
    line = p.stdout.readline().strip()
    print(line)
    reached = float(line.split("t = ")[1].split(" s")[0])
    print(p.stdout.readline().strip())  # the run's t = line
    p.stdin.write(":print r[0].x\n:run 1 us\n:quit\n")
    p.stdin.flush()
    rest = p.stdout.read().strip().splitlines()
    status = p.wait(timeout=60)
    for r in rest:
        print(r)
    x = float(rest[0].split("= ")[1])
    after = float(rest[1].split("t = ")[1].split(" s")[0])
    # Printed with 6 digits: x (= t at 1 V / 1 s) and the time after 1 us more.
    ok = 1e-6 < reached < 1000 and abs(x - reached) <= 1e-5 * reached and \
        abs(after - (reached + 1e-6)) <= 1e-5 * reached and status == 0
    print(f"interrupted at {reached:g} s; x = t there; the next run went on from it; "
          f"exit {status}")
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
