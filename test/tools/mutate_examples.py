#!/usr/bin/env python3
"""Mutation robustness test of the driver. Why: a damaged model (a token
deleted, duplicated or swapped, a truncated file, stray bytes) must get
diagnostics, never a crash, a hang or an exit status above 1.

usage: mutate_examples.py NMC OUT_DIR [--per-file N] [--max-total M] [--seed S]
                          [--jobs J] [--only-given] [FILE.nmc|DIR...]

Mutates every .nmc in examples/, bench/ and stdlib/ (plus the FILEs given, and
every file in a DIR given; --only-given: those alone): N mutants of each kind
per file (fewer when that would exceed M mutants in all, so that the time
stays bounded as the stdlib grows), deterministic for a seed, after the file
itself. Runs `NMC emit --emit=ir MUTANT` (10 s limit) on each. A mutant fails
when the run times out, dies by a signal, exits above 1, or exits 1 without
"error:" on stderr. Failing mutants are kept in OUT_DIR (the rest are removed) and listed;
the exit status is then 1.
"""
import argparse
import concurrent.futures
import os
import pathlib
import random
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
TOKEN = re.compile(rb"[A-Za-z_][A-Za-z_0-9]*|[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?"
                   rb"|\s+|//[^\n]*|&&|\|\||[<>=!]=|->|[-+*/]=|.", re.S)
# Valid, truncated, overlong, surrogate and out-of-range UTF-8, control
# characters and openers of brackets, strings and comments.
NOISE = [b"\x00", b"\xff", b"\xfe\xfe", b"\xc3\xa9", b"\xe2\x82\xac", b"\xf0\x9f\x98\x80",
         b"\xc3", b"\xc0\xaf", b"\xe0\x80\x80", b"\xf0\x80\x80\x80", b"\xed\xa0\x80",
         b"\xf4\x90\x80\x80", b"\xf6\x9c\x96\x8c", b"\x7f", b"\r", b"\t", b"{", b"(", b"[",
         b"\"", b"/*"]


def tokens(text):
    return TOKEN.findall(text)


def solid(toks):
    """Indices of tokens that are not whitespace (those worth mutating)."""
    return [i for i, t in enumerate(toks) if not t.isspace()] or [0]


def mutants(text, rng, n):
    """Yields (kind, bytes) for n mutants of each kind."""
    yield "original", text
    toks = tokens(text) or [b""]
    idx = solid(toks)
    for _ in range(n):
        i = rng.choice(idx)
        yield "delete", b"".join(toks[:i] + toks[i + 1:])
    for _ in range(n):
        i = rng.choice(idx)
        yield "duplicate", b"".join(toks[:i + 1] + [b" ", toks[i]] + toks[i + 1:])
    for _ in range(n):
        k = rng.randrange(len(idx) - 1) if len(idx) > 1 else 0
        i, j = idx[k], idx[min(k + 1, len(idx) - 1)]
        t = list(toks)
        t[i], t[j] = t[j], t[i]
        yield "swap", b"".join(t)
    for _ in range(n):
        yield "truncate", text[:rng.randrange(len(text) + 1)]
    for _ in range(n):
        pos = rng.randrange(len(text) + 1)
        noise = b"".join(rng.choice(NOISE) if rng.random() < 0.5 else bytes([rng.randrange(256)])
                         for _ in range(rng.randint(1, 4)))
        yield "bytes", text[:pos] + noise + text[pos:]


def check(nmc, path):
    """Returns None when the run behaved, else a reason."""
    try:
        p = subprocess.run([nmc, "emit", "--emit=ir", str(path)], stdin=subprocess.DEVNULL,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=10)
    except subprocess.TimeoutExpired:
        return "timed out (10 s)"
    last = (p.stderr.decode(errors="replace").strip().splitlines() or [""])[-1][:160]
    if p.returncode < 0:
        return f"killed by signal {-p.returncode}: {last}"
    if p.returncode > 1:
        return f"exit status {p.returncode}: {last}"
    if p.returncode == 1 and b"error:" not in p.stderr:
        return "exit status 1 without an 'error:' diagnostic"
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("nmc")
    ap.add_argument("out_dir")
    ap.add_argument("files", nargs="*")
    ap.add_argument("--per-file", type=int, default=10)
    ap.add_argument("--max-total", type=int, default=0, help="0: no limit")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--only-given", action="store_true")
    a = ap.parse_intermixed_args()

    srcs = [] if a.only_given else sorted(
        p for d in ("examples", "bench", "stdlib") for p in (ROOT / d).rglob("*.nmc"))
    for f in map(pathlib.Path, a.files):
        srcs += sorted(p.resolve() for p in f.iterdir() if p.is_file() and p.suffix != ".md") \
            if f.is_dir() else [f.resolve()]
    per_file = a.per_file
    if a.max_total and srcs and len(srcs) * 5 * per_file > a.max_total:
        per_file = max(1, a.max_total // (len(srcs) * 5))
    out = pathlib.Path(a.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    work = []
    for src in srcs:
        # One generator per file, so a file's mutants do not depend on the others.
        rel = src.relative_to(ROOT) if src.is_relative_to(ROOT) else src
        rng = random.Random(f"{a.seed}:{rel}")
        stem = str(rel.with_suffix("")).replace("/", "_")
        for n, (kind, data) in enumerate(mutants(src.read_bytes(), rng, per_file)):
            path = out / f"{stem}.{kind}.{n}.nmc"
            path.write_bytes(data)
            work.append(path)

    with concurrent.futures.ThreadPoolExecutor(a.jobs) as ex:
        results = list(ex.map(lambda p: (p, check(a.nmc, p)), work))
    bad = [(p, why) for p, why in results if why]
    for p, why in results:
        if not why:
            p.unlink()
    print(f"mutate_examples: {len(srcs)} files, {len(work)} runs ({per_file} mutants of each "
          f"kind per file, seed {a.seed}), "
          f"{len(bad)} failed")
    for p, why in bad:
        print(f"  {p}: {why}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
