//===- Verifier.cpp - Structural invariants of the model IR ---------------===//
#include "nmc/ir/Passes.h"

namespace nmc::ir {

namespace {
struct Checker {
  const Module &M;
  std::string &Err;

  bool expr(const Expr *E, size_t NumColumns, size_t ParamLimit, bool AllowColumns,
            bool AllowTime, const std::string &Where) {
    bool Ok = true;
    visitPostOrder(E, [&](const Expr *N) {
      if (!Ok)
        return;
      switch (N->kind()) {
      case ExprKind::Param:
        if (N->index() >= ParamLimit)
          Ok = false, Err = Where + ": parameter index out of order or range";
        break;
      case ExprKind::Column:
        if (!AllowColumns || N->index() >= NumColumns)
          Ok = false, Err = Where + ": column read not allowed or out of range";
        break;
      case ExprKind::Time:
      case ExprKind::Dt:
        if (!AllowTime)
          Ok = false, Err = Where + ": reads time";
        break;
      case ExprKind::Voltage:
        Ok = false, Err = Where + ": a device voltage placeholder survived instantiation";
        break;
      default:
        break;
      }
    });
    return Ok;
  }
};
} // namespace

bool verify(const Module &M, std::string &Err) {
  Checker C{M, Err};
  for (size_t I = 0; I < M.Params.size(); ++I) {
    const Param &P = M.Params[I];
    if (!P.Default) {
      Err = "parameter '" + P.Name + "' has no default";
      return false;
    }
    if (!C.expr(P.Default, 0, I, false, false, "default of '" + P.Name + "'"))
      return false;
  }
  size_t NP = M.Params.size();
  for (const Population &P : M.Populations) {
    size_t NC = P.Columns.size();
    if (P.Size <= 0) {
      Err = "population '" + P.Name + "' is empty";
      return false;
    }
    for (const StateVar &S : P.States) {
      std::string W = P.Name + "." + (S.Column < NC ? P.Columns[S.Column].Name : "?");
      if (S.Column >= NC || P.Columns[S.Column].Kind != ColumnKind::State) {
        Err = W + ": state refers to a non-state column";
        return false;
      }
      if (!S.Init || !C.expr(S.Init, NC, NP, false, false, W + " init"))
        return Err.empty() ? (Err = W + ": no init", false) : false;
      if (S.Lo && !C.expr(S.Lo, NC, NP, false, false, W + " lower bound"))
        return false;
      if (S.Hi && !C.expr(S.Hi, NC, NP, false, false, W + " upper bound"))
        return false;
      if (S.Deriv && !C.expr(S.Deriv, NC, NP, true, true, W + " ode"))
        return false;
      if (S.Update && !C.expr(S.Update, NC, NP, true, true, W + " update"))
        return false;
    }
    for (const Observable &O : P.Observables) {
      if (O.Column >= NC || P.Columns[O.Column].Kind != ColumnKind::Observable) {
        Err = P.Name + ": observable refers to a non-observable column";
        return false;
      }
      if (!C.expr(O.Value, NC, NP, true, true, P.Name + "." + P.Columns[O.Column].Name))
        return false;
    }
  }
  for (const Probe &Pr : M.Probes) {
    if (Pr.Population >= M.Populations.size()) {
      Err = "probe '" + Pr.Name + "' names no population";
      return false;
    }
    const Population &P = M.Populations[Pr.Population];
    if (Pr.First < 0 || Pr.Count <= 0 || Pr.First + Pr.Count > P.Size) {
      Err = "probe '" + Pr.Name + "' elements out of range";
      return false;
    }
    for (unsigned Col : Pr.Columns)
      if (Col >= P.Columns.size()) {
        Err = "probe '" + Pr.Name + "' column out of range";
        return false;
      }
  }
  return true;
}

} // namespace nmc::ir
