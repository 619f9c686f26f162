//===- SemaArrayPulses.cpp - Checks the programming of crossbar arrays ----===//
//
// `program = write_verify(...)` and `update = outer_product(...)`: pulses
// on an array's device cells before its reads (runtime/lib/ArrayProgram.h
// says exactly what they do). Both take a file (targets, or the vectors of
// the updates) and named constant arguments with units.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace nmc {

bool SemaImpl::checkPulseCall(const ast::Expr &E, const char *Setting, const char *Callee,
                              const char *Shape, std::vector<PulseArg> Args,
                              const std::function<bool(const ast::StringExpr &)> &Read) {
  auto *Call = ast::dyn_cast<ast::CallExpr>(&E);
  if (!Call || Call->Callee != Callee) {
    Diags.report(DiagId::err_setting_value, E.Range, {Setting, Shape});
    return false;
  }
  std::set<std::string> Have;
  EmptyScope Empty;
  for (size_t K = 0; K < Call->Args.size(); ++K) {
    const ast::CallArg &Arg = Call->Args[K];
    std::string Name = Arg.Name.empty() && K == 0 && Read ? "file" : Arg.Name;
    if (Name == "file" && Read) {
      auto *F = ast::dyn_cast<ast::CallExpr>(Arg.Value.get());
      auto *Str = F && F->Callee == "file" && F->Args.size() == 1
                      ? ast::dyn_cast<ast::StringExpr>(F->Args[0].Value.get())
                      : nullptr;
      if (!Str) {
        Diags.report(DiagId::err_setting_value, Arg.Value->Range,
                     {Setting, std::string(Callee) + "(file(\"NAME.csv\"), ...)"});
        return false;
      }
      if (!Read(*Str))
        return false;
      Have.insert("file");
      continue;
    }
    auto It =
        std::find_if(Args.begin(), Args.end(), [&](const PulseArg &A) { return Name == A.Name; });
    if (It == Args.end()) {
      Diags.report(DiagId::err_setting_value, Arg.Value->Range, {Setting, Shape});
      return false;
    }
    Value V = check(*Arg.Value, Empty);
    Dim Want = std::string(It->Unit) == "1" ? Dim() : unitOf(It->Unit);
    if (!expectUnit(V, Want, Arg.Value->Range, DiagId::err_arg_unit,
                    {Name, Callee, describe(Want)}))
      return false;
    auto X = constant(V, Arg.Value->Range, "a programming setting");
    if (!X)
      return false;
    if (!std::isfinite(*X) || !It->Good(*X)) {
      Diags.report(DiagId::err_setting_value, Arg.Value->Range, {Name, It->Expected});
      return false;
    }
    *It->Out = *X;
    Have.insert(Name);
  }
  bool Complete = !Read || Have.count("file");
  for (const PulseArg &A : Args)
    Complete &= !A.Required || Have.count(A.Name);
  if (!Complete) {
    Diags.report(DiagId::err_setting_value, E.Range, {Setting, Shape});
    return false;
  }
  return true;
}

namespace {
bool positive(double X) { return X > 0; }
bool negative(double X) { return X < 0; }
bool whole(double X) { return X >= 1 && X <= 1e9 && X == std::floor(X); }
} // namespace

/// `program = write_verify(file("g.csv"), set_voltage = V, reset_voltage
/// = V, width = T, tolerance = X, max_pulses = K)`: target conductances
/// (rows lines of cols values in siemens, above 0), the amplitudes of the
/// SET (> 0) and RESET (< 0) pulses, their width, the relative tolerance
/// (default 0.02) and the most passes per row (default 100).
bool SemaImpl::checkWriteVerify(const ast::Expr &E, ArrayInfo &Info) {
  ir::Array::WriteVerify W;
  W.Tolerance = 0.02;
  double MaxPulses = 100;
  auto Read = [&](const ast::StringExpr &Str) {
    auto G = readMatrix(Str, DiagId::err_data_file, "conductances in siemens", true);
    if (!G)
      return false;
    for (double X : G->Values)
      if (!(X > 0)) {
        Diags.report(DiagId::err_data_file, Str.Range,
                     {Str.Value, "holds a target conductance of 0 S; write-verify needs "
                                 "targets above 0 S"});
        return false;
      }
    W.Targets = std::move(G->Values);
    return true;
  };
  if (!checkPulseCall(
          E, "program", "write_verify",
          "write_verify(file(\"g.csv\"), set_voltage = V, reset_voltage = V, width = T, "
          "tolerance = X, max_pulses = K)",
          {{"set_voltage", "V", "a voltage above 0 V", positive, &W.Set, true},
           {"reset_voltage", "V", "a voltage below 0 V", negative, &W.Reset, true},
           {"width", "s", "a time above 0 s", positive, &W.Width, true},
           {"tolerance", "1", "a relative tolerance between 0 and 1",
            [](double X) { return X > 0 && X < 1; }, &W.Tolerance, false},
           {"max_pulses", "1", "a whole number from 1 to 1e9", whole, &MaxPulses, false}},
          Read))
    return false;
  W.MaxPulses = int64_t(MaxPulses);
  Info.Program = std::move(W);
  return true;
}

/// `update = outer_product(file("u.csv"), set_voltage = V, reset_voltage
/// = V, width = T, slots = K)`: one update per line, rows values x then
/// cols values d in [-1, 1], applied as stochastic pulse trains of K slots.
bool SemaImpl::checkOuterProduct(const ast::Expr &E, ArrayInfo &Info) {
  ir::Array::OuterProduct U;
  double Slots = 16;
  auto Read = [&](const ast::StringExpr &Str) {
    auto X = readMatrix(Str, DiagId::err_data_file, "update values", false);
    if (!X)
      return false;
    for (double V : X->Values)
      if (!(V >= -1 && V <= 1)) {
        Diags.report(DiagId::err_data_file, Str.Range,
                     {Str.Value, "holds an update value outside [-1, 1] (each is a pulse "
                                 "probability with its sign)"});
        return false;
      }
    if (X->Width != Info.Rows + Info.Cols) {
      Diags.report(DiagId::err_data_file, Str.Range,
                   {Str.Value, "has lines of " + std::to_string(X->Width) + " values for " +
                                   std::to_string(Info.Rows) + " rows and " +
                                   std::to_string(Info.Cols) +
                                   " columns (one value per row, "
                                   "then one per column)"});
      return false;
    }
    U.Updates = std::move(X->Values);
    return true;
  };
  if (!checkPulseCall(
          E, "update", "outer_product",
          "outer_product(file(\"u.csv\"), set_voltage = V, reset_voltage = V, width = T, "
          "slots = K)",
          {{"set_voltage", "V", "a voltage above 0 V", positive, &U.Set, true},
           {"reset_voltage", "V", "a voltage below 0 V", negative, &U.Reset, true},
           {"width", "s", "a time above 0 s", positive, &U.Width, true},
           {"slots", "1", "a whole number from 1 to 1e9", whole, &Slots, false}},
          Read))
    return false;
  U.Slots = int64_t(Slots);
  Info.Update = std::move(U);
  return true;
}

} // namespace nmc
