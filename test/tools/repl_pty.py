"""Drives `nmc repl` on a pseudo-terminal, as a person at a terminal does:
types KEYS (with escapes such as \\t and \\033[A), one line at a time after
each prompt, and prints what the terminal shows. Usage:
repl_pty.py NMC HISTORY_FILE KEYS"""
import os
import pty
import select
import sys
import time


def read_until(fd, want, timeout=20.0):
    out = b""
    end = time.time() + timeout
    while time.time() < end:
        r, _, _ = select.select([fd], [], [], 0.1)
        if r:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
            if want and want in out:
                break
    return out


def main(nmc, history, keys):
    env = dict(os.environ, NMC_HISTORY=history, TERM="xterm")
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(nmc, [nmc, "repl"], env)
    shown = read_until(fd, b"nmc> ")
    for line in keys.encode().decode("unicode_escape").split("\n"):
        if not line:
            continue
        os.write(fd, (line + "\n").encode())
        shown += read_until(fd, b"nmc> " if not line.startswith(":quit") else None, 10.0)
    _, status = os.waitpid(pid, 0)
    sys.stdout.write(shown.decode(errors="replace").replace("\r", ""))
    print(f"\nexit {os.waitstatus_to_exitcode(status)}")


if __name__ == "__main__":
    main(*sys.argv[1:])
