//===- mvm.cpp - Ideal crossbar reads: batched DGEMM against one at a time ===//
//
// For an N x N crossbar of fixed cells and R input vectors, prints the time
// of all R ideal reads done as nmc does them (one OpenBLAS DGEMM,
// runtime/lib/IdealMvm.cpp) on 1 and 2 threads, in GFLOP/s, beside the same
// reads one vector at a time with a plain loop (what each read of the
// general path costs). bench/mvm_numpy.py times numpy's X @ G, the
// strongest alternative a user has, on the same sizes. Usage:
//     build/bench/nmc-bench-mvm [N ...]     (default 128 512 1024 2048; R = 1000)
//
//===----------------------------------------------------------------------===//
#include "Crossbar.h"
#include "IdealMvm.h"
#include "Timing.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

using namespace nmc;

/// Seconds per call of F after a warm-up call: at least 0.5 s, twice.
template <typename Fn> double timeIt(Fn F) {
  F();
  return bench::timeIt(F, 0.5, 2);
}

int main(int Argc, char **Argv) {
  std::vector<int64_t> Sizes;
  for (int I = 1; I < Argc; ++I)
    Sizes.push_back(std::atoll(Argv[I]));
  if (Sizes.empty())
    Sizes = {128, 512, 1024, 2048};
  const int64_t R = 1000;
  std::printf("%6s %6s %12s %12s %12s %10s\n", "N", "reads", "dgemm 1 thr", "dgemm 2 thr",
              "loop 1 thr", "GFLOP/s 2");
  for (int64_t N : Sizes) {
    std::mt19937_64 Rng(static_cast<uint64_t>(N));
    std::uniform_real_distribution<double> U(0, 1);
    std::vector<double> G(static_cast<size_t>(N * N)), X(static_cast<size_t>(R * N)),
        Out(static_cast<size_t>(R * N));
    for (double &V : G)
      V = 1e-6 + 99e-6 * U(Rng);
    for (double &V : X)
      V = U(Rng);
    double T1 = timeIt([&] { rt::idealReads(X.data(), R, G, N, N, false, 0.1, Out.data(), 1); });
    double T2 = timeIt([&] { rt::idealReads(X.data(), R, G, N, N, false, 0.1, Out.data(), 2); });
    double TL = timeIt([&] {
      for (int64_t K = 0; K < R; ++K)
        rt::idealMvm(G.data(), N, N, X.data() + K * N, Out.data() + K * N);
    });
    std::printf("%6lld %6lld %10.2f ms %10.2f ms %10.2f ms %10.1f\n", (long long)N, (long long)R,
                1e3 * T1, 1e3 * T2, 1e3 * TL, 2.0 * double(R) * double(N * N) / T2 / 1e9);
  }
  return 0;
}
