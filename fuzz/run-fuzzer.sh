#!/usr/bin/env bash
# Builds the libFuzzer target over the frontend (clang 14, ASan+UBSan,
# NMC_FUZZ=ON, in build-fuzz/) and runs it for SECONDS (default 60) from a
# seed corpus of every .nmc in the repository. Why: CI must show that no
# input crashes, hangs (10 s) or leaks the frontend. Exits non-zero on any
# finding and prints where the reproducer is; keep reproducers in
# fuzz/crashes/ (they are replayed as seeds on every run).
#
# usage: fuzz/run-fuzzer.sh [SECONDS]     (NMC_FUZZ_BUILD overrides build-fuzz)
set -euo pipefail
SECS="${1:-60}"
cd "$(dirname "$0")/.."
ROOT="$PWD"
BUILD="${NMC_FUZZ_BUILD:-$ROOT/build-fuzz}"
FUZZER="$BUILD/bin/nmc-frontend-fuzzer"

# Build, holding the shared build lock only for this step.
t0=$(date +%s)
flock /tmp/nmc-build.lock bash -c '
  set -e
  cmake -S "$1" -B "$2" -G Ninja -DNMC_FUZZ=ON -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 \
    -DCMAKE_C_FLAGS=-g -DCMAKE_CXX_FLAGS=-g >/dev/null
  cmake --build "$2" -j2 --target nmc-frontend-fuzzer' _ "$ROOT" "$BUILD"
echo "run-fuzzer: built in $(( $(date +%s) - t0 )) s"

# Seed corpus: every .nmc (examples, stdlib, bench, tests), tests split at
# `// -----` like --split-input-file does, the ```nmc blocks of docs/*.md,
# plus the saved reproducers.
CORPUS="$BUILD/corpus"
ART="$BUILD/artifacts"
rm -rf "$CORPUS" "$ART" && mkdir -p "$CORPUS" "$ART"
find examples stdlib test bench docs -name Output -prune -o -type f \( -name '*.nmc' -o -name '*.md' \) -print |
  python3 -c '
import os, re, sys
out = sys.argv[1]
for path in sys.stdin.read().split():
    text = open(path, "rb").read()
    if path.endswith(".md"):
        chunks = re.findall(rb"^```nmc[^\n]*\n(.*?)^```", text, re.M | re.S)
    else:
        chunks = text.split(b"\n// -----\n")
    for n, c in enumerate(chunks):
        name = path.replace("/", "_") + ("" if len(chunks) == 1 else "." + str(n))
        open(os.path.join(out, name), "wb").write(c)
' "$CORPUS"
if compgen -G "fuzz/crashes/*" >/dev/null; then
  for f in fuzz/crashes/*; do [ "${f##*.}" = md ] || cp "$f" "$CORPUS/regress_$(basename "$f")"; done
fi
echo "run-fuzzer: $(ls "$CORPUS" | wc -l) seeds, running for $SECS s"

status=0
ASAN_OPTIONS="detect_leaks=1" \
UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
"$FUZZER" -max_total_time="$SECS" -timeout=10 -rss_limit_mb=2048 -max_len=4096 \
  -dict=fuzz/nmc.dict -detect_leaks=1 -print_final_stats=1 \
  -artifact_prefix="$ART/" "$CORPUS" >"$BUILD/fuzz.log" 2>&1 || status=$?
if [ "$status" -ne 0 ]; then
  tail -n 60 "$BUILD/fuzz.log"
  echo "run-fuzzer: FAILED (exit $status); full log: $BUILD/fuzz.log"
  for f in "$ART"/*; do
    [ -e "$f" ] && echo "run-fuzzer: reproducer: $f (replay: $FUZZER $f; keep it in fuzz/crashes/)"
  done
  exit 1
fi
grep -E '^(stat::|Done )' "$BUILD/fuzz.log" || true
echo "run-fuzzer: no crash, hang or leak in $SECS s"
