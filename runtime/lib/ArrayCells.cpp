//===- ArrayCells.cpp - The cells of a crossbar: fixed or a device --------===//
#include "ArrayCells.h"

#include "Simulation.h"

#include <algorithm>

namespace nmc::rt {

ArrayCells::ArrayCells(const nmc_array_desc &Desc, Simulation &S, uint64_t Seed)
    : A(Desc), Sim(S), Cells(Desc.rows * physicalCols(Desc)) {
  bool Device = device();
  if (Device)
    Off.assign(size_t(Cells), 0);
  else
    G.assign(size_t(Cells), A.a);
  for (int64_t K = 0; K < Cells; ++K) {
    size_t K1 = size_t(K);
    if (A.cells == NMC_CELLS_NORMAL)
      G[K1] = std::max(0.0, A.a + A.b * nmc_rt_normal(Seed, A.stream, uint64_t(K), 0));
    else if (A.cells == NMC_CELLS_UNIFORM)
      G[K1] = A.a + (A.b - A.a) * nmc_rt_uniform(Seed, A.stream, uint64_t(K), 0);
    else if (A.cells == NMC_CELLS_DATA)
      G[K1] = A.data[K];
    if (A.sparsity > 0 && nmc_rt_uniform(Seed, A.stream, uint64_t(K), 1) < A.sparsity) {
      if (Device)
        Off[K1] = 1;
      else
        G[K1] = 0;
    }
  }
}

bool ArrayCells::eval(const double *V, double *I, double *Slope, int64_t Begin, int64_t End,
                      int64_t Counter, std::string &Err) {
  if (!device()) {
    for (int64_t K = Begin; K < End; ++K) {
      I[K] = G[size_t(K)] * V[K];
      if (Slope)
        Slope[K] = G[size_t(K)];
    }
    return true;
  }
  auto *Volt = static_cast<double *>(Sim.column(A.population, A.voltage_column));
  std::copy(V + Begin, V + End, Volt + Begin);
  if (!Sim.observe(A.population, Begin, End, Counter,
                   std::string("a read of array '") + A.name + "'", Err))
    return false;
  const auto *Cur = static_cast<const double *>(Sim.column(A.population, A.current_column));
  const auto *Sl = static_cast<const double *>(Sim.column(A.population, A.slope_column));
  for (int64_t K = Begin; K < End; ++K) {
    bool Dark = Off[size_t(K)] != 0;
    I[K] = Dark ? 0 : Cur[K];
    if (Slope)
      Slope[K] = Dark ? 0 : Sl[K];
  }
  return true;
}

void ArrayCells::rest() {
  if (!device())
    return;
  auto *Volt = static_cast<double *>(Sim.column(A.population, A.voltage_column));
  std::fill(Volt, Volt + Cells, 0.0);
}

} // namespace nmc::rt
