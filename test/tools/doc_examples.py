#!/usr/bin/env python3
"""Compiles every ```nmc block of a Markdown file with `nmc emit --emit=ir`
(it must succeed) and every ```nmc-error block (it must fail with exit
status 1 and print each `// error: ...` message written in the block, at the
line where it is written). A ```csv NAME block is written to NAME beside
the examples first, so that an example may read it.

usage: doc_examples.py NMC FILE.md
"""
import os
import re
import subprocess
import sys
import tempfile


def blocks(text):
    for m in re.finditer(r"```(nmc|nmc-error)\n(.*?)```", text, re.S):
        yield m.group(1), m.group(2), text[: m.start()].count("\n") + 2


def main(nmc, path):
    text = open(path).read()
    failures, count = 0, 0
    with tempfile.TemporaryDirectory() as tmp:
        for m in re.finditer(r"```csv ([\w.-]+)\n(.*?)```", text, re.S):
            open(os.path.join(tmp, m.group(1)), "w").write(m.group(2))
        for kind, code, line in blocks(text):
            count += 1
            src = os.path.join(tmp, f"example{count}.nmc")
            open(src, "w").write(code)
            proc = subprocess.run([nmc, "emit", "--emit=ir", src], capture_output=True, text=True)
            where = f"{path}:{line}"
            if kind == "nmc":
                if proc.returncode != 0:
                    print(f"FAIL {where}: example does not compile:\n{proc.stderr}")
                    failures += 1
                continue
            if proc.returncode != 1:
                print(f"FAIL {where}: expected exit status 1, got {proc.returncode}")
                failures += 1
            for n, src_line in enumerate(code.splitlines(), 1):
                m = re.search(r"// error: (.*)$", src_line)
                if m and f"example{count}.nmc:{n}:" not in proc.stderr or m and m.group(1) not in proc.stderr:
                    print(f"FAIL {where}: missing error on line {n}: {m.group(1)}\n{proc.stderr}")
                    failures += 1
    print(f"{count} examples, {failures} failures")
    return 1 if failures or count == 0 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
