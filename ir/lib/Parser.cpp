//===- Parser.cpp - The textual IR read back ------------------------------===//
//
// A line-at-a-time recursive-descent reader for the format of Printer.cpp.
// Nodes are built through the ExprContext factories, which fold constants
// exactly as when the IR was first built, so print(parse(print(M))) is
// print(M). This file reads the kinds of line and the parts of a model
// other than projections and arrays (ParserNetwork.cpp) and expressions
// (ParserExpr.cpp).
//
//===----------------------------------------------------------------------===//
#include "nmc/ir/Parser.h"

#include "ParserImpl.h"

#include "nmc/support/Units.h"

#include <sstream>

namespace nmc::ir {

namespace text {

void Reader::line(Line &L) {
  if (L.accept("%")) {
    std::string Id = L.word();
    L.expect("=");
    Values[Id] = expr(L);
  } else if (L.accept("model")) {
    M.Name = L.quoted();
    L.expect("source");
    M.Source = L.quoted();
  } else if (L.accept("experiment")) {
    L.expect("t_stop");
    L.expect("=");
    M.TStop = L.number();
    L.expect("s");
    L.expect(",");
    L.expect("dt");
    L.expect("=");
    M.Dt = L.number();
    L.expect("s");
    if (L.accept(",")) {
      L.expect("rtol");
      L.expect("=");
      M.RelTol = L.number();
      if (!(M.RelTol > 0 && M.RelTol <= 0.1))
        L.fail("rtol must lie in (0, 0.1]");
    }
  } else if (L.accept("param")) {
    param(L);
  } else if (L.accept("population")) {
    population(L);
  } else if (L.accept("column")) {
    column(L);
  } else if (L.accept("init")) {
    Population &P = pop(L);
    StateVar S;
    S.Column = col(L, P);
    S.Init = rhs(L);
    P.States.push_back(S);
  } else if (L.accept("lower")) {
    StateVar &S = state(L); // before the right-hand side, which C++17
    S.Lo = rhs(L);          // would evaluate first in one assignment
  } else if (L.accept("upper")) {
    StateVar &S = state(L);
    S.Hi = rhs(L);
  } else if (L.accept("ode")) {
    L.expect("d");
    StateVar &S = state(L);
    L.expect("/dt");
    S.Deriv = rhs(L);
  } else if (L.accept("update")) {
    StateVar &S = state(L);
    S.Update = rhs(L);
  } else if (L.accept("observe")) {
    Population &P = pop(L);
    Observable O;
    O.Column = col(L, P);
    O.Value = rhs(L);
    P.Observables.push_back(O);
  } else if (L.accept("draw")) {
    Population &P = pop(L);
    L.expect("per");
    Draw D;
    D.PerCycle = L.accept("cycle");
    if (!D.PerCycle)
      L.expect("element");
    D.Column = col(L, P);
    D.Value = rhs(L);
    P.Draws.push_back(D);
  } else if (L.accept("algebraic")) {
    Population &P = pop(L);
    Algebraic A;
    A.Column = col(L, P);
    if (L.accept("delta"))
      A.DeltaColumn = col(L, P);
    if (L.accept("rate"))
      A.RateColumn = col(L, P);
    L.expect("tol");
    A.AbsTol = L.number();
    L.expect("init");
    A.Init = expr(L);
    if (!A.Init->isUniform())
      L.fail("the first guess of an unknown must be uniform");
    if (L.accept("lower"))
      A.Lo = uniform(L, "a lower bound");
    if (L.accept("upper"))
      A.Hi = uniform(L, "an upper bound");
    while (L.accept("mass")) {
      unsigned Col = col(L, P);
      A.Mass.push_back({Col, uniform(L, "a mass coefficient")});
    }
    A.Residual = rhs(L);
    P.Algebraics.push_back(A);
  } else if (L.accept("event")) {
    Population &P = pop(L);
    Event E;
    E.Edge = L.accept("on");
    if (!E.Edge)
      L.expect("when");
    E.Cond = expr(L);
    P.Events.push_back(E);
  } else if (L.accept("set")) {
    Event &E = event(L);
    Assign A;
    A.Column = col(L, *CurPop);
    A.Value = rhs(L);
    E.Assigns.push_back(A);
  } else if (L.accept("refractory")) {
    Event &E = event(L);
    E.RefractoryColumn = col(L, *CurPop);
    E.Refractory = rhs(L);
  } else if (L.accept("hold")) {
    Event &E = event(L);
    while (!L.atEnd())
      E.Held.push_back(col(L, *CurPop));
  } else if (L.accept("kernel")) {
    kernel(L);
  } else if (L.accept("}")) {
    if (!CurKernel || !Blocks.empty())
      L.fail(Blocks.empty() ? "'}' outside a kernel" : "a block without 'end'");
    CurKernel = nullptr;
  } else if (CurKernel) {
    statement(L);
  } else if (L.accept("emit")) {
    Event &E = event(L);
    E.Source = int(L.index());
  } else if (L.accept("source")) {
    EventSource S;
    S.Name = L.quoted();
    S.Population = popRef(L);
    if (L.accept("time"))
      do
        S.TimeColumns.push_back(col(L, M.Populations[S.Population]));
      while (L.accept(","));
    if (L.accept("spikes")) {
      int64_t N = L.integer();
      for (int64_t K = 0; K < N; ++K) {
        S.SpikeElements.push_back(L.integer());
        L.expect(":");
        S.SpikeTimes.push_back(L.number());
      }
    }
    M.Sources.push_back(S);
  } else if (L.accept("monitor")) {
    Monitor Mo;
    Mo.Name = L.quoted();
    L.expect("source");
    Mo.Source = L.index();
    if (Mo.Source >= M.Sources.size())
      L.fail("no event source " + std::to_string(Mo.Source));
    auto [First, End] = span(L);
    Mo.First = First;
    Mo.Count = End - First;
    if (L.accept("rate")) {
      L.expect("every");
      Mo.RateBin = L.number();
      L.expect("s");
      if (!(Mo.RateBin > 0))
        L.fail("a rate monitor's bin must be positive");
    }
    M.Monitors.push_back(Mo);
  } else if (L.accept("projection")) {
    projection(L);
  } else if (L.accept("array-projection")) {
    arrayProjection(L);
  } else if (L.accept("array")) {
    array(L);
  } else if (L.accept("sweep")) {
    M.SweepParam = paramRef(L);
    L.expect("=");
    while (!L.atEnd())
      M.SweepValues.push_back(L.number());
  } else if (L.accept("probe")) {
    probe(L);
  } else {
    L.fail("expected an IR line (model, param, population, kernel, ...)");
  }
  if (!L.atEnd())
    L.fail("unexpected text at the end of the line");
}

void Reader::param(Line &L) {
  Param P;
  L.expect("@");
  P.Name = L.word();
  for (const Param &Q : M.Params)
    if (Q.Name == P.Name)
      L.fail("parameter '@" + P.Name + "' is defined twice");
  L.expect(":");
  L.skipSpace();
  size_t UnitCol = L.pos();
  P.UnitText = L.token();
  std::string Error;
  auto U = parseUnitExpr(P.UnitText, Error);
  if (!U)
    throw ParseError{UnitCol, "bad unit '" + P.UnitText + "': " + Error};
  for (int K = 0; K < 5; ++K)
    P.Dim[K] = U->D.twice(K);
  if (L.accept("in")) {
    P.LoOpen = L.accept("(");
    if (!P.LoOpen)
      L.expect("[");
    P.Lo = L.number();
    L.expect(",");
    P.Hi = L.number();
    P.HiOpen = L.accept(")");
    if (!P.HiOpen)
      L.expect("]");
  }
  L.expect("=");
  P.Default = expr(L);
  if (!P.Default->isUniform())
    L.fail("a parameter's default must be uniform");
  if (L.accept("line"))
    P.Line = uint32_t(L.index());
  M.Params.push_back(P);
}

void Reader::population(Line &L) {
  Population P;
  L.expect("@");
  P.Name = L.word();
  L.expect(":");
  P.Device = L.word();
  L.expect("[");
  if (L.accept("dynamic"))
    P.Dynamic = true;
  else
    P.Size = L.integer();
  L.expect("]");
  L.expect("method");
  std::string Method = L.word();
  bool Known = false;
  for (ir::Method Me : {Method::Euler, Method::ExponentialEuler, Method::ExponentialMidpoint,
                        Method::RK4, Method::Rosenbrock, Method::TRBDF2})
    if (Method == name(Me)) {
      P.Scheme = Me;
      Known = true;
    }
  if (!Known)
    L.fail("unknown method '" + Method + "'");
  M.Populations.push_back(P);
  CurPop = &M.Populations.back();
}

void Reader::column(Line &L) {
  Population &P = pop(L);
  int64_t Index = L.integer();
  if (Index != int64_t(P.Columns.size()))
    L.fail("columns must be numbered 0, 1, ... in order");
  Column Co;
  L.expect("$");
  Co.Name = L.word();
  L.expect(":");
  L.skipSpace();
  size_t UnitCol = L.pos();
  Co.UnitText = L.token();
  std::string UnitError;
  if (!parseUnitExpr(Co.UnitText, UnitError))
    throw ParseError{UnitCol, "bad unit '" + Co.UnitText + "': " + UnitError};
  std::string Kind = L.word();
  bool Found = false;
  for (ColumnKind K :
       {ColumnKind::State, ColumnKind::Observable, ColumnKind::Param, ColumnKind::Internal})
    if (Kind == name(K)) {
      Co.Kind = K;
      Found = true;
    }
  if (!Found)
    L.fail("unknown column kind '" + Kind + "'");
  if (L.accept("data")) {
    int64_t N = L.integer();
    for (int64_t I = 0; I < N; ++I)
      Co.Data.push_back(L.number());
  }
  P.Columns.push_back(Co);
}

void Reader::kernel(Line &L) {
  Kernel K;
  L.expect("@");
  K.Name = L.word();
  std::string Ph = L.word();
  bool Found = false;
  for (int I = 0; I <= int(Phase::Record); ++I)
    if (Ph == name(Phase(I))) {
      K.Ph = Phase(I);
      Found = true;
    }
  if (!Found)
    L.fail("unknown phase '" + Ph + "'");
  L.expect("over");
  K.Population = popRef(L);
  K.OnEvent = L.accept("on-event");
  L.expect("{");
  M.Kernels.push_back(K);
  CurKernel = &M.Kernels.back();
  CurPop = &M.Populations[K.Population];
  LocalTypes.clear();
}

void Reader::statement(Line &L) {
  std::vector<Stmt> &Body = Blocks.empty() ? CurKernel->Body : Blocks.back()->Body;
  if (L.accept("let")) {
    if (!L.acceptSigil("%l"))
      L.fail("expected a local (%l0, %l1, ...)");
    unsigned Index = L.index();
    const Expr *V = rhs(L);
    LocalTypes[Index] = V->type();
    CurKernel->NumLocals = std::max(CurKernel->NumLocals, Index + 1);
    Body.push_back(Stmt::let(Index, V));
  } else if (L.accept("store")) {
    bool Checked = L.accept("checked");
    unsigned Col = col(L, *CurPop);
    Body.push_back(Stmt::store(Col, rhs(L), Checked));
  } else if (L.accept("emit")) {
    unsigned Src = L.index();
    if (Src >= M.Sources.size() && Src >= 1u << 16)
      L.fail("bad event source");
    L.expect("at");
    Body.push_back(Stmt::emit(Src, expr(L)));
  } else if (L.accept("if")) {
    Body.push_back(Stmt::when(expr(L), {}));
    Blocks.push_back(&Body.back());
  } else if (L.accept("for")) {
    if (!L.acceptSigil("k"))
      L.fail("expected the loop's index (k0, k1, ...)");
    unsigned Depth = L.index();
    const Expr *From = expr(L);
    L.expect("to");
    Body.push_back(Stmt::loop(Depth, From, expr(L), {}));
    Blocks.push_back(&Body.back());
  } else if (L.accept("scatter")) {
    unsigned Pop = popRef(L);
    unsigned Col = col(L, M.Populations[Pop]);
    L.expect("at");
    const Expr *At = expr(L);
    L.expect("add");
    Body.push_back(Stmt::scatter(Pop, Col, At, expr(L)));
  } else if (L.accept("repeat")) {
    unsigned Max = L.index();
    L.expect("until");
    Body.push_back(Stmt::repeat(Max, expr(L), {}));
    Blocks.push_back(&Body.back());
  } else if (L.accept("end")) {
    if (Blocks.empty())
      L.fail("'end' without 'if', 'repeat' or 'for'");
    Blocks.pop_back();
  } else {
    L.fail("expected a statement (let, store, emit, if, repeat, for, scatter, end) or '}'");
  }
}

void Reader::probe(Line &L) {
  Probe Pr;
  Pr.Name = L.quoted();
  Pr.Population = popRef(L);
  Population &P = M.Populations[Pr.Population];
  auto [First, End] = span(L);
  Pr.First = First;
  Pr.Count = End - First;
  L.expect("(");
  do
    Pr.Columns.push_back(col(L, P));
  while (L.accept(","));
  L.expect(")");
  L.expect("every");
  Pr.Interval = L.number();
  L.expect("s");
  M.Probes.push_back(Pr);
}

} // namespace text

std::unique_ptr<Module> parseModule(const std::string &Text, const std::string &FileName,
                                    std::string &Error) {
  auto M = std::make_unique<Module>();
  text::Reader R(*M);
  std::istringstream In(Text);
  std::string S;
  unsigned LineNo = 0;
  try {
    while (std::getline(In, S)) {
      ++LineNo;
      size_t First = S.find_first_not_of(" \t\r");
      if (First == std::string::npos || S.compare(First, 1, ";") == 0 ||
          S.compare(First, 2, "//") == 0)
        continue;
      text::Line L(S);
      R.line(L);
    }
    std::string Empty;
    text::Line L(Empty);
    R.finish(L);
  } catch (const text::ParseError &E) {
    std::ostringstream OS;
    OS << FileName << ":" << LineNo << ":" << E.Col + 1 << ": error: " << E.Message << "\n"
       << S << "\n"
       << std::string(E.Col, ' ') << "^\n";
    Error = OS.str();
    return nullptr;
  }
  return M;
}

} // namespace nmc::ir
