//===- SemaModel.cpp - Model-level declarations and instantiation ---------===//
#include "nmc/frontend/Sema.h"

#include "SemaImpl.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace nmc {

namespace {

/// Names visible at model level: parameters, waveforms and time.
class ModelResolver : public Resolver {
public:
  explicit ModelResolver(SemaImpl &S) : S(S) {}

  std::optional<Value> resolve(const std::string &Name, SourceRange R) override {
    auto P = S.ModelParamIndex.find(Name);
    if (P != S.ModelParamIndex.end()) {
      S.ModelParams[P->second].Used = true;
      Value V = S.checkModelParam(P->second);
      if (!V.ok())
        return V;
      V.E = S.C.param(S.ModelParams[P->second].Global);
      V.AnyUnit = false;
      return V;
    }
    if (S.Waveforms.count(Name))
      return S.checkWaveform(Name);
    if (Name == "t")
      return modelTime(S.C);
    const char *What = nullptr;
    if (auto DI = S.Devices.find(Name); DI != S.Devices.end())
      What = DI->second.Decl->kindName();
    else if (S.Populations.count(Name))
      What = "population";
    else if (const ast::Decl *D = S.findTop(Name))
      What = ast::isa<ast::CircuitDecl>(D)      ? "circuit"
             : ast::isa<ast::ArrayDecl>(D)      ? "array"
             : ast::isa<ast::ProjectionDecl>(D) ? "projection"
             : ast::isa<ast::StimulusDecl>(D)   ? "stimulus"
             : ast::isa<ast::NetworkDecl>(D)    ? "network"
                                                : "probe";
    if (What) {
      S.Diags.report(DiagId::err_not_a_value, R, {Name, What});
      return Value::error();
    }
    return std::nullopt;
  }

  std::vector<std::string> names() const override {
    std::vector<std::string> N;
    for (auto &[K, _] : S.ModelParamIndex)
      N.push_back(K);
    for (auto &[K, _] : S.Waveforms)
      N.push_back(K);
    N.push_back("t");
    return N;
  }

private:
  SemaImpl &S;
};

} // namespace

std::string rangeText(bool LoOpen, double Lo, double Hi, bool HiOpen, const Dim &U) {
  return std::string(LoOpen ? "(" : "[") + formatQuantity(Lo, U) + ", " + formatQuantity(Hi, U) +
         (HiOpen ? ")" : "]");
}

Value SemaImpl::checkModelParam(unsigned I) {
  ModelParam &P = ModelParams[I];
  if (P.St == LazyState::Done)
    return P.Default;
  const ast::VarDecl &D = P.Decl->Var;
  if (P.St == LazyState::InProgress) {
    Diags.report(DiagId::err_dependency_cycle, D.Name.Range, {D.Name.Name});
    return Value::error();
  }
  P.St = LazyState::InProgress;
  ModelResolver R(*this);
  Value V = check(*D.Value, R);
  if (V.ok() && V.TimeVarying) {
    Diags.report(DiagId::err_waveform_here, D.Value->Range, {"as a parameter value"});
    V = Value::error();
  }
  std::optional<Dim> U;
  if (V.ok()) {
    U = V.D;
    if (D.Unit) {
      auto DU = resolveUnit(*D.Unit);
      if (!DU || !expectUnit(V, DU->D, D.Value->Range, DiagId::err_decl_unit,
                             {D.Name.Name, describe(DU->D)}))
        U.reset();
      else
        U = DU->D;
    }
  }
  ir::Param IP;
  if (U && D.Range_) {
    Value Lo = check(*D.Range_->Lo, R), Hi = check(*D.Range_->Hi, R);
    if (expectUnit(Lo, *U, D.Range_->Lo->Range, DiagId::err_range_unit,
                   {D.Name.Name, describe(*U)}) &&
        expectUnit(Hi, *U, D.Range_->Hi->Range, DiagId::err_range_unit,
                   {D.Name.Name, describe(*U)}) &&
        constant(Lo, D.Range_->Lo->Range, "a parameter bound") &&
        constant(Hi, D.Range_->Hi->Range, "a parameter bound")) {
      IP.Lo = Lo.E->value();
      IP.Hi = Hi.E->value();
      IP.LoOpen = D.Range_->LoOpen;
      IP.HiOpen = D.Range_->HiOpen;
    } else {
      U.reset();
    }
  }
  P.St = LazyState::Done;
  if (!U) {
    P.Default = Value::error();
    return P.Default;
  }
  V.D = *U;
  P.Default = V;
  IP.Name = D.Name.Name;
  IP.UnitText = U->str();
  for (int K = 0; K < Dim::NumBase; ++K)
    IP.Dim[K] = U->twice(K);
  IP.Default = V.E;
  IP.Line = D.Name.Range.Begin.Line;
  auto Folded = ir::evaluate(V.E, GlobalDefaults);
  double Val = Folded.value_or(NAN);
  if (Folded && std::isnan(*Folded) && V.E->isConst())
    Diags.report(DiagId::err_not_a_number, D.Value->Range, {D.Name.Name});
  if (!std::isnan(Val) && !inRange(Val, IP.Lo, IP.Hi, IP.LoOpen, IP.HiOpen))
    Diags
        .report(DiagId::err_out_of_range, D.Value->Range,
                {"parameter", D.Name.Name, formatQuantity(Val, *U),
                 rangeText(IP.LoOpen, IP.Lo, IP.Hi, IP.HiOpen, *U)})
        .note(DiagId::note_range_here, D.Range_->Range);
  P.Global = unsigned(M.Params.size());
  M.Params.push_back(IP);
  GlobalDefaults.push_back(Val);
  return V;
}

