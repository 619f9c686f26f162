#!/usr/bin/env bash
# Draws the gallery (docs/GALLERY.md): runs every gallery example with
# build/bin/nmc as its test under test/run does (the same flags and
# settings; compiled ahead of time where the test draws from the AOT run),
# draws its figure with examples/plot/figNN.py (Debian's /usr/bin/python3,
# which has matplotlib) into OUT (default build/gallery), and copies the
# PNGs to docs/gallery/.
#
#   bash scripts/gallery.sh [OUT]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
NMC=$ROOT/build/bin/nmc
PY=/usr/bin/python3
OUT=${1:-build/gallery}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
[ -x "$NMC" ] || { echo "gallery: $NMC is missing; build nmc first" >&2; exit 1; }
mkdir -p "$OUT/runs" "$OUT/bin" "$OUT/fig" docs/gallery
start=$(date +%s)

# jit NAME EXAMPLE [ARGS...]: nmc run into $OUT/runs/NAME.
jit() {
  local name=$1 example=$2; shift 2
  "$NMC" run "examples/$example" --quiet --out "$OUT/runs/$name" "$@"
}
# aot NAME EXAMPLE [ARGS...]: nmc build, then the executable into $OUT/runs/NAME.
aot() {
  local name=$1 example=$2; shift 2
  "$NMC" build "examples/$example" -o "$OUT/bin/$name"
  "$OUT/bin/$name" --quiet --out "$OUT/runs/$name" "$@"
}
# plot NAME [ARGS...]: examples/plot/NAME.py on $OUT/runs/NAME (ARGS after OUT).
plot() {
  local name=$1; shift
  "$PY" "examples/plot/$name.py" "$OUT/runs/$name" "$OUT/fig" "$@"
  cp "$OUT/fig/$name.png" docs/gallery/
}

aot fig06 fig06-crossbar-mvm.nmc --threads 2;            plot fig06
jit fig02a fig02a-1t1r-compliance.nmc;                     plot fig02a
jit fig02b fig02b-volatile-retention.nmc;                  plot fig02b
aot fig03c fig03c-gradual-switching.nmc --threads 3;       plot fig03c
jit fig04a fig04a-ecram.nmc;                               plot fig04a
jit fig07 fig07-pcmo-neuron.nmc;                           plot fig07
aot fig08 fig08-diffusive-neuron.nmc;                      plot fig08
jit fig09 fig09-neuristor.nmc;                             plot fig09
jit fig10 fig10-dendrite.nmc;                              plot fig10
aot fig11b fig11b-pulse-schemes.nmc --threads 3;           plot fig11b
aot fig12b fig12b-overlap-stdp.nmc --threads 2;            plot fig12b
aot fig12d fig12d-2t1r-stdp.nmc --threads 2;               plot fig12d
aot fig12f fig12f-second-order-stdp.nmc --threads 2;       plot fig12f
aot fig13 fig13-triplet-bcm.nmc --threads 2;               plot fig13
aot fig13-device fig13-device-bcm.nmc --threads 2;         plot fig13-device
aot fig14 fig14-paired-pulse.nmc --threads 2;              plot fig14
aot fig15 fig15-stm-ltm.nmc --threads 2;                   plot fig15
aot fig16 fig16-direction-selectivity.nmc --threads 2;   plot fig16
aot fig17 fig17-reservoir.nmc --threads 2
jit fig17-digits fig17-reservoir-digits.nmc --threads 2; plot fig17 "$OUT/runs/fig17-digits"
aot digits_stdp digits-stdp-crossbar.nmc --threads 2; plot digits_stdp
jit sec6 sec6-ir-drop.nmc --threads 1;                     plot sec6

echo "gallery: $(ls "$OUT"/fig/*.png | wc -l) figures in $OUT/fig, PNGs copied to docs/gallery ($(( $(date +%s) - start )) s)"
