//===- SemaArraySolve.cpp - Checks in-memory linear algebra on arrays ------===//
//
// `solve = inverse(file("b.csv"), gain = X)` and `solve = regression(
// file("y.csv"), feedback = G, gain = X)`: the array in an op-amp feedback
// loop (runtime/lib/ArraySolve.h says exactly which circuit), solved once
// per line of the file (rows values, amperes). That the array's shape and
// periphery fit the circuit is checked with the array's other settings
// (SemaArray.cpp).
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

#include <cmath>

namespace nmc {

bool SemaImpl::checkFeedbackSolve(const ast::Expr &E, ArrayInfo &Info) {
  static const char *Shape = "inverse(file(\"b.csv\"), gain = X) or regression(file(\"y.csv\"), "
                             "feedback = G, gain = X)";
  auto *Call = ast::dyn_cast<ast::CallExpr>(&E);
  bool Inverse = Call && Call->Callee == "inverse";
  if (!Call || (!Inverse && Call->Callee != "regression")) {
    Diags.report(DiagId::err_setting_value, E.Range, {"solve", Shape});
    return false;
  }
  ir::Array::FeedbackSolve F;
  F.K = Inverse ? ir::Array::FeedbackSolve::Kind::Inverse
                : ir::Array::FeedbackSolve::Kind::Regression;
  auto Read = [&](const ast::StringExpr &Str) {
    auto X = readMatrix(Str, DiagId::err_data_file, "currents in amperes", false);
    if (!X)
      return false;
    if (X->Width != Info.Rows) {
      Diags.report(DiagId::err_data_file, Str.Range,
                   {Str.Value, "has lines of " + std::to_string(X->Width) + " currents for " +
                                   std::to_string(Info.Rows) + " rows (one per row)"});
      return false;
    }
    F.Rhs = std::move(X->Values);
    Info.SolveFile = &Str;
    return true;
  };
  auto Gain = [](double X) { return X >= 1; };
  auto Positive = [](double X) { return X > 0; };
  std::vector<PulseArg> Args = {
      {"gain", "1", "an open-loop gain of at least 1", Gain, &F.Gain, false}};
  if (!Inverse)
    Args.push_back({"feedback", "S", "a conductance above 0 S", Positive, &F.Feedback, true});
  if (!checkPulseCall(E, "solve", Inverse ? "inverse" : "regression", Shape, Args, Read))
    return false;
  Info.Solve = std::move(F);
  return true;
}

bool SemaImpl::checkSolveFits(const ArrayInfo &Info, SourceRange At) {
  bool Inverse = Info.Solve->K == ir::Array::FeedbackSolve::Kind::Inverse;
  std::string Size = std::to_string(Info.Rows) + " x " + std::to_string(Info.Cols);
  if (Inverse && Info.Rows != Info.Cols) {
    Diags.report(DiagId::err_setting_value, At,
                 {"solve", "inverse(...) on a square array (A x = b needs as many columns as "
                           "rows), not " +
                               Size});
    return false;
  }
  if (!Inverse && Info.Rows < Info.Cols) {
    Diags.report(DiagId::err_setting_value, At,
                 {"solve", "regression(...) on an array of at least as many rows (samples) as "
                           "columns (features), not " +
                               Size});
    return false;
  }
  // The loop is analog: the op-amps see the lines themselves.
  const char *Digital = Info.Tile         ? "tile"
                        : Info.DacBits    ? "dac_bits"
                        : Info.AdcBits    ? "adc_bits"
                        : Info.Transposed ? "read = \"transposed\""
                                          : nullptr;
  if (Digital) {
    Diags.report(DiagId::err_setting_value, At,
                 {"solve", std::string("on an array without '") + Digital +
                               "': the feedback loop joins the op-amps to the whole lines, "
                               "with no converters or tiles between them"});
    return false;
  }
  return true;
}

} // namespace nmc