Value SemaImpl::checkWaveform(const std::string &Name) {
  WaveformInfo &W = Waveforms.at(Name);
  if (W.St == LazyState::Done)
    return W.V;
  if (W.St == LazyState::InProgress) {
    Diags.report(DiagId::err_dependency_cycle, W.Decl->Name.Range, {Name});
    return Value::error();
  }
  W.St = LazyState::InProgress;
  ModelResolver R(*this);
  W.V = check(*W.Decl->Value, R);
  W.St = LazyState::Done;
  return W.V;
}

Value SemaImpl::checkModelExpr(const ast::Expr &E) {
  ModelResolver R(*this);
  return check(E, R);
}

void SemaImpl::collect(const ast::File &F, bool IsModule) {
  FilePaths[F.FileId] = F.Path;
  auto Declare = [&](const ast::Ident &N, const ast::Decl *D) {
    std::string Why;
    if (isReservedName(N.Name, Why)) {
      Diags.report(DiagId::err_reserved_name, N.Range, {N.Name, Why});
      return false;
    }
    auto [It, New] = TopNames.emplace(N.Name, N.Range);
    if (!New) {
      Diags.report(DiagId::err_redefinition, N.Range, {N.Name})
          .note(DiagId::note_previous, It->second, {N.Name});
      return false;
    }
    TopDecls[N.Name] = D;
    return true;
  };
  std::function<void(const ast::Decl *)> Add = [&](const ast::Decl *D) {
    if (IsModule) {
      bool Allowed = ast::isa<ast::ComponentDecl>(D) || ast::isa<ast::PresetDecl>(D) ||
                     ast::isa<ast::CircuitDecl>(D) || ast::isa<ast::ArrayDecl>(D) ||
                     ast::isa<ast::ParamDecl>(D) || ast::isa<ast::WaveformDecl>(D) ||
                     ast::isa<ast::FunctionDecl>(D);
      if (!Allowed) {
        const char *What = ast::isa<ast::PopulationDecl>(D)   ? "a population"
                           : ast::isa<ast::ExperimentDecl>(D) ? "an experiment"
                           : ast::isa<ast::ProbeDecl>(D)      ? "a probe"
                           : ast::isa<ast::ApplyDecl>(D)      ? "an applied waveform"
                           : ast::isa<ast::NetworkDecl>(D)    ? "a network"
                                                              : "a projection or stimulus";
        Diags.report(DiagId::err_module_decl, D->Range, {What});
        return;
      }
    }
    Order.push_back(D);
    if (auto *C = ast::dyn_cast<ast::ComponentDecl>(D)) {
      if (Declare(C->Name, D))
        Devices[C->Name.Name].Decl = C;
    } else if (auto *Pre = ast::dyn_cast<ast::PresetDecl>(D)) {
      if (Declare(Pre->Name, D))
        PresetsChecked[Pre->Name.Name] = LazyState::Pending;
    } else if (auto *Circ = ast::dyn_cast<ast::CircuitDecl>(D)) {
      Declare(Circ->Name, D);
    } else if (auto *A = ast::dyn_cast<ast::ArrayDecl>(D)) {
      Declare(A->Name, D);
    } else if (auto *P = ast::dyn_cast<ast::ParamDecl>(D)) {
      if (Declare(P->Var.Name, D)) {
        ModelParamIndex[P->Var.Name.Name] = unsigned(ModelParams.size());
        ModelParams.push_back({P, {}, ~0u, false, LazyState::Pending});
      }
    } else if (auto *W = ast::dyn_cast<ast::WaveformDecl>(D)) {
      if (Declare(W->Name, D))
        Waveforms[W->Name.Name] = {W, {}, LazyState::Pending};
    } else if (auto *Fn = ast::dyn_cast<ast::FunctionDecl>(D)) {
      if (isBuiltinFunction(Fn->Name.Name)) {
        Diags.report(DiagId::err_function_builtin, Fn->Name.Range, {Fn->Name.Name});
        return;
      }
      std::map<std::string, SourceRange> Seen;
      for (const ast::Ident &P3 : Fn->Params)
        if (!Seen.emplace(P3.Name, P3.Range).second) {
          Diags.report(DiagId::err_function_param_twice, P3.Range, {Fn->Name.Name, P3.Name})
              .note(DiagId::note_previous, Seen[P3.Name], {P3.Name});
          return;
        }
      if (Declare(Fn->Name, D))
        Functions[Fn->Name.Name] = Fn;
    } else if (auto *Pop = ast::dyn_cast<ast::PopulationDecl>(D)) {
      if (Declare(Pop->Name, D)) {
        Populations[Pop->Name.Name].Decl = Pop;
        PopulationOrder.push_back(Pop->Name.Name);
      }
    } else if (auto *Pr = ast::dyn_cast<ast::ProbeDecl>(D)) {
      Declare(Pr->Name, D);
    } else if (auto *Proj = ast::dyn_cast<ast::ProjectionDecl>(D)) {
      Declare(Proj->Name, D);
    } else if (auto *S = ast::dyn_cast<ast::StimulusDecl>(D)) {
      Declare(S->Name, D);
    } else if (auto *N = ast::dyn_cast<ast::NetworkDecl>(D)) {
      Declare(N->Name, D);
      for (const ast::DeclPtr &M : N->Members)
        Add(M.get());
    }
  };
  for (const ast::DeclPtr &D : F.Decls)
    Add(D.get());
}

