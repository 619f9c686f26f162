//===- SemaArray.cpp - Checks crossbar arrays and their probes ------------===//
//
// `array NAME = DEVICE[rows, cols] { settings }` becomes an ArrayInfo: a
// crossbar read once per input vector, with its wires solved exactly by
// the runtime (runtime/lib/Crossbar.cpp). Its cells are the device itself,
// one instance per cell with its own states (so that programming pulses act
// through the device's dynamics, and a non-linear I-V is solved by Newton),
// or fixed conductances with `conductance = ...`. What the runtime cannot
// do yet (transistors in cells, gated devices, arrays in sweeps) is
// refused with its name.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

#include <cmath>

namespace nmc {

void SemaImpl::checkArray(const ast::ArrayDecl &A) {
  bool Ok = true;
  ArrayInfo Info;
  Info.Decl = &A;
  auto DI = Devices.find(A.Device.Name);
  if (DI == Devices.end() || DI->second.Decl->Kind != ast::DeclKind::Device) {
    Diags.report(DiagId::err_unknown_device, A.Device.Range, {A.Device.Name});
    Ok = false;
  }
  EmptyScope Empty;
  int64_t *Size[2] = {&Info.Rows, &Info.Cols};
  for (int K = 0; K < 2; ++K) {
    const ast::ExprPtr &E = K == 0 ? A.Rows : A.Cols;
    Value V = check(*E, Empty);
    auto N = constant(V, E->Range, "an array size");
    if (N && !(*N >= 1 && *N <= 1e6 && *N == std::floor(*N) && V.D.isDimensionless())) {
      Diags.report(DiagId::err_setting_value, E->Range, {"size", "a whole number from 1 to 1e6"});
      Ok = false;
    }
    Ok &= bool(N);
    *Size[K] = N ? int64_t(*N) : 0;
  }
  static const std::map<std::string, std::string> Units = {{"wire_resistance", "ohm"},
                                                           {"read_voltage", "V"},
                                                           {"gate_voltage", "V"},
                                                           {"program_gate_voltage", "V"},
                                                           {"off_gate_voltage", "V"},
                                                           {"read_width", "s"},
                                                           {"dac_energy", "J"},
                                                           {"adc_energy", "J"},
                                                           {"driver_resistance", "ohm"},
                                                           {"sense_resistance", "ohm"},
                                                           {"dac_bits", "1"},
                                                           {"dac_range", "1"},
                                                           {"adc_bits", "1"},
                                                           {"adc_range", "A"},
                                                           {"tile", "1"},
                                                           {"sparsity", "1"}};
  // Settings whose values are calls or files, each checked on its own.
  using Checker = bool (SemaImpl::*)(const ast::Expr &, ArrayInfo &);
  static const std::map<std::string, Checker> Checkers = {
      {"conductance", &SemaImpl::checkArrayConductance},
      {"drive", &SemaImpl::checkArrayDrive},
      {"inputs", &SemaImpl::checkArrayInput},
      {"program", &SemaImpl::checkWriteVerify},
      {"solve", &SemaImpl::checkFeedbackSolve},
      {"transistor", &SemaImpl::checkArrayTransistor},
      {"update", &SemaImpl::checkOuterProduct}};
  // Accepted by the language, not run yet: refused by name.
  static const std::map<std::string, std::string> Unbuilt = {};
  std::map<std::string, SourceRange> Seen;
  std::map<std::string, double> Values;
  for (const ast::Setting &S : A.Settings) {
    auto [It, New] = Seen.emplace(S.Name.Name, S.Name.Range);
    if (!New) {
      Diags.report(DiagId::err_duplicate_setting, S.Name.Range, {S.Name.Name})
          .note(DiagId::note_previous, It->second, {S.Name.Name});
      Ok = false;
      continue;
    }
    if (S.Name.Name == "cell") {
      auto *Str = ast::dyn_cast<ast::StringExpr>(S.Value.get());
      if (!Str || (Str->Value != "1R" && Str->Value != "1T1R" && Str->Value != "1S1R" &&
                   Str->Value != "2T1R")) {
        Diags.report(DiagId::err_setting_value, S.Value->Range,
                     {"cell", "one of \"1R\", \"1T1R\", \"1S1R\", \"2T1R\""});
        Ok = false;
      }
      Info.CellType = Str ? Str->Value : "1R";
      continue;
    }
    if (S.Name.Name == "read") {
      auto *Str = ast::dyn_cast<ast::StringExpr>(S.Value.get());
      if (!Str || (Str->Value != "forward" && Str->Value != "transposed")) {
        Diags.report(DiagId::err_setting_value, S.Value->Range,
                     {"read", "\"forward\" (inputs drive the rows) or \"transposed\" (inputs "
                              "drive the columns, the rows are sensed)"});
        Ok = false;
      }
      Info.Transposed = Str && Str->Value == "transposed";
      continue;
    }
    if (S.Name.Name == "selector") {
      auto *N = ast::dyn_cast<ast::NameExpr>(S.Value.get());
      auto SI = N ? Devices.find(N->Name) : Devices.end();
      if (SI == Devices.end() || SI->second.Decl->Kind != ast::DeclKind::Device) {
        Diags.report(DiagId::err_setting_value, S.Value->Range,
                     {"selector", "the name of a device"});
        Ok = false;
        continue;
      }
      Info.Selector = &SI->second;
      continue;
    } else if (S.Name.Name == "differential") {
      Value V = check(*S.Value, Empty);
      if (!V.ok() || V.K != Value::Bool || !V.E->isConst()) {
        Diags.report(DiagId::err_setting_value, S.Value->Range, {"differential", "true or false"});
        Ok = false;
      }
      Info.Differential = V.ok() && V.E->isConst() && V.E->value() != 0;
      continue;
    } else if (auto Ch = Checkers.find(S.Name.Name); Ch != Checkers.end()) {
      Ok &= (this->*Ch->second)(*S.Value, Info);
      continue;
    } else if (auto U = Units.find(S.Name.Name); U == Units.end()) {
      // Every setting by name: those checked above, then the quantities.
      std::vector<std::string> Names = {"cell", "read", "selector", "differential"};
      for (auto &[K, _] : Checkers)
        Names.push_back(K);
      for (auto &[K, _] : Units)
        Names.push_back(K);
      std::string List;
      for (const std::string &N : Names)
        List += (List.empty() ? "" : ", ") + N;
      auto B =
          Diags.report(DiagId::err_unknown_setting, S.Name.Range, {"array", S.Name.Name, List});
      std::string Best = closestName(S.Name.Name, Names);
      if (!Best.empty())
        B.note(DiagId::note_did_you_mean, S.Name.Range, {Best});
      Ok = false;
      continue;
    } else {
      Value V = check(*S.Value, Empty);
      Dim Want = U->second == "1" ? Dim() : unitOf(U->second.c_str());
      bool Good = expectUnit(V, Want, S.Value->Range, DiagId::err_arg_unit,
                             {S.Name.Name, "array", describe(Want)});
      auto X = Good ? constant(V, S.Value->Range, "an array setting") : std::nullopt;
      if (!X) {
        Ok = false;
        continue;
      }
      // Gate voltages may be negative (an unselected word line held below
      // the columns' drive keeps its transistors off).
      bool Signed = S.Name.Name.find("gate_voltage") != std::string::npos;
      if (!Unbuilt.count(S.Name.Name) && !((Signed || *X >= 0) && std::isfinite(*X))) {
        Diags.report(DiagId::err_setting_value, S.Value->Range,
                     {S.Name.Name, "a finite value >= 0"});
        Ok = false;
        continue;
      }
      Values[S.Name.Name] = *X;
    }
    if (auto U = Unbuilt.find(S.Name.Name); U != Unbuilt.end()) {
      Diags.report(DiagId::err_not_executable, S.Name.Range,
                   {"'" + S.Name.Name + "' of array '" + A.Name.Name + "'",
                    "arrays do not have " + U->second + " yet"});
      Ok = false;
    }
  }
  if (!Ok)
    return;
  Info.RowSegment = Info.ColSegment = Values["wire_resistance"];
  Info.Driver = Values["driver_resistance"];
  Info.Sense = Values["sense_resistance"];
  Info.ReadVoltage = Values["read_voltage"];
  Info.ReadWidth = Values["read_width"];
  Info.DacEnergy = Values["dac_energy"], Info.AdcEnergy = Values["adc_energy"];
  Info.Sparsity = Values["sparsity"];
  for (const char *Bits : {"dac_bits", "adc_bits"})
    if (Values.count(Bits) &&
        !(Values[Bits] >= 2 && Values[Bits] <= 24 && Values[Bits] == std::floor(Values[Bits]))) {
      Diags.report(DiagId::err_setting_value, Seen[Bits], {Bits, "a whole number from 2 to 24"});
      return;
    }
  Info.DacBits = Values.count("dac_bits") ? int(Values["dac_bits"]) : 0;
  Info.AdcBits = Values.count("adc_bits") ? int(Values["adc_bits"]) : 0;
  Info.DacRange = Values.count("dac_range") ? Values["dac_range"] : 1;
  Info.AdcRange = Values["adc_range"];
  if (!(Info.DacRange > 0)) {
    Diags.report(DiagId::err_setting_value, Seen["dac_range"],
                 {"dac_range", "above 0 (the largest input, in units of the read voltage)"});
    return;
  }
  for (const char *Energy : {"dac_energy", "adc_energy"})
    if (Seen.count(Energy) && !Seen.count(Energy[0] == 'd' ? "dac_bits" : "adc_bits")) {
      Diags.report(DiagId::err_missing_part, A.Name.Range,
                   {"array", A.Name.Name,
                    std::string("'") + (Energy[0] == 'd' ? "dac_bits" : "adc_bits") +
                        " = ...' with '" + Energy + "' (the converters whose energy it counts)"});
      return;
    }
  if (Info.AdcBits && !(Info.AdcRange > 0)) {
    Diags.report(DiagId::err_missing_part, A.Name.Range,
                 {"array", A.Name.Name,
                  "'adc_range = ...' (the largest column current the ADC converts) with "
                  "'adc_bits'"});
    return;
  }
  if (Values.count("tile")) {
    double T = Values["tile"];
    if (!(T >= 1 && T == std::floor(T) && T <= 1e6)) {
      Diags.report(DiagId::err_setting_value, Seen["tile"],
                   {"tile", "a whole number of rows and columns per tile, from 1"});
      return;
    }
    Info.Tile = int64_t(T);
    if (Info.Differential && Info.Tile % 2) {
      Diags.report(DiagId::err_setting_value, Seen["tile"],
                   {"tile", "even in a differential array (a tile holds whole pairs of columns)"});
      return;
    }
  }
  const int64_t Physical = Info.Cols * (Info.Differential ? 2 : 1);
  if (Info.Sparsity > 1) {
    Diags.report(DiagId::err_setting_value, Seen["sparsity"],
                 {"sparsity", "a probability from 0 to 1 (the share of cells that are off)"});
    return;
  }
  if (Info.RowSegment == 0 && (Info.Driver > 0 || Info.Sense > 0)) {
    Diags.report(DiagId::err_missing_part, A.Name.Range,
                 {"array", A.Name.Name,
                  "'wire_resistance = ...' above 0 ohm where a driver or sense resistance is "
                  "set (with no wires the array is ideal)"});
    return;
  }
  if (!Info.Drive.empty() && !Seen.count("read_voltage"))
    Info.ReadVoltage = 1; // a driven array's rows follow volts; only `g` reads at it
  if (!(Info.ReadVoltage > 0)) {
    Diags.report(DiagId::err_missing_part, A.Name.Range,
                 {"array", A.Name.Name, "'read_voltage = ...' (a voltage above 0 V)"});
    return;
  }
  auto TwoTerminal = [&](const DeviceTemplate &T, SourceRange At, const std::string &What) {
    if (!T.Compliance && T.Branches.empty() && T.Current.ok())
      return true;
    Diags.report(DiagId::err_not_executable, At,
                 {What, "an array's cells are two-terminal devices without a compliance (a 1T1R "
                        "or 2T1R cell's transistor is 'transistor = nmos(...)'); gated devices "
                        "are not built yet"});
    return false;
  };
  if (Info.Kind == ArrayInfo::Cells::FromDevice) {
    DeviceTemplate &T = DI->second;
    if (!TwoTerminal(T, A.Device.Range, "cells of device '" + A.Device.Name + "'"))
      return;
    Info.Device = &T;
  }
  if ((Info.CellType == "1S1R") != (Info.Selector != nullptr)) {
    Diags.report(DiagId::err_missing_part, A.Name.Range,
                 {"array", A.Name.Name,
                  Info.Selector ? "'cell = \"1S1R\"' with a selector"
                                : "'selector = DEVICE' in its 1S1R cells"});
    return;
  }
  const bool Gated = Info.CellType == "1T1R" || Info.CellType == "2T1R";
  if (Gated != (Info.Transistor.has_value() && Seen.count("gate_voltage"))) {
    Diags.report(DiagId::err_missing_part, A.Name.Range,
                 {"array", A.Name.Name,
                  Gated ? "'transistor = nmos(beta = ..., V_th = ...)' and 'gate_voltage = ...' "
                          "in its " +
                              Info.CellType + " cells"
                        : "'cell = \"1T1R\"' or '\"2T1R\"' with a transistor and a gate voltage"});
    return;
  }
  for (const char *Gate : {"program_gate_voltage", "off_gate_voltage"})
    if (Seen.count(Gate) && !Info.Transistor) {
      Diags.report(DiagId::err_missing_part, A.Name.Range,
                   {"array", A.Name.Name,
                    std::string("'cell = \"1T1R\"' or '\"2T1R\"' with a transistor where '") +
                        Gate + "' is set"});
      return;
    }
  if (Info.Transistor) {
    Info.Transistor->Gate = Values["gate_voltage"];
    Info.Transistor->ProgramGate =
        Seen.count("program_gate_voltage") ? Values["program_gate_voltage"] : Info.Transistor->Gate;
    Info.Transistor->OffGate = Values["off_gate_voltage"];
    Info.Transistor->Fire = Info.CellType == "2T1R";
    if (Info.Kind != ArrayInfo::Cells::FromDevice || Info.Transposed) {
      Diags.report(DiagId::err_setting_value, Seen["transistor"],
                   {"transistor", "in series with cells of a device, read forward (a " +
                                      Info.CellType +
                                      " array's transistors have their sources on the columns)"});
      return;
    }
  }
  if (Info.Selector) {
    if (!TwoTerminal(*Info.Selector, Seen["selector"],
                     "selector '" + Info.Selector->Decl->Name.Name + "'"))
      return;
    if (Info.Kind != ArrayInfo::Cells::FromDevice) {
      Diags.report(DiagId::err_setting_value, Seen["selector"],
                   {"selector", "in series with cells of a device; cells with 'conductance = "
                                "...' are fixed conductors"});
      return;
    }
  }
  for (const char *What : {"program", "update"}) {
    if (!Seen.count(What))
      continue;
    if (Info.Kind != ArrayInfo::Cells::FromDevice) {
      Diags.report(DiagId::err_setting_value, Seen[What],
                   {What, "pulses on cells of a device; cells with 'conductance = ...' are "
                          "fixed"});
      return;
    }
  }
  if (Info.Program && int64_t(Info.Program->Targets.size()) != Info.Rows * Physical) {
    Diags.report(DiagId::err_setting_value, Seen["program"],
                 {"program", "write_verify(file(...)) with " + std::to_string(Info.Rows) +
                                 " lines of " + std::to_string(Physical) +
                                 " target conductances, not " +
                                 std::to_string(Info.Program->Targets.size()) + " values"});
    return;
  }
  if (Info.Kind == ArrayInfo::Cells::Data && int64_t(Info.Data.size()) != Info.Rows * Physical) {
    Diags.report(DiagId::err_data_file, Info.DataFile->Range,
                 {Info.DataFile->Value, "holds " + std::to_string(Info.Data.size()) +
                                            " conductances for " + std::to_string(Info.Rows) +
                                            " x " + std::to_string(Physical) + " cells"});
    return;
  }
  const int64_t Driven = Info.Transposed ? Info.Cols : Info.Rows;
  if (!Info.Inputs.empty() && Info.InputWidth != Driven) {
    Diags.report(
        DiagId::err_data_file, Info.InputFile->Range,
        {Info.InputFile->Value, "has lines of " + std::to_string(Info.InputWidth) + " inputs for " +
                                    std::to_string(Driven) +
                                    (Info.Transposed ? " columns (a transposed read)" : " rows")});
    return;
  }
  if (Info.Solve && !checkSolveFits(Info, Seen["solve"]))
    return;
  if (!Info.Drive.empty()) {
    // A driven array runs with the clock; reads of fixed vectors do not.
    for (const char *Other : {"inputs", "solve", "read", "dac_bits", "read_width"})
      if (Seen.count(Other)) {
        Diags.report(
            DiagId::err_setting_value, Seen[Other],
            {Other, std::string("absent from an array with 'drive' (") +
                        (std::string(Other) == "dac_bits" ? "its rows follow analog waveforms"
                         : std::string(Other) == "read_width"
                             ? "its energy is the drivers' power over each step"
                             : "it is solved at every step of the run, its rows "
                               "driven by the waveforms") +
                        ")"});
        return;
      }
    if (int64_t(Info.Drive.size()) != Info.Rows) {
      Diags.report(DiagId::err_setting_value, Seen["drive"],
                   {"drive", "one waveform for every row, or rows(...) with " +
                                 std::to_string(Info.Rows) + " waveforms, not " +
                                 std::to_string(Info.Drive.size())});
      return;
    }
  }
  if (Info.Inputs.empty() && Info.Drive.empty())
    Info.Inputs.assign(size_t(Driven), 1.0); // one read, every line at the read voltage
  Arrays.push_back(std::move(Info));
}

/// `conductance = VALUE | normal(mean, sigma) | uniform(lo, hi) |
/// file("g.csv")` (N lines of M values in siemens).
bool SemaImpl::checkArrayConductance(const ast::Expr &E, ArrayInfo &Info) {
  auto *Call = ast::dyn_cast<ast::CallExpr>(&E);
  if (Call && Call->Callee == "file") {
    auto *Str = Call->Args.size() == 1 ? ast::dyn_cast<ast::StringExpr>(Call->Args[0].Value.get())
                                       : nullptr;
    if (!Str) {
      Diags.report(DiagId::err_setting_value, E.Range, {"conductance", "file(\"g.csv\")"});
      return false;
    }
    auto G = readMatrix(*Str, DiagId::err_data_file, "conductances in siemens", true);
    if (!G)
      return false;
    Info.Data = std::move(G->Values);
    Info.Kind = ArrayInfo::Cells::Data;
    Info.DataFile = Str;
    return true;
  }
  auto V = checkSynapseValue(E, "conductance", unitOf("S"), 0);
  if (!V)
    return false;
  // A value, or mean + sigma * normal, or lo + (hi - lo) * uniform.
  const ir::Expr *X = V->E;
  auto Num = [&](const ir::Expr *N) -> std::optional<double> {
    if (N->isConst())
      return N->value();
    Diags.report(DiagId::err_not_constant, E.Range, {"an array's conductance"});
    return std::nullopt;
  };
  if (X->kind() == ir::ExprKind::Binary && X->binaryOp() == ir::BinaryOp::Add &&
      X->operand(1)->kind() == ir::ExprKind::Binary) {
    const ir::Expr *Mul = X->operand(1);
    const ir::Expr *Draw = Mul->operand(1), *Scale = Mul->operand(0);
    bool Normal =
        Draw->kind() == ir::ExprKind::Random && Draw->randomDist() == ir::RandomDist::Normal;
    if (Scale->kind() == ir::ExprKind::Binary) // uniform: (hi - lo) * u
      Scale = C.sub(Scale->operand(0), Scale->operand(1));
    auto A0 = Num(X->operand(0)), B0 = Num(Normal ? Mul->operand(0) : Scale);
    if (!A0 || !B0)
      return false;
    Info.Kind = Normal ? ArrayInfo::Cells::Normal : ArrayInfo::Cells::UniformDraw;
    Info.A = *A0;
    Info.B = Normal ? *B0 : *A0 + *B0;
    return true;
  }
  auto G = Num(X);
  if (!G)
    return false;
  Info.Kind = ArrayInfo::Cells::Value;
  Info.A = *G;
  return true;
}

/// `inputs = file("x.csv")`: one read per line, a value per row, in units
/// of the read voltage.
bool SemaImpl::checkArrayInput(const ast::Expr &E, ArrayInfo &Info) {
  auto *Call = ast::dyn_cast<ast::CallExpr>(&E);
  auto *Str = Call && Call->Callee == "file" && Call->Args.size() == 1
                  ? ast::dyn_cast<ast::StringExpr>(Call->Args[0].Value.get())
                  : nullptr;
  if (!Str) {
    Diags.report(DiagId::err_setting_value, E.Range, {"inputs", "file(\"inputs.csv\")"});
    return false;
  }
  auto X = readMatrix(*Str, DiagId::err_data_file, "finite inputs", false);
  if (!X)
    return false;
  Info.Inputs = std::move(X->Values);
  Info.InputWidth = X->Width;
  Info.InputFile = Str;
  return true;
}

/// `drive = W` (every row) or `drive = rows(W0, ..., W_{N-1})`: each row's
/// voltage, a model-scope expression of time in volts.
bool SemaImpl::checkArrayDrive(const ast::Expr &E, ArrayInfo &Info) {
  auto *Call = ast::dyn_cast<ast::CallExpr>(&E);
  std::vector<const ast::Expr *> Rows;
  if (Call && Call->Callee == "rows") {
    for (const ast::CallArg &A : Call->Args) {
      if (!A.Name.empty()) {
        Diags.report(DiagId::err_setting_value, A.Value->Range,
                     {"drive", "rows(W0, W1, ...): one waveform per row, without names"});
        return false;
      }
      Rows.push_back(A.Value.get());
    }
  } else {
    Rows.push_back(&E);
  }
  bool Ok = true;
  std::vector<const ir::Expr *> Out;
  for (const ast::Expr *R : Rows) {
    Value V = checkModelExpr(*R);
    if (!expectUnit(V, unitOf("V"), R->Range, DiagId::err_arg_unit,
                    {"drive", "array", describe(unitOf("V"))})) {
      Ok = false;
      continue;
    }
    Out.push_back(V.E);
  }
  if (!Ok)
    return false;
  if (Rows.size() == 1 && !(Call && Call->Callee == "rows"))
    Out.assign(size_t(Info.Rows), Out[0]);
  Info.Drive = std::move(Out);
  return true;
}

/// `transistor = nmos(beta = B, V_th = V, n = N)`: a 1T1R cell's access
/// transistor (EKV, as the circuits' nmos; n defaults to 1.3).
bool SemaImpl::checkArrayTransistor(const ast::Expr &E, ArrayInfo &Info) {
  auto *Call = ast::dyn_cast<ast::CallExpr>(&E);
  const char *Want = "nmos(beta = ..., V_th = ..., n = ...): beta above 0 A/V^2, n above 0";
  if (!Call || Call->Callee != "nmos") {
    Diags.report(DiagId::err_setting_value, E.Range, {"transistor", Want});
    return false;
  }
  ir::Array::Access T;
  bool HasBeta = false, HasVth = false;
  EmptyScope Empty;
  for (const ast::CallArg &A : Call->Args) {
    const char *Unit = A.Name == "beta" ? "A/V^2" : A.Name == "V_th" ? "V" : "1";
    if (A.Name != "beta" && A.Name != "V_th" && A.Name != "n") {
      Diags.report(DiagId::err_setting_value, A.Value->Range, {"transistor", Want});
      return false;
    }
    Value V = check(*A.Value, Empty);
    Dim D = std::string(Unit) == "1" ? Dim() : unitOf(Unit);
    if (!expectUnit(V, D, A.Value->Range, DiagId::err_arg_unit, {A.Name, "nmos", describe(D)}))
      return false;
    auto X = constant(V, A.Value->Range, "a transistor parameter");
    if (!X)
      return false;
    (A.Name == "beta" ? T.Beta : A.Name == "V_th" ? T.Vth : T.N) = *X;
    HasBeta |= A.Name == "beta", HasVth |= A.Name == "V_th";
  }
  if (!HasBeta || !HasVth || !(T.Beta > 0) || !(T.N > 0)) {
    Diags.report(DiagId::err_setting_value, E.Range, {"transistor", Want});
    return false;
  }
  Info.Transistor = T;
  return true;
}

/// `probe NAME = ARRAY(i, ideal, drop, v, power, wire_power, g)`: per
/// read, the column currents, the ideal ones (no wires), the worst drop of
/// a cell's voltage below its row's input, every cell's voltage, the power
/// the drivers deliver, the part the wires take, every cell's i / v at the
/// read voltage.
void SemaImpl::checkArrayProbe(const ast::ProbeDecl &P) {
  ArrayInfo *Info = nullptr;
  for (ArrayInfo &A : Arrays)
    if (A.Decl->Name.Name == P.Target.Name)
      Info = &A;
  if (!Info)
    return; // the array was refused
  if (P.First || (P.Interval && Info->Drive.empty())) {
    Diags.report(DiagId::err_setting_value, P.Range,
                 {"a probe of array '" + P.Target.Name + "'",
                  Info->Drive.empty()
                      ? "NAME(i, ideal, drop, v): one row per read, of the whole array"
                      : "NAME(i, ...) [every T]: of the whole array"});
    return;
  }
  double Interval = 0;
  if (P.Interval) {
    EmptyScope Empty;
    Value V = check(*P.Interval, Empty);
    auto N = constant(V, P.Interval->Range, "a probe interval");
    if (!N)
      return;
    if (!(V.D == unitOf("s")) || !(*N > 0) || !std::isfinite(*N)) {
      Diags.report(DiagId::err_probe_interval, P.Interval->Range);
      return;
    }
    Interval = *N;
  }
  std::vector<std::string> Vars;
  for (const auto &V : P.Vars) {
    if (V.Name != "i" && V.Name != "ideal" && V.Name != "drop" && V.Name != "v" &&
        V.Name != "power" && V.Name != "wire_power" && V.Name != "g") {
      Diags.report(DiagId::err_setting_value, V.Range,
                   {"a variable of array '" + P.Target.Name + "'",
                    "i (column currents), ideal (without wires), drop (the worst cell's), v "
                    "(every cell's voltage), power (from the drivers), wire_power (lost in "
                    "the wires) or g (every cell's i / v at the read voltage)"});
      return;
    }
    Vars.push_back(V.Name);
  }
  Info->Probes.push_back({P.Name.Name, Vars, Interval});
}

} // namespace nmc
