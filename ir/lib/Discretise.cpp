//===- Discretise.cpp - ODEs to per-step updates ---------------------------===//
//
// Pass "discretise". Each population integrates its ODE states with its
// method (Population::Scheme); every state of a population advances
// together, so coupled states see each other's stage values. With x the
// states before the step, f(x, t) the right-hand sides and J the diagonal
// of df/dx (symbolic, at x and the step midpoint t_m = t + dt/2):
//
//  exponential-euler      x' = x + dt phi1(J dt) f(x, t_m)
//      Rush-Larsen on the diagonal: exact for linear uncoupled dynamics,
//      stable for stiff decays at any step; first order for coupled states
//      (the other states are frozen at x within the step).
//  exponential-midpoint   (the default)
//      x_m = x + dt/2 phi1(J dt/2) f(x, t + dt/4)
//      x'  = x + dt phi1(J dt) [f(x_m, t_m) - J (x_m - x)]
//      The nonlinear remainder is taken at the midpoint: second order for
//      coupled states, still exact for linear uncoupled ones and stable for
//      stiff diagonal decays. A population with one state uses exponential
//      Euler, which is second order there (J is then the full Jacobian).
//  rk4                    the classical fourth-order Runge-Kutta method.
//  rosenbrock             ROS2 (Verwer et al. 1999), L-stable, second order,
//      for stiff coupled states, with the full Jacobian derived
//      symbolically; time enters as an extra state, so the drive's time
//      derivative is in the Jacobian too:
//        W = I - g dt J,  g = 1 + 1/sqrt(2)
//        W k1 = f(x, t),  W k2 = f(x + dt k1, t + dt) - 2 k1
//        x' = x + dt (3/2 k1 + 1/2 k2)
//      W is solved by Gaussian elimination written out in the IR (at most
//      8 coupled states; no pivoting: W's diagonal is 1 - g dt J_ii, which
//      vanishes only for a growth rate of 1/(g dt), a step far too long).
//  tr-bdf2                the one-step, L-stable, second-order implicit
//      method of circuit simulators (Bank et al. 1985), for stiff states:
//      each ODE state becomes an unknown with the row dx/dt - f = 0 (mass
//      1), which the schedule pass solves by Newton in two stages per step
//      together with the population's other unknowns (Module.h, Algebraic).
//
// phi1(h) = expm1(h)/h, phi1(0) = 1. Bounds clamp every stage value and the
// result, written with compares rather than fmin/fmax so that a NaN survives
// and the runtime can report it.
//
// Before:  ode  dw/dt = (@tau_in - $w) / @tau
// After:   update w = $w + dt * phi1(-dt/@tau) * ((@tau_in - $w) / @tau)
//
//===----------------------------------------------------------------------===//
#include "Algebra.h"
#include "nmc/ir/Passes.h"

#include <cmath>

namespace nmc::ir {

const char *name(Method M) {
  switch (M) {
  case Method::Euler:
    return "euler";
  case Method::ExponentialEuler:
    return "exponential-euler";
  case Method::ExponentialMidpoint:
    return "exponential-midpoint";
  case Method::RK4:
    return "rk4";
  case Method::Rosenbrock:
    return "rosenbrock";
  case Method::TRBDF2:
    return "tr-bdf2";
  }
  return "?";
}

namespace {

/// The states a population integrates, and how to evaluate their
/// right-hand sides at other states and times.
class Integrator {
public:
  Integrator(ExprContext &C, Population &P) : C(C), P(P) {
    for (StateVar &S : P.States)
      if (S.Deriv && !S.Update)
        Odes.push_back(&S);
  }

  bool empty() const { return Odes.empty(); }
  size_t size() const { return Odes.size(); }

  /// f_k with every state column c replaced by X[c] and time by T.
  const Expr *f(size_t K, const std::vector<const Expr *> &X, const Expr *T) {
    return rewrite(C, Odes[K]->Deriv, [&](const Expr *E) -> const Expr * {
      if (E->kind() == ExprKind::Time)
        return T;
      if (E->kind() == ExprKind::Column) {
        for (size_t J = 0; J < Odes.size(); ++J)
          if (Odes[J]->Column == E->index())
            return X[J];
      }
      return nullptr;
    });
  }

  std::vector<const Expr *> state() {
    std::vector<const Expr *> X;
    for (StateVar *S : Odes)
      X.push_back(C.column(S->Column));
    return X;
  }

  const Expr *clamp(size_t K, const Expr *U) {
    if (Odes[K]->Lo)
      U = C.select(C.binary(BinaryOp::Lt, U, Odes[K]->Lo), Odes[K]->Lo, U);
    if (Odes[K]->Hi)
      U = C.select(C.binary(BinaryOp::Gt, U, Odes[K]->Hi), Odes[K]->Hi, U);
    return U;
  }