void SemaImpl::checkPopulation(const ast::PopulationDecl &P) {
  PopulationInfo &Info = Populations.at(P.Name.Name);
  ModelResolver R(*this);
  auto DI = Devices.find(P.Device.Name);
  bool IsNeuron = DI != Devices.end() && DI->second.Decl->Kind == ast::DeclKind::Neuron;
  if (IsNeuron && DI->second.Inputs.size() > 1) {
    Diags.report(DiagId::err_neuron_inputs, P.Device.Range,
                 {P.Device.Name, std::to_string(DI->second.Inputs.size())});
    Info.Ok = false;
    return;
  }
  if (DI != Devices.end() && !IsNeuron && DI->second.Decl->Kind != ast::DeclKind::Device) {
    Diags.report(DiagId::err_wrong_entity, P.Device.Range,
                 {P.Device.Name, DI->second.Decl->kindName(), "device or neuron"});
    Info.Ok = false;
    return;
  }
  if (auto *Cd = ast::dyn_cast<ast::CircuitDecl>(findTop(P.Device.Name))) {
    checkCircuit(*Cd); // usually already: circuits are checked in order
    Info.Circuit = &Circuits.at(Cd->Name.Name);
    Info.Ok &= Info.Circuit->Ok;
  } else if (DI == Devices.end() && ast::isa<ast::PresetDecl>(findTop(P.Device.Name))) {
    Info.Ok = false; // a preset whose base is unknown: reported there
  } else if (DI == Devices.end()) {
    auto B = Diags.report(DiagId::err_unknown_device, P.Device.Range, {P.Device.Name});
    std::vector<std::string> Names;
    for (auto &[K, _] : Devices)
      Names.push_back(K);
    std::string Best = closestName(P.Device.Name, Names);
    if (!Best.empty())
      B.note(DiagId::note_did_you_mean, P.Device.Range, {Best});
    Info.Ok = false;
  } else if (DI->second.Decl->Terminals.size() >= 3) {
    Diags.report(DiagId::err_not_executable, P.Device.Range,
                 {"a population of device '" + P.Device.Name + "' with " +
                      std::to_string(DI->second.Decl->Terminals.size()) + " terminals",
                  "it runs inside a circuit, one node per terminal; a population applies one "
                  "voltage across two"});
    Info.Ok = false;
  } else {
    Info.Device = &DI->second;
  }
  Value Size = check(*P.Size, R);
  constexpr double MaxSize = 1ull << 40;
  if (auto N = constant(Size, P.Size->Range, "a population size")) {
    if (!(*N >= 1 && *N <= MaxSize && *N == std::floor(*N)) || !Size.D.isDimensionless()) {
      Diags.report(DiagId::err_population_size, P.Size->Range,
                   {formatQuantity(MaxSize, Dim()), formatQuantity(*N, Size.D)});
      Info.Ok = false;
    } else {
      Info.Size = int64_t(*N);
    }
  } else {
    Info.Ok = false;
  }
  if (Info.Circuit) {
    checkCircuitOverrides(P, Info);
    return;
  }
  for (const ast::Override &O : P.Overrides) {
    Value V = check(*O.Value, R);
    if (!Info.Device)
      continue;
    DeviceTemplate &T = *Info.Device;
    const DeviceTemplate::P *DP = nullptr;
    std::vector<std::string> Names;
    for (auto &X : T.Params) {
      Names.push_back(X.Decl->Name.Name);
      if (X.Decl->Name.Name == O.Name.Name)
        DP = &X;
    }
    V = checkOverride(O, V, "device '" + P.Device.Name + "'", DP ? &DP->Default : nullptr, Names,
                      Info.Overrides, Info.Ok);
    if (!V.ok())
      continue;
    auto Val = ir::evaluate(V.E, GlobalDefaults);
    if (Val && DP->Decl->Range_ && !inRange(*Val, DP->Lo, DP->Hi, DP->LoOpen, DP->HiOpen))
      Diags
          .report(DiagId::err_out_of_range, O.Value->Range,
                  {"parameter", O.Name.Name, formatQuantity(*Val, DP->Default.D),
                   rangeText(DP->LoOpen, DP->Lo, DP->Hi, DP->HiOpen, DP->Default.D)})
          .note(DiagId::note_range_here, DP->Decl->Range_->Range);
    Info.Overrides[O.Name.Name] = V;
  }
}

