//===- Simulation.cpp - State storage and the time-stepping loop ----------===//
#include "Simulation.h"

#include "Format.h"
#include "ParallelFor.h"
#include "Progress.h"
#include "Recorder.h"

#include <cmath>
#include <cstring>

namespace nmc::rt {

namespace {
// Cache-line alignment: vectorised kernels use aligned loads, and chunks of
// different threads never share a line (4096 doubles is a whole number of
// lines).
constexpr size_t Alignment = 64;

const char *nonFiniteName(double V) {
  if (std::isnan(V))
    return "nan";
  return V > 0 ? "inf" : "-inf";
}
} // namespace

Simulation::Simulation(const nmc_model_desc &Model, const double *Params,
                       nmc_ctx &Ctx)
    : Model(Model), Params(Params), Ctx(Ctx) {}

bool Simulation::allocate(std::string &Err) {
  Storage.resize(Model.num_populations);
  Columns.resize(Model.num_populations);
  for (uint32_t P = 0; P < Model.num_populations; ++P) {
    const nmc_population_desc &Pop = Model.populations[P];
    size_t Size = size_t(Pop.size);
    if (Size > (SIZE_MAX - Alignment) / sizeof(double)) {
      Err = format("population '%s' has too many elements (%lld)", Pop.name,
                   (long long)Pop.size);
      return false;
    }
    size_t Bytes =
        (Size * sizeof(double) + Alignment - 1) / Alignment * Alignment;
    if (Bytes == 0)
      Bytes = Alignment; // aligned_alloc(_, 0) may return null
    for (uint32_t C = 0; C < Pop.num_columns; ++C) {
      Array A(static_cast<double *>(std::aligned_alloc(Alignment, Bytes)));
      if (!A) {
        Err = format("out of memory: population '%s' needs %u columns of "
                     "%lld values",
                     Pop.name, Pop.num_columns, (long long)Pop.size);
        return false;
      }
      std::memset(A.get(), 0, Bytes);
      Columns[P].push_back(A.get());
      Storage[P].push_back(std::move(A));
    }
  }
  return true;
}

nmc_kernel_args Simulation::argsFor(uint32_t Pop, double T, double Dt) const {
  return nmc_kernel_args{T, Dt, Params, Columns[Pop].data()};
}

int64_t Simulation::probeStride(const nmc_probe_desc &P, double Dt) {
  double Ratio = P.interval / Dt;
  // Beyond any run length: sample at step 0 only (and keep llround defined).
  if (Ratio > 1e15)
    return INT64_MAX;
  int64_t K = std::llround(Ratio);
  return K < 1 ? 1 : K;
}

// Finds the first element (then column) of kind Kind in [Begin, End) that is
// not finite and words the error; the scan is sequential and only runs once
// a kernel has reported a problem, so it costs nothing on good runs.
std::string Simulation::divergence(uint32_t Pop, uint32_t Kind, int64_t Begin,
                                   int64_t End, int64_t Reported, double T,
                                   const std::string &When) const {
  const nmc_population_desc &PD = Model.populations[Pop];
  for (int64_t I = Begin; I < End; ++I)
    for (uint32_t C = 0; C < PD.num_columns; ++C) {
      if (PD.columns[C].kind != Kind)
        continue;
      double V = Columns[Pop][C][I];
      if (!std::isfinite(V))
        return format("simulation diverged: %s '%s' of %s[%lld] became %s at "
                      "t = %.6g s (%s)",
                      Kind == NMC_COLUMN_STATE ? "state" : "observable",
                      PD.columns[C].name, PD.name, (long long)I,
                      nonFiniteName(V), T, When.c_str());
    }
  return format("simulation diverged: population '%s' reported %lld "
                "non-finite values at t = %.6g s (%s)",
                PD.name, (long long)Reported, T, When.c_str());
}

bool Simulation::run(int64_t Steps, double Dt, Recorder &Rec, Progress &Prog,
                     std::string &Err) {
  for (uint32_t P = 0; P < Model.num_populations; ++P) {
    const nmc_population_desc &Pop = Model.populations[P];
    nmc_kernel_args Args = argsFor(P, 0.0, Dt);
    if (int64_t Bad = parallelFor(&Ctx, Pop.init, Args, 0, Pop.size)) {
      Err = divergence(P, NMC_COLUMN_STATE, 0, Pop.size, Bad, 0.0,
                       "initial state");
      return false;
    }
  }

  std::vector<int64_t> Stride(Model.num_probes);
  for (uint32_t I = 0; I < Model.num_probes; ++I)
    Stride[I] = probeStride(Model.probes[I], Dt);

  for (int64_t N = 0;; ++N) {
    double T = double(N) * Dt;
    for (uint32_t I = 0; I < Model.num_probes; ++I) {
      if (N % Stride[I] != 0)
        continue;
      const nmc_probe_desc &Probe = Model.probes[I];
      const nmc_population_desc &Pop = Model.populations[Probe.population];
      if (Pop.observe) {
        nmc_kernel_args Args = argsFor(Probe.population, T, Dt);
        int64_t End = Probe.first + Probe.count;
        if (int64_t Bad =
                parallelFor(&Ctx, Pop.observe, Args, Probe.first, End)) {
          Err = divergence(Probe.population, NMC_COLUMN_OBSERVABLE, Probe.first,
                           End, Bad, T, format("step %lld", (long long)N));
          return false;
        }
      }
      if (!Rec.record(I, T, Columns[Probe.population].data(), Err))
        return false;
    }
    Prog.update(N, T);
    if (N == Steps)
      return true;
    for (uint32_t P = 0; P < Model.num_populations; ++P) {
      const nmc_population_desc &Pop = Model.populations[P];
      nmc_kernel_args Args = argsFor(P, T, Dt);
      if (int64_t Bad = parallelFor(&Ctx, Pop.step, Args, 0, Pop.size)) {
        // The state that went bad belongs to the end of this step.
        Err = divergence(P, NMC_COLUMN_STATE, 0, Pop.size, Bad,
                         double(N + 1) * Dt,
                         format("step %lld", (long long)(N + 1)));
        return false;
      }
    }
  }
}

} // namespace nmc::rt
