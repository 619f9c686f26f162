//===- SemaNetwork.cpp - Checks projections -------------------------------===//
//
// Checks `projection` declarations into ProjectionInfo, after every
// population and stimulus (SemaStimulus.cpp) is checked; LowerNetwork.cpp
// builds their IR. A projection names its connectivity, the weight and
// delay of each synapse (values or per-synapse draws) and what a spike does
// on arrival: `on pre { ge += w; }` adds the weight, times a constant, to a
// state of the target. Rules, arrays and synapse devices are refused with
// what is missing.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

#include <algorithm>
#include <cmath>

namespace nmc {

namespace {

/// Stream indices, local to a projection's synapse population.
constexpr unsigned WeightStream = 0, DelayStream = 1;

} // namespace

/// Reads `edges("file.csv")`: one `pre,post[,weight[,delay]]` line per
/// synapse, kept in synapse order (by pre element, then as listed; (i, i)
/// dropped when self-connections are not allowed), as the runtime builds
/// them (Network.cpp).
bool SemaImpl::readEdges(const ast::StringExpr &File, int64_t NPre, int64_t NPost, bool NoSelf,
                         ProjectionInfo &Info) {
  auto Rows = readRows(File, DiagId::err_edges_file,
                       "'pre,post' with pre < " + std::to_string(NPre) + " and post < " +
                           std::to_string(NPost) + ", then at most a weight and a delay",
                       [&](const std::vector<double> &R) {
                         if (R.size() < 2 || R.size() > 4)
                           return false;
                         double A = R[0], B = R[1];
                         return A == std::floor(A) && B == std::floor(B) && A >= 0 && B >= 0 &&
                                A < double(NPre) && B < double(NPost);
                       });
  if (!Rows)
    return false;
  std::vector<size_t> Order;
  for (size_t K = 0; K < Rows->size(); ++K)
    if (!(NoSelf && (*Rows)[K][0] == (*Rows)[K][1]))
      Order.push_back(K);
  std::stable_sort(Order.begin(), Order.end(),
                   [&](size_t X, size_t Y) { return (*Rows)[X][0] < (*Rows)[Y][0]; });
  for (size_t K : Order) {
    const std::vector<double> &R = (*Rows)[K];
    Info.EdgePre.push_back(int64_t(R[0]));
    Info.EdgePost.push_back(int64_t(R[1]));
    Info.EdgeWeight.push_back(R.size() > 2 ? R[2] : NAN);
    Info.EdgeDelay.push_back(R.size() > 3 ? R[3] : NAN);
  }
  return true;
}

/// `weight = listed(scale)` or `delay = listed(scale)`: the edge list's
/// third (weight) or fourth (delay) column times scale, per synapse.
bool SemaImpl::checkListed(const ast::CallExpr &Call, const std::string &What,
                           std::optional<Dim> Want, ProjectionInfo &Info) {
  if (Call.Args.size() != 1 || !(Call.Args[0].Name.empty() || Call.Args[0].Name == "scale")) {
    Diags.report(
        DiagId::err_setting_value, Call.Range,
        {What, "listed(SCALE): one value with a unit, that multiplies the listed numbers"});
    return false;
  }
  const ast::Expr &Arg = *Call.Args[0].Value;
  Value V = checkModelExpr(Arg);
  if (Want &&
      !expectUnit(V, *Want, Arg.Range, DiagId::err_arg_unit, {"scale", "listed", describe(*Want)}))
    return false;
  auto Scale = constant(V, Arg.Range, "the scale of listed(...)");
  if (!Scale)
    return false;
  if (Info.Kind != ir::Projection::Connect::Edges) {
    Diags.report(DiagId::err_setting_value, Call.Range,
                 {What, "a value or a draw: listed(...) reads an edge list, "
                        "connect = edges(\"file.csv\")"});
    return false;
  }
  bool Weight = What == "weight";
  const std::vector<double> &Col = Weight ? Info.EdgeWeight : Info.EdgeDelay;
  std::vector<double> &Out = Weight ? Info.WeightData : Info.DelayData;
  for (double X : Col) {
    if (std::isnan(X)) {
      Diags.report(DiagId::err_edges_file, Info.EdgesFile->Range,
                   {Info.EdgesFile->Value,
                    std::string("has a line without a ") +
                        (Weight ? "third column (the weight)" : "fourth column (the delay)")});
      return false;
    }
    if (!Weight && !(X * *Scale >= 0)) {
      Diags.report(DiagId::err_edges_file, Info.EdgesFile->Range,
                   {Info.EdgesFile->Value, "lists a negative delay"});
      return false;
    }
    Out.push_back(X * *Scale);
  }
  Value Out1 = V;
  if (Want)
    Out1.D = *Want;
  Out1.AnyUnit = false;
  (Weight ? Info.Weight : Info.Delay) = Out1;
  return true;
}

/// `connect = all_to_all() | one_to_one() | probability(p) | in_degree(k)
/// | edges("file.csv")`, each with an optional `self = 0` (no (i, i) pairs).
bool SemaImpl::checkConnect(const ast::Expr &E, int64_t NPre, int64_t NPost, bool Same,
                            ProjectionInfo &Info) {
  using Connect = ir::Projection::Connect;
  static const std::map<std::string, std::pair<Connect, const char *>> Kinds = {
      {"all_to_all", {Connect::AllToAll, nullptr}},
      {"one_to_one", {Connect::OneToOne, nullptr}},
      {"probability", {Connect::Probability, "p"}},
      {"in_degree", {Connect::InDegree, "k"}},
      {"edges", {Connect::Edges, "file"}}};
  auto *Call = ast::dyn_cast<ast::CallExpr>(&E);
  auto K = Kinds.find(Call ? Call->Callee : "");
  if (!Call || K == Kinds.end()) {
    Diags.report(DiagId::err_setting_value, Call ? Call->CalleeRange : E.Range,
                 {"connect", "all_to_all(), one_to_one(), probability(p), in_degree(k) or "
                             "edges(\"file.csv\")"});
    return false;
  }
  Info.Kind = K->second.first;
  const char *Main = K->second.second;
  bool HaveMain = false;
  for (const ast::CallArg &A : Call->Args) {
    std::string Name = A.Name.empty() && Main && !HaveMain ? Main : A.Name;
    if (Name == "self") {
      Value V = checkModelExpr(*A.Value);
      auto S = constant(V, A.Value->Range, "'self'");
      if (!S)
        return false;
      if (*S != 0 && *S != 1) {
        Diags.report(DiagId::err_setting_value, A.Value->Range, {"self", "0 or 1"});
        return false;
      }
      Info.AllowSelf = *S == 1;
      continue;
    }
    if (!Main || Name != Main) {
      Diags.report(DiagId::err_arg_unknown, A.Name.empty() ? A.Value->Range : A.NameRange,
                   {Call->Callee, A.Name.empty() ? "(positional)" : A.Name});
      return false;
    }
    HaveMain = true;
    if (Info.Kind == Connect::Edges) {
      auto *Str = ast::dyn_cast<ast::StringExpr>(A.Value.get());
      if (!Str) {
        Diags.report(DiagId::err_setting_value, A.Value->Range, {"edges", "a file name in quotes"});
        return false;
      }
      Info.EdgesFile = Str;
      continue;
    }
    Value V = checkModelExpr(*A.Value);
    if (!expectUnit(V, Dim(), A.Value->Range, DiagId::err_arg_unit,
                    {Name, Call->Callee, describe(Dim())}))
      return false;
    auto N = constant(V, A.Value->Range, "'" + Name + "' of " + Call->Callee);
    if (!N)
      return false;
    bool Fits = Info.Kind == Connect::Probability
                    ? *N >= 0 && *N <= 1
                    : *N >= 0 && *N == std::floor(*N) && *N <= double(NPre);
    if (!Fits) {
      Diags.report(DiagId::err_setting_value, A.Value->Range,
                   {Name, Info.Kind == Connect::Probability
                              ? "a probability in [0, 1]"
                              : "a whole number from 0 to the source's " + std::to_string(NPre) +
                                    " elements"});
      return false;
    }
    if (Info.Kind == Connect::Probability)
      Info.P = *N;
    else
      Info.K = int64_t(*N);
  }
  if (Main && !HaveMain) {
    Diags.report(DiagId::err_arg_missing, Call->Range, {Call->Callee, Main});
    return false;
  }
  if (Info.Kind == Connect::OneToOne && NPre != NPost) {
    Diags.report(DiagId::err_setting_value, Call->Range,
                 {"connect", "all_to_all(), probability(p) or in_degree(k): one_to_one() needs "
                             "source and target of one size, not " +
                                 std::to_string(NPre) + " and " + std::to_string(NPost)});
    return false;
  }
  if (Info.Kind == Connect::InDegree && !Info.AllowSelf && Same && Info.K >= NPre) {
    Diags.report(DiagId::err_setting_value, Call->Range,
                 {"k", "at most " + std::to_string(NPre - 1) + " without self-connections"});
    return false;
  }
  if (Info.Kind == Connect::Edges)
    return readEdges(*Info.EdgesFile, NPre, NPost, Same && !Info.AllowSelf, Info);
  return true;
}

/// `weight = ...` or `delay = ...`: a value, or a per-synapse draw
/// normal(mean, sigma) or uniform(lo, hi). Draws read Random nodes of a
/// stream local to the projection (lowering makes it unique).
std::optional<Value> SemaImpl::checkSynapseValue(const ast::Expr &E, const std::string &What,
                                                 std::optional<Dim> Want, unsigned Stream) {
  auto *Call = ast::dyn_cast<ast::CallExpr>(&E);
  if (Call && (Call->Callee == "normal" || Call->Callee == "uniform")) {
    bool Normal = Call->Callee == "normal";
    const char *A0 = Normal ? "mean" : "lo", *A1 = Normal ? "sigma" : "hi";
    std::map<std::string, Value> Args;
    for (size_t I = 0; I < Call->Args.size(); ++I) {
      const ast::CallArg &A = Call->Args[I];
      std::string Name = A.Name.empty() ? (I == 0 ? A0 : I == 1 ? A1 : "") : A.Name;
      if (Name != A0 && Name != A1) {
        Diags.report(DiagId::err_arg_unknown, A.Name.empty() ? A.Value->Range : A.NameRange,
                     {Call->Callee, A.Name.empty() ? "(positional)" : A.Name});
        return std::nullopt;
      }
      Value V = checkModelExpr(*A.Value);
      if (!V.ok())
        return std::nullopt;
      if (!Want && !V.AnyUnit)
        Want = V.D;
      if (!expectUnit(V, *Want, A.Value->Range, DiagId::err_arg_unit,
                      {Name, Call->Callee, describe(*Want)}))
        return std::nullopt;
      Args[Name] = V;
    }
    for (const char *Need : {A0, A1})
      if (!Args.count(Need)) {
        Diags.report(DiagId::err_arg_missing, Call->Range, {Call->Callee, Need});
        return std::nullopt;
      }
    const ir::Expr *Zero = C.constant(0);
    Value Out = Args[A0];
    Out.D = Want ? *Want : Dim();
    Out.AnyUnit = false;
    Out.E = Normal ? C.add(Args[A0].E,
                           C.mul(Args[A1].E, C.random(ir::RandomDist::Normal, Stream, Zero)))
                   : C.add(Args[A0].E, C.mul(C.sub(Args[A1].E, Args[A0].E),
                                             C.random(ir::RandomDist::Uniform, Stream, Zero)));
    return Out;
  }
  Value V = checkModelExpr(E);
  if (!V.ok())
    return std::nullopt;
  if (Want && !expectUnit(V, *Want, E.Range, DiagId::err_setting_value,
                          {What, "a value with " + describe(*Want) +
                                     ", normal(mean, sigma) or "
                                     "uniform(lo, hi)"}))
    return std::nullopt;
  if (V.TimeVarying || V.K != Value::Real) {
    Diags.report(DiagId::err_not_constant, E.Range,
                 {"a synapse's " + What + " (it may use parameters, not time)"});
    return std::nullopt;
  }
  if (Want)
    V.D = *Want, V.AnyUnit = false;
  return V;
}

/// The factor c of `c * w`, `w * c`, `w / c`, `-w` or `w`, where c is a
/// number, with or without a unit (a rule's dimensionless w times 1 nS),
/// possibly times one state of the projection's rule (ScaleRule; its
/// template index goes to ScaleState), as short-term plasticity delivers
/// w u x.
std::optional<std::pair<double, Dim>> SemaImpl::weightScale(const ast::Expr &E) {
  using Scale = std::pair<double, Dim>;
  if (auto *N = ast::dyn_cast<ast::NameExpr>(&E))
    return N->Name == ScaleSymbol ? std::optional<Scale>(Scale{1.0, Dim()}) : std::nullopt;
  if (auto *B0 = ast::dyn_cast<ast::BinaryExpr>(&E);
      B0 && B0->Op == ast::BinaryOp::Mul && ScaleRule)
    for (auto [W, X] : {std::pair{B0->L.get(), B0->R.get()}, std::pair{B0->R.get(), B0->L.get()}})
      if (auto *N = ast::dyn_cast<ast::NameExpr>(X); N && ScaleState < 0)
        for (unsigned K = 0; K < ScaleRule->States.size(); ++K)
          if (ScaleRule->States[K].Decl->Name.Name == N->Name)
            if (auto S = weightScale(*W)) {
              ScaleState = int(K);
              return Scale{S->first, S->second * ScaleRule->States[K].Init.D};
            }
  if (auto *U = ast::dyn_cast<ast::UnaryExpr>(&E)) {
    auto S = weightScale(*U->Sub);
    if (S && U->Op == ast::UnaryOp::Neg)
      return Scale{-S->first, S->second};
    return U->Op == ast::UnaryOp::Plus ? S : std::nullopt;
  }
  auto *B = ast::dyn_cast<ast::BinaryExpr>(&E);
  if (!B || (B->Op != ast::BinaryOp::Mul && B->Op != ast::BinaryOp::Div))
    return std::nullopt;
  auto Factor = [&](const ast::Expr &X) -> std::optional<Scale> {
    if (!ast::isa<ast::NumberExpr>(&X))
      return std::nullopt;
    EmptyScope Empty;
    Value V = check(X, Empty);
    if (!V.ok() || !V.E->isConst())
      return std::nullopt;
    return Scale{V.E->value(), V.D};
  };
  if (auto S = weightScale(*B->L))
    if (auto F = Factor(*B->R))
      return B->Op == ast::BinaryOp::Mul ? Scale{S->first * F->first, S->second * F->second}
                                         : Scale{S->first / F->first, S->second / F->second};
  if (B->Op == ast::BinaryOp::Mul)
    if (auto S = weightScale(*B->R))
      if (auto F = Factor(*B->L))
        return Scale{S->first * F->first, S->second * F->second};
  return std::nullopt;
}

/// A projection's events are `on pre`; anything else is reported.
bool SemaImpl::checkPreTrigger(const ast::EventDecl &E) {
  auto *Trig = ast::dyn_cast<ast::NameExpr>(E.Trigger.get());
  if (Trig && Trig->Name == "pre")
    return true;
  Diags.report(DiagId::err_projection_trigger, E.Trigger->Range);
  return false;
}

void SemaImpl::checkProjection(const ast::ProjectionDecl &P) {
  ProjectionInfo Info;
  Info.Decl = &P;
  bool Ok = true;
  // The two ends.
  int64_t NPre = 0, NPost = 0;
  DeviceTemplate *Dest = nullptr;
  const CircuitTemplate *DestCircuit = nullptr;
  if (Stimuli.count(P.Source.Name)) {
    Info.FromStimulus = true;
    NPre = Stimuli.at(P.Source.Name).Count;
  } else if (auto It = Populations.find(P.Source.Name); It != Populations.end()) {
    PopulationInfo &Src = It->second;
    // A neuron's spike output, or a circuit's first one.
    bool Spikes = (Src.Device && Src.Device->Decl->Kind == ast::DeclKind::Neuron &&
                   !Src.Device->Events.empty()) ||
                  (Src.Circuit && !Src.Circuit->Spikes.empty());
    if (!Spikes && Src.Ok && (Src.Device || Src.Circuit))
      Diags.report(DiagId::err_wrong_entity, P.Source.Range,
                   {P.Source.Name,
                    Src.Circuit ? "population of a circuit without a spike output"
                                : "population of a device",
                    "population of a neuron or circuit with a spike output, or a stimulus"});
    Ok &= Spikes; // a population that failed its own check was reported there
    NPre = Src.Size;
  } else {
    const ast::Decl *D = findTop(P.Source.Name);
    bool Unbuilt = D && ast::isa<ast::StimulusDecl>(D); // reported already
    if (!Unbuilt)
      Diags.report(DiagId::err_unknown_entity, P.Source.Range,
                   {"population or stimulus", P.Source.Name});
    Ok = false;
  }
  if (auto It = Populations.find(P.Dest.Name); It != Populations.end()) {
    Dest = It->second.Device;
    DestCircuit = It->second.Circuit;
    NPost = It->second.Size;
    Ok &= Dest || DestCircuit; // else reported with the population
  } else {
    Diags.report(DiagId::err_unknown_entity, P.Dest.Range, {"population", P.Dest.Name});
    Ok = false;
  }
  if (P.Via) {
    const ast::Decl *D = findTop(P.Via->Name);
    bool IsArray = D && ast::isa<ast::ArrayDecl>(D);
    bool IsDevice = D && D->Kind == ast::DeclKind::Device;
    if (IsArray) {
      if (Ok)
        checkArrayProjection(P, NPre, NPost, Dest, Info.FromStimulus);
      return;
    }
    if (!IsDevice)
      Diags.report(DiagId::err_unknown_entity, P.Via->Range,
                   {"array or synapse device", P.Via->Name});
    else
      Diags.report(DiagId::err_not_executable, P.Via->Range,
                   {"projection '" + P.Name.Name + "' through device '" + P.Via->Name + "'",
                    "synapse devices are not built; use on pre { STATE += w; }"});
    Ok = false;
  }
  const ast::ComponentDecl *Rule = nullptr;
  if (P.Rule) {
    const ast::Decl *RD = findTop(P.Rule->Name);
    Rule = RD ? ast::dyn_cast<ast::ComponentDecl>(RD) : nullptr;
    if (!Rule || Rule->Kind != ast::DeclKind::Rule) {
      Diags.report(DiagId::err_unknown_entity, P.Rule->Range, {"rule", P.Rule->Name});
      Rule = nullptr;
      Ok = false;
    } else {
      Info.Rule = &Devices.at(Rule->Name.Name);
      Ok &= Info.Rule->Ok;
    }
  }
  // Overrides set the rule's parameters, or the weight and delay.
  for (const ast::Override &O : P.Overrides) {
    bool Known = O.Name.Name == "weight" || O.Name.Name == "delay";
    if (Rule)
      for (const ast::VarDecl &V : Rule->Params)
        Known |= V.Name.Name == O.Name.Name;
    if (Known && Info.Rule && !(O.Name.Name == "weight" || O.Name.Name == "delay"))
      for (const DeviceTemplate::P &RP : Info.Rule->Params)
        if (RP.Decl->Name.Name == O.Name.Name) {
          Value V = checkModelExpr(*O.Value);
          if (!expectUnit(V, RP.Default.D, O.Value->Range, DiagId::err_arg_unit,
                          {O.Name.Name, Rule->Name.Name, describe(RP.Default.D)}))
            Ok = false;
          else
            Info.RuleOverrides[O.Name.Name] = V;
        }
    if (!Known) {
      Diags.report(DiagId::err_override_unknown, O.Name.Range,
                   {Rule ? "rule '" + Rule->Name.Name + "'" : "projection '" + P.Name.Name + "'",
                    O.Name.Name});
      Ok = false;
    }
  }
  if (!Ok)
    return;
  // Settings, written in the body or as overrides (weight, delay).
  std::map<std::string, SourceRange> Seen;
  bool HaveConnect = false, WeightGiven = false;
  std::vector<std::pair<std::string, const ast::CallExpr *>> Listed; // after connect
  auto IsListed = [&](const std::string &Name, const ast::Expr &Val) {
    auto *Call = ast::dyn_cast<ast::CallExpr>(&Val);
    if (!Call || Call->Callee != "listed")
      return false;
    Listed.push_back({Name, Call});
    return true;
  };
  auto Setting = [&](const ast::Ident &Name, const ast::Expr &Val) {
    if (!Seen.emplace(Name.Name, Name.Range).second) {
      Diags.report(DiagId::err_duplicate_setting, Name.Range, {Name.Name});
      Ok = false;
      return;
    }
    if (Name.Name == "connect") {
      HaveConnect = true;
      Ok &=
          checkConnect(Val, NPre, NPost, !Info.FromStimulus && P.Source.Name == P.Dest.Name, Info);
    } else if (Name.Name == "weight") {
      WeightGiven = true;
      if (IsListed("weight", Val))
        return;
      auto V = checkSynapseValue(Val, "weight", std::nullopt, WeightStream);
      Ok &= bool(V);
      if (V)
        Info.Weight = *V;
    } else if (Name.Name == "delay") {
      if (IsListed("delay", Val))
        return;
      auto V = checkSynapseValue(Val, "delay", unitOf("s"), DelayStream);
      Ok &= bool(V);
      if (V)
        Info.Delay = *V;
    } else {
      auto B = Diags.report(DiagId::err_unknown_setting, Name.Range,
                            {"projection", Name.Name, "'connect', 'weight' or 'delay'"});
      std::string Best = closestName(Name.Name, {"connect", "weight", "delay"});
      if (!Best.empty())
        B.note(DiagId::note_did_you_mean, Name.Range, {Best});
      Ok = false;
    }
  };
  for (const ast::Setting &S : P.Settings)
    Setting(S.Name, *S.Value);
  for (const ast::Override &O : P.Overrides)
    if (O.Name.Name == "weight" || O.Name.Name == "delay")
      Setting(O.Name, *O.Value);
  for (auto &[What, Call] : Listed)
    if (Ok && HaveConnect)
      Ok &= checkListed(*Call, What, What == "delay" ? std::optional(unitOf("s")) : std::nullopt,
                        Info);
  if (!HaveConnect && Ok) {
    Diags.report(DiagId::err_missing_part, P.Name.Range,
                 {"projection", P.Name.Name,
                  "'connect = ...' (all_to_all(), one_to_one(), probability(p), in_degree(k) or "
                  "edges(\"file.csv\"))"});
    Ok = false;
  }
  // What a spike does when it arrives.
  if (P.Events.empty() && Ok) {
    Diags.report(DiagId::err_missing_part, P.Name.Range,
                 {"projection", P.Name.Name, "'on pre { STATE += w; }' (what a spike does)"});
    Ok = false;
  }
  for (const ast::EventDecl &E : P.Events) {
    if (!checkPreTrigger(E)) {
      Ok = false;
      continue;
    }
    for (const ast::Stmt &S : E.Body) {
      int State = -1;
      std::optional<Dim> CircuitState;
      if (Dest)
        for (unsigned K = 0; K < Dest->States.size(); ++K)
          if (Dest->States[K].Decl->Name.Name == S.Target.Name)
            State = int(K);
      if (DestCircuit)
        CircuitState = circuitStateUnit(*DestCircuit, S.Target.Name);
      if (State < 0 && !CircuitState) {
        Diags.report(DiagId::err_event_target, S.Target.Range,
                     {S.Target.Name,
                      Dest ? "a state of " + std::string(Dest->Decl->kindName()) + " '" +
                                 Dest->Decl->Name.Name + "'"
                           : "a state of a device in circuit '" + DestCircuit->Decl->Name.Name +
                                 "' that follows a differential equation (ELEMENT.state)"});
        Ok = false;
        continue;
      }
      ScaleRule = Info.Rule, ScaleState = -1;
      auto Scale = weightScale(*S.Value);
      ScaleRule = nullptr;
      if ((S.Op != "+=" && S.Op != "-=") || !Scale) {
        Diags.report(DiagId::err_projection_statement, S.Range);
        Ok = false;
        continue;
      }
      if (!Info.Weight.ok()) {
        if (!WeightGiven) // else its error is reported
          Diags.report(DiagId::err_missing_part, P.Name.Range,
                       {"projection", P.Name.Name, "'weight = ...' (its statements read w)"});
        Ok = false;
        break;
      }
      Dim Unit = CircuitState ? *CircuitState : Dest->States[unsigned(State)].Init.D;
      Dim Adds = Info.Weight.D * Scale->second;
      if (!(Adds == Unit)) {
        Diags.report(DiagId::err_projection_unit, S.Range,
                     {S.Target.Name, describe(Unit), describe(Adds)});
        Ok = false;
        continue;
      }
      if (Dest)
        Dest->States[unsigned(State)].Used = true;
      Info.Targets.push_back({unsigned(std::max(State, 0)),
                              S.Op == "-=" ? -Scale->first : Scale->first, ScaleState,
                              CircuitState ? S.Target.Name : ""});
    }
  }
  if (!Ok)
    return;
  if (!Info.Delay.ok()) {
    Info.Delay.K = Value::Real;
    Info.Delay.D = unitOf("s");
    Info.Delay.E = C.constant(0);
  }
  if (Info.Rule && !Info.Weight.D.isDimensionless()) {
    Diags.report(DiagId::err_rule_weight, P.Rule->Range, {P.Rule->Name, describe(Info.Weight.D)});
    return;
  }
  if (Info.Rule)
    for (const DeviceTemplate::RuleEvent &RE : Info.Rule->RuleEvents)
      if (RE.Post) {
        if (!Dest || Dest->Decl->Kind != ast::DeclKind::Neuron || Dest->Events.empty()) {
          Diags.report(DiagId::err_wrong_entity, P.Dest.Range,
                       {P.Dest.Name, "population without spikes",
                        "population of a neuron (rule '" + P.Rule->Name + "' acts on post)"});
          return;
        }
        SpikeSources.insert(P.Dest.Name);
      }
  if (!Info.FromStimulus)
    SpikeSources.insert(P.Source.Name);
  Projected.insert(P.Dest.Name);
  ProjectionInfos.push_back(std::move(Info));
}

/// The unit of Path (ELEMENT.state, or SUBCIRCUIT.ELEMENT.state) in T
/// when it names a device state with a differential equation: an unknown
/// of the circuit that a spike may change (integration restarts there).
std::optional<Dim> SemaImpl::circuitStateUnit(const CircuitTemplate &T, const std::string &Path) {
  size_t Dot = Path.find('.');
  if (Dot == std::string::npos)
    return std::nullopt;
  std::string Head = Path.substr(0, Dot), Rest = Path.substr(Dot + 1);
  for (const CircuitTemplate::Element &E : T.Elements) {
    if (E.Name != Head)
      continue;
    if (auto D = Devices.find(E.Kind); D != Devices.end()) {
      for (const DeviceTemplate::S &St : D->second.States)
        if (St.Decl->Name.Name == Rest && St.Deriv)
          return St.Init.D;
      return std::nullopt;
    }
    if (auto Sub = Circuits.find(E.Kind); Sub != Circuits.end())
      return circuitStateUnit(Sub->second, Rest);
  }
  return std::nullopt;
}

/// `probe NAME = PROJECTION[first:last](w, delay, TRACE...)`: synapses in
/// CSR order (by source, then target); the range is checked when the run
/// has built them.
void SemaImpl::checkProjectionProbe(const ast::ProbeDecl &P) {
  size_t Index = ProjectionInfos.size();
  for (size_t I = 0; I < ProjectionInfos.size(); ++I)
    if (ProjectionInfos[I].Decl->Name.Name == P.Target.Name)
      Index = I;
  if (Index == ProjectionInfos.size())
    return; // the projection was refused
  const ProjectionInfo &Info = ProjectionInfos[Index];
  SynapseProbe SP{&P, Index, 0, 0, 0, {}};
  if (!P.First) {
    Diags.report(DiagId::err_setting_value, P.Target.Range,
                 {"a probe of projection '" + P.Target.Name + "'",
                  "NAME[first:last](...), a range of synapses"});
    return;
  }
  auto Index64 = [&](const ast::Expr &E) -> std::optional<int64_t> {
    auto N = constant(checkModelExpr(E), E.Range, "a probe element index");
    if (N && (*N < 0 || *N != std::floor(*N) || *N > 1e15)) {
      Diags.report(DiagId::err_setting_value, E.Range, {"a synapse index", "a whole number >= 0"});
      return std::nullopt;
    }
    return N ? std::optional<int64_t>(int64_t(*N)) : std::nullopt;
  };
  auto F = Index64(*P.First);
  auto L = P.Last ? Index64(*P.Last) : (F ? std::optional<int64_t>(*F + 1) : std::nullopt);
  if (!F || !L)
    return;
  if (*L <= *F) {
    Diags.report(DiagId::err_setting_value, P.First->Range,
                 {"a synapse range", "first:last with last > first"});
    return;
  }
  SP.First = *F, SP.Count = *L - *F;
  if (P.Interval) {
    Value V = checkModelExpr(*P.Interval);
    auto N = constant(V, P.Interval->Range, "a probe interval");
    if (!N || !(V.D == unitOf("s")) || !(*N > 0) || !std::isfinite(*N)) {
      Diags.report(DiagId::err_probe_interval, P.Interval->Range);
      return;
    }
    SP.Interval = *N;
  }
  std::vector<std::string> Names = {"w", "delay"};
  if (Info.Rule)
    for (auto &St : Info.Rule->States)
      Names.push_back(St.Decl->Name.Name);
  for (const ast::Ident &V : P.Vars) {
    if (std::find(Names.begin(), Names.end(), V.Name) == Names.end()) {
      auto B = Diags.report(DiagId::err_unknown_entity, V.Range,
                            {"variable of projection '" + P.Target.Name + "'", V.Name});
      std::string Best = closestName(V.Name, Names);
      if (!Best.empty())
        B.note(DiagId::note_did_you_mean, V.Range, {Best});
      return;
    }
    SP.Vars.push_back(V.Name);
  }
  SynapseProbes.push_back(SP);
}

} // namespace nmc
