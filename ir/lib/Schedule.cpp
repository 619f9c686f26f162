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
// An edge event also fires at t_s where its condition holds at the step's
// start and did not at the end of the last step (a jump that a delivery
// made between steps), which the column eventK.last remembers.
// A refractory period makes the held states integrate only over
// [max(t, t_ref_end), t + dt], so they resume inside the step.
//
// Before:  population @n ... event when (gt $v @n.v_th) refractory 2e-3 ...
// After:   kernel nmc_step_n update @n { let %0 = $t_ref ... store $v = ... }
//
//===----------------------------------------------------------------------===//
#include "Algebra.h"
#include "nmc/ir/Passes.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <set>

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

bool Kernel::light() const {
  std::function<bool(const std::vector<Stmt> &)> Iterates = [&](const std::vector<Stmt> &B) {
    for (const Stmt &S : B)
      if (S.K == Stmt::Kind::Repeat || S.K == Stmt::Kind::For || Iterates(S.Body))
        return true;
    return false;
  };
  return !Iterates(Body);
}

const char *name(Array::Cells K) {
  switch (K) {
  case Array::Cells::Value:
    return "value";
  case Array::Cells::Normal:
    return "normal";
  case Array::Cells::UniformDraw:
    return "uniform";
  case Array::Cells::Data:
    return "data";
  case Array::Cells::Device:
    return "device";
  }
  return "?";
}