  /// dt' phi1(J dt') F, with phi1(0) = 1.
  const Expr *expStep(const Expr *J, const Expr *Dt, const Expr *F) {
    if (J->isConst(0))
      return C.mul(Dt, F);
    const Expr *H = C.mul(J, Dt);
    const Expr *Phi1 = C.select(C.binary(BinaryOp::Eq, H, C.constant(0)), C.constant(1),
                                C.div(C.call(CallFn::Expm1, H), H));
    return C.mul(C.mul(Dt, Phi1), F);
  }

  /// Forward Euler, first order: the reference method of benchmarks such as
  /// COBA (Brette et al. 2007), stable only for dt well below the fastest
  /// time constant.
  void euler() {
    auto X = state();
    std::vector<const Expr *> F;
    for (size_t K = 0; K < Odes.size(); ++K)
      F.push_back(f(K, X, C.time()));
    for (size_t K = 0; K < Odes.size(); ++K)
      Odes[K]->Update = clamp(K, C.add(X[K], C.mul(C.dt(), F[K])));
  }

  void exponentialEuler() {
    auto X = state();
    for (size_t K = 0; K < Odes.size(); ++K) {
      const Expr *F = f(K, X, mid());
      const Expr *J = differentiate(C, F, Odes[K]->Column);
      Odes[K]->Update = clamp(K, C.add(X[K], expStep(J, C.dt(), F)));
    }
  }

  void exponentialMidpoint() {
    auto X = state();
    std::vector<const Expr *> J, XM;
    const Expr *Half = C.mul(C.dt(), C.constant(0.5));
    const Expr *Quarter = C.add(C.time(), C.mul(C.dt(), C.constant(0.25)));
    for (size_t K = 0; K < Odes.size(); ++K) {
      J.push_back(differentiate(C, f(K, X, mid()), Odes[K]->Column));
      XM.push_back(clamp(K, C.add(X[K], expStep(J[K], Half, f(K, X, Quarter)))));
    }
    for (size_t K = 0; K < Odes.size(); ++K) {
      const Expr *G = f(K, XM, mid());
      if (!J[K]->isConst(0))
        G = C.sub(G, C.mul(J[K], C.sub(XM[K], X[K])));
      Odes[K]->Update = clamp(K, C.add(X[K], expStep(J[K], C.dt(), G)));
    }
  }

  void rk4() {
    auto X = state();
    size_t N = Odes.size();
    const Expr *Half = C.mul(C.dt(), C.constant(0.5));
    auto Stage = [&](const std::vector<const Expr *> &Y, const Expr *T) {
      std::vector<const Expr *> K;
      for (size_t I = 0; I < N; ++I)
        K.push_back(f(I, Y, T));
      return K;
    };
    auto Advance = [&](const std::vector<const Expr *> &Slope, const Expr *H) {
      std::vector<const Expr *> Y;
      for (size_t I = 0; I < N; ++I)
        Y.push_back(clamp(I, C.add(X[I], C.mul(H, Slope[I]))));
      return Y;
    };
    auto K1 = Stage(X, C.time());
    auto K2 = Stage(Advance(K1, Half), mid());
    auto K3 = Stage(Advance(K2, Half), mid());
    auto K4 = Stage(Advance(K3, C.dt()), C.stepEnd());
    for (size_t I = 0; I < N; ++I) {
      const Expr *Sum = C.add(C.add(K1[I], C.mul(C.constant(2), K2[I])),
                              C.add(C.mul(C.constant(2), K3[I]), K4[I]));
      Odes[I]->Update = clamp(I, C.add(X[I], C.mul(C.div(C.dt(), C.constant(6)), Sum)));
    }
  }

