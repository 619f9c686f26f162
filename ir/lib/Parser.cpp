//===- Parser.cpp - The textual IR read back ------------------------------===//
//
// A line-at-a-time recursive-descent reader for the format of Printer.cpp.
// Nodes are built through the ExprContext factories, which fold constants
// exactly as when the IR was first built, so print(parse(print(M))) is
// print(M).
//
//===----------------------------------------------------------------------===//
#include "nmc/ir/Parser.h"

#include "nmc/support/Units.h"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <map>
#include <sstream>

namespace nmc::ir {

namespace {

struct ParseError {
  size_t Col;
  std::string Message;
};

/// The cursor over one line.
class Line {
public:
  explicit Line(const std::string &Text) : S(Text) {}

  void skipSpace() {
    while (P < S.size() && std::isspace(static_cast<unsigned char>(S[P])))
      ++P;
  }
  bool atEnd() {
    skipSpace();
    return P >= S.size();
  }
  [[noreturn]] void fail(const std::string &Message) { throw ParseError{P, Message}; }

  bool accept(const std::string &Tok) {
    skipSpace();
    if (S.compare(P, Tok.size(), Tok) != 0)
      return false;
    size_t End = P + Tok.size();
    // A keyword must not run into a longer word.
    if (std::isalpha(static_cast<unsigned char>(Tok.back())) && End < S.size() &&
        isWordChar(S[End]))
      return false;
    P = End;
    return true;
  }
  /// A sigil such as %l, which a number follows directly.
  bool acceptSigil(const std::string &Tok) {
    skipSpace();
    if (S.compare(P, Tok.size(), Tok) != 0)
      return false;
    P += Tok.size();
    return true;
  }
  void expect(const std::string &Tok) {
    if (!accept(Tok))
      fail("expected '" + Tok + "'");
  }
  /// A name: letters, digits and _ . - (after a sigil or as a keyword).
  std::string word() {
    skipSpace();
    size_t B = P;
    while (P < S.size() && isWordChar(S[P]))
      ++P;
    if (B == P)
      fail("expected a name");
    return S.substr(B, P - B);
  }
  /// Everything up to the next space (a unit text).
  std::string token() {
    skipSpace();
    size_t B = P;
    while (P < S.size() && !std::isspace(static_cast<unsigned char>(S[P])))
      ++P;
    if (B == P)
      fail("expected a unit");
    return S.substr(B, P - B);
  }
  std::string quoted() {
    skipSpace();
    if (P >= S.size() || S[P] != '"')
      fail("expected a string");
    size_t B = ++P;
    while (P < S.size() && S[P] != '"')
      ++P;
    if (P >= S.size())
      fail("unterminated string");
    return S.substr(B, P++ - B);
  }
  double number() {
    skipSpace();
    for (const char *Special : {"inf", "-inf", "nan"})
      if (accept(Special))
        return std::string(Special) == "inf"    ? INFINITY
               : std::string(Special) == "-inf" ? -INFINITY
                                                : NAN;
    const char *B = S.c_str() + P;
    char *E = nullptr;
    double V = std::strtod(B, &E);
    if (E == B)
      fail("expected a number");
    P += size_t(E - B);
    return V;
  }
  int64_t integer() {
    skipSpace();
    size_t At = P;
    double V = number();
    // Checked before the conversion, which is undefined out of range.
    if (!(std::fabs(V) <= 9007199254740992.0) || V != std::floor(V))
      throw ParseError{At, "expected a whole number"};
    return int64_t(V);
  }
  /// A column, local, stream, source or depth index.
  unsigned index() {
    skipSpace();
    size_t At = P;
    int64_t V = integer();
    if (V < 0 || V > (int64_t(1) << 24))
      throw ParseError{At, "expected an index from 0 to 2^24"};
    return unsigned(V);
  }
  bool peek(char C) {
    skipSpace();
    return P < S.size() && S[P] == C;
  }
  size_t pos() const { return P; }

private:
  static bool isWordChar(char C) {
    return std::isalnum(static_cast<unsigned char>(C)) || C == '_' || C == '.' || C == '-';
  }
  const std::string &S;
  size_t P = 0;
};

class Reader {
public:
  Reader(Module &M) : M(M), C(M.ctx()) {}

