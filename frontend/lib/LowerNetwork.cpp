//===- LowerNetwork.cpp - Checked stimuli and projections to IR ------------===//
//
// A stimulus becomes a population whose elements fire by their own
// counter-based draws (poisson: with probability rate * dt in each step,
// as Brian2's PoissonGroup; regular: in each step that holds a multiple
// of 1 / rate, the first at t = 1 / rate), reported as events at the start
// of the step. A projection becomes an ir::Projection and a Dynamic
// population of its synapses, whose init sets the weight and the delay
// (per-synapse draws keyed by the synapse). Both run after the populations
// they connect have been lowered (LowerPopulations.cpp).
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

namespace nmc {

namespace {

bool readsRandom(const ir::Expr *E) {
  if (E->kind() == ir::ExprKind::Random)
    return true;
  for (const ir::Expr *O : E->operands())
    if (readsRandom(O))
      return true;
  return false;
}

} // namespace

/// Whether element i of stimulus S fires in step n (a condition read at
/// the start of the step, t_n = n * dt). P gets the columns it reads.
const ir::Expr *SemaImpl::stimulusFires(const StimulusInfo &S, ir::Population &P,
                                        unsigned PopIndex) {
  const ir::Expr *Step = C.step();
  const ir::Expr *T0 = C.mul(Step, C.dt()), *T1 = C.mul(C.add(Step, C.constant(1)), C.dt());
  auto Arg = [&](const char *Name) {
    // A rate that follows time is read at t_n, as Brian2 reads it.
    return ir::rewrite(C, S.Args.at(Name).E, [&](const ir::Expr *X) -> const ir::Expr * {
      return X->kind() == ir::ExprKind::Time ? T0 : nullptr;
    });
  };
  auto Poisson = [&](const ir::Expr *Rate) {
    const ir::Expr *U = C.random(ir::RandomDist::Uniform, PopIndex << 16, Step);
    return C.binary(ir::BinaryOp::Lt, U, C.mul(Rate, C.dt()));
  };
  if (S.Kind == "poisson")
    return Poisson(Arg("rate"));
  if (S.Kind == "image") {
    P.Columns.push_back({"level", "1", ir::ColumnKind::Param, S.Levels});
    return Poisson(C.mul(C.column(0), Arg("rate")));
  }
  if (S.Kind == "images") {
    // Image k is shown from k (show + rest) for show; its levels are rows
    // of a table population placed right before the stimulus.
    const ir::Expr *Period = C.add(Arg("show"), Arg("rest"));
    const ir::Expr *K = C.call(ir::CallFn::Floor, C.div(T0, Period));
    const ir::Expr *Zero = C.constant(0);
    const ir::Expr *Last = C.constant(double(S.Rows - 1));
    const ir::Expr *Shown =
        C.binary(ir::BinaryOp::And, C.binary(ir::BinaryOp::Le, K, Last),
                 C.binary(ir::BinaryOp::Lt, C.sub(T0, C.mul(K, Period)), Arg("show")));
    const ir::Expr *KIn = C.binary(ir::BinaryOp::Max, Zero, C.binary(ir::BinaryOp::Min, K, Last));
    const ir::Expr *Level =
        C.load(PopIndex - 1, 0, C.add(C.mul(KIn, C.constant(double(S.Cols))), C.element()));
    return C.binary(ir::BinaryOp::And, Shown, Poisson(C.mul(Level, Arg("rate"))));
  }
  if (S.Kind == "regular") {
    auto Periods = [&](const ir::Expr *T) {
      return C.call(ir::CallFn::Floor, C.mul(T, Arg("rate")));
    };
    return C.binary(ir::BinaryOp::Gt, Periods(T1), Periods(T0));
  }
  // A bar of `width` pixels, perpendicular to the direction `angle`, moves
  // at `speed` pixels per second across a rows x cols grid (y up, pixel
  // centres one apart), its leading edge entering at t = 0 at the grid's
  // first corner. Pixel i is covered from ta to td; it fires at ta and
  // then every 1 / rate while covered. Count(t) is the number of its
  // spikes before t; it fires in step n when Count(t_n+1) > Count(t_n).
  auto K = [&](double V) { return C.constant(V); };
  const ir::Expr *Row = C.call(ir::CallFn::Floor, C.div(C.element(), K(double(S.Cols))));
  const ir::Expr *Col = C.sub(C.element(), C.mul(Row, K(double(S.Cols))));
  const ir::Expr *X = C.sub(Col, K(double(S.Cols - 1) / 2));
  const ir::Expr *Y = C.sub(K(double(S.Rows - 1) / 2), Row);
  const ir::Expr *Cos = C.call(ir::CallFn::Cos, Arg("angle"));
  const ir::Expr *Sin = C.call(ir::CallFn::Sin, Arg("angle"));
  const ir::Expr *U = C.add(C.mul(X, Cos), C.mul(Y, Sin));
  const ir::Expr *Reach = C.add(C.mul(K(double(S.Cols - 1) / 2), C.call(ir::CallFn::Abs, Cos)),
                                C.mul(K(double(S.Rows - 1) / 2), C.call(ir::CallFn::Abs, Sin)));
  const ir::Expr *Ta = C.div(C.add(U, Reach), Arg("speed"));
  const ir::Expr *Td = C.add(Ta, C.div(Arg("width"), Arg("speed")));
  auto Count = [&](const ir::Expr *T) {
    const ir::Expr *Covered = C.mul(C.sub(C.binary(ir::BinaryOp::Min, T, Td), Ta), Arg("rate"));
    const ir::Expr *N =
        C.binary(ir::BinaryOp::Max, K(1), C.neg(C.call(ir::CallFn::Floor, C.neg(Covered))));
    return C.select(C.binary(ir::BinaryOp::Gt, T, Ta), N, K(0));
  };
  return C.binary(ir::BinaryOp::Gt, Count(T1), Count(T0));
}

void SemaImpl::lowerNetwork() {
  std::map<std::string, std::pair<unsigned, unsigned>> Fires; // name -> (population, source)
  for (const std::string &Name : StimulusOrder) {
    const StimulusInfo &S = Stimuli.at(Name);
    // The images' levels, a table that the stimulus loads from (the IR
    // names a population before its use).
    if (S.Kind == "images")
      lowerTable(Name + ".images", "ImageTable", "level", S.Levels);
    unsigned PopIndex = unsigned(M.Populations.size());
    ir::Population P;
    P.Name = Name;
    static const std::map<std::string, const char *> Devices = {
        {"poisson", "Poisson"}, {"regular", "Regular"},   {"spikes", "SpikeList"},
        {"image", "Image"},     {"sequence", "Sequence"}, {"bar", "MovingBar"},
        {"images", "Images"}};
    P.Device = Devices.at(S.Kind);
    P.Size = S.Count;
    P.Scheme = ir::Method::ExponentialEuler;
    if (S.Kind == "spikes" || S.Kind == "sequence") {
      ir::EventSource Src{"spike", PopIndex, {}, S.SpikeElements, S.SpikeTimes};
      Fires[Name] = {PopIndex, unsigned(M.Sources.size())};
      M.Sources.push_back(std::move(Src));
      M.Populations.push_back(std::move(P));
      continue;
    }
    ir::Event E;
    E.Edge = false; // fires in every step where the condition holds
    E.Cond = stimulusFires(S, P, PopIndex);
    E.Source = int(M.Sources.size());
    M.Sources.push_back({"spike", PopIndex, {}, {}, {}});
    P.Events.push_back(E);
    Fires[Name] = {PopIndex, unsigned(E.Source)};
    M.Populations.push_back(std::move(P));
  }
  for (const ast::ProbeDecl *Mo : StimulusMonitors) {
    auto It = Fires.find(Mo->Target.Name);
    if (It == Fires.end())
      continue; // the stimulus was refused
    ir::Monitor IM;
    IM.Name = Mo->Name.Name;
    IM.Source = It->second.second;
    IM.Count = M.Populations[It->second.first].Size;
    M.Monitors.push_back(IM);
  }
  for (size_t I = 0; I < ProjectionInfos.size(); ++I) {
    const ProjectionInfo &PI = ProjectionInfos[I];
    const ast::ProjectionDecl &D = *PI.Decl;
    ir::Projection Pr;
    Pr.Name = D.Name.Name;
    if (PI.FromStimulus) {
      std::tie(Pr.Pre, Pr.Source) = Fires.at(D.Source.Name);
    } else {
      Pr.Pre = Populations.at(D.Source.Name).Index;
      for (unsigned S = 0; S < M.Sources.size(); ++S)
        if (M.Sources[S].Population == Pr.Pre)
          Pr.Source = S;
    }
    Pr.Post = Populations.at(D.Dest.Name).Index;
    Pr.Kind = PI.Kind;
    Pr.P = PI.P;
    Pr.K = PI.K;
    Pr.AllowSelf = PI.AllowSelf;
    Pr.EdgePre = PI.EdgePre;
    Pr.EdgePost = PI.EdgePost;
    // Streams of projections lie above those of populations (index << 16).
    Pr.Stream = (uint64_t(1) << 40) | I;
    for (const ProjectionInfo::Target &T : PI.Targets) {
      // A template's states are its first columns; a rule's come after the
      // synapse's w and delay; a circuit's are found by name.
      unsigned Col = T.State;
      if (!T.Path.empty()) {
        const auto &Cols = M.Populations[Pr.Post].Columns;
        Col = unsigned(std::find_if(Cols.begin(), Cols.end(),
                                    [&](const ir::Column &X) { return X.Name == T.Path; }) -
                       Cols.begin());
        if (Col == Cols.size())
          internalError("LowerNetwork: a checked circuit target has no column");
      }
      Pr.Targets.push_back({Col, T.Scale, T.Factor < 0 ? -1 : 2 + T.Factor});
    }

    unsigned SynIndex = unsigned(M.Populations.size());
    ir::Population S;
    S.Name = D.Name.Name;
    S.Device = "Synapse";
    // Every synapse alike (no draws, no rule): one element that all of them
    // share, so that a synapse costs only its target index.
    bool Shared = !readsRandom(PI.Weight.E) && !readsRandom(PI.Delay.E) && !PI.Rule &&
                  PI.WeightData.empty() && PI.DelayData.empty();
    S.Dynamic = !Shared;
    S.Size = Shared ? 1 : 0;
    S.Scheme = ir::Method::ExponentialEuler;
    // Listed weights and delays are data, in synapse order.
    S.Columns.push_back({"w", PI.Weight.D.str(), ir::ColumnKind::State, PI.WeightData});
    S.Columns.push_back({"delay", "s", ir::ColumnKind::State, PI.DelayData});
    auto Keyed = [&](const ir::Expr *E) {
      return ir::rewrite(C, E, [&](const ir::Expr *X) -> const ir::Expr * {
        if (X->kind() == ir::ExprKind::Random)
          return C.random(X->randomDist(), (SynIndex << 16) | X->index(), X->operand(0));
        return nullptr;
      });
    };
    for (unsigned Col : {0u, 1u}) {
      ir::StateVar SV;
      SV.Column = Col;
      SV.Init = Keyed(Col == 0 ? PI.Weight.E : PI.Delay.E);
      S.States.push_back(SV);
    }
    if (PI.Rule)
      lowerRule(PI, S, Pr);
    Pr.Synapses = SynIndex;
    M.Populations.push_back(std::move(S));
    M.Projections.push_back(std::move(Pr));
  }
  for (const SynapseProbe &SP : SynapseProbes) {
    const ir::Projection &Pr = M.Projections[SP.Projection];
    const ir::Population &S = M.Populations[Pr.Synapses];
    ir::Probe IP;
    IP.Name = SP.Decl->Name.Name;
    IP.Population = Pr.Synapses;
    IP.First = SP.First;
    IP.Count = SP.Count;
    IP.Interval = SP.Interval;
    for (const std::string &V : SP.Vars)
      for (unsigned K = 0; K < S.Columns.size(); ++K)
        if (S.Columns[K].Name == V)
          IP.Columns.push_back(K);
    M.Probes.push_back(IP);
  }
}

/// A projection's rule: its parameters become `projection.name`, its states
/// columns of the synapses after w and delay, its events OnPre and OnPost.
void SemaImpl::lowerRule(const ProjectionInfo &PI, ir::Population &S, ir::Projection &Pr) {
  const DeviceTemplate &T = *PI.Rule;
  std::vector<unsigned> Global(T.Params.size(), ~0u);
  auto Map = [&](const ir::Expr *E) -> const ir::Expr * {
    if (E->kind() == ir::ExprKind::Param)
      return C.param(Global[E->index()]);
    if (E->kind() == ir::ExprKind::Column)
      return C.column(E->index() == DeviceTemplate::WeightColumn ? 0 : 2 + E->index());
    return nullptr;
  };
  for (unsigned L : T.ParamOrder) {
    const auto &DP = T.Params[L];
    auto O = PI.RuleOverrides.find(DP.Decl->Name.Name);
    Global[L] = unsigned(M.Params.size());
    M.Params.push_back(instanceParam(
        S.Name, DP, O != PI.RuleOverrides.end() ? O->second.E : ir::rewrite(C, DP.Default.E, Map)));
  }
  for (unsigned K = 0; K < T.States.size(); ++K) {
    const auto &St = T.States[K];
    S.Columns.push_back({St.Decl->Name.Name, St.Init.D.str(), ir::ColumnKind::State});
    ir::StateVar SV;
    SV.Column = 2 + K;
    SV.Init = ir::rewrite(C, St.Init.E, Map);
    S.States.push_back(SV);
    const ir::Expr *A = nullptr, *B = nullptr;
    if (St.Deriv && ir::affine(C, St.Deriv, K, A, B))
      Pr.Traces.push_back({2 + K, ir::rewrite(C, A, Map), ir::rewrite(C, B, Map)});
  }
  Pr.LastColumn = unsigned(S.Columns.size());
  S.Columns.push_back({"last_update", "s", ir::ColumnKind::Internal});
  for (const DeviceTemplate::RuleEvent &RE : T.RuleEvents)
    for (auto &[Col, V] : RE.Assigns)
      (RE.Post ? Pr.OnPost : Pr.OnPre)
          .push_back({Col == DeviceTemplate::WeightColumn ? 0u : 2 + Col, ir::rewrite(C, V, Map)});
  if (!Pr.OnPost.empty())
    for (unsigned Src = 0; Src < M.Sources.size(); ++Src)
      if (M.Sources[Src].Population == Pr.Post)
        Pr.PostSource = int(Src);
}

} // namespace nmc