  bool rosenbrock(std::string &Error) {
    size_t N = Odes.size();
    if (N > 8) {
      Error = "population '" + P.Name +
              "': the rosenbrock method solves at most 8 coupled "
              "states, this one has " +
              std::to_string(N);
      return false;
    }
    auto X = state();
    // Time as an extra state: a pseudo-column past the population's own.
    unsigned TimeCol = unsigned(P.Columns.size());
    const Expr *TimeVar = C.column(TimeCol);
    std::vector<const Expr *> F0, Ft;
    std::vector<std::vector<const Expr *>> Jac(N);
    const double Gamma = 1 + 1 / std::sqrt(2.0);
    const Expr *GH = C.mul(C.constant(Gamma), C.dt());
    for (size_t I = 0; I < N; ++I) {
      const Expr *FI = f(I, X, TimeVar);
      for (size_t J = 0; J < N; ++J)
        Jac[I].push_back(untime(differentiate(C, FI, Odes[J]->Column), TimeCol));
      Ft.push_back(untime(differentiate(C, FI, TimeCol), TimeCol));
      F0.push_back(untime(FI, TimeCol));
    }
    // W = I - g dt J, as rows; the time row is the identity (dt/dt = 1).
    std::vector<std::vector<const Expr *>> W(N, std::vector<const Expr *>(N));
    for (size_t I = 0; I < N; ++I)
      for (size_t J = 0; J < N; ++J)
        W[I][J] = Jac[I][J]->isConst(0) ? C.constant(I == J ? 1 : 0)
                                        : C.sub(C.constant(I == J ? 1 : 0), C.mul(GH, Jac[I][J]));
    // The time component of k is 1 in stage 1 and -1 in stage 2; it enters
    // the other rows through the column of df/dt: + g dt f_t k_t.
    std::vector<const Expr *> R1(N), R2(N);
    // (A drive constant in time has f_t = 0: no term, rather than x * 0.)
    auto TimeTerm = [&](size_t I) { return Ft[I]->isConst(0) ? nullptr : C.mul(GH, Ft[I]); };
    for (size_t I = 0; I < N; ++I)
      R1[I] = TimeTerm(I) ? C.add(F0[I], TimeTerm(I)) : F0[I];
    auto K1 = solveLinear(C, W, R1);
    std::vector<const Expr *> Y(N);
    for (size_t I = 0; I < N; ++I)
      Y[I] = clamp(I, C.add(X[I], C.mul(C.dt(), K1[I])));
    const Expr *T1 = C.stepEnd();
    for (size_t I = 0; I < N; ++I) {
      R2[I] = C.sub(f(I, Y, T1), C.mul(C.constant(2), K1[I]));
      if (TimeTerm(I))
        R2[I] = C.sub(R2[I], TimeTerm(I));
    }
    auto K2 = solveLinear(C, W, R2);
    for (size_t I = 0; I < N; ++I)
      Odes[I]->Update = clamp(I, C.add(X[I], C.mul(C.dt(), C.add(C.mul(C.constant(1.5), K1[I]),
                                                                 C.mul(C.constant(0.5), K2[I])))));
    return true;
  }

private:
  const Expr *mid() { return C.add(C.time(), C.mul(C.dt(), C.constant(0.5))); }

  const Expr *untime(const Expr *E, unsigned TimeCol) {
    return rewrite(C, E, [&](const Expr *N) -> const Expr * {
      return N->kind() == ExprKind::Column && N->index() == TimeCol ? C.time() : nullptr;
    });
  }

  ExprContext &C;
  Population &P;
  std::vector<StateVar *> Odes;
};

void toImplicit(ExprContext &C, Population &P, const std::vector<double> &Params) {
  std::vector<StateVar> Kept;
  for (StateVar &S : P.States) {
    if (!S.Deriv || S.Update) {
      Kept.push_back(S);
      continue;
    }
    Algebraic A;
    A.Column = S.Column;
    A.Init = S.Init;
    A.Residual = C.neg(S.Deriv);
    A.AbsTol = stateTolerance(S, Params);
    A.Mass.push_back({S.Column, C.constant(1)});
    A.Lo = S.Lo, A.Hi = S.Hi;
    P.Algebraics.push_back(A);
  }
  P.States = std::move(Kept);
}

} // namespace

double stateTolerance(const StateVar &S, const std::vector<double> &Params) {
  auto Value = [&](const Expr *E) { return E ? evaluate(E, Params).value_or(NAN) : NAN; };
  double Lo = Value(S.Lo), Hi = Value(S.Hi), Init = Value(S.Init);
  if (std::isfinite(Hi - Lo) && Hi > Lo)
    return 1e-9 * (Hi - Lo);
  if (std::isfinite(Init) && Init != 0)
    return 1e-9 * std::fabs(Init);
  return 1e-12;
}

bool discretise(Module &M, PassContext &PC) {
  std::string Error;
  bool Changed = false;
  for (Population &P : M.Populations) {
    Integrator I(M.ctx(), P);
    if (I.empty())
      continue;
    switch (P.Scheme) {
    case Method::Euler:
      I.euler();
      break;
    case Method::ExponentialEuler:
      I.exponentialEuler();
      break;
    case Method::ExponentialMidpoint:
      // One state: J is the whole Jacobian, and exponential (Rosenbrock-)
      // Euler is then already second order (Hochbruck and Ostermann 2010),
      // at half the cost.
      if (I.size() == 1)
        I.exponentialEuler();
      else
        I.exponentialMidpoint();
      break;
    case Method::RK4:
      I.rk4();
      break;
    case Method::Rosenbrock:
      if (!I.rosenbrock(Error)) {
        PC.fail(Error);
        return Changed;
      }
      break;
    case Method::TRBDF2: {
      // Parameter defaults in order: each reads only earlier ones.
      std::vector<double> Params;
      for (const Param &X : M.Params)
        Params.push_back(evaluate(X.Default, Params).value_or(NAN));
      toImplicit(M.ctx(), P, Params);
      break;
    }
    }
    Changed = true;
  }
  return Changed;
}

} // namespace nmc::ir
