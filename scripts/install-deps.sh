#!/usr/bin/env bash
# Installs every Debian 12 package nmc needs to build, test and benchmark.
# Idempotent: packages already present are skipped by apt; safe to run again.
set -euo pipefail

PKGS=(
  build-essential cmake ninja-build git python3
  llvm-19-dev llvm-19-tools
  zlib1g-dev libzstd-dev libxml2-dev libedit-dev libffi-dev
  antlr4 libantlr4-runtime-dev
  libgtest-dev libbenchmark-dev
  libcli11-dev nlohmann-json3-dev
  # counter-based random streams (Philox4x64-10), keyed by seed, stream, element, counter
  librandom123-dev
  # fuzz/run-fuzzer.sh: clang 14 and its libFuzzer/ASan/UBSan runtimes
  clang-14 libclang-rt-14-dev
  # test/tools/check_format.sh: the style of .clang-format, enforced in CI
  clang-format
  # test/spice: an independent circuit simulator that the circuit solver is checked against
  ngspice
  # test/run/brian-lif.test and bench/coba.py: Brian2, the reference spiking simulator
  # (Debian's /usr/bin/python3 runs it; its cpp_standalone device builds with g++)
  python3-brian
  # crossbar arrays: CHOLMOD is the direct solver that tests and bench/crossbar check the
  # structured IR-drop solver against; OpenBLAS is the ideal-MVM reference; SciPy's spsolve
  # the Python baseline (bench/crossbar_scipy.py)
  libsuitesparse-dev libopenblas-dev python3-scipy
  # in-memory linear algebra: dense LU, QR and eigenvalues (runtime/lib/ArraySolve.cpp)
  libeigen3-dev
  # the REPL's :plot to PNG and SVG
  gnuplot-nox
  # the gallery: every example draws its figure (PNG and SVG) with matplotlib
  python3-matplotlib
  # applications: the reservoir's and the crossbar network's readouts (logistic regression)
  # and the 8 x 8 handwritten digits that scikit-learn ships
  python3-sklearn
)

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PKGS[@]} packages present"
  exit 0
fi

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "install-deps: installed ${missing[*]}"
