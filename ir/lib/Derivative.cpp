//===- Derivative.cpp - Symbolic differentiation of IR expressions --------===//
//
// Used by the ODE discretisation pass to build the diagonal Jacobian that
// exponential Euler needs. Piecewise functions (min, max, select, abs)
// differentiate branch by branch; comparisons, floor, round, sign and heaviside have zero slope.
//
//===----------------------------------------------------------------------===//
#include "nmc/ir/Expr.h"

#include <cmath>
#include <unordered_map>

namespace nmc::ir {

const Expr *differentiate(ExprContext &C, const Expr *Root, unsigned K) {
  std::unordered_map<const Expr *, const Expr *> Memo;
  std::function<const Expr *(const Expr *)> D = [&](const Expr *E) -> const Expr * {
    auto It = Memo.find(E);
    if (It != Memo.end())
      return It->second;
    const Expr *R = nullptr;
    const auto &O = E->operands();
    switch (E->kind()) {
    case ExprKind::Const:
    case ExprKind::Param:
    case ExprKind::Time:
    case ExprKind::Dt:
    case ExprKind::Step:
    case ExprKind::Element:
    case ExprKind::Voltage:
    case ExprKind::Random: // a draw does not depend on the state
    case ExprKind::Local:  // kernels only: after differentiation
    case ExprKind::Bound:
    case ExprKind::Load: // another element's value: off the diagonal
      R = C.constant(0);
      break;
    case ExprKind::Reduce:
      // The derivative of a sum is the sum of the derivatives; a min or a
      // max is piecewise one of its terms, which the diagonal Jacobian of
      // an exponential integrator may leave out (it only sets stiffness).
      R = E->binaryOp() == BinaryOp::Add ? C.reduce(BinaryOp::Add, E->index(), O[0], O[1], D(O[2]))
                                         : C.constant(0);
      break;
    case ExprKind::Column:
      R = C.constant(E->index() == K ? 1 : 0);
      break;
    case ExprKind::Unary:
      R = E->unaryOp() == UnaryOp::Neg ? C.neg(D(O[0])) : C.constant(0);
      break;
    case ExprKind::Select:
      R = E->type() == Type::Bool ? C.constant(0) : C.select(O[0], D(O[1]), D(O[2]));
      break;
    case ExprKind::Binary: {
      const Expr *A = O[0], *B = O[1];
      if (E->type() == Type::Bool) {
        R = C.constant(0);
        break;
      }
      const Expr *DA = D(A), *DB = D(B);
      switch (E->binaryOp()) {
      case BinaryOp::Add:
        R = C.add(DA, DB);
        break;
      case BinaryOp::Sub:
        R = C.sub(DA, DB);
        break;
      case BinaryOp::Mul:
        R = C.add(DA->isConst(0) ? DA : C.mul(DA, B), DB->isConst(0) ? DB : C.mul(A, DB));
        break;
      case BinaryOp::Div:
        // (a/b)' = (a' - (a/b) b') / b
        R = DB->isConst(0) ? (DA->isConst(0) ? DA : C.div(DA, B))
                           : C.div(C.sub(DA, C.mul(E, DB)), B);
        break;
      case BinaryOp::Pow:
        if (DB->isConst(0)) {
          // (a^b)' = b a^(b-1) a'
          R = DA->isConst(0)
                  ? DA
                  : C.mul(C.mul(B, C.binary(BinaryOp::Pow, A, C.sub(B, C.constant(1)))), DA);
        } else {
          // (a^b)' = a^b (b' ln a + b a'/a)
          R = C.mul(E, C.add(C.mul(DB, C.call(CallFn::Log, A)), C.div(C.mul(B, DA), A)));
        }
        break;
      case BinaryOp::Min:
        R = C.select(C.binary(BinaryOp::Le, A, B), DA, DB);
        break;
      case BinaryOp::Max:
        R = C.select(C.binary(BinaryOp::Ge, A, B), DA, DB);
        break;
      default:
        R = C.constant(0);
      }
      break;
    }
    case ExprKind::Call: {
      const Expr *A = O[0];
      const Expr *DA = D(A);
      if (DA->isConst(0)) {
        R = DA;
        break;
      }
      const Expr *Slope = nullptr;
      switch (E->callFn()) {
      case CallFn::Exp:
        Slope = E;
        break;
      case CallFn::Expm1:
        Slope = C.call(CallFn::Exp, A);
        break;
      case CallFn::Log:
        Slope = C.div(C.constant(1), A);
        break;
      case CallFn::Sqrt:
        Slope = C.div(C.constant(0.5), E);
        break;
      case CallFn::Sin:
        Slope = C.call(CallFn::Cos, A);
        break;
      case CallFn::Cos:
        Slope = C.neg(C.call(CallFn::Sin, A));
        break;
      case CallFn::Sinh:
        Slope = C.call(CallFn::Cosh, A);
        break;
      case CallFn::Cosh:
        Slope = C.call(CallFn::Sinh, A);
        break;
      case CallFn::Tanh:
        Slope = C.sub(C.constant(1), C.mul(E, E));
        break;
      case CallFn::Abs:
        Slope = C.select(C.binary(BinaryOp::Lt, A, C.constant(0)), C.constant(-1), C.constant(1));
        break;
      case CallFn::Floor:
      case CallFn::Round:
      case CallFn::Sign:
      case CallFn::Heaviside:
        Slope = C.constant(0);
        break;
      case CallFn::Log10:
        Slope = C.div(C.constant(1 / std::log(10.0)), A);
        break;
      case CallFn::Atan:
        Slope = C.div(C.constant(1), C.add(C.constant(1), C.mul(A, A)));
        break;
      case CallFn::Asinh:
        Slope = C.div(C.constant(1), C.call(CallFn::Sqrt, C.add(C.mul(A, A), C.constant(1))));
        break;
      }
      R = C.mul(Slope, DA);
      break;
    }
    }
    Memo[E] = R;
    return R;
  };
  return D(Root);
}

} // namespace nmc::ir

namespace nmc::ir {

bool affine(ExprContext &C, const Expr *E, unsigned K, const Expr *&A, const Expr *&B) {
  const Expr *Slope = differentiate(C, E, K);
  if (!Slope || !Slope->isUniform())
    return false;
  const Expr *At0 = rewrite(C, E, [&](const Expr *X) -> const Expr * {
    return X->kind() == ExprKind::Column && X->index() == K ? C.constant(0) : nullptr;
  });
  if (!At0->isUniform())
    return false;
  A = Slope, B = At0;
  return true;
}

} // namespace nmc::ir
