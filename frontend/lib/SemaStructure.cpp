//===- SemaStructure.cpp - Circuits, arrays, networks and sweeps ----------===//
//
// These constructs are checked (names, nodes, units, settings) and then
// refused with the capability that is missing, until their execution is
// built: nothing the compiler accepts is silently ignored.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

#include <algorithm>

#include <cmath>

namespace nmc {

namespace {

/// Circuit scope: its parameters (in order), constants, t and v(node).
class CircuitScope : public Resolver {
public:
  CircuitScope(SemaImpl &S, const ast::CircuitDecl &C,
               const std::vector<CircuitTemplate::Param> &Params)
      : S(S), C(C), Params(Params) {}

  std::optional<Value> resolve(const std::string &Name, SourceRange) override {
    for (unsigned K = 0; K < Params.size(); ++K)
      if (Params[K].Decl->Name.Name == Name) {
        Value V = Params[K].Default;
        if (V.ok())
          V.E = S.C.param(K);
        return V;
      }
    if (Name == "t")
      return modelTime(S.C);
    return std::nullopt;
  }
  std::vector<std::string> names() const override {
    std::vector<std::string> N;
    for (const CircuitTemplate::Param &P : Params)
      N.push_back(P.Decl->Name.Name);
    return N;
  }
  std::optional<Value> resolveCall(const ast::CallExpr &E) override {
    if (E.Callee == "i")
      return elementCurrent(E);
    if (E.Callee != "v")
      return std::nullopt;
    if (E.Args.size() != 1) {
      S.Diags.report(DiagId::err_arg_count, E.Range, {"v", "1", std::to_string(E.Args.size())});
      return Value::error();
    }
    auto *N = ast::dyn_cast<ast::NameExpr>(E.Args[0].Value.get());
    if (!N || !isNode(N->Name)) {
      S.Diags.report(DiagId::err_unknown_node, E.Args[0].Value->Range,
                     {C.Name.Name, N ? N->Name : "?"});
      return Value::error();
    }
    Value V;
    V.K = Value::Real;
    V.D = unitOf("V");
    int K = nodeIndex(N->Name);
    V.E = K < 0 ? S.C.constant(0) : S.C.column(unsigned(K));
    return V;
  }
  /// i(ELEMENT): the current through an element of this circuit (from its
  /// first node to its second; an nmos's drain current), as template column
  /// CurrentBase + the element's index.
  std::optional<Value> elementCurrent(const ast::CallExpr &E) {
    auto *N = E.Args.size() == 1 ? ast::dyn_cast<ast::NameExpr>(E.Args[0].Value.get()) : nullptr;
    for (size_t K = 0; N && K < C.Elements.size(); ++K)
      if (C.Elements[K].Name.Name == N->Name) {
        if (ast::isa<ast::CircuitDecl>(S.findTop(C.Elements[K].Kind.Name))) {
          S.Diags.report(DiagId::err_not_executable, E.Range,
                         {"the current of subcircuit '" + N->Name + "'",
                          "a subcircuit has no single current; read one of its elements"});
          return Value::error();
        }
        auto D = S.Devices.find(C.Elements[K].Kind.Name);
        if (D != S.Devices.end() && D->second.Decl->Terminals.size() >= 3) {
          S.Diags.report(DiagId::err_not_executable, E.Range,
                         {"the current of '" + N->Name + "'",
                          "a device with three or more terminals has one current per law; "
                          "spike outputs read two-terminal elements"});
          return Value::error();
        }
        Value V;
        V.K = Value::Real;
        V.D = unitOf("A");
        V.E = S.C.column(unsigned(CircuitTemplate::CurrentBase + K));
        return V;
      }
    if (E.Args.size() != 1) {
      S.Diags.report(DiagId::err_arg_count, E.Range, {"i", "1", std::to_string(E.Args.size())});
      return Value::error();
    }
    S.Diags.report(DiagId::err_unknown_element, E.Args[0].Value->Range,
                   {C.Name.Name, N ? N->Name : "?"});
    return Value::error();
  }
  bool isNode(const std::string &Name) const { return Name == "gnd" || nodeIndex(Name) >= 0; }
  /// Declared nodes, then ports that are not also nodes; -1 for ground or
  /// an unknown name.
  int nodeIndex(const std::string &Name) const {
    std::vector<std::string> All = nodes();
    for (size_t I = 0; I < All.size(); ++I)
      if (All[I] == Name)
        return int(I);
    return -1;
  }
  std::vector<std::string> nodes() const {
    std::vector<std::string> All;
    for (const ast::Ident &N : C.Nodes)
      All.push_back(N.Name);
    for (const ast::Ident &P : C.Ports)
      if (std::find(All.begin(), All.end(), P.Name) == All.end())
        All.push_back(P.Name);
    return All;
  }

private:
  SemaImpl &S;
  const ast::CircuitDecl &C;
  const std::vector<CircuitTemplate::Param> &Params;
};

struct Builtin {
  const char *Kind;
  unsigned Nodes;
  std::vector<std::pair<const char *, const char *>> Params; // name, unit
  bool TimeVarying;                                          // its value may be a waveform
  bool ReadsNodes; // its value may read node voltages (non-linear, controlled)
};

const std::vector<Builtin> &builtins() {
  static const std::vector<Builtin> B = {
      {"resistor", 2, {{"R", "ohm"}}, false, true},
      {"capacitor", 2, {{"C", "F"}}, false, false},
      {"inductor", 2, {{"L", "H"}}, false, false},
      {"vsource", 2, {{"V", "V"}}, true, false},
      {"isource", 2, {{"I", "A"}}, true, true},
      // drain, gate, source; EKV (LowerCircuits.cpp), n optional (1.3);
      // V_th of a pmos is its magnitude
      {"nmos", 3, {{"beta", "A/V^2"}, {"V_th", "V"}, {"n", "1"}}, false, false},
      {"pmos", 3, {{"beta", "A/V^2"}, {"V_th", "V"}, {"n", "1"}}, false, false},
  };
  return B;
}

/// Whether E reads a node voltage (a column of the circuit template below
/// CurrentBase) or, with Currents, an element's current (one above).
bool readsNodes(const ir::Expr *E, bool Currents = false) {
  if (E->kind() == ir::ExprKind::Column)
    return (E->index() >= CircuitTemplate::CurrentBase) == Currents;
  for (const ir::Expr *O : E->operands())
    if (readsNodes(O, Currents))
      return true;
  return false;
}

} // namespace

const ast::Decl *SemaImpl::findTop(const std::string &Name) const {
  auto It = TopDecls.find(Name);
  return It == TopDecls.end() ? nullptr : It->second;
}

void SemaImpl::checkCircuit(const ast::CircuitDecl &Cd) {
  if (Circuits.count(Cd.Name.Name))
    return; // checked already, as another circuit's element
  CircuitsInProgress.insert(Cd.Name.Name);
  CircuitTemplate T;
  T.Decl = &Cd;
  std::map<std::string, SourceRange> Seen;
  bool Ok = true;
  auto Declare = [&](const ast::Ident &N) {
    auto [It, New] = Seen.emplace(N.Name, N.Range);
    if (!New) {
      Diags.report(DiagId::err_redefinition, N.Range, {N.Name})
          .note(DiagId::note_previous, It->second, {N.Name});
      Ok = false;
    }
    return New;
  };
  CircuitScope Scope(*this, Cd, T.Params);
  for (const ast::VarDecl &P : Cd.Params) {
    if (!Declare(P.Name))
      continue;
    Value V = check(*P.Value, Scope);
    if (P.Unit && V.ok()) {
      auto U = resolveUnit(*P.Unit);
      if (U && !expectUnit(V, U->D, P.Value->Range, DiagId::err_decl_unit,
                           {P.Name.Name, describe(U->D)}))
        V = Value::error();
      else if (U)
        V.D = U->D;
    }
    if (V.ok() && !V.E->isUniform()) {
      Diags.report(DiagId::err_not_constant, P.Value->Range,
                   {"a circuit parameter (it may use other parameters, not node voltages or t)"});
      V = Value::error();
    }
    if (P.Range_) {
      Diags.report(DiagId::err_not_executable, P.Range_->Range,
                   {"a range on circuit parameter '" + P.Name.Name + "'",
                    "ranges are checked on device parameters only"});
      V = Value::error();
    }
    Ok &= V.ok();
    V.AnyUnit = false;
    T.Params.push_back({&P, V});
  }
  for (const ast::Ident &N : Cd.Nodes)
    Ok &= Declare(N);
  for (const ast::Ident &P : Cd.Ports) {
    // A port is a node that the circuit's users connect to.
    if (!Scope.isNode(P.Name))
      Ok &= Declare(P);
  }
  T.Nodes = Scope.nodes();
  for (const ast::ElementDecl &E : Cd.Elements) {
    Ok &= Declare(E.Name);
    CircuitTemplate::Element El{E.Name.Name, E.Kind.Name, {}, {}, {}, E.Range};
    // What the element is: a builtin, a device or another circuit.
    const Builtin *B = nullptr;
    for (const Builtin &X : builtins())
      if (E.Kind.Name == X.Kind)
        B = &X;
    unsigned NodeCount = 0;
    std::map<std::string, Dim> ParamUnits;
    bool ParamTimeVarying = false, ParamReadsNodes = false;
    auto *Sub = ast::dyn_cast<ast::CircuitDecl>(findTop(E.Kind.Name));
    if (B) {
      NodeCount = B->Nodes;
      for (auto &[N, U] : B->Params)
        ParamUnits[N] = unitOf(U);
      ParamTimeVarying = B->TimeVarying;
      ParamReadsNodes = B->ReadsNodes;
    } else if (auto DI = Devices.find(E.Kind.Name);
               DI != Devices.end() && DI->second.Decl->Kind == ast::DeclKind::Device) {
      NodeCount = std::max<size_t>(2, DI->second.Decl->Terminals.size());
      for (auto &P : DI->second.Params)
        if (P.Default.ok())
          ParamUnits[P.Decl->Name.Name] = P.Default.D;
    } else if (Sub && CircuitsInProgress.count(Sub->Name.Name)) {
      Diags.report(DiagId::err_circuit_recursive, E.Kind.Range, {Sub->Name.Name});
      Ok = false;
      continue;
    } else if (Sub) {
      checkCircuit(*Sub);
      NodeCount = unsigned(Sub->Ports.size());
      for (const CircuitTemplate::Param &P : Circuits.at(Sub->Name.Name).Params)
        ParamUnits[P.Decl->Name.Name] = P.Default.D;
    } else {
      auto Bd =
          Diags.report(DiagId::err_unknown_entity, E.Kind.Range, {"circuit element", E.Kind.Name});
      std::vector<std::string> Names;
      for (const Builtin &X : builtins())
        Names.push_back(X.Kind);
      for (auto &[K, _] : Devices)
        Names.push_back(K);
      std::string Best = closestName(E.Kind.Name, Names);
      if (!Best.empty())
        Bd.note(DiagId::note_did_you_mean, E.Kind.Range, {Best});
      Ok = false;
      continue;
    }
    unsigned Given = 0;
    for (const ast::CallArg &A : E.Args) {
      if (A.Name.empty()) {
        ++Given;
        auto *N = ast::dyn_cast<ast::NameExpr>(A.Value.get());
        if (!N || !Scope.isNode(N->Name)) {
          Diags.report(DiagId::err_unknown_node, A.Value->Range, {Cd.Name.Name, N ? N->Name : "?"});
          Ok = false;
        } else {
          El.Nodes.push_back(Scope.nodeIndex(N->Name));
        }
        continue;
      }
      auto PU = ParamUnits.find(A.Name);
      Value V = check(*A.Value, Scope);
      if (PU == ParamUnits.end()) {
        Diags.report(DiagId::err_arg_unknown, A.NameRange, {E.Kind.Name, A.Name});
        Ok = false;
        continue;
      }
      if (V.ok() && V.TimeVarying && !ParamTimeVarying) {
        Diags.report(DiagId::err_waveform_here, A.Value->Range, {"as a component value"});
        Ok = false;
        continue;
      }
      if (V.ok() && readsNodes(V.E, true)) {
        Diags.report(DiagId::err_not_executable, A.Value->Range,
                     {"an element current i(...) in an element's value",
                      "only spike outputs read element currents"});
        Ok = false;
        continue;
      }
      if (V.ok() && readsNodes(V.E) && !ParamReadsNodes) {
        Diags.report(
            DiagId::err_not_constant, A.Value->Range,
            {"'" + A.Name + "' of " + E.Kind.Name + " (it may use parameters, not node voltages)"});
        Ok = false;
        continue;
      }
      Ok &= expectUnit(V, PU->second, A.Value->Range, DiagId::err_arg_unit,
                       {A.Name, E.Kind.Name, describe(PU->second)});
      El.Args[A.Name] = V;
      El.ArgRanges[A.Name] = A.Value->Range;
    }
    if (Given != NodeCount) {
      Diags.report(DiagId::err_element_nodes, E.Range,
                   {E.Kind.Name, std::to_string(NodeCount), std::to_string(Given)});
      Ok = false;
    }
    if (B) {
      for (auto &[N, U] : B->Params)
        if (std::none_of(E.Args.begin(), E.Args.end(),
                         [&, N = N](const ast::CallArg &A) { return A.Name == N; }) &&
            Given == NodeCount && std::string(N) != "n") {
          Diags.report(DiagId::err_element_value, E.Range, {E.Kind.Name, N});
          Ok = false;
        }
    }
    T.Elements.push_back(std::move(El));
  }
  std::string What = "a node of circuit '" + Cd.Name.Name + "'";
  for (const ast::SpikeDecl &Sp : Cd.Spikes)
    Ok &= checkCircuitSpike(Sp, Scope, T, What);
  if (Cd.Elements.empty())
    Diags.report(DiagId::err_missing_part, Cd.Name.Range,
                 {"circuit", Cd.Name.Name, "at least one element"}),
        Ok = false;
  T.Ok = Ok;
  CircuitsInProgress.erase(Cd.Name.Name);
  Circuits[Cd.Name.Name] = std::move(T);
}

/// A circuit's spike output: an upward crossing of its condition, with
/// resets that assign node voltages (x = e, x += e, ...).
bool SemaImpl::checkCircuitSpike(const ast::SpikeDecl &Sp, Resolver &R, CircuitTemplate &T,
                                 const std::string &What) {
  DeviceTemplate::Ev Ev;
  Ev.Name = Sp.Name ? Sp.Name->Name : "spike";
  Ev.Edge = true;
  bool Ok = true;
  Value Cond = check(*Sp.Cond, R);
  if (Cond.ok() && Cond.K != Value::Bool) {
    Diags.report(DiagId::err_expected_bool, Sp.Cond->Range);
    Cond = Value::error();
  }
  Ok &= Cond.ok();
  Ev.Cond = Cond.E;
  for (const ast::Stmt &St : Sp.Reset) {
    Value V = check(*St.Value, R);
    auto It = std::find(T.Nodes.begin(), T.Nodes.end(), St.Target.Name);
    if (It == T.Nodes.end()) {
      Diags.report(DiagId::err_event_target, St.Target.Range, {St.Target.Name, What});
      Ok = false;
      continue;
    }
    bool Scale = St.Op == "*=" || St.Op == "/=";
    Dim Want = Scale ? Dim() : unitOf("V");
    if (!expectUnit(V, Want, St.Value->Range, DiagId::err_decl_unit,
                    {St.Target.Name + " " + St.Op, describe(Want)})) {
      Ok = false;
      continue;
    }
    unsigned Node = unsigned(It - T.Nodes.begin());
    const ir::Expr *Old = C.column(Node), *New = V.E;
    if (St.Op == "+=")
      New = C.add(Old, V.E);
    else if (St.Op == "-=")
      New = C.sub(Old, V.E);
    else if (St.Op == "*=")
      New = C.mul(Old, V.E);
    else if (St.Op == "/=")
      New = C.div(Old, V.E);
    else
      Ev.Held.push_back(Node);
    Ev.Assigns.push_back({Node, New});
  }
  if (Sp.Refractory) {
    Value V = check(*Sp.Refractory, R);
    if (!expectUnit(V, unitOf("s"), Sp.Refractory->Range, DiagId::err_decl_unit,
                    {"refractory", describe(unitOf("s"))})) {
      Ok = false;
    } else if (!V.E->isUniform()) {
      Diags.report(DiagId::err_not_constant, Sp.Refractory->Range,
                   {"a refractory period (it may use parameters, not node voltages)"});
      Ok = false;
    }
    Ev.Refractory = V.E;
  }
  T.Spikes.push_back(Ev);
  return Ok;
}

void SemaImpl::checkSweeps(const ast::ExperimentDecl &E) {
  for (const ast::Setting &S : E.Sweeps) {
    auto PI = ModelParamIndex.find(S.Name.Name);
    if (PI == ModelParamIndex.end()) {
      Diags.report(DiagId::err_sweep_target, S.Name.Range, {S.Name.Name});
      continue;
    }
    ModelParams[PI->second].Used = true;
    Value P = checkModelParam(PI->second);
    auto *Call = ast::dyn_cast<ast::CallExpr>(S.Value.get());
    if (!Call || (Call->Callee != "values" && Call->Callee != "linspace")) {
      Diags.report(DiagId::err_setting_value, S.Value->Range,
                   {"sweep", "values(a, b, ...) or linspace(first, last, count)"});
      continue;
    }
    EmptyScope Empty;
    bool Ok = P.ok();
    std::vector<double> Args;
    for (size_t I = 0; I < Call->Args.size(); ++I) {
      Value V = check(*Call->Args[I].Value, Empty);
      bool IsCount = Call->Callee == "linspace" && I == 2;
      Dim Want = IsCount ? Dim() : P.D;
      bool UnitOk = expectUnit(V, Want, Call->Args[I].Value->Range, DiagId::err_arg_unit,
                               {IsCount ? "count" : "value", Call->Callee, describe(Want)});
      auto X = UnitOk ? constant(V, Call->Args[I].Value->Range, "a sweep value") : std::nullopt;
      Ok &= bool(X);
      Args.push_back(X.value_or(NAN));
    }
    if (Call->Callee == "linspace" && Call->Args.size() != 3) {
      Diags.report(DiagId::err_arg_count, Call->Range,
                   {"linspace", "3", std::to_string(Call->Args.size())});
      Ok = false;
    }
    if (!Ok)
      continue;
    std::vector<double> Values = Args;
    if (Call->Callee == "linspace") {
      double N = Args[2];
      if (!(N >= 1 && N <= 1e6 && N == std::floor(N))) {
        Diags.report(DiagId::err_bad_argument, Call->Args[2].Value->Range,
                     {"count", "linspace", "a whole number from 1 to 1e6"});
        continue;
      }
      Values.clear();
      for (int64_t K = 0; K < int64_t(N); ++K)
        Values.push_back(N == 1 ? Args[0] : Args[0] + (Args[1] - Args[0]) * double(K) / (N - 1));
    }
    if (!M.SweepValues.empty()) {
      Diags.report(DiagId::err_not_executable, S.Name.Range,
                   {"a second sweep ('" + S.Name.Name + "')",
                    "sweeps over several parameters (a grid) are not built"});
      continue;
    }
    M.SweepParam = ModelParams[PI->second].Global;
    M.SweepValues = Values;
  }
}

} // namespace nmc
