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

void SemaImpl::lowerNetwork() {
  std::map<std::string, std::pair<unsigned, unsigned>> Fires; // name -> (population, source)
  for (const std::string &Name : StimulusOrder) {
    const StimulusInfo &S = Stimuli.at(Name);
    unsigned PopIndex = unsigned(M.Populations.size());
    ir::Population P;
    P.Name = Name;
    P.Device = S.Kind == "poisson" ? "Poisson" : S.Kind == "regular" ? "Regular" : "SpikeList";
    P.Size = S.Count;
    P.Scheme = ir::Method::ExponentialEuler;
    if (S.Kind == "spikes") {
      ir::EventSource Src{"spike", PopIndex, -1, S.SpikeElements, S.SpikeTimes};
      Fires[Name] = {PopIndex, unsigned(M.Sources.size())};
      M.Sources.push_back(std::move(Src));
      M.Populations.push_back(std::move(P));
      continue;
    }
    ir::Event E;
    E.Edge = false; // fires in every step where the condition holds
    const ir::Expr *Step = C.step();
    if (S.Kind == "poisson") {
      const ir::Expr *U = C.random(ir::RandomDist::Uniform, PopIndex << 16, Step);
      E.Cond = C.binary(ir::BinaryOp::Lt, U, C.mul(S.Rate.E, C.dt()));
    } else {
      auto Periods = [&](const ir::Expr *N) {
        return C.call(ir::CallFn::Floor, C.mul(C.mul(N, C.dt()), S.Rate.E));
      };
      E.Cond = C.binary(ir::BinaryOp::Gt, Periods(C.add(Step, C.constant(1))), Periods(Step));
    }
    E.Source = int(M.Sources.size());
    M.Sources.push_back({"spike", PopIndex, -1, {}, {}});
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
    for (const ProjectionInfo::Target &T : PI.Targets)
      // A template's states are its first columns; a rule's come after the
      // synapse's w and delay.
      Pr.Targets.push_back({T.State, T.Scale, T.Factor < 0 ? -1 : 2 + T.Factor});

    unsigned SynIndex = unsigned(M.Populations.size());
    ir::Population S;
    S.Name = D.Name.Name;
    S.Device = "Synapse";
    // Every synapse alike (no draws, no rule): one element that all of them
    // share, so that a synapse costs only its target index.
    bool Shared = !readsRandom(PI.Weight.E) && !readsRandom(PI.Delay.E) && !PI.Rule;
    S.Dynamic = !Shared;
    S.Size = Shared ? 1 : 0;
    S.Scheme = ir::Method::ExponentialEuler;
    S.Columns.push_back({"w", PI.Weight.D.str(), ir::ColumnKind::State});
    S.Columns.push_back({"delay", "s", ir::ColumnKind::State});
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
