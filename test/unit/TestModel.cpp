//===- TestModel.cpp - A hand-written model descriptor for tests ----------===//
#include "TestModel.h"

#include <cmath>
#include <limits>

namespace nmc::test {

std::atomic<int64_t> TestModel::Observed{0};

namespace {

constexpr double Inf = std::numeric_limits<double>::infinity();

double target(const double *P, int64_t I) { return P[PA] * (1.0 + 1e-3 * double(I)); }

int64_t initKernel(nmc_ctx *, const nmc_kernel_args *A, int64_t B, int64_t E) {
  auto *W = static_cast<double *>(A->columns[0]);
  for (int64_t I = B; I < E; ++I)
    W[I] = A->params[PW0];
  return 0;
}

int64_t stepKernel(nmc_ctx *, const nmc_kernel_args *A, int64_t B, int64_t E) {
  const double *P = A->params;
  auto *W = static_cast<double *>(A->columns[0]);
  double Decay = std::exp(-A->dt / P[PTau]);
  int64_t Bad = 0;
  for (int64_t I = B; I < E; ++I) {
    double Ai = target(P, I);
    W[I] = Ai + (W[I] - Ai) * Decay;
    if (double(I) == P[PPoisonElem] && A->t + A->dt >= P[PPoisonT])
      W[I] = std::nan("");
    Bad += !std::isfinite(W[I]);
  }
  return Bad;
}

int64_t observeKernel(nmc_ctx *, const nmc_kernel_args *A, int64_t B, int64_t E) {
  const double *P = A->params;
  const auto *W = static_cast<const double *>(A->columns[0]);
  auto *Cur = static_cast<double *>(A->columns[1]);
  int64_t Bad = 0;
  for (int64_t I = B; I < E; ++I) {
    Cur[I] = P[PGain] * P[PCellsG] * W[I];
    if (double(I) == P[PPoisonObs])
      Cur[I] = Inf;
    Bad += !std::isfinite(Cur[I]);
  }
  TestModel::Observed += E - B;
  return Bad;
}

void resolveParams(double *P, const uint8_t *IsSet) {
  static const double Defaults[NumTestParams] = {1e-3, 1e-6, 0, 2, 1e-3, 2e-3, -1, 0, -1};
  // Dependency order, as generated code would: w0 needs a.
  for (uint32_t I = 0; I < NumTestParams; ++I)
    if (!IsSet[I] && I != PW0)
      P[I] = Defaults[I];
  if (!IsSet[PW0])
    P[PW0] = P[PA] / 2;
}

// Exponents times two: m kg s A K.
nmc_param_desc param(const char *Name, const char *Unit, std::initializer_list<int8_t> Dim,
                     double Lo, double Hi, uint32_t Flags, uint32_t Line) {
  nmc_param_desc P{};
  P.name = Name;
  P.unit = Unit;
  int J = 0;
  for (int8_t D : Dim)
    P.dim[J++] = D;
  P.lo = Lo;
  P.hi = Hi;
  P.bound_flags = Flags;
  P.line = Line;
  return P;
}

} // namespace

double TestModel::exactW(const double *P, int64_t I, double T) {
  double Ai = target(P, I);
  return Ai + (P[PW0] - Ai) * std::exp(-T / P[PTau]);
}

TestModel::TestModel(int64_t Size, int64_t First, int64_t Count) {
  const std::initializer_list<int8_t> S = {0, 0, 2, 0, 0}, M = {2, 0, 0, 0, 0},
                                      Siemens = {-4, -2, 6, 4, 0}, One = {0, 0, 0, 0, 0};
  Params = {
      param("cells.tau", "ms", S, 0, Inf, NMC_BOUND_LO_OPEN, 3),
      param("cells.a", "um", M, 0, 10e-6, 0, 4),
      param("cells.w0", "um", M, 0, 1e-6, 0, 5),
      param("gain", "", One, 0, Inf, 0, 6),
      param("cells.g", "mS", Siemens, -Inf, Inf, 0, 7),
      param("leak.g", "mS", Siemens, -Inf, Inf, 0, 8),
      param("poison_elem", "", One, -1, Inf, 0, 9),
      param("poison_t", "s", S, 0, Inf, 0, 10),
      param("poison_obs", "", One, -1, Inf, 0, 11),
  };
  Columns[0] = {"w", "m", NMC_COLUMN_STATE, NMC_F64, nullptr, 0};
  Columns[1] = {"i", "A", NMC_COLUMN_OBSERVABLE, NMC_F64, nullptr, 0};

  Pop.name = "cells";
  Pop.device = "Relaxer";
  Pop.size = Size;
  Pop.num_columns = 2;
  Pop.columns = Columns;
  Kernels[0] = {"init", NMC_PHASE_INIT, 0, initKernel, 0};
  Kernels[1] = {"step", NMC_PHASE_UPDATE, 0, stepKernel, 0};
  Kernels[2] = {"observe", NMC_PHASE_RECORD, 0, observeKernel, 0};

  Probes[0] = {"cells", 0, First, Count, 2, CellsColumns, 0.0};
  Probes[1] = {"sparse", 0, Size > 1 ? 1 : 0, Size > 0 ? 1 : 0, 1, SparseColumns, 3e-6};

  Desc.abi_version = NMC_ABI_VERSION;
  Desc.name = "relax";
  Desc.source = "test/relax.nmc";
  Desc.compiler_version = "0.0-test";
  Desc.t_stop = 10e-6;
  Desc.dt = 1e-6;
  Desc.num_params = NumTestParams;
  Desc.params = Params.data();
  Desc.resolve_params = resolveParams;
  Desc.num_populations = 1;
  Desc.populations = &Pop;
  Desc.num_probes = 2;
  Desc.probes = Probes;
  Desc.num_kernels = 3;
  Desc.kernels = Kernels;
}

} // namespace nmc::test