void SemaImpl::checkCircuitOverrides(const ast::PopulationDecl &P, PopulationInfo &Info) {
  ModelResolver R(*this);
  for (const ast::Override &O : P.Overrides) {
    Value V = check(*O.Value, R);
    const CircuitTemplate::Param *CP = nullptr;
    std::vector<std::string> Names;
    for (const CircuitTemplate::Param &X : Info.Circuit->Params) {
      Names.push_back(X.Decl->Name.Name);
      if (X.Decl->Name.Name == O.Name.Name)
        CP = &X;
    }
    V = checkOverride(O, V, "circuit '" + P.Device.Name + "'", CP ? &CP->Default : nullptr, Names,
                      Info.Overrides, Info.Ok);
    if (V.ok())
      Info.Overrides[O.Name.Name] = V;
  }
}

/// One override `NAME = value` (of a population or a preset) of a device's
/// or circuit's parameter whose checked default is Default (null: there is
/// none; Names are the candidates for a suggestion); Done holds the earlier
/// ones. Reports what is wrong, clears Ok and returns an error value then,
/// else V in the parameter's unit.
Value SemaImpl::checkOverride(const ast::Override &O, Value V, const std::string &Owner,
                              const Value *Default, const std::vector<std::string> &Names,
                              const std::map<std::string, Value> &Done, bool &Ok) {
  auto Fail = [&] {
    Ok = false;
    return Value::error();
  };
  if (!Default) {
    auto B = Diags.report(DiagId::err_override_unknown, O.Name.Range, {Owner, O.Name.Name});
    std::string Best = closestName(O.Name.Name, Names);
    if (!Best.empty())
      B.note(DiagId::note_did_you_mean, O.Name.Range, {Best});
    return Fail();
  }
  if (Done.count(O.Name.Name)) {
    Diags.report(DiagId::err_override_duplicate, O.Name.Range, {O.Name.Name});
    return Fail();
  }
  if (!V.ok() || !Default->ok())
    return Fail();
  if (V.TimeVarying) {
    Diags.report(DiagId::err_waveform_here, O.Value->Range, {"as a parameter value"});
    return Fail();
  }
  if (!expectUnit(V, Default->D, O.Value->Range, DiagId::err_decl_unit,
                  {O.Name.Name, describe(Default->D)}))
    return Fail();
  V.D = Default->D;
  return V;
}

