//===- SemaArrayProjection.cpp - Projections through crossbar arrays ------===//
//
// `projection P = SOURCE -> TARGET through ARRAY { on pre { STATE += i *
// SCALE; } }`: the array's cells are the weights. Each step, the rows of
// the source elements that spiked are read at the array's read voltage,
// and column j's current `i` (amperes, through the array's wires, cells
// and periphery), times SCALE, is added to STATE of target element j. The
// source has one element per row, the target one per column; connectivity,
// weights, delays and rules belong to ordinary projections and are refused
// here by name.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

namespace nmc {

void SemaImpl::checkArrayProjection(const ast::ProjectionDecl &P, int64_t NPre, int64_t NPost,
                                    DeviceTemplate *Dest, bool FromStimulus) {
  const std::string &Name = P.Name.Name, &ArrayName = P.Via->Name;
  size_t Index = Arrays.size();
  for (size_t I = 0; I < Arrays.size(); ++I)
    if (Arrays[I].Decl->Name.Name == ArrayName)
      Index = I;
  if (Index == Arrays.size())
    return; // the array was refused
  const ArrayInfo &A = Arrays[Index];
  bool Ok = true;
  auto Size = [&](const ast::Ident &End, const char *What, int64_t Want, const char *Per,
                  int64_t Have) {
    if (Want == Have)
      return;
    Diags.report(DiagId::err_array_projection_size, End.Range,
                 {Name, ArrayName, What, std::to_string(Want), Per, std::to_string(Have)});
    Ok = false;
  };
  Size(P.Source, "a source", A.Rows, "row", NPre);
  Size(P.Dest, "a target", A.Cols, "column", NPost);
  if (!Dest) {
    Diags.report(DiagId::err_not_executable, P.Dest.Range,
                 {"projection '" + Name + "' through array '" + ArrayName + "' into a circuit",
                  "array projections feed populations of neurons and devices"});
    Ok = false;
  }
  auto Refuse = [&](const ast::Ident &What, const std::string &Why) {
    Diags.report(DiagId::err_array_projection_setting, What.Range,
                 {Name, ArrayName, What.Name, Why});
    Ok = false;
  };
  const std::string Cells = "the array's cells are its weights";
  std::optional<ir::ArrayProjection::PulseStdp> Learn;
  for (const ast::Setting &S : P.Settings) {
    if (S.Name.Name == "learn") {
      Learn = checkPulseStdp(*S.Value);
      Ok &= bool(Learn);
      continue;
    }
    Refuse(S.Name, S.Name.Name == "delay" ? "a read acts in the step of its spikes" : Cells);
  }
  if (Learn && Dest && (Dest->Decl->Kind != ast::DeclKind::Neuron || Dest->Events.empty())) {
    Diags.report(DiagId::err_wrong_entity, P.Dest.Range,
                 {P.Dest.Name, "population without spikes",
                  "population of a neuron (a learning projection acts on its spikes)"});
    Ok = false;
  }
  if (Learn && A.Kind != ArrayInfo::Cells::FromDevice) {
    Diags.report(DiagId::err_setting_value, P.Name.Range,
                 {"learn", "on an array of device cells (cells with 'conductance = ...' are "
                           "fixed)"});
    Ok = false;
  }
  for (const ast::Override &O : P.Overrides)
    Refuse(O.Name, Cells);
  if (P.Rule)
    Refuse(*P.Rule, "rules that program crossbar cells are not built yet");
  if (!Ok)
    return;
  ArrayProjectionInfo Info;
  Info.Decl = &P;
  Info.Array = Index;
  if (P.Events.empty()) {
    Diags.report(DiagId::err_missing_part, P.Name.Range,
                 {"projection", Name, "'on pre { STATE += i * SCALE; }' (what a read does)"});
    return;
  }
  for (const ast::EventDecl &E : P.Events) {
    if (!checkPreTrigger(E)) {
      Ok = false;
      continue;
    }
    for (const ast::Stmt &S : E.Body) {
      int State = -1;
      for (unsigned K = 0; K < Dest->States.size(); ++K)
        if (Dest->States[K].Decl->Name.Name == S.Target.Name)
          State = int(K);
      if (State < 0) {
        Diags.report(DiagId::err_event_target, S.Target.Range,
                     {S.Target.Name, "a state of " + std::string(Dest->Decl->kindName()) + " '" +
                                         Dest->Decl->Name.Name + "'"});
        Ok = false;
        continue;
      }
      ScaleSymbol = "i";
      auto Scale = weightScale(*S.Value);
      ScaleSymbol = "w";
      if ((S.Op != "+=" && S.Op != "-=") || !Scale) {
        Diags.report(DiagId::err_array_projection_statement, S.Range);
        Ok = false;
        continue;
      }
      Dim Unit = Dest->States[unsigned(State)].Init.D;
      Dim Adds = unitOf("A") * Scale->second;
      if (!(Adds == Unit)) {
        Diags.report(DiagId::err_projection_unit, S.Range,
                     {S.Target.Name, describe(Unit), describe(Adds)});
        Ok = false;
        continue;
      }
      Dest->States[unsigned(State)].Used = true;
      Info.Targets.push_back({unsigned(State), S.Op == "-=" ? -Scale->first : Scale->first});
    }
  }
  if (!Ok)
    return;
  if (!FromStimulus)
    SpikeSources.insert(P.Source.Name);
  if (Learn)
    SpikeSources.insert(P.Dest.Name);
  Info.Learn = Learn;
  Projected.insert(P.Dest.Name);
  ArrayProjectionInfos.push_back(std::move(Info));
}

/// `learn = pulse_stdp(window = T, set_voltage = V, reset_voltage = V,
/// width = T, until = T)` or `winner_pulses(...)` with the same arguments.
std::optional<ir::ArrayProjection::PulseStdp> SemaImpl::checkPulseStdp(const ast::Expr &E) {
  ir::ArrayProjection::PulseStdp L;
  auto *Call = ast::dyn_cast<ast::CallExpr>(&E);
  if (Call && Call->Callee == "winner_pulses")
    L.Mode = ir::ArrayProjection::PulseStdp::Winner;
  auto Positive = [](double X) { return X > 0; };
  if (!checkPulseCall(
          E, "learn",
          L.Mode == ir::ArrayProjection::PulseStdp::Winner ? "winner_pulses" : "pulse_stdp",
          "pulse_stdp(window = T, set_voltage = V, reset_voltage = V, width = T, until = T) or "
          "winner_pulses(the same arguments)",
          {{"window", "s", "a time above 0 s", Positive, &L.Window, true},
           {"set_voltage", "V", "a voltage above 0 V", Positive, &L.Set, true},
           {"reset_voltage", "V", "a voltage below 0 V", [](double X) { return X < 0; }, &L.Reset,
            true},
           {"width", "s", "a time above 0 s", Positive, &L.Width, true},
           {"until", "s", "a time above 0 s", Positive, &L.Until, false}},
          nullptr))
    return std::nullopt;
  return L;
}

} // namespace nmc
