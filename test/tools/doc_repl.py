"""Runs the ```nmc-repl blocks of a document, in order, as one REPL session
(`nmc repl` reading a script) and prints what it printed; fails when the
session reports an error. Usage: doc_repl.py NMC DOC.md"""
import re
import subprocess
import sys


def main(nmc, doc):
    blocks = re.findall(r"```nmc-repl\n(.*?)```", open(doc).read(), re.S)
    proc = subprocess.run([nmc, "repl"], input="".join(blocks), capture_output=True, text=True)
    sys.stdout.write(proc.stdout)
    sys.stdout.write(proc.stderr)
    print(f"{len(blocks)} blocks, exit {proc.returncode}")
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