void SemaImpl::checkApply(const ast::ApplyDecl &A) {
  ModelResolver R(*this);
  auto *Pulses = ast::dyn_cast<ast::CallExpr>(A.Wave.get());
  if (Pulses && Pulses->Callee != "pulses")
    Pulses = nullptr;
  Value V = Pulses ? Value::error() : check(*A.Wave, R);
  auto PI = Populations.find(A.Target.Name);
  if (PI == Populations.end()) {
    auto B = Diags.report(DiagId::err_unknown_population, A.Target.Range, {A.Target.Name});
    std::string Best = closestName(A.Target.Name, PopulationOrder);
    if (!Best.empty())
      B.note(DiagId::note_did_you_mean, A.Target.Range, {Best});
    return;
  }
  PopulationInfo &Info = PI->second;
  if (A.Terminal) {
    Diags.report(
        DiagId::err_not_executable, A.Terminal->Range,
        {"applying a waveform to terminal '" + A.Terminal->Name + "'",
         "per-terminal drive (overlap STDP) needs the circuit solver, which is not built"});
    Info.Ok = false;
    return;
  }
  if (Info.Apply) {
    Diags.report(DiagId::err_apply_twice, A.Range, {A.Target.Name})
        .note(DiagId::note_previous, Info.Apply->Range, {"apply"});
    Info.Ok = false;
    return;
  }
  Info.Apply = &A;
  if (Info.Circuit) {
    Diags.report(DiagId::err_apply_circuit, A.Range, {Info.Circuit->Decl->Name.Name});
    Info.Ok = false;
    return;
  }
  if (Pulses && !checkPulses(*Pulses, Info, V)) {
    Info.Ok = false;
    return;
  }
  const DeviceTemplate *T = Info.Device;
  if (T && T->Decl->Kind == ast::DeclKind::Neuron) {
    // A neuron is driven through its input (e.g. a current).
    if (T->Inputs.empty() ||
        !expectUnit(V, T->Inputs[0].second, A.Wave->Range, DiagId::err_apply_input_unit,
                    {A.Target.Name, describe(T->Inputs.empty() ? Dim() : T->Inputs[0].second),
                     T->Inputs.empty() ? "?" : T->Inputs[0].first})) {
      Info.Ok = false;
      return;
    }
  } else if (!expectUnit(V, unitOf("V"), A.Wave->Range, DiagId::err_apply_unit, {A.Target.Name})) {
    Info.Ok = false;
    return;
  }
  Info.Voltage = V;
}

