//===- Algebra.cpp - Linear systems written out as expressions ------------===//
#include "Algebra.h"

namespace nmc::ir {

std::vector<const Expr *> solveLinear(ExprContext &C, std::vector<std::vector<const Expr *>> W,
                                      std::vector<const Expr *> R) {
  size_t N = R.size();
  for (size_t K = 0; K < N; ++K)
    for (size_t I = K + 1; I < N; ++I) {
      if (W[I][K]->isConst(0))
        continue;
      const Expr *L = C.div(W[I][K], W[K][K]);
      for (size_t J = K; J < N; ++J)
        if (!W[K][J]->isConst(0))
          W[I][J] = C.sub(W[I][J], C.mul(L, W[K][J]));
      R[I] = C.sub(R[I], C.mul(L, R[K]));
    }
  std::vector<const Expr *> X(N);
  for (size_t I = N; I-- > 0;) {
    const Expr *S = R[I];
    for (size_t J = I + 1; J < N; ++J)
      if (!W[I][J]->isConst(0))
        S = C.sub(S, C.mul(W[I][J], X[J]));
    X[I] = C.div(S, W[I][I]);
  }
  return X;
}

} // namespace nmc::ir
