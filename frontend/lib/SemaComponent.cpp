//===- SemaComponent.cpp - Events, spikes, terminals and non-idealities ---===//
//
// The members beyond the executable slice. Each is checked as thoroughly as
// the rest (names, units, required parts) and then refused with an error
// that names the missing capability, so nothing is silently ignored.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

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
  static const std::vector<Distribution> Rtn = {
      {"telegraph",
       {{"amplitude", "target", true}, {"tau_up", "s", true}, {"tau_down", "s", true},
        {"traps", "1", false}}}};
  static const std::vector<Distribution> Drift = {
      {"power", {{"nu", "1", true}, {"t0", "s", true}}}};
  return Kind == "vary" ? Vary : Kind == "noise" ? Noise : Kind == "rtn" ? Rtn : Drift;
}

} // namespace

void SemaImpl::checkStmt(const ast::Stmt &St, DeviceTemplate &T, Resolver &R, bool AllowWeight) {
  std::optional<Dim> Target;
  for (auto &S : T.States)
    if (S.Decl->Name.Name == St.Target.Name && S.Init.ok())
      Target = S.Init.D;
  if (AllowWeight && St.Target.Name == "w")
    Target = Dim();
  Value V = check(*St.Value, R);
  if (!Target) {
    Diags.report(DiagId::err_event_target, St.Target.Range,
                 {St.Target.Name, std::string("a state of ") + T.Decl->kindName() + " '" +
                                      T.Decl->Name.Name + "'" +
                                      (AllowWeight ? " or the weight 'w'" : "")});
    T.Ok = false;
    return;
  }
  Dim Want = St.Op == "*=" || St.Op == "/=" ? Dim() : *Target;
  if (!expectUnit(V, Want, St.Value->Range, DiagId::err_decl_unit, {St.Target.Name + " " + St.Op, describe(Want)}))
    T.Ok = false;
}

void SemaImpl::checkSpike(const ast::SpikeDecl &Sp, Resolver &R,
                          const std::function<std::optional<Dim>(const std::string &)> &Target,
                          const char *What) {
  Value C = check(*Sp.Cond, R);
  if (C.ok() && C.K != Value::Bool)
    Diags.report(DiagId::err_expected_bool, Sp.Cond->Range);
  for (const ast::Stmt &St : Sp.Reset) {
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
    expectUnit(V, unitOf("s"), Sp.Refractory->Range, DiagId::err_decl_unit,
               {"refractory", describe(unitOf("s"))});
  }
}