void SemaImpl::checkProbe(const ast::ProbeDecl &P) {
  ModelResolver R(*this);
  auto PI = Populations.find(P.Target.Name);
  const ast::Decl *Top = findTop(P.Target.Name);
  if (PI == Populations.end() && P.Monitor && Top && ast::isa<ast::StimulusDecl>(Top)) {
    // The spikes of a stimulus, all of its elements (LowerNetwork.cpp).
    if (P.First || P.Vars.size() != 1 || P.Vars[0].Name != "spike")
      Diags.report(DiagId::err_setting_value, P.Range,
                   {"a monitor of stimulus '" + P.Target.Name + "'", "NAME(spike)"});
    else
      StimulusMonitors.push_back(&P);
    return;
  }
  if (PI == Populations.end() && !P.Monitor && Top && ast::isa<ast::ArrayDecl>(Top)) {
    ArrayProbes.push_back(&P); // checked with the arrays (SemaArray.cpp)
    return;
  }
  if (PI == Populations.end() && !P.Monitor && Top && ast::isa<ast::ProjectionDecl>(Top)) {
    ProjectionProbes.push_back(&P); // checked with the projections (SemaNetwork.cpp)
    return;
  }
  if (PI == Populations.end()) {
    auto B = Diags.report(DiagId::err_unknown_population, P.Target.Range, {P.Target.Name});
    std::string Best = closestName(P.Target.Name, PopulationOrder);
    if (!Best.empty())
      B.note(DiagId::note_did_you_mean, P.Target.Range, {Best});
    return;
  }
  PopulationInfo &Info = PI->second;
  ProbeInfo PR{&P, P.Target.Name, 0, Info.Size, 0};
  bool Ok = true;
  auto Index = [&](const ast::ExprPtr &E) -> std::optional<int64_t> {
    Value V = check(*E, R);
    auto N = constant(V, E->Range, "a probe element index");
    if (!N)
      return std::nullopt;
    if (*N != std::floor(*N) || std::fabs(*N) > 1e15) {
      Diags.report(DiagId::err_probe_elements, E->Range,
                   {formatQuantity(*N, Dim()), P.Target.Name, std::to_string(Info.Size)});
      return std::nullopt;
    }
    return int64_t(*N);
  };
  if (P.First) {
    auto F = Index(P.First);
    auto L = P.Last ? Index(P.Last) : (F ? std::optional<int64_t>(*F + 1) : std::nullopt);
    if (!F || !L) {
      Ok = false;
    } else if (Info.Size > 0 && (*F < 0 || *L > Info.Size || *F >= *L)) {
      Diags.report(DiagId::err_probe_elements,
                   SourceRange(P.First->Range.Begin, (P.Last ? P.Last : P.First)->Range.End),
                   {"[" + std::to_string(*F) + ", " + std::to_string(*L) + ")", P.Target.Name,
                    std::to_string(Info.Size)});
      Ok = false;
    } else {
      PR.First = *F;
      PR.Count = *L - *F;
    }
  }
  if (P.Interval) {
    Value V = check(*P.Interval, R);
    auto N = constant(V, P.Interval->Range, "a probe interval");
    if (!N) {
      Ok = false;
    } else if (!(V.D == unitOf("s")) || !(*N > 0) || !std::isfinite(*N)) {
      Diags.report(DiagId::err_probe_interval, P.Interval->Range);
      Ok = false;
    } else {
      PR.Interval = *N;
    }
  }
  if (P.Monitor) {
    bool Rate = P.Vars.size() == 1 && P.Vars[0].Name == "rate";
    if (P.Interval && !Rate)
      Diags.report(DiagId::err_monitor_interval, P.Interval->Range);
    else if (Ok)
      checkMonitor(P, Info, PR.First, PR.Count, Rate ? (PR.Interval > 0 ? PR.Interval : -1) : 0);
    return;
  }
  std::map<std::string, SourceRange> Seen;
  for (const ast::Ident &V : P.Vars) {
    auto [It, New] = Seen.emplace(V.Name, V.Range);
    if (!New) {
      Diags.report(DiagId::err_duplicate_probe_variable, V.Range, {V.Name})
          .note(DiagId::note_previous, It->second, {V.Name});
      Ok = false;
      continue;
    }
    if (Info.Circuit) {
      std::vector<std::string> Names = circuitProbeNames(*Info.Circuit);
      if (std::find(Names.begin(), Names.end(), V.Name) == Names.end()) {
        auto B = Diags.report(DiagId::err_probe_circuit, V.Range,
                              {Info.Circuit->Decl->Name.Name, V.Name});
        std::string Best = closestName(V.Name, Names);
        if (!Best.empty())
          B.note(DiagId::note_did_you_mean, V.Range, {Best});
        Ok = false;
        continue;
      }
      Info.Probed.push_back({V.Name, V.Range});
      continue;
    }
    if (!Info.Device)
      continue;
    DeviceTemplate &T = *Info.Device;
    bool Known = V.Name == "v" || (V.Name == "i" && T.Law);
    std::vector<std::string> Names = {"v"};
    if (T.Law)
      Names.push_back("i");
    for (auto &S : T.States) {
      Known |= S.Decl->Name.Name == V.Name;
      Names.push_back(S.Decl->Name.Name);
    }
    for (auto &L : T.Lets) {
      Known |= L.Decl->Name.Name == V.Name;
      Names.push_back(L.Decl->Name.Name);
    }
    if (!Known) {
      auto B = Diags.report(DiagId::err_probe_variable, V.Range, {T.Decl->Name.Name, V.Name});
      std::string Best = closestName(V.Name, Names);
      if (!Best.empty())
        B.note(DiagId::note_did_you_mean, V.Range, {Best});
      Ok = false;
      continue;
    }
    Info.Probed.push_back({V.Name, V.Range});
  }
  if (Ok)
    Probes.push_back(PR);
}

void SemaImpl::checkMonitor(const ast::ProbeDecl &P, PopulationInfo &Info, int64_t First,
                            int64_t Count, double RateBin) {
  if (!Info.Device && !Info.Circuit)
    return;
  const std::vector<DeviceTemplate::Ev> &Events =
      Info.Circuit ? Info.Circuit->Spikes : Info.Device->Events;
  if (RateBin != 0) {
    // `monitor r = pop(rate) [every BIN];`: the population rate of its spikes
    // (the first spike output or event), per step without a bin.
    if (Events.empty()) {
      Diags.report(DiagId::err_monitor_event, P.Vars[0].Range,
                   {Info.Circuit ? "circuit" : Info.Device->Decl->kindName(),
                    Info.Circuit ? Info.Circuit->Decl->Name.Name : Info.Device->Decl->Name.Name,
                    "rate"});
      return;
    }
    Monitors.push_back({&P, P.Target.Name, Events[0].Name, First, Count, RateBin});
    return;
  }
  std::string Kind = Info.Circuit ? "circuit" : Info.Device->Decl->kindName();
  std::string Name = Info.Circuit ? Info.Circuit->Decl->Name.Name : Info.Device->Decl->Name.Name;
  for (const ast::Ident &V : P.Vars) {
    bool Known = false;
    std::vector<std::string> Names;
    for (const DeviceTemplate::Ev &E : Events) {
      Known |= E.Name == V.Name;
      Names.push_back(E.Name);
    }
    if (!Known) {
      auto B = Diags.report(DiagId::err_monitor_event, V.Range, {Kind, Name, V.Name});
      std::string Best = closestName(V.Name, Names);
      if (!Best.empty())
        B.note(DiagId::note_did_you_mean, V.Range, {Best});
      continue;
    }
    Monitors.push_back({&P, P.Target.Name, V.Name, First, Count, 0});
  }
}

