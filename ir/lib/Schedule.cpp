//===- Schedule.cpp - Populations to kernels in the phases of a step -------===//
//
// Pass "schedule". Each population gets
//  - an init kernel (phase init): its per-element draws, then the internal
//    columns, then its states, in that order, so that initial values may
//    read drawn parameters;
//  - an update kernel (phase update): every state's update computed from
//    the old state into locals, then each event in declaration order, then
//    one store per state. Events live in the update kernel rather than in a
//    kernel of the events phase because they need the state both before and
//    after the step (for the crossing time) and write the state once;
//  - an observe kernel (phase record) when something is observed.
//
// An event fires where its condition holds after the step (edge events:
// and did not before). Its time is interpolated on the margin of a
// comparison a > b (margin a - b): t_c = t_s + (t1 - t_s) g0 / (g0 - g1).
// A refractory period makes the held states integrate only over
// [max(t, t_ref_end), t + dt], so they resume inside the step.
//
// Before:  population @n ... event when (gt $v @n.v_th) refractory 2e-3 ...
// After:   kernel nmc_step_n update @n { let %0 = $t_ref ... store $v = ... }
//
//===----------------------------------------------------------------------===//
#include "Algebra.h"
#include "nmc/ir/Passes.h"

#include <cmath>
#include <functional>
#include <map>

namespace nmc::ir {

const char *name(Phase P) {
  switch (P) {
  case Phase::Init:
    return "init";
  case Phase::Drive:
    return "drive";
  case Phase::Solve:
    return "solve";
  case Phase::Update:
    return "update";
  case Phase::Events:
    return "events";
  case Phase::Delivery:
    return "delivery";
  case Phase::Learning:
    return "learning";
  case Phase::Record:
    return "record";
  }
  return "?";
}

bool Kernel::scatters() const {
  std::function<bool(const std::vector<Stmt> &)> Any = [&](const std::vector<Stmt> &B) {
    for (const Stmt &S : B)
      if (S.K == Stmt::Kind::Scatter || Any(S.Body))
        return true;
    return false;
  };
  return Any(Body);
}

const char *name(ColumnKind K) {
  switch (K) {
  case ColumnKind::State:
    return "state";
  case ColumnKind::Observable:
    return "observable";
  case ColumnKind::Param:
    return "param";
  case ColumnKind::Internal:
    return "internal";
  }
  return "?";
}

namespace {

class KernelBuilder {
public:
  KernelBuilder(ExprContext &C, Kernel &K) : C(C), K(K) {}

