//===- IdealMvm.h - Many ideal crossbar reads as one matrix product -*- C++ -*-===//
//
// An ideal crossbar (no wires, no converters) of fixed cells computes, for
// every input vector at once, I = X W (forward; W = G, or G+ - G- per
// differential pair) or I = X W^T (transposed), scaled by the read
// voltage: one DGEMM from Debian's OpenBLAS, the tuned BLAS a user would
// otherwise call from numpy. OpenBLAS splits the product over output
// blocks, each summed over the inner dimension in the same order whatever
// the thread count (test/run/array-read.test compares 1 and 3 threads).
//
//===----------------------------------------------------------------------===//
#ifndef NMC_RUNTIME_IDEALMVM_H
#define NMC_RUNTIME_IDEALMVM_H

#include <cstdint>
#include <vector>

namespace nmc::rt {

/// Out (Reads x (Transposed ? N : M)) = Scale X W or Scale X W^T, with X
/// Reads x (Transposed ? M : N) and W N x M, all row-major.
void idealReads(const double *X, int64_t Reads, const std::vector<double> &W, int64_t N, int64_t M,
                bool Transposed, double Scale, double *Out, int Threads);

} // namespace nmc::rt

#endif
