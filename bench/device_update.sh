#!/usr/bin/env bash
# Device updates per second for 10^6 instances over 1000 steps, on 1 and 2
# threads: the executable nmc generates from bench/device_update.nmc against
# the same model written by hand (bench/handwritten.cpp), built as nmc builds
# (-O3 -march=native), as a user tuning by hand would (-ffast-math, which
# vectorises expm1 through glibc's libmvec), and, where the CPU has AVX-512,
# also with -mprefer-vector-width=512. "stream" is the memory-bandwidth limit:
# a kernel that only reads and writes the same state. Best of 3 runs each.
# usage: bench/device_update.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$build/bin/nmc" build bench/device_update.nmc -o "$work/generated" 2>/dev/null
best() { sort -g | tail -1; }
hand() { for r in 1 2 3; do "$build/bench/$1" "$2" ${3:-} | cut -d' ' -f1; done | best; }
variants="nmc-bench-handwritten nmc-bench-handwritten-fast"
grep -q avx512f /proc/cpuinfo && variants="$variants nmc-bench-handwritten-fast512"
echo "device updates per second, 10^6 volatile Ag/SiO2 cells x 1000 steps (best of 3)"
printf "%-8s %-12s %12s %12s\n" threads code updates/s generated/it
for threads in 1 2; do
  gen=$(for r in 1 2 3; do
    "$work/generated" --threads "$threads" --quiet --out "$work/run"
    python3 -c "import json,sys; j=json.load(open(sys.argv[1])); print(j['steps']*1e6/j['wall_seconds'])" "$work/run/run.json"
  done | best)
  printf "%-8s %-12s %12.4g %12s\n" "$threads" generated "$gen" ""
  for v in $variants; do
    h=$(hand "$v" "$threads")
    printf "%-8s %-12s %12.4g %12.3f\n" "$threads" "${v#nmc-bench-}" "$h" "$(python3 -c "print($gen/$h)")"
  done
  s=$(hand nmc-bench-handwritten "$threads" stream)
  printf "%-8s %-12s %12.4g %12.3f\n" "$threads" stream "$s" "$(python3 -c "print($gen/$s)")"
done
# Both compute the same numbers: compare the final diameter of element 0.
gen_phi=$(tail -1 "$work/run/last.csv" | cut -d, -f2)
hand_phi=$("$build/bench/nmc-bench-handwritten" 1 | cut -d' ' -f2)
echo "final phi[0]: generated $gen_phi m, handwritten $hand_phi m"
echo "generated/it: generated rate over that code's rate (1.0: as fast)"
