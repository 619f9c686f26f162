//===- Timing.h - Seconds per call, for the benchmarks ---------*- C++ -*-===//
#ifndef NMC_BENCH_TIMING_H
#define NMC_BENCH_TIMING_H

#include <chrono>

namespace nmc::bench {

inline double now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

/// Seconds per call of F: repeated until MinSeconds have passed, at least
/// MinReps times.
template <typename Fn> double timeIt(Fn F, double MinSeconds = 0.3, int MinReps = 1) {
  int Reps = 0;
  double T0 = now(), T = T0;
  do {
    F();
    ++Reps;
    T = now();
  } while (T - T0 < MinSeconds || Reps < MinReps);
  return (T - T0) / Reps;
}

} // namespace nmc::bench

#endif