  void line(Line &L) {
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
        S.TimeColumn = int(col(L, M.Populations[S.Population]));
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

  void finish(Line &L) {
    if (CurKernel)
      L.fail("kernel '" + CurKernel->Name + "' has no closing '}'");
  }

private:
  void param(Line &L) {
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

  static Array::CellColumns cellColumns(Line &L) {
    Array::CellColumns CC;
    CC.Population = unsigned(L.integer()), CC.Voltage = unsigned(L.integer());
    CC.Current = unsigned(L.integer()), CC.Slope = unsigned(L.integer());
    return CC;
  }

  void array(Line &L) {
    Array A;
    A.Name = L.quoted();
    A.Rows = L.integer();
    L.expect("x");
    A.Cols = L.integer();
    L.expect("wires");
    A.RowSegment = L.number(), A.ColSegment = L.number(), A.Driver = L.number();
    A.Sense = L.number();
    L.expect("read");
    A.ReadVoltage = L.number();
    L.expect("cells");
    std::string Kind = L.word();
    bool Known = false;
    for (auto K : {Array::Cells::Value, Array::Cells::Normal, Array::Cells::UniformDraw,
                   Array::Cells::Data, Array::Cells::Device})
      if (Kind == name(K))
        A.Kind = K, Known = true;
    if (!Known)
      L.fail("unknown cells '" + Kind + "'");
    A.A = L.number(), A.B = L.number();
    L.expect("stream");
    A.Stream = uint64_t(L.integer());
    L.expect("sparsity");
    A.Sparsity = L.number();
    L.expect("differential");
    A.Differential = L.integer() != 0;
    L.expect("dac");
    A.DacBits = int(L.integer()), A.DacRange = L.number();
    L.expect("adc");
    A.AdcBits = int(L.integer()), A.AdcRange = L.number();
    L.expect("tile");
    A.Tile = L.integer();
    L.expect("transposed");
    A.Transposed = L.integer() != 0;
    L.expect("read-width");
    A.ReadWidth = L.number();
    if (L.accept("population")) {
      A.CellsOf = cellColumns(L);
    }
    if (L.accept("selector"))
      A.SelectorOf = cellColumns(L);
    if (L.accept("program")) {
      Array::WriteVerify W;
      W.Set = L.number(), W.Reset = L.number(), W.Width = L.number(), W.Tolerance = L.number();
      W.MaxPulses = L.integer();
      for (int64_t I = 0, N = L.integer(); I < N; ++I)
        W.Targets.push_back(L.number());
      A.Program = std::move(W);
    }
    if (L.accept("update")) {
      Array::OuterProduct U;
      U.Set = L.number(), U.Reset = L.number(), U.Width = L.number(), U.Slots = L.integer();
      for (int64_t I = 0, N = L.integer(); I < N; ++I)
        U.Updates.push_back(L.number());
      A.Update = std::move(U);
    }
    L.expect("data");
    for (int64_t I = 0, N = L.integer(); I < N; ++I)
      A.Data.push_back(L.number());
    L.expect("inputs");
    for (int64_t I = 0, N = L.integer(); I < N; ++I)
      A.Inputs.push_back(L.number());
    while (L.accept("probe")) {
      Array::Probe P;
      P.Name = L.quoted();
      for (int64_t I = 0, N = L.integer(); I < N; ++I)
        P.Vars.push_back(L.word());
      A.Probes.push_back(P);
    }
    M.Arrays.push_back(std::move(A));
  }

  void projection(Line &L) {
    Projection Pr;
    Pr.Name = L.quoted();
    L.expect("source");
    Pr.Source = L.index();
    if (Pr.Source >= M.Sources.size())
      L.fail("no event source " + std::to_string(Pr.Source));
    Pr.Pre = popRef(L);
    L.expect("->");
    Pr.Post = popRef(L);
    L.expect("synapses");
    Pr.Synapses = popRef(L);
    L.expect("connect");
    std::string Kind = L.word();
    bool Known = false;
    for (auto K : {Projection::Connect::AllToAll, Projection::Connect::OneToOne,
                   Projection::Connect::Probability, Projection::Connect::InDegree,
                   Projection::Connect::Edges})
      if (Kind == name(K))
        Pr.Kind = K, Known = true;
    if (!Known)
      L.fail("unknown connectivity '" + Kind + "'");
    if (Pr.Kind == Projection::Connect::Probability)
      Pr.P = L.number();
    if (Pr.Kind == Projection::Connect::InDegree)
      Pr.K = L.integer();
    if (Pr.Kind == Projection::Connect::Edges) {
      int64_t N = L.integer();
      for (int64_t I = 0; I < N; ++I) {
        Pr.EdgePre.push_back(L.integer());
        L.expect(":");
        Pr.EdgePost.push_back(L.integer());
      }
    }
    L.expect("self");
    Pr.AllowSelf = L.integer() != 0;
    L.expect("stream");
    Pr.Stream = uint64_t(L.integer());
    while (L.accept("add")) {
      Projection::Target T;
      T.Column = col(L, M.Populations[Pr.Post]);
      T.Scale = L.number();
      if (L.accept("times"))
        T.Factor = int(col(L, M.Populations[Pr.Synapses]));
      Pr.Targets.push_back(T);
    }
    if (L.accept("rule")) {
      Population &S = M.Populations[Pr.Synapses];
      L.expect("last");
      Pr.LastColumn = col(L, S);
      if (L.accept("post-source"))
        Pr.PostSource = int(L.index());
      if (L.accept("pre-kernel"))
        Pr.PreKernel = int(L.index());
      if (L.accept("post-kernel"))
        Pr.PostKernel = int(L.index());
      CurPop = &S;
      while (L.accept("trace")) {
        Projection::Trace T;
        T.Column = col(L, S);
        L.expect("a");
        T.A = uniform(L, "a trace's rate");
        L.expect("b");
        T.B = uniform(L, "a trace's drive");
        Pr.Traces.push_back(T);
      }
      for (;;) {
        bool Pre = L.accept("on-pre"), Post = !Pre && L.accept("on-post");
        if (!Pre && !Post)
          break;
        Assign A;
        A.Column = col(L, S);
        L.expect("=");
        A.Value = expr(L);
        (Post ? Pr.OnPost : Pr.OnPre).push_back(A);
      }
    }
    M.Projections.push_back(std::move(Pr));
  }

  void arrayProjection(Line &L) {
    ArrayProjection AP;
    AP.Name = L.quoted();
    L.expect("source");
    AP.Source = L.index();
    if (AP.Source >= M.Sources.size())
      L.fail("no event source " + std::to_string(AP.Source));
    AP.Pre = popRef(L);
    L.expect("->");
    AP.Post = popRef(L);
    L.expect("array");
    AP.Array = L.index();
    if (AP.Array >= M.Arrays.size())
      L.fail("no array " + std::to_string(AP.Array));
    while (L.accept("target")) {
      ArrayProjection::Target T;
      T.Column = col(L, M.Populations[AP.Post]);
      T.Scale = L.number();
      AP.Targets.push_back(T);
    }
    if (L.accept("learn")) {
      AP.PostSource = L.index();
      ArrayProjection::PulseStdp P;
      P.Window = L.number(), P.Set = L.number(), P.Reset = L.number(), P.Width = L.number();
      AP.Learn = P;
    }
    M.ArrayProjections.push_back(std::move(AP));
  }

  void population(Line &L) {
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

  void column(Line &L) {
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

  void kernel(Line &L) {
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

  void statement(Line &L) {
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

  void probe(Line &L) {
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

  /// `[a, b)`.
  std::pair<int64_t, int64_t> span(Line &L) {
    L.expect("[");
    int64_t A = L.integer();
    L.expect(",");
    int64_t B = L.integer();
    L.expect(")");
    if (B < A)
      L.fail("empty or reversed range");
    return {A, B};
  }

  Population &pop(Line &L) {
    if (!CurPop)
      L.fail("this line belongs to a population; none was declared");
    return *CurPop;
  }
  StateVar &state(Line &L) {
    Population &P = pop(L);
    unsigned Col = col(L, P);
    for (StateVar &S : P.States)
      if (S.Column == Col)
        return S;
    L.fail("'$" + P.Columns[Col].Name + "' has no 'init' line before this one");
  }
  Event &event(Line &L) {
    Population &P = pop(L);
    if (P.Events.empty())
      L.fail("this line belongs to an event; none was declared");
    return P.Events.back();
  }

  // References: the caret goes under the sigil of a name not found.
  template <typename T>
  static unsigned ref(Line &L, const char *Sigil, const std::vector<T> &List,
                      const std::string &Missing) {
    L.skipSpace();
    size_t At = L.pos();
    L.expect(Sigil);
    std::string N = L.word();
    for (size_t I = 0; I < List.size(); ++I)
      if (List[I].Name == N)
        return unsigned(I);
    throw ParseError{At, Missing + " '" + Sigil + N + "'"};
  }
  unsigned popRef(Line &L) { return ref(L, "@", M.Populations, "no population"); }
  unsigned col(Line &L, Population &P) {
    return ref(L, "$", P.Columns, "population '@" + P.Name + "' has no column");
  }
  unsigned paramRef(Line &L) { return ref(L, "@", M.Params, "no parameter"); }

  const Expr *uniform(Line &L, const std::string &What) {
    const Expr *E = expr(L);
    if (!E->isUniform())
      L.fail(What + " must be uniform");
    return E;
  }

  const Expr *rhs(Line &L) {
    L.expect("=");
    return expr(L);
  }

  const Expr *expr(Line &L) {
    if (L.accept("(")) {
      std::string Op = L.word();
      const Expr *E = operation(L, Op);
      L.expect(")");
      return E;
    }
    if (L.peek('@'))
      return C.param(paramRef(L));
    if (L.peek('$'))
      return C.column(col(L, pop(L)));
    L.skipSpace();
    size_t At = L.pos();
    if (L.acceptSigil("%l")) {
      unsigned Index = L.index();
      auto It = LocalTypes.find(Index);
      if (It == LocalTypes.end())
        throw ParseError{At, "%l" + std::to_string(Index) + " is read before its 'let'"};
      return C.local(Index, It->second);
    }
    if (L.accept("%")) {
      std::string Id = L.word();
      auto It = Values.find(Id);
      if (It == Values.end())
        throw ParseError{At, "%" + Id + " is not defined on an earlier line"};
      return It->second;
    }
    if (L.peek('k')) {
      L.acceptSigil("k");
      return C.bound(L.index());
    }
    if (L.accept("true"))
      return boolConst(true);
    if (L.accept("false"))
      return boolConst(false);
    if (L.accept("t"))
      return C.time();
    if (L.accept("dt"))
      return C.dt();
    if (L.accept("n"))
      return C.step();
    if (L.accept("i"))
      return C.element();
    if (L.accept("v"))
      return C.voltage();
    return C.constant(L.number());
  }

  const Expr *boolConst(bool V) {
    // The factories have no Bool constant; a comparison of constants folds.
    return C.binary(BinaryOp::Lt, C.constant(V ? 0 : 1), C.constant(1));
  }

  const Expr *operation(Line &L, const std::string &Op) {
    auto Operand = [&](Type T) {
      L.skipSpace();
      size_t At = L.pos();
      const Expr *E = expr(L);
      if (E->type() != T)
        throw ParseError{At, std::string("expected a ") + (T == Type::Real ? "real" : "boolean") +
                                 " operand of '" + Op + "'"};
      return E;
    };
    if (Op == "neg")
      return C.unary(UnaryOp::Neg, Operand(Type::Real));
    if (Op == "not")
      return C.unary(UnaryOp::Not, Operand(Type::Bool));
    if (Op == "select") {
      const Expr *Cond = Operand(Type::Bool);
      const Expr *A = expr(L);
      return C.select(Cond, A, Operand(A->type()));
    }
    if (Op == "load") {
      unsigned Pop = popRef(L);
      unsigned Col = col(L, M.Populations[Pop]);
      return C.load(Pop, Col, Operand(Type::Real));
    }
    if (Op == "reduce") {
      std::string R = L.word();
      BinaryOp ROp = R == "add" ? BinaryOp::Add : R == "min" ? BinaryOp::Min : BinaryOp::Max;
      if (R != "add" && R != "min" && R != "max")
        L.fail("a reduction is add, min or max, not '" + R + "'");
      if (!L.acceptSigil("k"))
        L.fail("expected the reduction's index (k0, k1, ...)");
      unsigned Depth = L.index();
      const Expr *From = Operand(Type::Real);
      const Expr *To = Operand(Type::Real);
      return C.reduce(ROp, Depth, From, To, Operand(Type::Real));
    }
    if (Op == "random") {
      std::string D = L.word();
      RandomDist Dist = D == "normal" ? RandomDist::Normal : RandomDist::Uniform;
      if (D != "normal" && D != "uniform")
        L.fail("unknown distribution '" + D + "'");
      unsigned Stream = L.index();
      return C.random(Dist, Stream, Operand(Type::Real));
    }
    for (int I = 0; I <= int(BinaryOp::Or); ++I)
      if (Op == name(BinaryOp(I))) {
        Type T = isLogical(BinaryOp(I)) ? Type::Bool : Type::Real;
        const Expr *A = Operand(T);
        return C.binary(BinaryOp(I), A, Operand(T));
      }
    for (int I = 0; I <= int(CallFn::Heaviside); ++I)
      if (Op == name(CallFn(I)))
        return C.call(CallFn(I), Operand(Type::Real));
    L.fail("unknown operation '" + Op + "'");
  }

  Module &M;
  ExprContext &C;
  Population *CurPop = nullptr;
  Kernel *CurKernel = nullptr;
  std::vector<Stmt *> Blocks; // open `if`s of the current kernel
  std::map<std::string, const Expr *> Values;
  std::map<unsigned, Type> LocalTypes;
};

} // namespace

std::unique_ptr<Module> parseModule(const std::string &Text, const std::string &FileName,
                                    std::string &Error) {
  auto M = std::make_unique<Module>();
  Reader R(*M);
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
      Line L(S);
      R.line(L);
    }
    std::string Empty;
    Line L(Empty);
    R.finish(L);
  } catch (const ParseError &E) {
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
