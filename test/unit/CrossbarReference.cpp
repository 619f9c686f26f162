//===- CrossbarReference.cpp - The crossbar's nodal system by CHOLMOD ------===//
#include "CrossbarReference.h"

#include <cholmod.h>
#include <stdexcept>

namespace nmc::test {

struct CholmodCrossbar::Impl {
  cholmod_common Common;
  cholmod_sparse *A = nullptr;
  cholmod_factor *L = nullptr;
};

CholmodCrossbar::CholmodCrossbar(int64_t Rows, int64_t Cols, const rt::CrossbarWires &W,
                                 const double *G)
    : N(Rows), M(Cols), GDrv(1 / (W.RowSegment + W.Driver)), GSense(1 / (W.ColSegment + W.Sense)),
      P(new Impl) {
  cholmod_l_start(&P->Common);
  double GRow = 1 / W.RowSegment, GCol = 1 / W.ColSegment;
  int64_t NM = N * M, Size = 2 * NM;
  cholmod_triplet *T = cholmod_l_allocate_triplet(size_t(Size), size_t(Size), size_t(5 * NM), -1,
                                                  CHOLMOD_REAL, &P->Common);
  auto *Ri = static_cast<int64_t *>(T->i), *Ci = static_cast<int64_t *>(T->j);
  auto *X = static_cast<double *>(T->x);
  auto Add = [&](int64_t R, int64_t C, double V) { // lower triangle: R >= C
    Ri[T->nnz] = R, Ci[T->nnz] = C, X[T->nnz] = V;
    ++T->nnz;
  };
  for (int64_t I = 0; I < N; ++I)
    for (int64_t J = 0; J < M; ++J) {
      int64_t U = I * M + J, C = NM + U;
      double Gc = G[U];
      Add(U, U, (J == 0 ? GDrv : GRow) + (J + 1 < M ? GRow : 0) + Gc);
      if (J + 1 < M)
        Add(U + 1, U, -GRow);
      Add(C, U, -Gc);
      Add(C, C, (I > 0 ? GCol : 0) + (I + 1 < N ? GCol : GSense) + Gc);
      if (I + 1 < N)
        Add(C + M, C, -GCol);
    }
  P->A = cholmod_l_triplet_to_sparse(T, T->nnz, &P->Common);
  cholmod_l_free_triplet(&T, &P->Common);
  P->L = cholmod_l_analyze(P->A, &P->Common);
  if (!P->L || !cholmod_l_factorize(P->A, P->L, &P->Common) || P->Common.status != CHOLMOD_OK)
    throw std::runtime_error("CHOLMOD could not factorise the crossbar");
}

CholmodCrossbar::~CholmodCrossbar() {
  cholmod_l_free_factor(&P->L, &P->Common);
  cholmod_l_free_sparse(&P->A, &P->Common);
  cholmod_l_finish(&P->Common);
  delete P;
}

std::vector<double> CholmodCrossbar::nodes(const double *V) {
  int64_t Size = 2 * N * M;
  cholmod_dense *B = cholmod_l_zeros(size_t(Size), 1, CHOLMOD_REAL, &P->Common);
  auto *Bx = static_cast<double *>(B->x);
  for (int64_t I = 0; I < N; ++I)
    Bx[I * M] = GDrv * V[I];
  cholmod_dense *X = cholmod_l_solve(CHOLMOD_A, P->L, B, &P->Common);
  auto *Xx = static_cast<double *>(X->x);
  std::vector<double> Out(Xx, Xx + Size);
  cholmod_l_free_dense(&X, &P->Common);
  cholmod_l_free_dense(&B, &P->Common);
  return Out;
}

std::vector<double> CholmodCrossbar::currents(const double *V) {
  std::vector<double> X = nodes(V), I(static_cast<size_t>(M));
  for (int64_t J = 0; J < M; ++J)
    I[size_t(J)] = GSense * X[size_t(N * M + (N - 1) * M + J)];
  return I;
}

} // namespace nmc::test