  const Expr *let(const Expr *E, std::vector<Stmt> *Into = nullptr) {
    if (E->operands().empty() && E->kind() != ExprKind::Random)
      return E; // leaves need no local
    unsigned L = K.NumLocals++;
    (Into ? *Into : K.Body).push_back(Stmt::let(L, E));
    return C.local(L, E->type());
  }
  /// A local even for a leaf: a column's value before later stores.
  const Expr *snapshot(const Expr *E) {
    unsigned L = K.NumLocals++;
    K.Body.push_back(Stmt::let(L, E));
    return C.local(L, E->type());
  }
  void store(unsigned Col, const Expr *E, bool Checked) {
    K.Body.push_back(Stmt::store(Col, E, Checked));
  }

private:
  ExprContext &C;
  Kernel &K;
};

/// Replaces time, step and column reads.
const Expr *substitute(ExprContext &C, const Expr *E, const Expr *T, const Expr *Dt,
                       const std::map<unsigned, const Expr *> &Cols) {
  return rewrite(C, E, [&](const Expr *N) -> const Expr * {
    if (N->kind() == ExprKind::Time)
      return T;
    if (N->kind() == ExprKind::Dt)
      return Dt;
    if (N->kind() == ExprKind::Column) {
      auto It = Cols.find(N->index());
      return It == Cols.end() ? nullptr : It->second;
    }
    return nullptr;
  });
}

/// The margin g of a comparison (positive where it holds), or null.
const Expr *margin(ExprContext &C, const Expr *Cond) {
  if (Cond->kind() != ExprKind::Binary)
    return nullptr;
  const Expr *A = Cond->operand(0), *B = Cond->operand(1);
  switch (Cond->binaryOp()) {
  case BinaryOp::Gt:
  case BinaryOp::Ge:
    return C.sub(A, B);
  case BinaryOp::Lt:
  case BinaryOp::Le:
    return C.sub(B, A);
  default:
    return nullptr;
  }
}

/// Draw with the counter of Random nodes set to Counter.
const Expr *redraw(ExprContext &C, const Expr *E, const Expr *Counter) {
  return rewrite(C, E, [&](const Expr *N) -> const Expr * {
    return N->kind() == ExprKind::Random ? C.random(N->randomDist(), N->index(), Counter) : nullptr;
  });
}

/// Newton's method for the population's unknowns (Module.h, Algebraic), on
/// the columns as they stand: a repeat block that stores the step into the
/// delta columns and then the unknowns, and after it a checked store that
/// turns an unknown that has not converged into NaN.
void newton(ExprContext &C, const Population &P, Kernel &K) {
  size_t N = P.Algebraics.size();
  if (N == 0)
    return;
  std::vector<std::vector<const Expr *>> J(N);
  std::vector<const Expr *> R;
  for (size_t I = 0; I < N; ++I) {
    const Algebraic &A = P.Algebraics[I];
    R.push_back(A.Residual);
    for (size_t K2 = 0; K2 < N; ++K2)
      J[I].push_back(differentiate(C, A.Residual, P.Algebraics[K2].Column));
  }
  std::vector<const Expr *> Delta = solveLinear(C, J, R);
  std::vector<Stmt> Body;
  const Expr *Converged = nullptr;
  for (size_t I = 0; I < N; ++I)
    Body.push_back(Stmt::store(P.Algebraics[I].DeltaColumn, Delta[I], false));
  for (size_t I = 0; I < N; ++I) {
    const Algebraic &A = P.Algebraics[I];
    const Expr *U = C.column(A.Column);
    Body.push_back(Stmt::store(A.Column, C.sub(U, C.column(A.DeltaColumn)), false));
    const Expr *Small =
        C.binary(BinaryOp::Le, C.call(CallFn::Abs, C.column(A.DeltaColumn)),
                 C.add(C.mul(C.constant(1e-12), C.call(CallFn::Abs, U)), C.constant(A.AbsTol)));
    Converged = Converged ? C.binary(BinaryOp::And, Converged, Small) : Small;
  }
  K.Body.push_back(Stmt::repeat(50, Converged, std::move(Body)));
  for (const Algebraic &A : P.Algebraics)
    K.Body.push_back(
        Stmt::store(A.Column, C.select(Converged, C.column(A.Column), C.constant(NAN)), true));
}

/// TR-BDF2's flag column: 1 where the next step starts afresh (the first
/// step, and the step after an event changed the unknowns).
unsigned restartColumn(const Population &P) {
  for (unsigned I = 0; I < P.Columns.size(); ++I)
    if (P.Columns[I].Name == "tr-bdf2.restart")
      return I;
  return ~0u;
}

/// One TR-BDF2 step of the population's unknowns (Bank et al. 1985):
/// a trapezoidal stage to t + g dt, g = 2 - sqrt 2, then a BDF2 stage to
/// t + dt over the three points, each solved by Newton. With the rates
/// y'_n stored at the end of the last step,
///   stage 1:  y'_g = 2 (y_g - y_n) / (g dt) - y'_n
///   stage 2:  y'_1 = (y_1 - c1 y_g + c0 y_n) (2 - g) / ((1 - g) dt),
///             c1 = 1 / (g (2 - g)), c0 = (1 - g)^2 / (g (2 - g)),
/// and every row sum_j m_j y'_j + r(y, t) = 0 holds at each stage's end.
/// After a restart the first stage is backward Euler, y'_g = (y_g - y_n) /
/// (g dt), which needs no y'_n: rates are not continuous across an event's
/// reset. Held unknowns (a refractory reset) keep their value: their row
/// becomes y - y_n = 0 while Hold holds. Returns the unknowns' values
/// before the step, as locals.
std::map<unsigned, const Expr *> implicitStep(ExprContext &C, const Population &P, Kernel &K,
                                              KernelBuilder &B,
                                              const std::map<unsigned, const Expr *> &Hold) {
  const double G = 2 - std::sqrt(2.0);
  const double C1 = 1 / (G * (2 - G)), C0 = (1 - G) * (1 - G) / (G * (2 - G));
  std::map<unsigned, const Expr *> Y0, Rate0, Yg;
  for (const Algebraic &A : P.Algebraics) {
    Y0[A.Column] = B.snapshot(C.column(A.Column));
    if (A.differential())
      Rate0[A.Column] = B.snapshot(C.column(A.RateColumn));
  }
  const Expr *Restart = B.let(C.binary(BinaryOp::Gt, C.column(restartColumn(P)), C.constant(0.5)));
  const Expr *GH = C.mul(C.constant(G), C.dt());
  auto Clamp = [&](const Algebraic &A, const Expr *U) {
    if (A.Lo)
      U = C.select(C.binary(BinaryOp::Lt, U, A.Lo), A.Lo, U);
    if (A.Hi)
      U = C.select(C.binary(BinaryOp::Gt, U, A.Hi), A.Hi, U);
    return U;
  };
  auto Stage = [&](const Expr *T, const std::function<const Expr *(unsigned)> &Rate) {
    Population S = P;
    for (Algebraic &A : S.Algebraics) {
      const Expr *R = substitute(C, A.Residual, T, C.dt(), {});
      for (auto &[Col, Mass] : A.Mass)
        R = C.add(R, C.mul(Mass, Rate(Col)));
      if (Hold.count(A.Column))
        R = C.select(Hold.at(A.Column), C.sub(C.column(A.Column), Y0[A.Column]), R);
      A.Residual = R;
    }
    newton(C, S, K);
    for (const Algebraic &A : P.Algebraics)
      if (A.Lo || A.Hi)
        B.store(A.Column, Clamp(A, C.column(A.Column)), false);
  };
  Stage(C.add(C.time(), GH), [&](unsigned Col) {
    const Expr *Diff = C.sub(C.column(Col), Y0[Col]);
    return C.select(Restart, C.div(Diff, GH),
                    C.sub(C.div(C.mul(C.constant(2), Diff), GH), Rate0[Col]));
  });
  // Stage 2 starts from the line through y_n and y_g.
  for (const Algebraic &A : P.Algebraics)
    Yg[A.Column] = B.snapshot(C.column(A.Column));
  for (const Algebraic &A : P.Algebraics)
    B.store(
        A.Column,
        Clamp(A, C.add(Y0[A.Column], C.mul(C.constant(1 / G), C.sub(Yg[A.Column], Y0[A.Column])))),
        false);
  auto Rate1 = [&](unsigned Col) {
    const Expr *Comb =
        C.add(C.sub(C.column(Col), C.mul(C.constant(C1), Yg[Col])), C.mul(C.constant(C0), Y0[Col]));
    return C.div(C.mul(C.constant((2 - G) / (1 - G)), Comb), C.dt());
  };
  Stage(C.add(C.time(), C.dt()), Rate1);
  for (const Algebraic &A : P.Algebraics)
    if (A.differential())
      B.store(A.RateColumn, Rate1(A.Column), false);
  return Y0;
}

Kernel initKernel(ExprContext &C, const Population &P, unsigned Index) {
  Kernel K{"nmc_init_" + P.Name, Phase::Init, Index, 0, {}};
  KernelBuilder B(C, K);
  for (const Draw &D : P.Draws)
    B.store(D.Column, D.Value, true);
  for (const Event &E : P.Events)
    if (E.Refractory)
      B.store(E.RefractoryColumn, C.constant(-INFINITY), false);
  for (const StateVar &S : P.States)
    B.store(S.Column, S.Init, true);
  for (const Algebraic &A : P.Algebraics)
    B.store(A.Column, A.Init, true);
  // The differential unknowns start at Init; the others are solved for.
  Population Static = P;
  Static.Algebraics.clear();
  for (const Algebraic &A : P.Algebraics) {
    if (A.differential())
      B.store(A.RateColumn, C.constant(0), false);
    else
      Static.Algebraics.push_back(A);
  }
  if (P.Scheme == Method::TRBDF2)
    B.store(restartColumn(P), C.constant(1), false);
  newton(C, Static, K);
  return K;
}

Kernel updateKernel(ExprContext &C, const Population &P, unsigned Index) {
  Kernel K{"nmc_step_" + P.Name, Phase::Update, Index, 0, {}};
  KernelBuilder B(C, K);
  const Expr *T0 = C.time(), *T1 = C.add(C.time(), C.dt());

  // Where a refractory period ends inside or after this step.
  std::map<unsigned, const Expr *> Start, Width; // held column -> window
  std::map<unsigned, const Expr *> RefEnd;       // refractory column -> old value
  for (const Event &E : P.Events) {
    if (!E.Refractory || RefEnd.count(E.RefractoryColumn))
      continue;
    const Expr *End = B.let(C.column(E.RefractoryColumn));
    RefEnd[E.RefractoryColumn] = End;
    const Expr *S = B.let(C.select(C.binary(BinaryOp::Gt, End, T0), End, T0));
    const Expr *W = B.let(C.select(C.binary(BinaryOp::Lt, S, T1), C.sub(T1, S), C.constant(0)));
    for (unsigned H : E.Held)
      Start[H] = S, Width[H] = W;
  }

  std::map<unsigned, const Expr *> Cur;  // column -> value after the step so far
  std::map<unsigned, const Expr *> Kept; // column -> its unchanged old value
  std::map<unsigned, const Expr *> Old;  // implicit unknowns -> value before the step
  if (P.Scheme == Method::TRBDF2) {
    // A held unknown stays put for a step that ends inside its refractory
    // period (the implicit solve resolves a hold to whole steps).
    std::map<unsigned, const Expr *> Hold;
    for (auto &[Col, S] : Start)
      Hold[Col] = B.let(C.binary(BinaryOp::Gt, S, C.add(T0, C.mul(C.dt(), C.constant(0.5)))));
    Old = implicitStep(C, P, K, B, Hold);
    for (auto &[Col, V] : Old)
      Cur[Col] = Kept[Col] = C.column(Col);
  }
  for (const StateVar &S : P.States) {
    if (!S.Update) {
      Cur[S.Column] = Kept[S.Column] = C.column(S.Column);
      continue;
    }
    const Expr *U = S.Update;
    if (Start.count(S.Column))
      U = substitute(C, U, Start[S.Column], Width[S.Column], {});
    Cur[S.Column] = B.let(U);
  }
  for (const Draw &D : P.Draws)
    if (D.PerCycle)
      Cur[D.Column] = Kept[D.Column] = C.column(D.Column);

  for (const Event &E : P.Events) {
    const Expr *TS = T0;
    const Expr *Active = nullptr;
    if (E.Refractory) {
      const Expr *End = RefEnd[E.RefractoryColumn];
      TS = C.select(C.binary(BinaryOp::Gt, End, T0), End, T0);
      Active = C.binary(BinaryOp::Lt, TS, T1);
    }
    const Expr *Before = substitute(C, E.Cond, TS, C.dt(), Old);
    const Expr *New = substitute(C, E.Cond, T1, C.dt(), Cur);
    const Expr *OldL = B.let(Before);
    const Expr *Fire = E.Edge ? C.binary(BinaryOp::And, C.unary(UnaryOp::Not, OldL), New) : New;
    if (Active)
      Fire = C.binary(BinaryOp::And, Fire, Active);
    Fire = B.let(Fire);
    const Expr *Tc = TS;
    if (const Expr *G = margin(C, E.Cond)) {
      const Expr *G0 = substitute(C, G, TS, C.dt(), Old);
      const Expr *G1 = substitute(C, G, T1, C.dt(), Cur);
      const Expr *Frac = C.div(G0, C.sub(G0, G1));
      Tc = C.select(OldL, TS, C.add(TS, C.mul(C.sub(T1, TS), Frac)));
    }
    Tc = B.let(Tc);
    for (const Assign &A : E.Assigns) {
      const Expr *V = substitute(C, A.Value, Tc, C.dt(), Cur);
      Cur[A.Column] = B.let(C.select(Fire, V, Cur[A.Column]));
    }
    for (const Draw &D : P.Draws)
      if (D.PerCycle)
        Cur[D.Column] = B.let(
            C.select(Fire, redraw(C, D.Value, C.add(C.step(), C.constant(1))), Cur[D.Column]));
    if (E.Source >= 0)
      K.Body.push_back(Stmt::when(Fire, {Stmt::emit(unsigned(E.Source), Tc)}));
    if (E.Refractory)
      B.store(E.RefractoryColumn,
              C.select(Fire, C.add(Tc, E.Refractory), RefEnd[E.RefractoryColumn]), false);
  }
  // Only columns the step changed are written back.
  for (const StateVar &S : P.States)
    if (Cur[S.Column] != Kept[S.Column])
      B.store(S.Column, Cur[S.Column], true);
  if (P.Scheme == Method::TRBDF2) {
    const Expr *Reset = nullptr; // an event changed some unknown
    for (const Algebraic &A : P.Algebraics)
      if (Cur[A.Column] != Kept[A.Column]) {
        const Expr *Changed = C.binary(BinaryOp::Ne, Cur[A.Column], Kept[A.Column]);
        Reset = Reset ? C.binary(BinaryOp::Or, Reset, Changed) : Changed;
        B.store(A.Column, Cur[A.Column], true);
      }
    B.store(restartColumn(P), Reset ? C.select(Reset, C.constant(1), C.constant(0)) : C.constant(0),
            false);
  }
  for (const Draw &D : P.Draws)
    if (D.PerCycle && Cur[D.Column] != Kept[D.Column])
      B.store(D.Column, Cur[D.Column], true);
  // The unknowns, at the new states and the end of the step.
  if (!P.Algebraics.empty() && P.Scheme != Method::TRBDF2) {
    Population Shifted = P;
    for (Algebraic &A : Shifted.Algebraics)
      A.Residual = substitute(C, A.Residual, T1, C.dt(), {});
    newton(C, Shifted, K);
  }
  return K;
}

Kernel observeKernel(ExprContext &C, const Population &P, unsigned Index) {
  Kernel K{"nmc_observe_" + P.Name, Phase::Record, Index, 0, {}};
  KernelBuilder B(C, K);
  for (const Observable &O : P.Observables)
    B.store(O.Column, O.Value, true);
  return K;
}

} // namespace

bool schedule(Module &M, PassContext &PC) {
  if (!M.Kernels.empty())
    return false;
  ExprContext &C = M.ctx();
  for (unsigned I = 0; I < M.Populations.size(); ++I) {
    Population &P = M.Populations[I];
    if (P.Algebraics.size() > 16) {
      PC.fail("population '" + P.Name + "' has " + std::to_string(P.Algebraics.size()) +
              " algebraic unknowns; Newton's method here solves at most 16");
      return true;
    }
    for (Algebraic &A : P.Algebraics) {
      if (A.DeltaColumn == ~0u) {
        A.DeltaColumn = unsigned(P.Columns.size());
        P.Columns.push_back({P.Columns[A.Column].Name + ".newton", P.Columns[A.Column].UnitText,
                             ColumnKind::Internal});
      }
      if (A.differential() && A.RateColumn == ~0u) {
        A.RateColumn = unsigned(P.Columns.size());
        P.Columns.push_back({P.Columns[A.Column].Name + ".rate",
                             P.Columns[A.Column].UnitText + "/s", ColumnKind::Internal});
      }
    }
    if (P.Scheme == Method::TRBDF2 && restartColumn(P) == ~0u)
      P.Columns.push_back({"tr-bdf2.restart", "1", ColumnKind::Internal});
    M.Kernels.push_back(initKernel(C, P, I));
    M.Kernels.push_back(updateKernel(C, P, I));
    if (!P.Observables.empty())
      M.Kernels.push_back(observeKernel(C, P, I));
  }
  return true;
}

} // namespace nmc::ir
