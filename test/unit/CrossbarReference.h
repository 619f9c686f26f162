//===- CrossbarReference.h - The crossbar's nodal system by CHOLMOD -*- C++ -*-===//
//
// The reference that the structured solver (runtime/lib/Crossbar.cpp) is
// checked and benchmarked against: the full nodal matrix of rows, columns
// and cells (2 N M unknowns, the same topology), factorised by CHOLMOD's
// sparse Cholesky (SuiteSparse, a direct solver).
//
//===----------------------------------------------------------------------===//
#ifndef NMC_TEST_CROSSBARREFERENCE_H
#define NMC_TEST_CROSSBARREFERENCE_H

#include "Crossbar.h"

#include <vector>

namespace nmc::test {

class CholmodCrossbar {
public:
  CholmodCrossbar(int64_t N, int64_t M, const rt::CrossbarWires &W, const double *G);
  ~CholmodCrossbar();
  CholmodCrossbar(const CholmodCrossbar &) = delete;
  CholmodCrossbar &operator=(const CholmodCrossbar &) = delete;
  /// Column currents for row voltages V (the factor is kept).
  std::vector<double> currents(const double *V);
  /// Every node voltage: u (N x M), then c (N x M).
  std::vector<double> nodes(const double *V);

private:
  int64_t N, M;
  double GDrv, GSense;
  struct Impl;
  Impl *P;
};

} // namespace nmc::test

#endif
