//===- Discretise.cpp - ODEs to per-step updates (exponential Euler) ------===//
//
// Pass "discretise". For each state x with dx/dt = f(x, t):
//
//   f*  = f with the drive sampled at the step midpoint (t -> t + dt/2)
//   J   = d f* / d x                      (symbolic, diagonal only)
//   x' = x + dt * phi1(J dt) * f*,        phi1(h) = expm1(h)/h, phi1(0) = 1
//   x' = clamp(x', lo, hi)                (only when the state has bounds)
//
// This is exponential Euler (Rush-Larsen on the diagonal): exact for linear
// dynamics with coefficients constant over the step, first order otherwise,
// and stable for stiff decays, such as the phi^-3 surface diffusion of
// volatile filaments, at any step. Other states are frozen at their old
// values within a step. The clamp is written with compares rather than
// fmin/fmax so that a NaN survives it and the runtime can report it.
//
// Before:  ode  dw/dt = (@tau_in - $w) / @tau
// After:   update w = $w + dt * phi1(-dt/@tau) * ((@tau_in - $w) / @tau)
//
//===----------------------------------------------------------------------===//
#include "nmc/ir/Passes.h"

namespace nmc::ir {

const char *name(Method M) {
  switch (M) {
  case Method::ExponentialEuler:
    return "exponential-euler";
  }
  return "?";
}

bool discretise(Module &M) {
  ExprContext &C = M.ctx();
  bool Changed = false;
  for (Population &P : M.Populations) {
    for (StateVar &S : P.States) {
      if (!S.Deriv || S.Update)
        continue;
      const Expr *X = C.column(S.Column);
      const Expr *Mid = C.add(C.time(), C.mul(C.dt(), C.constant(0.5)));
      const Expr *F = rewrite(C, S.Deriv, [&](const Expr *E) -> const Expr * {
        return E->kind() == ExprKind::Time ? Mid : nullptr;
      });
      const Expr *J = differentiate(C, F, S.Column);
      const Expr *Step;
      if (J->isConst(0)) {
        Step = C.mul(C.dt(), F);
      } else {
        const Expr *H = C.mul(J, C.dt());
        const Expr *Phi1 =
            C.select(C.binary(BinaryOp::Eq, H, C.constant(0)), C.constant(1),
                     C.div(C.call(CallFn::Expm1, H), H));
        Step = C.mul(C.mul(C.dt(), Phi1), F);
      }
      const Expr *U = C.add(X, Step);
      if (S.Lo)
        U = C.select(C.binary(BinaryOp::Lt, U, S.Lo), S.Lo, U);
      if (S.Hi)
        U = C.select(C.binary(BinaryOp::Gt, U, S.Hi), S.Hi, U);
      S.Update = U;
      Changed = true;
    }
  }
  return Changed;
}

} // namespace nmc::ir