void SemaImpl::checkExperiment(const ast::ExperimentDecl *E) {
  ModelResolver R(*this);
  std::map<std::string, SourceRange> Seen;
  for (const ast::Setting &S : E->Settings) {
    Value V = check(*S.Value, R);
    if (S.Name.Name != "duration" && S.Name.Name != "step" && S.Name.Name != "tolerance") {
      auto B = Diags.report(DiagId::err_experiment_setting, S.Name.Range, {S.Name.Name});
      std::string Best = closestName(S.Name.Name, {"duration", "step", "tolerance"});
      if (!Best.empty())
        B.note(DiagId::note_did_you_mean, S.Name.Range, {Best});
      continue;
    }
    auto [It, New] = Seen.emplace(S.Name.Name, S.Name.Range);
    if (!New) {
      Diags.report(DiagId::err_duplicate_setting, S.Name.Range, {S.Name.Name})
          .note(DiagId::note_previous, It->second, {S.Name.Name});
      continue;
    }
    auto N = constant(V, S.Value->Range, "an experiment setting");
    if (!N)
      continue;
    if (S.Name.Name == "tolerance") {
      // The relative local-error tolerance of adaptive (tr_bdf2) substeps.
      if (!V.D.isDimensionless() || !(*N >= 1e-12 && *N <= 0.1)) {
        Diags.report(DiagId::err_experiment_value, S.Value->Range,
                     {"tolerance", "a number from 1e-12 to 0.1 (no unit)"});
        continue;
      }
      M.RelTol = *N;
      continue;
    }
    bool IsStep = S.Name.Name == "step";
    if (!(V.D == unitOf("s")) || !std::isfinite(*N) || (IsStep ? !(*N > 0) : !(*N >= 0))) {
      Diags.report(
          DiagId::err_experiment_value, S.Value->Range,
          {S.Name.Name, IsStep ? "a positive time (unit s)" : "a time of zero or more (unit s)"});
      continue;
    }
    (IsStep ? M.Dt : M.TStop) = *N;
  }
  for (const char *Need : {"duration", "step"})
    if (!Seen.count(Need))
      Diags.report(DiagId::err_experiment_missing, E->Range, {Need});
}

