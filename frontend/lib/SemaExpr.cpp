//===- SemaExpr.cpp - Expressions: names, units, operators ----------------===//
#include "SemaImpl.h"

#include "nmc/support/EditDistance.h"

#include <cmath>
#include <cstdio>

namespace nmc {

namespace {

const char *verb(ast::BinaryOp Op) {
  switch (Op) {
  case ast::BinaryOp::Add:
    return "add";
  case ast::BinaryOp::Sub:
    return "subtract";
  default:
    return "compare";
  }
}
} // namespace

std::string formatQuantity(double V, const Dim &D) {
  char Buf[48];
  std::snprintf(Buf, sizeof Buf, "%g", V);
  return D.isDimensionless() ? std::string(Buf) : std::string(Buf) + " " + D.str();
}

bool isReservedName(const std::string &Name, std::string &Why, bool InDevice) {
  if (InDevice && (Name == "v" || Name == "i")) {
    Why = "the terminal voltage and current of a device";
    return true;
  }
  if (Name == "t" || Name == "dt") {
    Why = "the simulation time and step";
    return true;
  }
  if (Name == "pi" || Name == "k_B" || Name == "q_e" || Name == "inf" || Name == "true" ||
      Name == "false") {
    Why = "a physical constant";
    return true;
  }
  return false;
}

Value SemaImpl::constantValue(const std::string &Name) {
  auto Make = [&](double V, Dim D) {
    Value R;
    R.K = Value::Real;
    R.D = D;
    R.E = C.constant(V);
    return R;
  };
  std::string Err;
  if (Name == "pi")
    return Make(M_PI, Dim());
  if (Name == "inf") {
    Value V = Make(INFINITY, Dim());
    V.AnyUnit = true;
    return V;
  }
  if (Name == "k_B")
    return Make(1.380649e-23, parseUnitExpr("J/K", Err)->D);
  if (Name == "q_e")
    return Make(1.602176634e-19, parseUnitExpr("C", Err)->D);
  if (Name == "true" || Name == "false") {
    Value V;
    V.K = Value::Bool;
    V.E = C.binary(ir::BinaryOp::Lt, C.constant(Name == "true" ? 0 : 1), C.constant(1));
    return V;
  }
  return Value::error();
}

std::optional<Unit> SemaImpl::resolveUnit(const ast::UnitSpec &U) {
  std::string Err;
  auto R = parseUnitExpr(U.Text, Err);
  if (!R)
    Diags.report(DiagId::err_unknown_unit, U.Range, {Err});
  return R;
}

bool SemaImpl::expectUnit(const Value &V, const Dim &Want, SourceRange R, DiagId Id,
                          const std::vector<std::string> &Args) {
  if (!V.ok())
    return false;
  if (V.K == Value::Bool) {
    Diags.report(DiagId::err_expected_number, R, {"a condition"});
    return false;
  }
  if (V.AnyUnit || V.D == Want)
    return true;
  std::vector<std::string> A = Args;
  A.push_back(describe(V.D));
  Diags.report(Id, R, A);
  return false;
}

std::optional<double> SemaImpl::constant(const Value &V, SourceRange R, const std::string &What) {
  if (!V.ok())
    return std::nullopt;
  if (V.E->isConst())
    return V.E->value();
  Diags.report(DiagId::err_not_constant, R, {What});
  return std::nullopt;
}

std::string closestName(const std::string &Name, const std::vector<std::string> &Cands) {
  std::string Best;
  size_t BestD = Name.size() / 3 + 1; // the most edits worth suggesting
  for (const std::string &S : Cands) {
    size_t Dist = editDistance(Name, S);
    if (S != Name && (Dist < BestD || (Dist == BestD && Best.empty()))) {
      BestD = Dist;
      Best = S;
    }
  }
  return Best;
}

void SemaImpl::reportUndefined(const std::string &Name, SourceRange R, Resolver &Res) {
  auto B = Diags.report(DiagId::err_undefined_name, R, {Name});
  if (lookupUnit(Name)) {
    B.note(DiagId::note_unit_in_brackets, R, {Name});
    return;
  }
  std::vector<std::string> Cands = Res.names();
  for (const char *K : {"pi", "k_B", "q_e", "inf"})
    Cands.push_back(K);
  std::string Best = closestName(Name, Cands);
  if (!Best.empty())
    B.note(DiagId::note_did_you_mean, R, {Best});
}

// SemaCall.cpp
Value checkCall(SemaImpl &S, const ast::CallExpr &E, Resolver &R);
Value checkPower(SemaImpl &S, const Value &L, const Value &R, SourceRange OpR, SourceRange RR);

Value SemaImpl::check(const ast::Expr &E, Resolver &Res) {
  if (auto *N = ast::dyn_cast<ast::NumberExpr>(&E)) {
    Value V;
    V.K = Value::Real;
    Unit U;
    if (N->Unit) {
      auto R = resolveUnit(*N->Unit);
      if (!R)
        return Value::error();
      U = *R;
      V.D = U.D;
    } else {
      V.AnyUnit = N->Value == 0;
    }
    V.E = C.constant(toSI(N->Spelling, U));
    return V;
  }
  if (ast::isa<ast::StringExpr>(&E)) {
    Diags.report(DiagId::err_expected_number, E.Range, {"a string"});
    return Value::error();
  }
  if (auto *N = ast::dyn_cast<ast::NameExpr>(&E)) {
    if (auto V = Res.resolve(N->Name, N->Range))
      return *V;
    Value K = constantValue(N->Name);
    if (K.ok())
      return K;
    reportUndefined(N->Name, N->Range, Res);
    return Value::error();
  }
  if (auto *U = ast::dyn_cast<ast::UnaryExpr>(&E)) {
    Value A = check(*U->Sub, Res);
    if (!A.ok())
      return A;
    if (U->Op == ast::UnaryOp::Not) {
      if (A.K != Value::Bool) {
        Diags.report(DiagId::err_expected_bool, U->Sub->Range);
        return Value::error();
      }
      A.E = C.unary(ir::UnaryOp::Not, A.E);
      return A;
    }
    if (A.K != Value::Real) {
      Diags.report(DiagId::err_expected_number, U->Sub->Range, {"a condition"});
      return Value::error();
    }
    if (U->Op == ast::UnaryOp::Neg)
      A.E = C.neg(A.E);
    return A;
  }
  if (auto *I = ast::dyn_cast<ast::IfExpr>(&E)) {
    Value Cd = check(*I->Cond, Res), T = check(*I->Then, Res), F = check(*I->Else, Res);
    if (!Cd.ok() || !T.ok() || !F.ok())
      return Value::error();
    if (Cd.K != Value::Bool) {
      Diags.report(DiagId::err_expected_bool, I->Cond->Range);
      return Value::error();
    }
    if (T.K != F.K) {
      Diags.report(T.K == Value::Bool ? DiagId::err_expected_bool : DiagId::err_expected_number,
                   I->Else->Range, {"a condition"});
      return Value::error();
    }
    Value V = T;
    if (T.K == Value::Real && !T.AnyUnit && !F.AnyUnit && T.D != F.D) {
      Diags.report(DiagId::err_condition_unit, I->Range, {describe(T.D), describe(F.D)});
      return Value::error();
    }
    if (T.AnyUnit)
      V.D = F.D;
    V.AnyUnit = T.AnyUnit && F.AnyUnit;
    V.TimeVarying = Cd.TimeVarying || T.TimeVarying || F.TimeVarying;
    V.E = C.select(Cd.E, T.E, F.E);
    return V;
  }
  if (auto *Call = ast::dyn_cast<ast::CallExpr>(&E))
    return checkCall(*this, *Call, Res);

  const auto &B = static_cast<const ast::BinaryExpr &>(E);
  Value L = check(*B.L, Res), R = check(*B.R, Res);
  if (!L.ok() || !R.ok())
    return Value::error();
  Value V;
  V.TimeVarying = L.TimeVarying || R.TimeVarying;
  using Op = ast::BinaryOp;
  if (B.Op == Op::And || B.Op == Op::Or) {
    if (L.K != Value::Bool || R.K != Value::Bool) {
      Diags.report(DiagId::err_expected_bool, L.K != Value::Bool ? B.L->Range : B.R->Range);
      return Value::error();
    }
    V.K = Value::Bool;
    V.E = C.binary(B.Op == Op::And ? ir::BinaryOp::And : ir::BinaryOp::Or, L.E, R.E);
    return V;
  }
  if (L.K != Value::Real || R.K != Value::Real) {
    Diags.report(DiagId::err_expected_number, L.K != Value::Real ? B.L->Range : B.R->Range,
                 {"a condition"});
    return Value::error();
  }
  V.K = Value::Real;
  switch (B.Op) {
  case Op::Add:
  case Op::Sub:
  case Op::Lt:
  case Op::Le:
  case Op::Gt:
  case Op::Ge:
  case Op::Eq:
  case Op::Ne: {
    if (!L.AnyUnit && !R.AnyUnit && L.D != R.D) {
      Diags.report(DiagId::err_unit_mismatch, B.OpRange,
                   {verb(B.Op), describe(L.D), describe(R.D)});
      return Value::error();
    }
    V.D = L.AnyUnit ? R.D : L.D;
    static const std::map<Op, ir::BinaryOp> Map = {
        {Op::Add, ir::BinaryOp::Add}, {Op::Sub, ir::BinaryOp::Sub}, {Op::Lt, ir::BinaryOp::Lt},
        {Op::Le, ir::BinaryOp::Le},   {Op::Gt, ir::BinaryOp::Gt},   {Op::Ge, ir::BinaryOp::Ge},
        {Op::Eq, ir::BinaryOp::Eq},   {Op::Ne, ir::BinaryOp::Ne}};
    ir::BinaryOp IO = Map.at(B.Op);
    if (ir::isComparison(IO))
      V.K = Value::Bool, V.D = Dim();
    else
      V.AnyUnit = L.AnyUnit && R.AnyUnit;
    V.E = C.binary(IO, L.E, R.E);
    return V;
  }
  case Op::Mul:
    V.D = L.D * R.D;
    V.E = C.mul(L.E, R.E);
    return V;
  case Op::Div:
    V.D = L.D / R.D;
    V.E = C.div(L.E, R.E);
    return V;
  case Op::Pow:
    return checkPower(*this, L, R, B.OpRange, B.R->Range);
  default:
    break;
  }
  internalError("Sema: unhandled binary operator");
}

} // namespace nmc
