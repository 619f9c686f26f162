//===- SemaComponent.cpp - Events, spikes, terminals and non-idealities ---===//
//
// The members beyond the executable slice. Each is checked as thoroughly as
// the rest (names, units, required parts) and then refused with an error
// that names the missing capability, so nothing is silently ignored.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

#include <cmath>

namespace nmc {

namespace {

struct DistArg {
  const char *Name;
  const char *Unit; // "target", "1" or a unit text
  bool Required;
};
struct Distribution {
  const char *Name;
  std::vector<DistArg> Args;
};

/// Which distributions each non-ideality takes, and their arguments.
const std::vector<Distribution> &distributions(const std::string &Kind) {
  static const std::vector<Distribution> Vary = {
      {"normal", {{"sigma", "target", true}}},
      {"lognormal", {{"sigma", "1", true}}},
      {"uniform", {{"lo", "target", true}, {"hi", "target", true}}}};
  static const std::vector<Distribution> Noise = {{"normal", {{"sigma", "target", true}}}};
  static const std::vector<Distribution> Rtn = {{"telegraph",
                                                 {{"amplitude", "target", true},
                                                  {"tau_up", "s", true},
                                                  {"tau_down", "s", true},
                                                  {"traps", "1", false}}}};
  static const std::vector<Distribution> Drift = {
      {"power", {{"nu", "1", true}, {"t0", "s", true}}}};
  static const std::vector<Distribution> Relax = {
      {"wan2022", {{"Gmax", "S", true}, {"age", "s", false}}}};
  return Kind == "vary"    ? Vary
         : Kind == "noise" ? Noise
         : Kind == "rtn"   ? Rtn
         : Kind == "drift" ? Drift
                           : Relax;
}

} // namespace

std::optional<std::pair<unsigned, const ir::Expr *>>
SemaImpl::checkStmt(const ast::Stmt &St, DeviceTemplate &T, Resolver &R, bool AllowWeight) {
  std::optional<Dim> Target;
  unsigned Index = 0;
  for (unsigned K = 0; K < T.States.size(); ++K)
    if (T.States[K].Decl->Name.Name == St.Target.Name && T.States[K].Init.ok())
      Target = T.States[K].Init.D, Index = K;
  bool Weight = AllowWeight && St.Target.Name == "w";
  if (Weight)
    Target = Dim(), Index = DeviceTemplate::WeightColumn;
  Value V = check(*St.Value, R);
  if (!Target) {
    Diags.report(DiagId::err_event_target, St.Target.Range,
                 {St.Target.Name, std::string("a state of ") + T.Decl->kindName() + " '" +
                                      T.Decl->Name.Name + "'" +
                                      (AllowWeight ? " or the weight 'w'" : "")});
    T.Ok = false;
    return std::nullopt;
  }
  Dim Want = St.Op == "*=" || St.Op == "/=" ? Dim() : *Target;
  if (!expectUnit(V, Want, St.Value->Range, DiagId::err_decl_unit,
                  {St.Target.Name + " " + St.Op, describe(Want)})) {
    T.Ok = false;
    return std::nullopt;
  }
  const ir::Expr *X = C.column(Index), *E = V.E;
  const ir::Expr *New = St.Op == "+="   ? C.add(X, E)
                        : St.Op == "-=" ? C.sub(X, E)
                        : St.Op == "*=" ? C.mul(X, E)
                        : St.Op == "/=" ? C.div(X, E)
                                        : E;
  return std::make_pair(Index, New);
}

void SemaImpl::checkSpike(const ast::SpikeDecl &Sp, Resolver &R,
                          const std::function<std::optional<Dim>(const std::string &)> &Target,
                          const char *What, DeviceTemplate *Out) {
  DeviceTemplate::Ev Ev;
  Ev.Name = Sp.Name ? Sp.Name->Name : "spike";
  Ev.Edge = false;
  Value Cond = check(*Sp.Cond, R);
  if (Cond.ok() && Cond.K != Value::Bool)
    Diags.report(DiagId::err_expected_bool, Sp.Cond->Range);
  Ev.Cond = Cond.E;
  for (const ast::Stmt &St : Sp.Reset) {
    if (Out) {
      auto A = checkStmt(St, *Out, R, false);
      if (A) {
        Ev.Assigns.push_back(*A);
        if (St.Op == "=")
          Ev.Held.push_back(A->first);
      }
      continue;
    }
    Value V = check(*St.Value, R);
    auto D = Target(St.Target.Name);
    if (!D) {
      Diags.report(DiagId::err_event_target, St.Target.Range, {St.Target.Name, What});
      continue;
    }
    Dim Want = St.Op == "*=" || St.Op == "/=" ? Dim() : *D;
    expectUnit(V, Want, St.Value->Range, DiagId::err_decl_unit,
               {St.Target.Name + " " + St.Op, describe(Want)});
  }
  if (Sp.Refractory) {
    Value V = check(*Sp.Refractory, R);
    if (expectUnit(V, unitOf("s"), Sp.Refractory->Range, DiagId::err_decl_unit,
                   {"refractory", describe(unitOf("s"))}) &&
        V.E && !V.E->isUniform()) {
      Diags.report(DiagId::err_not_constant, Sp.Refractory->Range,
                   {"a refractory period (it may use parameters, not states)"});
    }
    Ev.Refractory = V.E;
  }
  if (Out)
    Out->Events.push_back(Ev);
}

void SemaImpl::notAllowed(DeviceTemplate &T, SourceRange R, const std::string &What) {
  Diags.report(DiagId::err_member_not_allowed, R, {What, T.Decl->kindName()});
  T.Ok = false;
}

void SemaImpl::checkComponentExtras(DeviceTemplate &T) {
  DeviceResolver Body(*this, T, /*ParamsOnly=*/false);
  checkMethod(T);
  checkTerminals(T, Body);
  bool HasPrePost = checkEventsAndSpikes(T, Body);
  checkNonidealities(T, Body);
  // ---- required parts ----
  const ast::ComponentDecl &D = *T.Decl;
  const char *Kind = D.kindName();
  if (D.Kind == ast::DeclKind::Neuron && D.Spikes.empty())
    Diags.report(DiagId::err_missing_part, D.Name.Range,
                 {Kind, D.Name.Name, "a spike output, 'spike when ... reset ...;'"}),
        T.Ok = false;
  if (D.Kind == ast::DeclKind::Rule && !HasPrePost)
    Diags.report(DiagId::err_missing_part, D.Name.Range,
                 {Kind, D.Name.Name, "an event 'on pre { ... }' or 'on post { ... }'"}),
        T.Ok = false;
  if (!T.Ok)
    return;

  refuseUnbuilt(T);
}

/// `method NAME;`: at most one, one of the known methods.
void SemaImpl::checkMethod(DeviceTemplate &T) {
  const ast::ComponentDecl &D = *T.Decl;
  const char *Kind = D.kindName();
  for (size_t I = 0; I < D.Methods.size(); ++I) {
    const ast::Ident &Me = D.Methods[I];
    if (I > 0) {
      Diags.report(DiagId::err_duplicate_method, Me.Range, {Kind, D.Name.Name});
      T.Ok = false;
      continue;
    }
    static const std::pair<const char *, ir::Method> Known[] = {
        {"euler", ir::Method::Euler},
        {"exponential_euler", ir::Method::ExponentialEuler},
        {"exponential_midpoint", ir::Method::ExponentialMidpoint},
        {"rk4", ir::Method::RK4},
        {"rosenbrock", ir::Method::Rosenbrock},
        {"tr_bdf2", ir::Method::TRBDF2}};
    bool Found = false;
    for (auto &[Name, M] : Known)
      if (Me.Name == Name)
        T.Scheme = M, Found = true;
    if (!Found) {
      Diags.report(DiagId::err_unknown_method, Me.Range, {Me.Name});
      T.Ok = false;
    } else if (T.Scheme == ir::Method::Rosenbrock && D.Odes.size() > 8) {
      Diags.report(DiagId::err_rosenbrock_states, Me.Range,
                   {Kind, D.Name.Name, std::to_string(D.Odes.size())});
      T.Ok = false;
    }
  }
}

/// Terminals and multi-terminal laws; returns whether the device has more
/// than two terminals.
bool SemaImpl::checkTerminals(DeviceTemplate &T, Resolver &Body) {
  const ast::ComponentDecl &D = *T.Decl;
  const char *Kind = D.kindName();
  bool IsDevice = D.Kind == ast::DeclKind::Device;
  if (!D.Terminals.empty()) {
    if (!IsDevice)
      notAllowed(T, D.Terminals[0].Range, "'terminals'");
    else if (D.Terminals.size() < 2)
      Diags.report(DiagId::err_terminal_count, D.Terminals[0].Range), T.Ok = false;
    std::map<std::string, SourceRange> Seen;
    for (const ast::Ident &Term : D.Terminals) {
      auto [It, New] = Seen.emplace(Term.Name, Term.Range);
      if (!New)
        Diags.report(DiagId::err_redefinition, Term.Range, {Term.Name})
            .note(DiagId::note_previous, It->second, {Term.Name}),
            T.Ok = false;
    }
  }
  bool Multi = IsDevice && D.Terminals.size() >= 3;
  bool HasBranchLaw = false;
  for (const ast::LawDecl &L : D.Laws) {
    if (!L.From || !IsDevice)
      continue;
    HasBranchLaw = true;
    if (!Multi) {
      notAllowed(T, L.Name.Range,
                 "a law between terminals ('i(a, b) = ...') in a two-terminal device");
      continue;
    }
    for (const ast::Ident *Term : {&*L.From, &*L.To}) {
      bool Known = false;
      for (const ast::Ident &X : D.Terminals)
        Known |= X.Name == Term->Name;
      if (!Known)
        Diags.report(DiagId::err_unknown_terminal, Term->Range, {D.Name.Name, Term->Name}),
            T.Ok = false;
    }
    if (L.Name.Name != "i") {
      Diags.report(DiagId::err_unknown_law, L.Name.Range, {L.Name.Name});
      T.Ok = false;
      continue;
    }
    Value V = check(*L.Value, Body);
    if (!expectUnit(V, unitOf("A"), L.Value->Range, DiagId::err_law_unit, {D.Name.Name})) {
      T.Ok = false;
      continue;
    }
    unsigned From = 0, To = 0;
    for (unsigned K = 0; K < D.Terminals.size(); ++K) {
      if (D.Terminals[K].Name == L.From->Name)
        From = K;
      if (D.Terminals[K].Name == L.To->Name)
        To = K;
    }
    T.Branches.push_back({From, To, V.E});
  }
  if (Multi && !HasBranchLaw)
    Diags.report(DiagId::err_missing_part, D.Name.Range,
                 {Kind, D.Name.Name, "a current law between two terminals, 'i(a, b) = ...'"}),
        T.Ok = false;

  return Multi;
}

/// Inputs, `on` events and spikes; returns whether a rule has `on pre` or
/// `on post`.
bool SemaImpl::checkEventsAndSpikes(DeviceTemplate &T, Resolver &Body) {
  const ast::ComponentDecl &D = *T.Decl;
  const char *Kind = D.kindName();
  bool IsDevice = D.Kind == ast::DeclKind::Device;
  if (!IsDevice && D.Kind != ast::DeclKind::Neuron)
    for (const ast::InputDecl &In : D.Inputs)
      notAllowed(T, In.Name.Range, "'input'");
  if (IsDevice)
    for (const ast::InputDecl &In : D.Inputs)
      notAllowed(T, In.Name.Range, "'input'");
  bool HasPrePost = false;
  for (const ast::EventDecl &E : D.Events) {
    if (D.Kind == ast::DeclKind::Rule) {
      auto *N = ast::dyn_cast<ast::NameExpr>(E.Trigger.get());
      if (!N || (N->Name != "pre" && N->Name != "post")) {
        Diags.report(DiagId::err_trigger, E.Trigger->Range);
        T.Ok = false;
      }
      HasPrePost = true;
      DeviceTemplate::RuleEvent RE;
      RE.Post = N && N->Name == "post";
      for (const ast::Stmt &St : E.Body)
        if (auto A = checkStmt(St, T, Body, true))
          RE.Assigns.push_back(*A);
      T.RuleEvents.push_back(std::move(RE));
      continue;
    }
    DeviceTemplate::Ev Ev;
    Ev.Name = "event";
    Value Cond = check(*E.Trigger, Body);
    if (Cond.ok() && Cond.K != Value::Bool)
      Diags.report(DiagId::err_expected_bool, E.Trigger->Range), T.Ok = false;
    Ev.Cond = Cond.E;
    for (const ast::Stmt &St : E.Body)
      if (auto A = checkStmt(St, T, Body, false))
        Ev.Assigns.push_back(*A);
    T.Events.push_back(Ev);
  }
  auto StateUnit = [&](const std::string &Name) -> std::optional<Dim> {
    for (auto &S : T.States)
      if (S.Decl->Name.Name == Name && S.Init.ok())
        return S.Init.D;
    return std::nullopt;
  };
  std::string SpikeWhat = std::string("a state of ") + Kind + " '" + D.Name.Name + "'";
  for (size_t I = 0; I < D.Spikes.size(); ++I) {
    const ast::SpikeDecl &Sp = D.Spikes[I];
    if (D.Kind != ast::DeclKind::Neuron) {
      notAllowed(T, Sp.Range, "'spike'");
      continue;
    }
    unsigned Before = Diags.errorCount();
    checkSpike(Sp, Body, StateUnit, SpikeWhat.c_str(), &T);
    T.Ok &= Diags.errorCount() == Before;
  }

  return HasPrePost;
}

/// Compliance and non-idealities (devices; neurons vary too).
void SemaImpl::checkNonidealities(DeviceTemplate &T, Resolver &Body) {
  const ast::ComponentDecl &D = *T.Decl;
  bool IsDevice = D.Kind == ast::DeclKind::Device;
  for (auto &[E, R] : D.Compliance) {
    if (!IsDevice) {
      notAllowed(T, R, "'compliance'");
      continue;
    }
    Value V = check(*E, Body);
    if (!expectUnit(V, unitOf("A"), E->Range, DiagId::err_decl_unit, {"compliance", "unit A"})) {
      T.Ok = false;
    } else if (!V.E->isUniform() || V.TimeVarying) {
      Diags.report(DiagId::err_not_constant, E->Range,
                   {"a compliance current (it may use parameters, not states or time)"});
      T.Ok = false;
    } else if (T.Compliance) {
      Diags.report(DiagId::err_duplicate_compliance, R);
      T.Ok = false;
    } else {
      T.Compliance = V.E;
    }
  }
  for (const ast::NonidealityDecl &N : D.Nonidealities) {
    // Neurons vary too; the other non-idealities act on a device's current.
    if (!IsDevice && !(N.Kind == "vary" && D.Kind == ast::DeclKind::Neuron)) {
      notAllowed(T, N.Range, "'" + N.Kind + "'");
      continue;
    }
    // The target and its unit.
    std::optional<Dim> Target;
    std::string Why;
    for (unsigned I = 0; I < T.Params.size(); ++I)
      if (T.Params[I].Decl->Name.Name == N.Target.Name && T.Params[I].Default.ok())
        Target = T.Params[I].Default.D, T.Params[I].Used = true;
    bool IsParam = bool(Target);
    if (!Target)
      if (auto V = Body.resolve(N.Target.Name, N.Target.Range); V && V->ok())
        Target = V->D;
    if ((N.Kind == "vary" || N.Kind == "drift") && !IsParam)
      Why = N.Kind == "vary" ? "variability draws parameters; name a parameter"
                             : "drift scales a parameter in time; name a parameter";
    else if ((N.Kind == "noise" || N.Kind == "rtn" || N.Kind == "relax") && N.Target.Name != "i")
      Why = "read noise, telegraph noise and relaxation act on the current 'i'";
    else if (!Target)
      Why = "it is not a parameter, state or let of this device";
    if (!Why.empty()) {
      Diags.report(DiagId::err_nonideality_target, N.Target.Range, {N.Target.Name, N.Kind, Why});
      T.Ok = false;
      continue;
    }
    auto *Call = ast::dyn_cast<ast::CallExpr>(N.Dist.get());
    const Distribution *Dist = nullptr;
    std::string Names;
    for (const Distribution &X : distributions(N.Kind)) {
      Names += (Names.empty() ? "" : ", ") + std::string(X.Name);
      if (Call && Call->Callee == X.Name)
        Dist = &X;
    }
    if (!Dist) {
      Diags.report(DiagId::err_unknown_distribution, Call ? Call->CalleeRange : N.Dist->Range,
                   {Call ? Call->Callee : "?", N.Kind, Names});
      T.Ok = false;
      continue;
    }
    std::map<std::string, bool> Given;
    std::map<std::string, const ir::Expr *> ArgIR;
    bool ArgsOk = true;
    for (const ast::CallArg &A : Call->Args) {
      const DistArg *DA = nullptr;
      for (const DistArg &X : Dist->Args)
        if (A.Name == X.Name)
          DA = &X;
      if (!DA) {
        Diags.report(DiagId::err_arg_unknown, A.Name.empty() ? A.Value->Range : A.NameRange,
                     {Dist->Name, A.Name.empty() ? "(positional)" : A.Name});
        T.Ok = ArgsOk = false;
        continue;
      }
      Given[A.Name] = true;
      Value V = check(*A.Value, Body);
      std::string U = DA->Unit;
      Dim Want = U == "target" ? *Target : U == "1" ? Dim() : unitOf(DA->Unit);
      if (!expectUnit(V, Want, A.Value->Range, DiagId::err_arg_unit,
                      {DA->Name, Dist->Name, describe(Want)})) {
        T.Ok = ArgsOk = false;
      } else if (!V.E->isUniform() || V.TimeVarying) {
        Diags.report(DiagId::err_not_constant, A.Value->Range,
                     {"a distribution argument (it may use parameters, not states or time)"});
        T.Ok = ArgsOk = false;
      } else {
        ArgIR[A.Name] = V.E;
      }
    }
    for (const DistArg &X : Dist->Args)
      if (X.Required && !Given[X.Name])
        Diags.report(DiagId::err_arg_missing, Call->Range, {Dist->Name, X.Name}),
            T.Ok = ArgsOk = false;
    std::string Scopes = N.Kind == "vary" ? "device or cycle" : "";
    if (N.Scope && (N.Kind != "vary" || (N.Scope->Name != "device" && N.Scope->Name != "cycle"))) {
      Diags.report(DiagId::err_nonideality_scope, N.Scope->Range,
                   {N.Scope->Name, N.Kind, N.Kind == "vary" ? "'device' or 'cycle'" : "none"});
      T.Ok = ArgsOk = false;
    }
    if (!ArgsOk)
      continue;
    if (N.Kind == "drift") {
      unsigned P = 0;
      while (T.Params[P].Decl->Name.Name != N.Target.Name)
        ++P;
      T.Drifts.push_back({P, ArgIR["nu"], ArgIR["t0"]});
      continue;
    }
    if (N.Kind == "rtn") {
      unsigned Traps = 1;
      if (ArgIR.count("traps")) {
        const ir::Expr *E = ArgIR["traps"];
        if (!E->isConst() || E->value() != std::floor(E->value()) || E->value() < 1 ||
            E->value() > 16) {
          Diags.report(DiagId::err_rtn_traps, Call->Range);
          T.Ok = false;
          continue;
        }
        Traps = unsigned(E->value());
      }
      T.Telegraphs.push_back(
          {ArgIR["amplitude"], ArgIR["tau_up"], ArgIR["tau_down"], Traps, T.Streams});
      T.Streams += Traps;
      continue;
    }
    // Draws from a stream of this template; instantiation makes the stream
    // unique per population.
    unsigned Stream = T.Streams++;
    if (N.Kind == "relax") {
      T.Relaxes.push_back(
          {ArgIR["Gmax"], ArgIR.count("age") ? ArgIR["age"] : C.constant(0), Stream});
      continue;
    }
    if (N.Kind == "noise") {
      const ir::Expr *E = C.mul(ArgIR["sigma"], C.random(ir::RandomDist::Normal, Stream, C.step()));
      T.Noise = T.Noise ? C.add(T.Noise, E) : E;
      continue;
    }
    bool PerCycle = N.Scope && N.Scope->Name == "cycle";
    if (PerCycle && D.Events.empty()) {
      Diags.report(DiagId::err_vary_cycle_no_event, N.Scope->Range, {N.Target.Name, D.Name.Name});
      T.Ok = false;
      continue;
    }
    unsigned P = 0;
    while (T.Params[P].Decl->Name.Name != N.Target.Name)
      ++P;
    const ir::Expr *Nominal = C.param(P), *Draw = nullptr;
    const ir::Expr *Zero = C.constant(0);
    if (Call->Callee == "normal")
      Draw = C.add(Nominal, C.mul(ArgIR["sigma"], C.random(ir::RandomDist::Normal, Stream, Zero)));
    else if (Call->Callee == "lognormal")
      Draw = C.mul(Nominal,
                   C.call(ir::CallFn::Exp,
                          C.mul(ArgIR["sigma"], C.random(ir::RandomDist::Normal, Stream, Zero))));
    else
      Draw = C.add(ArgIR["lo"], C.mul(C.sub(ArgIR["hi"], ArgIR["lo"]),
                                      C.random(ir::RandomDist::Uniform, Stream, Zero)));
    T.Varies.push_back({P, Draw, PerCycle});
  }
}

/// What is checked but cannot run yet, refused with what is missing; and
/// a rule's states, which advance exactly from one spike to the next, must
/// follow linear dynamics dx/dt = a x + b (a and b parameters), as the
/// traces of STDP do.
void SemaImpl::refuseUnbuilt(DeviceTemplate &T) {
  const ast::ComponentDecl &D = *T.Decl;
  if (D.Kind != ast::DeclKind::Rule)
    return;
  for (unsigned K = 0; K < T.States.size(); ++K) {
    const ir::Expr *A = nullptr, *B = nullptr;
    if (T.States[K].Deriv && !ir::affine(C, T.States[K].Deriv, K, A, B)) {
      Diags.report(DiagId::err_rule_state_linear, T.States[K].Decl->Name.Range,
                   {T.States[K].Decl->Name.Name});
      T.Ok = false;
    }
  }
}

} // namespace nmc
