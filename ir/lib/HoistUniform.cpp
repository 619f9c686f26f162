//===- HoistUniform.cpp - Multiply a product's uniform factors first ------===//
//
// A discretised update is full of products such as
//   pi * phi^3 / (4 rho L) * V / I_C
// where only phi differs between elements. Evaluated left to right, each
// factor costs a multiplication in the element loop. This pass regroups
// every per-element product as
//   (per-element numerators * U) / per-element denominators
// where U, the product and quotient of the uniform factors, is computed once
// per launch (codegen puts uniform values in the loop preheader). It is the
// one reassociation the IR allows (Expr.h): it changes a result by a few
// ulps at most, and the same IR gives the same bits in every code path.
//
// A factor that other expressions also use is not opened up (its value is
// computed anyway, and regrouping through it would compute its division
// twice), unless it is a per-element value scaled by a uniform one.
//
//===----------------------------------------------------------------------===//
#include "nmc/ir/Passes.h"

#include <unordered_map>

namespace nmc::ir {

namespace {

class Hoister {
public:
  explicit Hoister(ExprContext &Ctx) : Ctx(Ctx) {}

  void countUses(const Expr *Root) {
    visitPostOrder(Root, [&](const Expr *E) {
      for (const Expr *Op : E->operands())
        ++Uses[Op];
    });
    ++Uses[Root];
  }

  const Expr *run(const Expr *E) {
    if (E->isUniform())
      return E;
    if (auto It = Done.find(E); It != Done.end())
      return It->second;
    const Expr *R = isProduct(E) ? regroup(E) : rebuildOperands(E);
    Done[E] = R;
    return R;
  }

  bool Changed = false;

private:
  static bool isProduct(const Expr *E) {
    return E->kind() == ExprKind::Binary &&
           (E->binaryOp() == BinaryOp::Mul || E->binaryOp() == BinaryOp::Div);
  }

  const Expr *rebuildOperands(const Expr *E) {
    std::vector<const Expr *> Ops;
    bool Same = true;
    for (const Expr *Op : E->operands()) {
      Ops.push_back(run(Op));
      Same = Same && Ops.back() == Op;
    }
    return Same ? E : Ctx.withOperands(E, Ops);
  }

  struct Factors {
    std::vector<const Expr *> Num, Den;
    bool Negate = false;
  };

  /// Splits E into factors, opening products and negations used only here.
  /// u * x or x / u with u uniform: opening it where it is shared costs
  /// nothing (its uniform part joins the group, and other users still
  /// compute it once).
  static bool scaledByUniform(const Expr *E) {
    if (!isProduct(E))
      return false;
    const Expr *A = E->operand(0), *B = E->operand(1);
    return E->binaryOp() == BinaryOp::Mul ? A->isUniform() != B->isUniform()
                                          : B->isUniform() && !A->isUniform();
  }

  void split(const Expr *E, bool InDen, Factors &F, bool Root) {
    bool Private = Root || Uses[E] <= 1 || scaledByUniform(E);
    if (Private && !E->isUniform() && isProduct(E)) {
      split(E->operand(0), InDen, F, false);
      split(E->operand(1), InDen != (E->binaryOp() == BinaryOp::Div), F, false);
      return;
    }
    if (Private && !E->isUniform() && E->kind() == ExprKind::Unary &&
        E->unaryOp() == UnaryOp::Neg) {
      F.Negate = !F.Negate;
      split(E->operand(0), InDen, F, false);
      return;
    }
    (InDen ? F.Den : F.Num).push_back(E);
  }

  const Expr *product(const std::vector<const Expr *> &Xs, bool Hoisted) {
    const Expr *P = nullptr;
    for (const Expr *X : Xs)
      if (X->isUniform() == Hoisted) {
        const Expr *V = Hoisted ? X : run(X);
        P = P ? Ctx.mul(P, V) : V;
      }
    return P;
  }

  const Expr *regroup(const Expr *E) {
    Factors F;
    split(E, false, F, true);
    unsigned UniformCount = 0;
    for (const auto *Xs : {&F.Num, &F.Den})
      for (const Expr *X : *Xs)
        UniformCount += X->isUniform();
    if (UniformCount < 2)
      return rebuildOperands(E);
    Changed = true;
    const Expr *UNum = product(F.Num, true), *UDen = product(F.Den, true);
    const Expr *U = UNum ? (UDen ? Ctx.div(UNum, UDen) : UNum)
                         : (UDen ? Ctx.div(Ctx.constant(1), UDen) : nullptr);
    const Expr *N = product(F.Num, false), *D = product(F.Den, false);
    const Expr *R = N ? (U ? Ctx.mul(N, U) : N) : U;
    if (D)
      R = Ctx.div(R, D);
    return F.Negate ? Ctx.neg(R) : R;
  }

  ExprContext &Ctx;
  std::unordered_map<const Expr *, unsigned> Uses;
  std::unordered_map<const Expr *, const Expr *> Done;
};

void forEachExpr(std::vector<Stmt> &Body, const std::function<void(const Expr *&)> &F) {
  for (Stmt &S : Body) {
    F(S.Value);
    if (S.At)
      F(S.At);
    forEachExpr(S.Body, F);
  }
}

} // namespace

bool hoistUniform(Module &M, PassContext &) {
  bool Changed = false;
  for (Kernel &K : M.Kernels) {
    Hoister H(M.ctx());
    forEachExpr(K.Body, [&](const Expr *&E) { H.countUses(E); });
    forEachExpr(K.Body, [&](const Expr *&E) { E = H.run(E); });
    Changed |= H.Changed;
  }
  return Changed;
}

} // namespace nmc::ir