void SemaImpl::run(const std::vector<const ast::File *> &Files) {
  for (size_t I = 0; I < Files.size(); ++I)
    collect(*Files[I], I + 1 < Files.size());
  // Components in source order, so diagnostics come in reading order.
  for (const ast::Decl *D : Order)
    if (auto *C = ast::dyn_cast<ast::ComponentDecl>(D))
      if (Devices.count(C->Name.Name) && Devices.at(C->Name.Name).Decl == C)
        checkDevice(*C);
  for (const ast::Decl *D : Order)
    if (auto *Pr = ast::dyn_cast<ast::PresetDecl>(D))
      if (findTop(Pr->Name.Name) == D)
        checkPreset(*Pr);
  for (unsigned I = 0; I < ModelParams.size(); ++I)
    checkModelParam(I);
  for (auto &[Name, W] : Waveforms)
    checkWaveform(Name);
  const ast::ExperimentDecl *Exp = nullptr;
  for (const ast::Decl *D : Order) {
    if (auto *C = ast::dyn_cast<ast::CircuitDecl>(D)) {
      if (findTop(C->Name.Name) == D)
        checkCircuit(*C);
    } else if (auto *A = ast::dyn_cast<ast::ArrayDecl>(D)) {
      if (findTop(A->Name.Name) == D)
        checkArray(*A);
    } else if (auto *P = ast::dyn_cast<ast::PopulationDecl>(D)) {
      if (Populations.count(P->Name.Name) && Populations.at(P->Name.Name).Decl == P)
        checkPopulation(*P);
    } else if (auto *Ap = ast::dyn_cast<ast::ApplyDecl>(D)) {
      checkApply(*Ap);
    } else if (auto *Pr = ast::dyn_cast<ast::ProbeDecl>(D)) {
      checkProbe(*Pr);
    } else if (auto *E = ast::dyn_cast<ast::ExperimentDecl>(D)) {
      if (Exp) {
        Diags.report(DiagId::err_second_experiment, E->Range)
            .note(DiagId::note_previous, Exp->Range, {"experiment"});
        continue;
      }
      Exp = E;
      checkExperiment(E);
      checkSweeps(*E);
    }
  }
  // Networks once every population is known: stimuli, then projections.
  for (const ast::Decl *D : Order)
    if (auto *S = ast::dyn_cast<ast::StimulusDecl>(D))
      checkStimulus(*S);
  for (const ast::Decl *D : Order)
    if (auto *Proj = ast::dyn_cast<ast::ProjectionDecl>(D))
      checkProjection(*Proj);
  for (const ast::ProbeDecl *P : ProjectionProbes)
    checkProjectionProbe(*P);
  for (const ast::ProbeDecl *P : ArrayProbes)
    checkArrayProbe(*P);
  if (!Exp)
    Diags.report(DiagId::err_no_experiment, SourceLoc{Files.back()->FileId, 1, 1});
  if (Diags.hasErrors())
    return;
  for (auto &[Name, Info] : Populations)
    if (!Info.Apply && !Info.Circuit && !Projected.count(Name) &&
        !(Info.Device && Info.Device->Decl->Kind == ast::DeclKind::Neuron &&
          Info.Device->Inputs.empty()))
      Diags.report(DiagId::warn_no_stimulus, Info.Decl->Name.Range, {Name});
  // Programming, updates and solves write their own tables.
  bool ArrayOutput = std::any_of(Arrays.begin(), Arrays.end(), [](const ArrayInfo &A) {
    return A.Program || A.Update || A.Solve;
  });
  if (Probes.empty() && Monitors.empty() && StimulusMonitors.empty() && ProjectionProbes.empty() &&
      ArrayProbes.empty() && !ArrayOutput)
    Diags.report(DiagId::warn_no_probe, SourceLoc{Files.back()->FileId, 1, 1});
  for (auto &P : ModelParams)
    if (!P.Used)
      Diags.report(DiagId::warn_unused_param, P.Decl->Var.Name.Range, {P.Decl->Var.Name.Name});
  // States that no equation reads and no probe records.
  for (const ast::Decl *D : Order) {
    auto *C = ast::dyn_cast<ast::ComponentDecl>(D);
    if (!C || C->Kind != ast::DeclKind::Device || !Devices.count(C->Name.Name))
      continue;
    for (auto &S : Devices.at(C->Name.Name).States) {
      bool Probed = false;
      for (auto &[PName, Info] : Populations)
        if (Info.Device && Info.Device->Decl == C)
          for (auto &[Var, R] : Info.Probed)
            Probed |= Var == S.Decl->Name.Name;
      if (!S.Used && !Probed && S.Deriv)
        Diags.report(DiagId::warn_unused_state, S.Decl->Name.Range, {S.Decl->Name.Name});
    }
  }
  for (auto &[Name, T] : Devices)
    if (!T.Ok)
      return;
  if (ObserveAll) // the REPL prints any of them
    for (auto &[Name, Info] : Populations) {
      std::vector<std::string> Names;
      if (Info.Circuit)
        Names = circuitProbeNames(*Info.Circuit);
      else if (Info.Device) {
        Names.push_back("v");
        if (Info.Device->Law)
          Names.push_back("i");
        for (auto &L : Info.Device->Lets)
          Names.push_back(L.Decl->Name.Name);
      }
      for (const std::string &V : Names)
        Info.Probed.push_back({V, Info.Decl->Name.Range});
    }
  instantiate();
  if (!Diags.hasErrors())
    lowerNetwork();
  if (!Diags.hasErrors())
    lowerArrays();
  if (!Diags.hasErrors())
    lowerArrayProjections();
}

std::unique_ptr<ir::Module> analyze(const std::vector<const ast::File *> &Files, DiagEngine &Diags,
                                    const std::string &ModelName, bool ObserveAll) {
  auto M = std::make_unique<ir::Module>();
  M->Name = ModelName;
  M->Source = Files.back()->Path;
  SemaImpl S(Diags, *M);
  S.ObserveAll = ObserveAll;
  S.run(Files);
  if (Diags.hasErrors())
    return nullptr;
  return M;
}

std::unique_ptr<ir::Module> analyze(const ast::File &F, DiagEngine &Diags,
                                    const std::string &ModelName) {
  return analyze(std::vector<const ast::File *>{&F}, Diags, ModelName);
}

} // namespace nmc
