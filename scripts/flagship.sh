#!/usr/bin/env bash
# Installs what nmc needs, builds it, compiles the flagship example (Fig. 2b
# of the review: a volatile Ag/SiO2 RRAM cell) to a native executable, runs
# it and prints the retention time it finds.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
mkdir -p out
./build/bin/nmc build examples/fig02b-volatile-retention.nmc -o out/fig02b
./out/fig02b --out out/fig02b.run
python3 examples/analysis/retention.py out/fig02b.run --expect 1.5e-3 --tolerance 0.2