void SemaImpl::checkComponentExtras(DeviceTemplate &T) {
  const ast::ComponentDecl &D = *T.Decl;
  const char *Kind = D.kindName();
  bool IsDevice = D.Kind == ast::DeclKind::Device;
  DeviceResolver Body(*this, T, /*ParamsOnly=*/false);
  auto NotAllowed = [&](SourceRange R, const std::string &What) {
    Diags.report(DiagId::err_member_not_allowed, R, {What, Kind});
    T.Ok = false;
  };

  // ---- terminals and multi-terminal laws ----
  if (!D.Terminals.empty()) {
    if (!IsDevice)
      NotAllowed(D.Terminals[0].Range, "'terminals'");
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
      NotAllowed(L.Name.Range, "a law between terminals ('i(a, b) = ...') in a two-terminal device");
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
    if (!expectUnit(V, unitOf("A"), L.Value->Range, DiagId::err_law_unit, {D.Name.Name}))
      T.Ok = false;
  }
  if (Multi && !HasBranchLaw)
    Diags.report(DiagId::err_missing_part, D.Name.Range,
                 {Kind, D.Name.Name, "a current law between two terminals, 'i(a, b) = ...'"}),
        T.Ok = false;

  // ---- inputs, events, spikes ----
  if (!IsDevice && D.Kind != ast::DeclKind::Neuron)
    for (const ast::InputDecl &In : D.Inputs)
      NotAllowed(In.Name.Range, "'input'");
  if (IsDevice)
    for (const ast::InputDecl &In : D.Inputs)
      NotAllowed(In.Name.Range, "'input'");
  bool HasPrePost = false;
  for (const ast::EventDecl &E : D.Events) {
    if (D.Kind == ast::DeclKind::Rule) {
      auto *N = ast::dyn_cast<ast::NameExpr>(E.Trigger.get());
      if (!N || (N->Name != "pre" && N->Name != "post")) {
        Diags.report(DiagId::err_trigger, E.Trigger->Range);
        T.Ok = false;
      }
      HasPrePost = true;
    } else {
      Value C = check(*E.Trigger, Body);
      if (C.ok() && C.K != Value::Bool)
        Diags.report(DiagId::err_expected_bool, E.Trigger->Range), T.Ok = false;
    }
    for (const ast::Stmt &St : E.Body)
      checkStmt(St, T, Body, D.Kind == ast::DeclKind::Rule);
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
      NotAllowed(Sp.Range, "'spike'");
      continue;
    }
    unsigned Before = Diags.errorCount();
    checkSpike(Sp, Body, StateUnit, SpikeWhat.c_str());
    T.Ok &= Diags.errorCount() == Before;
  }

  // ---- compliance and non-idealities (devices) ----
  for (auto &[E, R] : D.Compliance) {
    if (!IsDevice) {
      NotAllowed(R, "'compliance'");
      continue;
    }
    Value V = check(*E, Body);
    expectUnit(V, unitOf("A"), E->Range, DiagId::err_decl_unit, {"compliance", "unit A"});
  }
  for (const ast::NonidealityDecl &N : D.Nonidealities) {
    if (!IsDevice) {
      NotAllowed(N.Range, "'" + N.Kind + "'");
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
    if (N.Kind == "vary" && !IsParam)
      Why = "variability draws parameters; name a parameter";
    else if ((N.Kind == "noise" || N.Kind == "rtn") && N.Target.Name != "i")
      Why = "read noise and telegraph noise act on the current 'i'";
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
    for (const ast::CallArg &A : Call->Args) {
      const DistArg *DA = nullptr;
      for (const DistArg &X : Dist->Args)
        if (A.Name == X.Name)
          DA = &X;
      if (!DA) {
        Diags.report(DiagId::err_arg_unknown, A.Name.empty() ? A.Value->Range : A.NameRange,
                     {Dist->Name, A.Name.empty() ? "(positional)" : A.Name});
        T.Ok = false;
        continue;
      }
      Given[A.Name] = true;
      Value V = check(*A.Value, Body);
      std::string U = DA->Unit;
      Dim Want = U == "target" ? *Target : U == "1" ? Dim() : unitOf(DA->Unit);
      if (!expectUnit(V, Want, A.Value->Range, DiagId::err_arg_unit,
                      {DA->Name, Dist->Name, describe(Want)}))
        T.Ok = false;
    }
    for (const DistArg &X : Dist->Args)
      if (X.Required && !Given[X.Name])
        Diags.report(DiagId::err_arg_missing, Call->Range, {Dist->Name, X.Name}), T.Ok = false;
    std::string Scopes = N.Kind == "vary" ? "device or cycle" : "";
    if (N.Scope && (N.Kind != "vary" || (N.Scope->Name != "device" && N.Scope->Name != "cycle"))) {
      Diags.report(DiagId::err_nonideality_scope, N.Scope->Range,
                   {N.Scope->Name, N.Kind, N.Kind == "vary" ? "'device' or 'cycle'" : "none"});
      T.Ok = false;
    }
  }

  // ---- required parts ----
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

  // ---- what cannot run yet ----
  auto Refuse = [&](SourceRange R, const std::string &What, const std::string &Missing) {
    Diags.report(DiagId::err_not_executable, R, {What, Missing});
    T.Ok = false;
  };
  std::string Name = std::string(Kind) + " '" + D.Name.Name + "'";
  if (D.Kind == ast::DeclKind::Neuron)
    Refuse(D.Name.Range, Name,
           "neurons run in networks, and spike delivery between populations is not built");
  if (D.Kind == ast::DeclKind::Rule)
    Refuse(D.Name.Range, Name,
           "plasticity rules act on projections, which are not built");
  if (Multi)
    Refuse(D.Terminals[0].Range, Name + " with " + std::to_string(D.Terminals.size()) + " terminals",
           "devices with more than two terminals need the circuit solver, which is not built");
  if (IsDevice) {
    for (const ast::EventDecl &E : D.Events)
      Refuse(E.Range, "an event of " + Name,
             "events (state changes at threshold crossings) are not built");
    for (auto &[E, R] : D.Compliance)
      Refuse(R, "the compliance of " + Name,
             "current compliance needs the series-transistor circuit solver, which is not built");
    for (const ast::NonidealityDecl &N : D.Nonidealities) {
      const char *Missing =
          N.Kind == "vary" ? "variability needs per-instance random parameters, which are not built"
          : N.Kind == "noise" ? "read noise needs the counter-based random streams, which are not built"
          : N.Kind == "rtn" ? "telegraph noise needs the counter-based random streams, which are not built"
                            : "conductance drift is not built";
      Refuse(N.Range, "'" + N.Kind + " " + N.Target.Name + "' in " + Name, Missing);
    }
  }
}

} // namespace nmc
