#!/usr/bin/env bash
# Installs what nmc needs, builds it and runs every test (GoogleTest unit
# tests and the lit suites, all through ctest).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
ctest --test-dir build --output-on-failure -j2
