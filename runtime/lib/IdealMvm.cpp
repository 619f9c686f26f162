//===- IdealMvm.cpp - Many ideal crossbar reads as one matrix product -----===//
#include "IdealMvm.h"

#include <cblas.h>

namespace nmc::rt {

void idealReads(const double *X, int64_t Reads, const std::vector<double> &W, int64_t N, int64_t M,
                bool Transposed, double Scale, double *Out, int Threads) {
  openblas_set_num_threads(Threads);
  if (Transposed) // (Reads x M) (M x N)
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, blasint(Reads), blasint(N), blasint(M),
                Scale, X, blasint(M), W.data(), blasint(M), 0.0, Out, blasint(N));
  else // (Reads x N) (N x M)
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, blasint(Reads), blasint(M), blasint(N),
                Scale, X, blasint(N), W.data(), blasint(M), 0.0, Out, blasint(M));
}

} // namespace nmc::rt
