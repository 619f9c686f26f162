//===- ParserNetwork.cpp - Projections and arrays of the textual IR -------===//
#include "ParserImpl.h"

namespace nmc::ir::text {

std::tuple<unsigned, unsigned, unsigned> Reader::ends(Line &L) {
  L.expect("source");
  unsigned Source = L.index();
  if (Source >= M.Sources.size())
    L.fail("no event source " + std::to_string(Source));
  unsigned Pre = popRef(L);
  L.expect("->");
  return {Source, Pre, popRef(L)};
}

Array::CellColumns Reader::cellColumns(Line &L) {
  Array::CellColumns CC;
  CC.Population = unsigned(L.integer()), CC.Voltage = unsigned(L.integer());
  CC.Current = unsigned(L.integer()), CC.Slope = unsigned(L.integer());
  return CC;
}

void Reader::array(Line &L) {
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
  L.expect("converter-energy");
  A.DacEnergy = L.number(), A.AdcEnergy = L.number();
  if (L.accept("population")) {
    A.CellsOf = cellColumns(L);
  }
  if (L.accept("selector"))
    A.SelectorOf = cellColumns(L);
  if (L.accept("drive"))
    A.Drive = unsigned(L.integer());
  if (L.accept("transistor")) {
    Array::Access T;
    T.Beta = L.number(), T.Vth = L.number(), T.N = L.number();
    L.expect("gate");
    T.Gate = L.number(), T.ProgramGate = L.number(), T.OffGate = L.number();
    T.Fire = L.accept("fire");
    A.Transistor = T;
  }
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
  if (L.accept("solve")) {
    Array::FeedbackSolve F;
    std::string How = L.word();
    if (How != "inverse" && How != "regression")
      L.fail("unknown solve '" + How + "'");
    F.K = How == "inverse" ? Array::FeedbackSolve::Kind::Inverse
                           : Array::FeedbackSolve::Kind::Regression;
    F.Gain = L.number(), F.Feedback = L.number();
    for (int64_t I = 0, N = L.integer(); I < N; ++I)
      F.Rhs.push_back(L.number());
    A.Solve = std::move(F);
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
    if (L.accept("every"))
      P.Interval = L.number();
    A.Probes.push_back(P);
  }
  M.Arrays.push_back(std::move(A));
}

void Reader::projection(Line &L) {
  Projection Pr;
  Pr.Name = L.quoted();
  std::tie(Pr.Source, Pr.Pre, Pr.Post) = ends(L);
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

void Reader::arrayProjection(Line &L) {
  ArrayProjection AP;
  AP.Name = L.quoted();
  std::tie(AP.Source, AP.Pre, AP.Post) = ends(L);
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
  bool Winner = L.accept("learn-winner");
  if (Winner || L.accept("learn")) {
    AP.PostSource = L.index();
    ArrayProjection::PulseStdp P;
    P.Mode = Winner ? ArrayProjection::PulseStdp::Winner : ArrayProjection::PulseStdp::Pair;
    P.Window = L.number(), P.Set = L.number(), P.Reset = L.number(), P.Width = L.number();
    P.Until = L.number();
    AP.Learn = P;
  }
  M.ArrayProjections.push_back(std::move(AP));
}

} // namespace nmc::ir::text
