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
    P.Device = S.Kind == "poisson" ? "Poisson" : "Regular";
    P.Size = S.Count;
    P.Scheme = ir::Method::ExponentialEuler;
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
    M.Sources.push_back({"spike", PopIndex});
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
      Pr.Targets.push_back({T.State, T.Scale}); // a template's states are its first columns

    unsigned SynIndex = unsigned(M.Populations.size());
    ir::Population S;
    S.Name = D.Name.Name;
    S.Device = "Synapse";
    // Every synapse alike (no draws): one element that all of them share,
    // so that a synapse costs only its target index.
    bool Shared = !readsRandom(PI.Weight.E) && !readsRandom(PI.Delay.E);
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
    Pr.Synapses = SynIndex;
    M.Populations.push_back(std::move(S));
    M.Projections.push_back(std::move(Pr));
  }
}

} // namespace nmc
