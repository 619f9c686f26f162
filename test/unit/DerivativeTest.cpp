//===- DerivativeTest.cpp - symbolic derivatives against finite differences ===//
#include "nmc/ir/Expr.h"

#include <cmath>
#include <gtest/gtest.h>

using namespace nmc::ir;

namespace {

/// Evaluates E with column 0 = X by substituting a constant.
double at(ExprContext &C, const Expr *E, double X) {
  const Expr *S = rewrite(C, E, [&](const Expr *N) -> const Expr * {
    return N->kind() == ExprKind::Column ? C.constant(X) : nullptr;
  });
  return *evaluate(S, {});
}

void expectSlope(ExprContext &C, const Expr *F, double X) {
  const Expr *D = differentiate(C, F, 0);
  double H = 1e-6 * std::max(1.0, std::fabs(X));
  double Numeric = (at(C, F, X + H) - at(C, F, X - H)) / (2 * H);
  EXPECT_NEAR(at(C, D, X), Numeric, 1e-6 * std::max(1.0, std::fabs(Numeric))) << "at x = " << X;
}

TEST(Derivative, MatchesCentralDifferences) {
  ExprContext C;
  const Expr *X = C.column(0);
  auto K = [&](double V) { return C.constant(V); };
  std::vector<const Expr *> Fs = {
      C.mul(K(3), C.binary(BinaryOp::Pow, X, K(3))),
      C.div(K(1), C.binary(BinaryOp::Pow, X, K(3))),
      C.call(CallFn::Exp, C.mul(K(-2), X)),
      C.call(CallFn::Sinh, C.div(X, K(0.3))),
      C.call(CallFn::Tanh, X),
      C.call(CallFn::Log, C.add(X, K(2))),
      C.call(CallFn::Sqrt, C.add(C.mul(X, X), K(1))),
      C.call(CallFn::Expm1, X),
      C.binary(BinaryOp::Pow, K(2), X),
      C.binary(BinaryOp::Min, C.mul(X, X), K(0.5)),
      C.select(C.binary(BinaryOp::Gt, X, K(0.2)), C.mul(X, X), C.neg(X)),
      C.call(CallFn::Cos, C.mul(X, C.call(CallFn::Sin, X))),
  };
  for (const Expr *F : Fs)
    for (double V : {0.3, 0.7, 1.9})
      expectSlope(C, F, V);
}

TEST(Derivative, IndependentOfOtherColumns) {
  ExprContext C;
  const Expr *F = C.mul(C.column(1), C.call(CallFn::Exp, C.param(0)));
  EXPECT_TRUE(differentiate(C, F, 0)->isConst(0));
}

TEST(Folding, ExactIdentitiesOnly) {
  ExprContext C;
  const Expr *X = C.column(0);
  EXPECT_EQ(C.add(X, C.constant(0)), X);
  EXPECT_EQ(C.mul(C.constant(1), X), X);
  // x*0 is NaN for infinite x, so it must stay.
  EXPECT_FALSE(C.mul(X, C.constant(0))->isConst());
  EXPECT_EQ(C.add(C.constant(2), C.constant(3))->value(), 5);
}

} // namespace