const char *name(Projection::Connect K) {
  switch (K) {
  case Projection::Connect::AllToAll:
    return "all_to_all";
  case Projection::Connect::OneToOne:
    return "one_to_one";
  case Projection::Connect::Probability:
    return "probability";
  case Projection::Connect::InDegree:
    return "in_degree";
  case Projection::Connect::Edges:
    return "edges";
  }
  return "?";
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

/// Whether E reads the time.
bool readsTime(const Expr *E) {
  if (E->kind() == ExprKind::Time)
    return true;
  for (const Expr *O : E->operands())
    if (readsTime(O))
      return true;
  return false;
}

/// Whether E may jump in time (floor or round of it: a train's phase),
/// where interpolating a margin's sign change would not find the corner.
bool jumps(const Expr *E) {
  if (E->kind() == ExprKind::Call &&
      (E->callFn() == CallFn::Floor || E->callFn() == CallFn::Round) && readsTime(E))
    return true;
  for (const Expr *O : E->operands())
    if (jumps(O))
      return true;
  return false;
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
/// the columns as they stand: a repeat block (appended to Out) that stores
/// the step into the delta columns and then the unknowns, until every
/// |du| <= RelTol |u| + AbsScale AbsTol. Returns whether it converged,
/// which reads the columns after the block.
const Expr *newtonLoop(ExprContext &C, const Population &P, std::vector<Stmt> &Out,
                       double RelTol = 1e-12, double AbsScale = 1) {
  size_t N = P.Algebraics.size();
  if (N == 0) // nothing to solve: converged
    return C.binary(BinaryOp::Lt, C.constant(0), C.constant(1));
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
  for (size_t I = 0; I < N; ++I) {
    // A bounded unknown steps to its bound at most: the step taken is
    // u - clamp(u - du), which vanishes once the bound holds it (the
    // state then stays at the bound, as in the explicit methods).
    const Algebraic &A = P.Algebraics[I];
    const Expr *U = C.column(A.Column), *Step = Delta[I];
    if (A.Lo || A.Hi) {
      const Expr *Next = C.sub(U, Step);
      if (A.Lo)
        Next = C.select(C.binary(BinaryOp::Lt, Next, A.Lo), A.Lo, Next);
      if (A.Hi)
        Next = C.select(C.binary(BinaryOp::Gt, Next, A.Hi), A.Hi, Next);
      Step = C.sub(U, Next);
    }
    Body.push_back(Stmt::store(A.DeltaColumn, Step, false));
  }
  for (size_t I = 0; I < N; ++I) {
    const Algebraic &A = P.Algebraics[I];
    const Expr *U = C.column(A.Column);
    Body.push_back(Stmt::store(A.Column, C.sub(U, C.column(A.DeltaColumn)), false));
    const Expr *Small = C.binary(
        BinaryOp::Le, C.call(CallFn::Abs, C.column(A.DeltaColumn)),
        C.add(C.mul(C.constant(RelTol), C.call(CallFn::Abs, U)), C.constant(AbsScale * A.AbsTol)));
    Converged = Converged ? C.binary(BinaryOp::And, Converged, Small) : Small;
  }
  Out.push_back(Stmt::repeat(50, Converged, std::move(Body)));
  return Converged;
}

/// newtonLoop, then checked stores that turn an unknown that has not
/// converged into NaN.
void newton(ExprContext &C, const Population &P, Kernel &K) {
  if (P.Algebraics.empty())
    return;
  const Expr *Converged = newtonLoop(C, P, K.Body);
  for (const Algebraic &A : P.Algebraics)
    K.Body.push_back(
        Stmt::store(A.Column, C.select(Converged, C.column(A.Column), C.constant(NAN)), true));
}

/// A column of P by name, or ~0u.
unsigned findColumn(const Population &P, const std::string &Name) {
  for (unsigned I = 0; I < P.Columns.size(); ++I)
    if (P.Columns[I].Name == Name)
      return I;
  return ~0u;
}

/// TR-BDF2's internal columns: the restart flag (1 where the next substep
/// starts afresh: the first step, and after an event changed the
/// unknowns), the size of the next substep, and the time reached.
unsigned restartColumn(const Population &P) { return findColumn(P, "tr-bdf2.restart"); }

/// Unknowns that spikes change between steps (a projection's targets), each
/// with the Internal column "<name>.tr-bdf2.stepped" where the last step left its
/// value: where they differ at the next step, TR-BDF2 restarts (the jump
/// breaks the continuity its history assumes).
std::vector<std::pair<unsigned, unsigned>> steppedColumns(const Population &P) {
  std::vector<std::pair<unsigned, unsigned>> Out;
  for (unsigned Col = 0; Col < P.Columns.size(); ++Col)
    if (unsigned S = findColumn(P, P.Columns[Col].Name + ".tr-bdf2.stepped"); S != ~0u)
      Out.push_back({Col, S});
  return Out;
}

/// The column where TR-BDF2 keeps event E's crossing time inside a step
/// (Internal; NaN while not crossed), or ~0u.
unsigned crossingColumn(const Population &P, size_t E) {
  return findColumn(P, "event" + std::to_string(E) + ".crossing");
}

/// The column where the update kernel leaves the time of event E's firing
/// in this step (Internal; -1 where it did not fire), or ~0u. The runtime
/// reports them (EventSource::TimeColumns), so that the update loop holds
/// no call and vectorises.
unsigned emittedColumn(const Population &P, size_t E) {
  return findColumn(P, "event" + std::to_string(E) + ".emitted");
}

/// The column where an edge event E keeps its condition as it stood at the
/// end of the last step (1 or 0; Internal), before the spikes delivered
/// after it, or ~0u. A condition that holds at the start of a step but did
/// not at the end of the last one was made true between steps (a delivery,
/// a voltage the runtime wrote): that is an edge too.
unsigned lastColumn(const Population &P, size_t E) {
  return findColumn(P, "event" + std::to_string(E) + ".last");
}

/// Stores each edge event's condition, at the time Time and the columns as
/// they stand (after the kernel's other stores), into its lastColumn.
void storeLast(ExprContext &C, const Population &P, KernelBuilder &B, const Expr *Time) {
  for (size_t E = 0; E < P.Events.size(); ++E)
    if (unsigned Col = lastColumn(P, E); Col != ~0u)
      B.store(
          Col,
          C.select(substitute(C, P.Events[E].Cond, Time, C.dt(), {}), C.constant(1), C.constant(0)),
          false);
}

/// Local-error tolerance of TR-BDF2: tol |y| + tol s, tol the experiment's
/// tolerance (Module::RelTol) and s each unknown's scale, 1e9 times its
/// Newton tolerance (1 V for a node voltage, a bounded state's range).
constexpr double TrScale = 1e9;
constexpr unsigned TrMaxSubsteps = 100000;
constexpr double NewtonShare = 0.01;

/// One step of the population's unknowns by TR-BDF2 (Bank et al. 1985;
/// error estimate after Hosea and Shampine 1996), as adaptive substeps
/// inside [t, t + dt]. A substep of size H from y_n, with rates y'_n:
///   stage 1 (trapezoidal, to t + g H, g = 2 - sqrt 2):
///     y'_g = 2 (y_g - y_n) / (g H) - y'_n
///   stage 2 (BDF2 over the three points, to t + H):
///     y'_1 = (y_1 - c1 y_g + c0 y_n) (2 - g) / ((1 - g) H),
///     c1 = 1 / (g (2 - g)), c0 = (1 - g)^2 / (g (2 - g)),
/// every row sum_j m_j y'_j + r(y, t) = 0 holding at each stage's end,
/// each solved by Newton. After a restart the first stage is backward
/// Euler, y'_g = (y_g - y_n) / (g H), which needs no y'_n (rates are not
/// continuous across an event's reset; y'_n is then taken as that slope).
/// The local error of a differential unknown is estimated as
///   LTE = k H (y'_n / g - y'_g / (g (1 - g)) + y'_1 / (1 - g)),
///   k = (-3 g^2 + 4 g - 2) / (3 (2 - g)),
/// the bracket being H^2 y''' / 2. A substep is accepted when both Newton
/// solves converged and max |LTE| / (rtol |y| + atol) <= 1; the next size
/// is H min(2, max(0.2, 0.9 err^(-1/3))), or a quarter of H after a Newton
/// failure. A step that needs more than TrMaxSubsteps substeps, or a
/// substep below 1e-10 dt (a step-size collapse), makes the unknowns NaN,
/// which the runtime reports with the element and time.
/// Held unknowns (a refractory reset) keep their value: their row becomes
/// y - y_n = 0 while Hold holds. Returns the unknowns' values before the
/// step, as locals.
std::map<unsigned, const Expr *> implicitStep(ExprContext &C, const Population &P, Kernel &K,
                                              KernelBuilder &B,
                                              const std::map<unsigned, const Expr *> &Hold,
                                              double TrRelTol) {
  const double G = 2 - std::sqrt(2.0);
  const double C1 = 1 / (G * (2 - G)), C0 = (1 - G) * (1 - G) / (G * (2 - G));
  const double Kerr = (-3 * G * G + 4 * G - 2) / (3 * (2 - G));
  unsigned RestartCol = restartColumn(P), HCol = findColumn(P, "tr-bdf2.h"),
           TCol = findColumn(P, "tr-bdf2.t");
  auto Lt = [&](const Expr *A, const Expr *Bv) { return C.binary(BinaryOp::Lt, A, Bv); };
  auto Le = [&](const Expr *A, const Expr *Bv) { return C.binary(BinaryOp::Le, A, Bv); };
  auto And = [&](const Expr *A, const Expr *Bv) { return C.binary(BinaryOp::And, A, Bv); };
  auto Min = [&](const Expr *A, const Expr *Bv) { return C.select(Lt(A, Bv), A, Bv); };
  auto Max = [&](const Expr *A, const Expr *Bv) { return C.select(Lt(A, Bv), Bv, A); };

  std::map<unsigned, const Expr *> Y0;
  if (P.Algebraics.empty())
    return Y0; // every node fixed by sources: nothing to integrate
  for (const Algebraic &A : P.Algebraics)
    Y0[A.Column] = B.snapshot(C.column(A.Column));
  const Expr *End = B.let(C.stepEnd());
  const Expr *Eps = C.mul(C.dt(), C.constant(1e-9));
  const Expr *HMin = C.mul(C.dt(), C.constant(1e-10));
  B.store(TCol, C.time(), false);
  B.store(HCol, Min(C.column(HCol), C.dt()), false);
  // A spike changed an unknown since the last step: start afresh.
  for (auto [Col, Stepped] : steppedColumns(P))
    B.store(RestartCol,
            C.select(C.binary(BinaryOp::Ne, C.column(Col), C.column(Stepped)), C.constant(1),
                     C.column(RestartCol)),
            false);
  for (size_t E = 0; E < P.Events.size(); ++E)
    if (crossingColumn(P, E) != ~0u)
      B.store(crossingColumn(P, E), C.constant(NAN), false);

  // The substep loop: lets and stores, with the two Newton loops inside.
  std::vector<Stmt> L;
  auto Let = [&](const Expr *E) {
    if (E->operands().empty() && E->kind() != ExprKind::Column)
      return E;
    unsigned Idx = K.NumLocals++;
    L.push_back(Stmt::let(Idx, E));
    return C.local(Idx, E->type());
  };
  const Expr *T0 = Let(C.column(TCol));
  const Expr *HNext = Let(C.column(HCol));
  const Expr *Rem = Let(C.sub(End, T0));
  // The last substeps split what remains evenly rather than leave a sliver.
  const Expr *H = Let(
      C.select(Le(Rem, HNext), Rem,
               C.select(Lt(Rem, C.mul(C.constant(2), HNext)), C.mul(C.constant(0.5), Rem), HNext)));
  // Waveform corners are breakpoints: a substep never steps over a
  // comparison on time alone in the residuals (a pulse's edges, a ramp's
  // end, a step), but ends just past it, located by linear interpolation of
  // the comparison's margin (exact for piecewise-linear waveforms), and the
  // next substep restarts (the drive's slope, or value, jumps there). A
  // train's comparisons read its phase, which jumps each period; those
  // corners are left to the error control.
  std::vector<const Expr *> Corners;
  {
    std::set<const Expr *> Seen;
    std::function<void(const Expr *)> Collect = [&](const Expr *E) {
      if (!Seen.insert(E).second)
        return;
      if (E->isUniform() && readsTime(E) && margin(C, E) && !jumps(margin(C, E)) &&
          Corners.size() < 32)
        Corners.push_back(E);
      for (const Expr *O : E->operands())
        Collect(O);
    };
    for (const Algebraic &A : P.Algebraics)
      Collect(A.Residual);
  }
  const Expr *Cornered = C.binary(BinaryOp::Lt, C.constant(1), C.constant(0));
  if (!Corners.empty()) {
    const Expr *HC = H;
    for (const Expr *Cond : Corners) {
      const Expr *Gap = margin(C, Cond);
      const Expr *M0 = Let(substitute(C, Gap, T0, H, {}));
      const Expr *M1 = Let(substitute(C, Gap, C.add(T0, H), H, {}));
      const Expr *Cross = Lt(C.mul(M0, M1), C.constant(0));
      // At least Eps: a corner a rounding error past T0 (a pulse ending at
      // 200 us + 10 us, reached as 210 steps of 1 us) would otherwise give a
      // substep that leaves the time unchanged, again and again.
      const Expr *At = Max(C.mul(C.mul(H, C.div(M0, C.sub(M0, M1))), C.constant(1 + 1e-9)), Eps);
      HC = C.select(And(Cross, Lt(At, HC)), At, HC);
      Cornered = C.binary(BinaryOp::Or, Cornered, Cross);
    }
    Cornered = Let(Cornered);
    H = Let(HC);
  }
  const Expr *Restart = Let(C.binary(BinaryOp::Gt, C.column(RestartCol), C.constant(0.5)));
  std::map<unsigned, const Expr *> S, R0, Yg, Rg;
  for (const Algebraic &A : P.Algebraics) {
    S[A.Column] = Let(C.column(A.Column));
    if (A.differential())
      R0[A.Column] = Let(C.column(A.RateColumn));
  }
  const Expr *GH = Let(C.mul(C.constant(G), H));
  auto Clamp = [&](const Algebraic &A, const Expr *U) {
    if (A.Lo)
      U = C.select(Lt(U, A.Lo), A.Lo, U);
    if (A.Hi)
      U = C.select(C.binary(BinaryOp::Gt, U, A.Hi), A.Hi, U);
    return U;
  };
  // A state at a bound that its dynamics push outward (dx/dt - f = 0 with
  // f out of the range, judged at the substep's start) is pinned there for
  // the substep: its row becomes x - x_n = 0, so that Newton does not
  // chase an equation the bound forbids.
  std::map<unsigned, const Expr *> Pinned;
  for (const Algebraic &A : P.Algebraics) {
    bool OwnRate =
        A.Mass.size() == 1 && A.Mass[0].first == A.Column && A.Mass[0].second->isConst(1);
    if (!OwnRate || (!A.Lo && !A.Hi))
      continue;
    const Expr *F = Let(C.neg(substitute(C, A.Residual, T0, H, S)));
    const Expr *Pin = nullptr;
    if (A.Hi)
      Pin =
          And(C.binary(BinaryOp::Ge, S[A.Column], A.Hi), C.binary(BinaryOp::Gt, F, C.constant(0)));
    if (A.Lo) {
      const Expr *Low = And(Le(S[A.Column], A.Lo), Lt(F, C.constant(0)));
      Pin = Pin ? C.binary(BinaryOp::Or, Pin, Low) : Low;
    }
    Pinned[A.Column] = Let(Pin);
  }
  auto Stage = [&](const Expr *T, const std::function<const Expr *(unsigned)> &Rate) {
    Population St = P;
    for (Algebraic &A : St.Algebraics) {
      const Expr *R = substitute(C, A.Residual, T, H, {});
      for (auto &[Col, Mass] : A.Mass)
        R = C.add(R, C.mul(Mass, Rate(Col)));
      const Expr *Keep = C.sub(C.column(A.Column), S[A.Column]);
      if (Hold.count(A.Column))
        R = C.select(Hold.at(A.Column), Keep, R);
      if (Pinned.count(A.Column))
        R = C.select(Pinned.at(A.Column), Keep, R);
      A.Residual = R;
    }
    // Newton stops well inside the local-error tolerance (a hundredth).
    return Let(newtonLoop(C, St, L, TrRelTol * NewtonShare, TrScale * TrRelTol * NewtonShare));
  };
  auto RateG = [&](unsigned Col, const Expr *Y) {
    const Expr *Diff = C.sub(Y, S[Col]);
    return C.select(Restart, C.div(Diff, GH),
                    C.sub(C.div(C.mul(C.constant(2), Diff), GH), R0[Col]));
  };
  const Expr *Ok1 = Stage(C.add(T0, GH), [&](unsigned Col) { return RateG(Col, C.column(Col)); });
  for (const Algebraic &A : P.Algebraics) {
    Yg[A.Column] = Let(Clamp(A, C.column(A.Column)));
    if (A.differential())
      Rg[A.Column] = Let(RateG(A.Column, Yg[A.Column]));
  }
  // Stage 2 starts from the line through y_n and y_g.
  for (const Algebraic &A : P.Algebraics)
    L.push_back(Stmt::store(
        A.Column,
        Clamp(A, C.add(S[A.Column], C.mul(C.constant(1 / G), C.sub(Yg[A.Column], S[A.Column])))),
        false));
  auto Rate1 = [&](unsigned Col, const Expr *Y) {
    const Expr *Comb =
        C.add(C.sub(Y, C.mul(C.constant(C1), Yg[Col])), C.mul(C.constant(C0), S[Col]));
    return C.div(C.mul(C.constant((2 - G) / (1 - G)), Comb), H);
  };
  const Expr *Ok2 = Stage(C.add(T0, H), [&](unsigned Col) { return Rate1(Col, C.column(Col)); });
  // The error as a multiple of the tolerance; NaN rejects.
  const Expr *Err = C.constant(0);
  std::map<unsigned, const Expr *> Y1, R1;
  for (const Algebraic &A : P.Algebraics) {
    Y1[A.Column] = Let(Clamp(A, C.column(A.Column)));
    if (!A.differential())
      continue;
    R1[A.Column] = Let(Rate1(A.Column, Y1[A.Column]));
    const Expr *RStart = C.select(Restart, Rg[A.Column], R0[A.Column]);
    const Expr *Bracket = C.add(
        C.sub(C.mul(C.constant(1 / G), RStart), C.mul(C.constant(1 / (G * (1 - G))), Rg[A.Column])),
        C.mul(C.constant(1 / (1 - G)), R1[A.Column]));
    const Expr *Lte = C.call(CallFn::Abs, C.mul(C.mul(C.constant(Kerr), H), Bracket));
    const Expr *Scale = C.add(C.mul(C.constant(TrRelTol), Max(C.call(CallFn::Abs, Y1[A.Column]),
                                                              C.call(CallFn::Abs, S[A.Column]))),
                              C.constant(TrScale * TrRelTol * A.AbsTol));
    const Expr *E = C.div(Lte, Scale);
    // Written so that a NaN error survives into Err.
    Err = C.select(Lt(E, Err), Err, E);
  }
  Err = Let(Err);
  const Expr *Solved = Let(And(Ok1, Ok2));
  const Expr *Accept = Let(And(Solved, Le(Err, C.constant(1))));
  for (const Algebraic &A : P.Algebraics) {
    L.push_back(Stmt::store(A.Column, C.select(Accept, Y1[A.Column], S[A.Column]), false));
    if (A.differential())
      L.push_back(Stmt::store(A.RateColumn, C.select(Accept, R1[A.Column], R0[A.Column]), false));
  }
  // An event's crossing, located within the accepted substep where its
  // margin changes sign (linear there: substeps are short on steep edges).
  for (size_t E = 0; E < P.Events.size(); ++E) {
    unsigned Col = crossingColumn(P, E);
    const Expr *Gm = margin(C, P.Events[E].Cond);
    if (Col == ~0u || !Gm)
      continue;
    const Expr *G0 = Let(substitute(C, Gm, T0, H, S));
    const Expr *G1 = Let(substitute(C, Gm, C.add(T0, H), H, Y1));
    const Expr *Unset = C.binary(BinaryOp::Ne, C.column(Col), C.column(Col));
    const Expr *Cross = And(And(Accept, Unset),
                            And(Le(G0, C.constant(0)), C.binary(BinaryOp::Gt, G1, C.constant(0))));
    L.push_back(Stmt::store(
        Col, C.select(Cross, C.add(T0, C.mul(H, C.div(G0, C.sub(G0, G1)))), C.column(Col)), false));
  }
  L.push_back(Stmt::store(TCol, C.select(Accept, C.add(T0, H), T0), false));
  // 0.9 err^(-1/3), within [0.2, 2]: err 0 grows by 2.
  const Expr *Grow =
      Min(C.constant(2),
          Max(C.constant(0.2),
              C.mul(C.constant(0.9),
                    C.binary(BinaryOp::Pow, Max(Err, C.constant(1e-30)), C.constant(-1.0 / 3)))));
  const Expr *Factor = C.select(Solved, Grow, C.constant(0.25));
  // A substep shortened by what remained of the step keeps the old size.
  const Expr *Shortened = And(Accept, Lt(H, HNext));
  L.push_back(Stmt::store(HCol, C.select(Shortened, Max(HNext, C.mul(H, Factor)), C.mul(H, Factor)),
                          false));
  L.push_back(Stmt::store(
      RestartCol,
      C.select(Accept, C.select(Cornered, C.constant(1), C.constant(0)), C.column(RestartCol)),
      false));
  const Expr *Done = C.binary(BinaryOp::Or, C.binary(BinaryOp::Ge, C.column(TCol), C.sub(End, Eps)),
                              Lt(C.column(HCol), HMin));
  K.Body.push_back(Stmt::repeat(TrMaxSubsteps, Done, std::move(L)));
  // Not at the end of the step: too many substeps, or a collapse.
  const Expr *Reached = B.let(C.binary(BinaryOp::Ge, C.column(TCol), C.sub(End, Eps)));
  for (const Algebraic &A : P.Algebraics)
    B.store(A.Column, C.select(Reached, C.column(A.Column), C.constant(NAN)), true);
  return Y0;
}

Kernel initKernel(ExprContext &C, const Population &P, unsigned Index) {
  Kernel K{"nmc_init_" + P.Name, Phase::Init, Index, 0, {}, false};
  KernelBuilder B(C, K);
  // A column with data holds it already (the runtime wrote it).
  auto HasData = [&](unsigned Col) { return !P.Columns[Col].Data.empty(); };
  for (const Draw &D : P.Draws)
    if (!HasData(D.Column))
      B.store(D.Column, D.Value, true);
  for (const Event &E : P.Events)
    if (E.Refractory)
      B.store(E.RefractoryColumn, C.constant(-INFINITY), false);
  for (const StateVar &S : P.States)
    if (!HasData(S.Column))
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
  if (P.Scheme == Method::TRBDF2) {
    B.store(restartColumn(P), C.constant(1), false);
    B.store(findColumn(P, "tr-bdf2.h"), C.dt(), false);
  }
  newton(C, Static, K);
  for (auto [Col, Stepped] : steppedColumns(P))
    B.store(Stepped, C.column(Col), false);
  storeLast(C, P, B, C.time());
  return K;
}

Kernel updateKernel(ExprContext &C, const Population &P, unsigned Index, double RelTol) {
  Kernel K{"nmc_step_" + P.Name, Phase::Update, Index, 0, {}, false};
  KernelBuilder B(C, K);
  const Expr *T0 = C.time(), *T1 = C.stepEnd();

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
    Old = implicitStep(C, P, K, B, Hold, RelTol);
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
    // An edge made between steps: the condition did not hold at the end of
    // the last step and holds at this one's start (after the deliveries).
    const Expr *Jump = nullptr;
    if (unsigned LastCol = lastColumn(P, size_t(&E - P.Events.data())); LastCol != ~0u) {
      const Expr *AtStart = TS == T0 ? OldL : B.let(substitute(C, E.Cond, T0, C.dt(), Old));
      Jump = B.let(C.binary(BinaryOp::And, C.binary(BinaryOp::Eq, C.column(LastCol), C.constant(0)),
                            AtStart));
      Fire = C.binary(BinaryOp::Or, Fire, Jump);
    }
    // TR-BDF2 also sees a crossing inside the step that is undone by its
    // end (a spike shorter than the step).
    unsigned CrossCol = crossingColumn(P, size_t(&E - P.Events.data()));
    if (E.Edge && CrossCol != ~0u)
      Fire = C.binary(BinaryOp::Or, Fire, C.binary(BinaryOp::Ge, C.column(CrossCol), TS));
    if (Active)
      Fire = C.binary(BinaryOp::And, Fire, Active);
    Fire = B.let(Fire);
    const Expr *Tc = TS;
    if (const Expr *G = margin(C, E.Cond)) {
      const Expr *G0 = substitute(C, G, TS, C.dt(), Old);
      const Expr *G1 = substitute(C, G, T1, C.dt(), Cur);
      const Expr *Frac = C.div(G0, C.sub(G0, G1));
      Tc = C.select(OldL, TS, C.add(TS, C.mul(C.sub(T1, TS), Frac)));
      // TR-BDF2 located the crossing inside its substeps.
      if (CrossCol != ~0u)
        Tc = C.select(C.binary(BinaryOp::Ge, C.column(CrossCol), TS), C.column(CrossCol), Tc);
    }
    // (A jump holds at TS already where TS is the step's start, unless
    // TR-BDF2 saw the condition fall and cross again inside the step.)
    if (Jump && (TS != T0 || CrossCol != ~0u))
      Tc = C.select(Jump, TS, Tc);
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
      B.store(emittedColumn(P, size_t(&E - P.Events.data())), C.select(Fire, Tc, C.constant(-1)),
              false);
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
  for (auto [Col, Stepped] : steppedColumns(P))
    B.store(Stepped, C.column(Col), false);
  storeLast(C, P, B, T1);
  return K;
}

/// A plasticity rule's `on pre` (Post false) or `on post` kernel over the
/// synapses of a spike: its traces advance exactly from their last update
/// to the step's time t, then its assignments run in order.
Kernel ruleKernel(ExprContext &C, const Population &P, unsigned Index, const Projection &Pr,
                  bool Post) {
  Kernel K{
      std::string(Post ? "nmc_post_" : "nmc_pre_") + P.Name, Phase::Learning, Index, 0, {}, true};
  KernelBuilder B(C, K);
  const Expr *Gap = B.let(C.sub(C.time(), C.column(Pr.LastColumn)));
  std::map<unsigned, const Expr *> Cur;
  for (const Projection::Trace &T : Pr.Traces) {
    const Expr *X = C.column(T.Column);
    // x + (a x + b) expm1(a g) / a, or x + b g for a = 0: exact.
    const Expr *Next = T.A->isConst(0)
                           ? C.add(X, C.mul(T.B, Gap))
                           : C.add(X, C.mul(C.add(C.mul(T.A, X), T.B),
                                            C.div(C.call(CallFn::Expm1, C.mul(T.A, Gap)), T.A)));
    Cur[T.Column] = B.let(Next);
  }
  auto Now = [&](const Expr *E) {
    return rewrite(C, E, [&](const Expr *X) -> const Expr * {
      if (X->kind() == ExprKind::Column)
        if (auto It = Cur.find(X->index()); It != Cur.end())
          return It->second;
      return nullptr;
    });
  };
  for (const Assign &A : Post ? Pr.OnPost : Pr.OnPre)
    Cur[A.Column] = B.let(Now(A.Value));
  for (auto &[Col, V] : Cur)
    B.store(Col, V, true);
  B.store(Pr.LastColumn, C.time(), false);
  return K;
}

Kernel observeKernel(ExprContext &C, const Population &P, unsigned Index) {
  Kernel K{"nmc_observe_" + P.Name, Phase::Record, Index, 0, {}, false};
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
    if (P.Scheme == Method::TRBDF2)
      for (size_t E = 0; E < P.Events.size(); ++E)
        if (margin(M.ctx(), P.Events[E].Cond) && crossingColumn(P, E) == ~0u)
          P.Columns.push_back(
              {"event" + std::to_string(E) + ".crossing", "s", ColumnKind::Internal});
    if (P.Scheme == Method::TRBDF2)
      for (const Projection &Pr : M.Projections)
        for (const Projection::Target &T : Pr.Targets)
          if (Pr.Post == I && T.Column < P.Columns.size() &&
              findColumn(P, P.Columns[T.Column].Name + ".tr-bdf2.stepped") == ~0u)
            P.Columns.push_back({P.Columns[T.Column].Name + ".tr-bdf2.stepped",
                                 P.Columns[T.Column].UnitText, ColumnKind::Internal});
    if (P.Scheme == Method::TRBDF2)
      for (auto [Name, Unit] : {std::pair{"tr-bdf2.restart", "1"}, std::pair{"tr-bdf2.h", "s"},
                                std::pair{"tr-bdf2.t", "s"}})
        if (findColumn(P, Name) == ~0u)
          P.Columns.push_back({Name, Unit, ColumnKind::Internal});
    for (size_t E = 0; E < P.Events.size(); ++E)
      if (P.Events[E].Edge && lastColumn(P, E) == ~0u)
        P.Columns.push_back({"event" + std::to_string(E) + ".last", "1", ColumnKind::Internal});
    for (size_t E = 0; E < P.Events.size(); ++E)
      if (P.Events[E].Source >= 0) {
        if (emittedColumn(P, E) == ~0u)
          P.Columns.push_back(
              {"event" + std::to_string(E) + ".emitted", "s", ColumnKind::Internal});
        std::vector<unsigned> &Cols = M.Sources[size_t(P.Events[E].Source)].TimeColumns;
        if (std::find(Cols.begin(), Cols.end(), emittedColumn(P, E)) == Cols.end())
          Cols.push_back(emittedColumn(P, E));
      }
    M.Kernels.push_back(initKernel(C, P, I));
    // A population with nothing to step (the synapses of a projection
    // without plasticity) gets no update loop.
    Kernel U = updateKernel(C, P, I, M.RelTol);
    if (!U.Body.empty())
      M.Kernels.push_back(std::move(U));

    if (!P.Observables.empty())
      M.Kernels.push_back(observeKernel(C, P, I));
  }
  for (Projection &Pr : M.Projections) {
    if (!Pr.OnPre.empty()) {
      Pr.PreKernel = int(M.Kernels.size());
      M.Kernels.push_back(ruleKernel(C, M.Populations[Pr.Synapses], Pr.Synapses, Pr, false));
    }
    if (!Pr.OnPost.empty()) {
      Pr.PostKernel = int(M.Kernels.size());
      M.Kernels.push_back(ruleKernel(C, M.Populations[Pr.Synapses], Pr.Synapses, Pr, true));
    }
  }
  return true;
}

} // namespace nmc::ir
