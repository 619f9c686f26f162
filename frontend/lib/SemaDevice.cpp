//===- SemaDevice.cpp - Device declarations into templates ----------------===//
#include "SemaImpl.h"

#include <algorithm>
#include <cmath>

namespace nmc {

std::optional<Value> DeviceResolver::resolve(const std::string &Name, SourceRange) {
  for (unsigned I = 0; I < T.Params.size(); ++I)
    if (T.Params[I].Decl->Name.Name == Name) {
      T.Params[I].Used = true;
      Value V = S.checkLocalParam(T, I);
      if (!V.ok())
        return V;
      V.E = S.C.param(I);
      V.AnyUnit = false;
      return V;
    }
  if (ParamsOnly)
    return std::nullopt;
  for (unsigned I = 0; I < T.States.size(); ++I)
    if (T.States[I].Decl->Name.Name == Name) {
      // A state read only by its own dynamics influences nothing.
      if (int(I) != T.CurrentOde)
        T.States[I].Used = true;
      if (!T.States[I].Init.ok())
        return Value::error();
      Value V = T.States[I].Init;
      V.E = S.C.column(I);
      V.AnyUnit = false;
      V.TimeVarying = false;
      return V;
    }
  for (unsigned I = 0; I < T.Lets.size(); ++I)
    if (T.Lets[I].Decl->Name.Name == Name)
      return S.checkLet(T, I);
  Value V;
  V.K = Value::Real;
  for (auto &[In, D] : T.Inputs)
    if (In == Name) {
      // The drive, like a device's v: the waveform applied to the
      // population replaces it at instantiation.
      V.D = D;
      V.E = S.C.voltage();
      return V;
    }
  bool Device = T.Decl->Kind == ast::DeclKind::Device;
  bool TwoTerminal = Device && T.Decl->Terminals.size() < 3;
  if (Name == "i" && T.Law && TwoTerminal)
    return S.checkLaw(T);
  if (Name == "v" && TwoTerminal) {
    V.D = unitOf("V");
    V.E = S.C.voltage();
    return V;
  }
  if (Name == "w" && T.Decl->Kind == ast::DeclKind::Rule) {
    V.E = S.C.column(DeviceTemplate::WeightColumn); // the synapse's weight
    return V;
  }
  if (Name == "t") {
    V.D = unitOf("s");
    V.E = S.C.time();
    return V;
  }
  return std::nullopt;
}

std::vector<std::string> DeviceResolver::names() const {
  std::vector<std::string> N;
  for (auto &P : T.Params)
    N.push_back(P.Decl->Name.Name);
  if (!ParamsOnly) {
    for (auto &St : T.States)
      N.push_back(St.Decl->Name.Name);
    for (auto &L : T.Lets)
      N.push_back(L.Decl->Name.Name);
    for (auto &In : T.Inputs)
      N.push_back(In.first);
    N.push_back("t");
    if (T.Decl->Kind == ast::DeclKind::Device && T.Decl->Terminals.size() < 3) {
      N.push_back("v");
      if (T.Law)
        N.push_back("i");
    }
  }
  return N;
}

/// v(a, b): the voltage between two terminals of a multi-terminal device.
std::optional<Value> DeviceResolver::resolveCall(const ast::CallExpr &E) {
  if (ParamsOnly || E.Callee != "v" || T.Decl->Terminals.size() < 3)
    return std::nullopt;
  std::vector<unsigned> Index;
  for (const ast::CallArg &A : E.Args) {
    auto *N = ast::dyn_cast<ast::NameExpr>(A.Value.get());
    bool Known = false;
    for (unsigned K = 0; K < T.Decl->Terminals.size(); ++K)
      if (N && T.Decl->Terminals[K].Name == N->Name)
        Known = true, Index.push_back(K);
    if (!Known) {
      S.Diags.report(DiagId::err_unknown_terminal, A.Value->Range,
                     {T.Decl->Name.Name, N ? N->Name : "?"});
      return Value::error();
    }
  }
  if (E.Args.size() != 2) {
    S.Diags.report(DiagId::err_arg_count, E.Range, {"v", "2", std::to_string(E.Args.size())});
    return Value::error();
  }
  Value V;
  V.K = Value::Real;
  V.D = unitOf("V");
  V.E = S.C.sub(S.C.column(DeviceTemplate::TerminalBase + Index[0]),
                S.C.column(DeviceTemplate::TerminalBase + Index[1]));
  return V;
}

namespace {

/// Checks an optional declared unit against a value; returns the unit of the
/// declaration (the declared one, else the value's).
std::optional<Dim> declUnit(SemaImpl &S, const ast::VarDecl &D, const Value &V) {
  if (!V.ok())
    return std::nullopt;
  if (!D.Unit)
    return V.D;
  auto U = S.resolveUnit(*D.Unit);
  if (!U)
    return std::nullopt;
  if (!S.expectUnit(V, U->D, D.Value->Range, DiagId::err_decl_unit, {D.Name.Name, describe(U->D)}))
    return std::nullopt;
  return U->D;
}

} // namespace

/// Checks a range's bounds: same unit as the variable; for parameters they
/// must be constants.
static bool checkBounds(SemaImpl &S, const ast::VarDecl &D, const Dim &Unit, Resolver &R,
                        bool NeedConstant, Value &Lo, Value &Hi) {
  if (!D.Range_)
    return true;
  Lo = S.check(*D.Range_->Lo, R);
  Hi = S.check(*D.Range_->Hi, R);
  bool Ok = S.expectUnit(Lo, Unit, D.Range_->Lo->Range, DiagId::err_range_unit,
                         {D.Name.Name, describe(Unit)}) &&
            S.expectUnit(Hi, Unit, D.Range_->Hi->Range, DiagId::err_range_unit,
                         {D.Name.Name, describe(Unit)});
  if (!Ok)
    return false;
  if (NeedConstant) {
    if (!S.constant(Lo, D.Range_->Lo->Range, "a parameter bound") ||
        !S.constant(Hi, D.Range_->Hi->Range, "a parameter bound"))
      return false;
  }
  if (Lo.E->isConst() && Hi.E->isConst()) {
    double L = Lo.E->value(), H = Hi.E->value();
    if (!(L < H || (L == H && !D.Range_->LoOpen && !D.Range_->HiOpen))) {
      S.Diags.report(DiagId::err_empty_range, D.Range_->Range, {D.Name.Name});
      return false;
    }
  }
  return true;
}

static std::string rangeText(const ast::VarDecl &D, double Lo, double Hi, const Dim &U) {
  return std::string(D.Range_->LoOpen ? "(" : "[") + formatQuantity(Lo, U) + ", " +
         formatQuantity(Hi, U) + (D.Range_->HiOpen ? ")" : "]");
}

bool inRange(double V, double Lo, double Hi, bool LoOpen, bool HiOpen) {
  return (LoOpen ? V > Lo : V >= Lo) && (HiOpen ? V < Hi : V <= Hi);
}

Value SemaImpl::checkLocalParam(DeviceTemplate &T, unsigned I) {
  DeviceTemplate::P &P = T.Params[I];
  if (P.St == LazyState::Done)
    return P.Default;
  if (P.St == LazyState::InProgress) {
    Diags.report(DiagId::err_dependency_cycle, P.Decl->Name.Range, {P.Decl->Name.Name});
    T.Ok = false;
    return Value::error();
  }
  P.St = LazyState::InProgress;
  DeviceResolver R(*this, T, /*ParamsOnly=*/true);
  Value V = check(*P.Decl->Value, R);
  if (V.ok() && V.TimeVarying) {
    Diags.report(DiagId::err_waveform_here, P.Decl->Value->Range, {"as a parameter value"});
    V = Value::error();
  }
  auto U = declUnit(*this, *P.Decl, V);
  Value Lo, Hi;
  if (U && checkBounds(*this, *P.Decl, *U, R, true, Lo, Hi) && P.Decl->Range_) {
    P.Lo = Lo.E->value();
    P.Hi = Hi.E->value();
    P.LoOpen = P.Decl->Range_->LoOpen;
    P.HiOpen = P.Decl->Range_->HiOpen;
  } else if (P.Decl->Range_) {
    U.reset();
  }
  P.St = LazyState::Done;
  if (!U) {
    T.Ok = false;
    P.Default = Value::error();
    return P.Default;
  }
  V.D = *U;
  P.Default = V;
  T.ParamOrder.push_back(I);
  return V;
}

Value SemaImpl::checkLet(DeviceTemplate &T, unsigned I) {
  DeviceTemplate::L &L = T.Lets[I];
  if (L.St == LazyState::Done)
    return L.V;
  if (L.St == LazyState::InProgress) {
    Diags.report(DiagId::err_dependency_cycle, L.Decl->Name.Range, {L.Decl->Name.Name});
    T.Ok = false;
    return Value::error();
  }
  L.St = LazyState::InProgress;
  DeviceResolver R(*this, T, false);
  // A let is checked once, for whichever equation reads it first; the
  // states it reads count as used (were it first read by a state's own
  // dynamics, the other readers would never mark them).
  int Ode = T.CurrentOde;
  T.CurrentOde = -1;
  L.V = check(*L.Decl->Value, R);
  T.CurrentOde = Ode;
  L.St = LazyState::Done;
  if (!L.V.ok())
    T.Ok = false;
  return L.V;
}

Value SemaImpl::checkLaw(DeviceTemplate &T) {
  if (T.LawSt == LazyState::Done)
    return T.Current;
  if (T.LawSt == LazyState::InProgress) {
    Diags.report(DiagId::err_dependency_cycle, T.Law->Name.Range, {"i"});
    T.Ok = false;
    return Value::error();
  }
  T.LawSt = LazyState::InProgress;
  DeviceResolver R(*this, T, false);
  Value V = check(*T.Law->Value, R);
  if (!expectUnit(V, unitOf("A"), T.Law->Value->Range, DiagId::err_law_unit, {T.Decl->Name.Name}))
    V = Value::error();
  T.LawSt = LazyState::Done;
  T.Current = V;
  if (!V.ok())
    T.Ok = false;
  return V;
}

void SemaImpl::checkDevice(const ast::ComponentDecl &D) {
  DeviceTemplate &T = Devices[D.Name.Name];
  T.Decl = &D;
  T.Name = D.Name.Name;
  bool IsDevice = D.Kind == ast::DeclKind::Device;
  for (const ast::InputDecl &In : D.Inputs) {
    Dim U;
    if (In.Unit) {
      auto R = resolveUnit(*In.Unit);
      if (!R) {
        T.Ok = false;
        continue;
      }
      U = R->D;
    }
    T.Inputs.push_back({In.Name.Name, U});
  }

  // One namespace for parameters, states and lets.
  std::map<std::string, SourceRange> Seen;
  auto Declare = [&](const ast::Ident &N) {
    std::string Why;
    if (isReservedName(N.Name, Why, IsDevice) ||
        (D.Kind == ast::DeclKind::Rule && (N.Name == "w" || N.Name == "pre" || N.Name == "post") &&
         !(Why = "the weight and the spike events of a rule").empty())) {
      Diags.report(DiagId::err_reserved_name, N.Range, {N.Name, Why});
      T.Ok = false;
      return false;
    }
    auto [It, New] = Seen.emplace(N.Name, N.Range);
    if (!New) {
      Diags.report(DiagId::err_redefinition, N.Range, {N.Name})
          .note(DiagId::note_previous, It->second, {N.Name});
      T.Ok = false;
      return false;
    }
    return true;
  };
  // Declared in source order, so a redefinition points at the later one.
  std::vector<std::pair<const ast::Ident *, std::function<void()>>> Order;
  for (const ast::VarDecl &P : D.Params)
    Order.push_back({&P.Name, [&T, &P] {
                       T.Params.push_back(
                           {&P, {}, -INFINITY, INFINITY, false, false, false, LazyState::Pending});
                     }});
  for (const ast::VarDecl &S : D.States)
    Order.push_back({&S.Name, [&T, &S] { T.States.push_back({&S, {}, {}, {}, nullptr, false}); }});
  for (const ast::LetDecl &L : D.Lets)
    Order.push_back({&L.Name, [&T, &L] { T.Lets.push_back({&L, {}, LazyState::Pending}); }});
  std::stable_sort(Order.begin(), Order.end(), [](const auto &A, const auto &B) {
    const SourceLoc &X = A.first->Range.Begin, &Y = B.first->Range.Begin;
    return X.Line != Y.Line ? X.Line < Y.Line : X.Col < Y.Col;
  });
  for (auto &[Name, Add] : Order)
    if (Declare(*Name))
      Add();

  for (const ast::LawDecl &L : D.Laws) {
    if (!IsDevice) {
      Diags.report(DiagId::err_member_not_allowed, L.Name.Range,
                   {"a terminal law ('" + L.Name.Name + " = ...')", D.kindName()});
      T.Ok = false;
    } else if (L.From) {
      // Multi-terminal law: checked with the other members (SemaComponent).
    } else if (L.Name.Name != "i") {
      Diags.report(DiagId::err_unknown_law, L.Name.Range, {L.Name.Name});
      T.Ok = false;
    } else if (T.Law) {
      Diags.report(DiagId::err_duplicate_law, L.Name.Range, {D.Name.Name})
          .note(DiagId::note_previous, T.Law->Name.Range, {"i"});
      T.Ok = false;
    } else {
      T.Law = &L;
    }
  }
  if (IsDevice && !T.Law && D.Laws.empty() && D.Terminals.size() < 3) {
    Diags.report(DiagId::err_missing_law, D.Name.Range, {D.Name.Name});
    T.Ok = false;
  }

  // Parameters (in any order; cycles are reported).
  std::vector<double> LocalValues(T.Params.size(), NAN);
  for (unsigned I = 0; I < T.Params.size(); ++I)
    checkLocalParam(T, I);
  for (unsigned I : T.ParamOrder) {
    auto &P = T.Params[I];
    auto V = ir::evaluate(P.Default.E, LocalValues);
    if (!V)
      continue;
    LocalValues[I] = *V;
    if (std::isnan(*V) && P.Default.E->isConst())
      Diags.report(DiagId::err_not_a_number, P.Decl->Value->Range, {P.Decl->Name.Name});
    if (P.Decl->Range_ && !inRange(*V, P.Lo, P.Hi, P.LoOpen, P.HiOpen))
      Diags
          .report(DiagId::err_out_of_range, P.Decl->Value->Range,
                  {"parameter", P.Decl->Name.Name, formatQuantity(*V, P.Default.D),
                   rangeText(*P.Decl, P.Lo, P.Hi, P.Default.D)})
          .note(DiagId::note_range_here, P.Decl->Range_->Range);
  }

  // States: initial values and bounds see parameters only.
  DeviceResolver ParamScope(*this, T, true);
  for (auto &S : T.States) {
    Value Init = check(*S.Decl->Value, ParamScope);
    auto U = declUnit(*this, *S.Decl, Init);
    if (!U) {
      T.Ok = false;
      continue;
    }
    Init.D = *U;
    if (!checkBounds(*this, *S.Decl, *U, ParamScope, false, S.Lo, S.Hi)) {
      T.Ok = false;
      continue;
    }
    S.Init = Init;
    if (!S.Lo.ok() || !S.Hi.ok())
      continue;
    // NaN stands for "not known at compile time" and fails no check.
    double IV = ir::evaluate(Init.E, LocalValues).value_or(NAN);
    double LV = ir::evaluate(S.Lo.E, LocalValues).value_or(NAN);
    double HV = ir::evaluate(S.Hi.E, LocalValues).value_or(NAN);
    if (!std::isnan(IV) && !std::isnan(LV) && !std::isnan(HV) &&
        !inRange(IV, LV, HV, S.Decl->Range_->LoOpen, S.Decl->Range_->HiOpen))
      Diags
          .report(DiagId::err_out_of_range, S.Decl->Value->Range,
                  {"initial value of state", S.Decl->Name.Name, formatQuantity(IV, *U),
                   rangeText(*S.Decl, LV, HV, *U)})
          .note(DiagId::note_range_here, S.Decl->Range_->Range);
  }

  // Dynamics.
  DeviceResolver Body(*this, T, false);
  std::map<std::string, SourceRange> OdeSeen;
  for (const ast::OdeDecl &O : D.Odes) {
    const std::string &Dx = O.Deriv.Name;
    if (Dx.size() < 2 || Dx[0] != 'd' || O.Dt.Name != "dt") {
      Diags.report(DiagId::err_ode_syntax, SourceRange(O.Deriv.Range.Begin, O.Dt.Range.End));
      T.Ok = false;
      check(*O.Rhs, Body);
      continue;
    }
    std::string X = Dx.substr(1);
    unsigned K = 0;
    while (K < T.States.size() && T.States[K].Decl->Name.Name != X)
      ++K;
    if (K == T.States.size()) {
      auto B = Diags.report(DiagId::err_ode_not_state, O.Deriv.Range, {X, D.Name.Name});
      std::vector<std::string> Names;
      for (auto &S : T.States)
        Names.push_back(S.Decl->Name.Name);
      std::string Best = closestName(X, Names);
      if (!Best.empty())
        B.note(DiagId::note_did_you_mean, O.Deriv.Range, {"d" + Best + "/dt"});
      T.Ok = false;
      check(*O.Rhs, Body);
      continue;
    }
    auto [It, New] = OdeSeen.emplace(X, O.Deriv.Range);
    if (!New) {
      Diags.report(DiagId::err_duplicate_ode, O.Deriv.Range, {X})
          .note(DiagId::note_previous, It->second, {"d" + X + "/dt"});
      T.Ok = false;
      continue;
    }
    T.CurrentOde = int(K);
    Value Rhs = check(*O.Rhs, Body);
    T.CurrentOde = -1;
    auto &S = T.States[K];
    if (!S.Init.ok()) {
      T.Ok = false;
      continue;
    }
    Dim Want = S.Init.D / unitOf("s");
    if (!expectUnit(Rhs, Want, O.Rhs->Range, DiagId::err_ode_unit, {X, describe(Want)})) {
      T.Ok = false;
      continue;
    }
    S.Deriv = Rhs.E;
  }
  if (T.Law)
    checkLaw(T);
  for (unsigned I = 0; I < T.Lets.size(); ++I)
    checkLet(T, I);

  checkComponentExtras(T);
  // A state without dynamics that no event sets keeps its initial value.
  std::set<unsigned> Assigned;
  for (const DeviceTemplate::Ev &E : T.Events)
    for (auto &[Col, V] : E.Assigns)
      Assigned.insert(Col);
  for (const DeviceTemplate::RuleEvent &E : T.RuleEvents)
    for (auto &[Col, V] : E.Assigns)
      Assigned.insert(Col);
  for (unsigned K = 0; K < T.States.size(); ++K)
    if (T.States[K].Init.ok() && !T.States[K].Deriv && T.Ok && !Assigned.count(K))
      Diags.report(DiagId::warn_state_constant, T.States[K].Decl->Name.Range,
                   {T.States[K].Decl->Name.Name});
  for (auto &P : T.Params)
    if (!P.Used)
      Diags.report(DiagId::warn_unused_param, P.Decl->Name.Range, {P.Decl->Name.Name});
}

} // namespace nmc
