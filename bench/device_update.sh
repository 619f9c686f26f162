#!/usr/bin/env bash
# Device updates per second for 10^6 instances over 1000 steps, on 1 and 2
# threads: the executable nmc generates from bench/device_update.nmc against
# the same model written by hand (bench/handwritten.cpp). Best of 3 runs each.
# usage: bench/device_update.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$build/bin/nmc" build bench/device_update.nmc -o "$work/generated" 2>/dev/null
best() { sort -g | tail -1; }
echo "device updates per second, 10^6 volatile Ag/SiO2 cells x 1000 steps (best of 3)"
printf "%-8s %16s %16s %8s\n" threads generated handwritten ratio
for threads in 1 2; do
  gen=$(for r in 1 2 3; do
    "$work/generated" --threads "$threads" --quiet --out "$work/run"
    python3 -c "import json,sys; j=json.load(open(sys.argv[1])); print(j['steps']*1e6/j['wall_seconds'])" "$work/run/run.json"
  done | best)
  hand=$(for r in 1 2 3; do "$build/bench/nmc-bench-handwritten" "$threads" | cut -d' ' -f1; done | best)
  ratio=$(python3 -c "print(f'{$hand/$gen:.3f}')")
  printf "%-8s %16.4g %16.4g %8s\n" "$threads" "$gen" "$hand" "$ratio"
done
# Both compute the same numbers: compare the final diameter of element 0.
gen_phi=$(tail -1 "$work/run/last.csv" | cut -d, -f2)
hand_phi=$("$build/bench/nmc-bench-handwritten" 1 | cut -d' ' -f2)
echo "final phi[0]: generated $gen_phi m, handwritten $hand_phi m"
echo "ratio = handwritten/generated time per update (1.0: generated code is as fast)"
