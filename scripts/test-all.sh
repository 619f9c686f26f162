#!/usr/bin/env bash
# Installs what nmc needs, builds it and runs every test (GoogleTest unit
# tests and the lit suites, all through ctest), then fuzzes the frontend for
# 60 s (fuzz/run-fuzzer.sh: no crash, hang or leak).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
ctest --test-dir build --output-on-failure -j2
bash fuzz/run-fuzzer.sh 60
