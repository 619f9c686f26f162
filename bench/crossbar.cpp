//===- crossbar.cpp - The exact IR-drop solve against CHOLMOD -------------===//
//
// For random crossbars (G uniform in 1 to 100 uS, inputs in 0 to 0.1 V,
// 1 ohm per wire segment, as the paper's Section 6), prints per size: the
// structured solver's time per solve (runtime/lib/Crossbar.cpp) on 1 and
// 2 threads, its CG iterations, CHOLMOD's time to factorise the full nodal
// matrix and to solve with the factor, and the largest difference between
// their column currents relative to the largest current, and beside the
// time per CG iteration on 2 threads the memory-bandwidth bound of one:
// an iteration streams 26 arrays of N x N doubles (the fused row sweep 9,
// S p 4, the CG update 6, the column preconditioner 7), and 30 with the
// coarse space from 384 lines on (its restriction of r - S z, a row solve
// kept in cache, 4), at the bandwidth a triad (a = b + s c over 3 x 128
// MiB) reaches here on 2 threads; and the setup once per conductance state
// (the line factors and the coarse matrix), after which every further
// input vector costs one solve. Usage:
//     build/bench/nmc-bench-crossbar [N ...]  (default 64 to 4096; CHOLMOD up to 1024)
// bench/crossbar_scipy.py times SciPy's spsolve and ngspice on the same
// networks.
//
//===----------------------------------------------------------------------===//
#include "Crossbar.h"
#include "CrossbarReference.h"
#include "Timing.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

using namespace nmc;

using bench::now;
using bench::timeIt;

/// Bytes per second of a triad on Threads threads, best of three.
double triadBandwidth(int Threads) {
  size_t Len = size_t(1) << 24;
  std::vector<double> A(Len), B(Len, 1.0), C(Len, 2.0);
  double Best = 0;
  for (int R = 0; R < 3; ++R) {
    double T0 = now();
#pragma omp parallel for num_threads(Threads) schedule(static)
    for (size_t K = 0; K < Len; ++K)
      A[K] = B[K] + 1.5 * C[K];
    Best = std::max(Best, 3.0 * 8 * double(Len) / (now() - T0));
  }
  return A[1] > 0 ? Best : 0;
}

int main(int Argc, char **Argv) {
  std::vector<int64_t> Sizes;
  for (int K = 1; K < Argc; ++K)
    Sizes.push_back(std::atoll(Argv[K]));
  if (Sizes.empty())
    Sizes = {64, 128, 256, 512, 1024, 2048, 4096};
  double Bandwidth = triadBandwidth(2);
  std::printf("triad bandwidth on 2 threads: %.1f GB/s\n", Bandwidth / 1e9);
  std::printf("%6s %10s %10s %6s %12s %12s %10s %10s %12s %12s %10s\n", "N", "nmc 1thr", "nmc 2thr",
              "iters", "cholmod fact", "cholmod solv", "x factor", "|dI|/Imax", "iter 2thr",
              "bw bound", "setup");
  for (int64_t N : Sizes) {
    std::mt19937_64 Rng{static_cast<uint64_t>(N)};
    std::uniform_real_distribution<double> UG(1e-6, 1e-4), UV(0, 0.1);
    size_t NN = static_cast<size_t>(N);
    std::vector<double> G(NN * NN), V(NN), I(NN);
    for (double &X : G)
      X = UG(Rng);
    for (double &X : V)
      X = UV(Rng);
    rt::CrossbarWires W{1, 1, 0, 0};
    rt::CrossbarSolver S(N, N, W);
    double TSetup = timeIt([&] { S.setConductances(G.data()); }, 0.1);
    rt::CrossbarSolver::Stats St;
    double T1 = timeIt([&] { St = S.solve(V.data(), I.data(), nullptr, 1); });
    double T2 = timeIt([&] { S.solve(V.data(), I.data(), nullptr, 2); });
    double TFact = 0, TSolve = 0, Worst = 0;
    if (N <= 1024) {
      double T0 = now();
      test::CholmodCrossbar Ref(N, N, W, G.data());
      TFact = now() - T0;
      std::vector<double> R;
      TSolve = timeIt([&] { R = Ref.currents(V.data()); });
      double Max = 0;
      for (double X : R)
        Max = std::max(Max, std::abs(X));
      for (int64_t J = 0; J < N; ++J)
        Worst = std::max(Worst, std::abs(I[size_t(J)] - R[size_t(J)]) / Max);
    }
    double Bound = (S.twoLevel() ? 30.0 : 26.0) * 8 * double(N) * double(N) / Bandwidth;
    std::printf(
        "%6lld %8.3f ms %8.3f ms %6d %9.3f ms %9.3f ms %10.1f %10.1e %9.3f ms %9.3f ms %7.3f ms\n",
        (long long)N, T1 * 1e3, T2 * 1e3, St.Iterations, TFact * 1e3, TSolve * 1e3,
        TFact > 0 ? (TFact + TSolve) / std::min(T1, T2) : 0.0, Worst, T2 / St.Iterations * 1e3,
        Bound * 1e3, TSetup * 1e3);
  }
  return 0;
}
