//===- SemaCall.cpp - Built-in functions and waveforms --------------------===//
//
// Math functions take positional arguments. Waveforms are values: each
// builtin below lowers to an IR expression of time, so sums, scaling,
// delays and trains compose by substitution and the runtime never
// interprets a waveform.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

#include <cmath>

namespace nmc {

namespace {

Dim seconds() {
  std::string E;
  return parseUnitExpr("s", E)->D;
}

struct Signature {
  std::vector<const char *> Names;
  size_t Required;
};

/// Binds call arguments to a signature: positional first, then named.
bool bind(SemaImpl &S, const ast::CallExpr &E, const Signature &Sig,
          std::vector<const ast::Expr *> &Out) {
  Out.assign(Sig.Names.size(), nullptr);
  bool SeenNamed = false, Ok = true;
  size_t Pos = 0;
  for (const ast::CallArg &A : E.Args) {
    if (A.Name.empty()) {
      if (SeenNamed) {
        S.Diags.report(DiagId::err_arg_positional_after_named, A.Value->Range);
        return false;
      }
      if (Pos >= Sig.Names.size()) {
        S.Diags.report(DiagId::err_arg_count, E.Range,
                       {E.Callee, std::to_string(Sig.Names.size()), std::to_string(E.Args.size())});
        return false;
      }
      Out[Pos++] = A.Value.get();
      continue;
    }
    SeenNamed = true;
    size_t I = 0;
    while (I < Sig.Names.size() && A.Name != Sig.Names[I])
      ++I;
    if (I == Sig.Names.size()) {
      auto B = S.Diags.report(DiagId::err_arg_unknown, A.NameRange, {E.Callee, A.Name});
      std::vector<std::string> C(Sig.Names.begin(), Sig.Names.end());
      std::string Best = closestName(A.Name, C);
      if (!Best.empty())
        B.note(DiagId::note_did_you_mean, A.NameRange, {Best});
      Ok = false;
      continue;
    }
    if (Out[I]) {
      S.Diags.report(DiagId::err_arg_duplicate, A.NameRange, {A.Name});
      Ok = false;
      continue;
    }
    Out[I] = A.Value.get();
  }
  for (size_t I = 0; I < Sig.Required && Ok; ++I)
    if (!Out[I]) {
      auto B = S.Diags.report(DiagId::err_arg_missing, E.Range, {E.Callee, Sig.Names[I]});
      if (E.Callee == "step")
        B.note(DiagId::note_heaviside, E.CalleeRange);
      Ok = false;
    }
  return Ok;
}

Value real(const ir::Expr *E, Dim D, bool TV) {
  Value V;
  V.K = Value::Real;
  V.D = D;
  V.E = E;
  V.TimeVarying = TV;
  return V;
}

/// Replaces the time in a waveform by another time expression.
const ir::Expr *at(ir::ExprContext &C, const ir::Expr *W, const ir::Expr *T) {
  return ir::rewrite(C, W, [&](const ir::Expr *E) -> const ir::Expr * {
    return E->kind() == ir::ExprKind::Time ? T : nullptr;
  });
}

const ir::Expr *lt(ir::ExprContext &C, const ir::Expr *A, const ir::Expr *B) {
  return C.binary(ir::BinaryOp::Lt, A, B);
}

/// A unit trapezoid at time S0 after its start: 0, linear rise, flat top of
/// Width, linear fall, 0. Built from the end; edges of zero length known at
/// compile time drop out instead of dividing by zero.
const ir::Expr *trapezoid(ir::ExprContext &C, const ir::Expr *S0, const ir::Expr *Rise,
                          const ir::Expr *Width, const ir::Expr *Fall) {
  const ir::Expr *Zero = C.constant(0), *One = C.constant(1);
  const ir::Expr *S1 = C.sub(S0, Rise);
  const ir::Expr *S2 = C.sub(S1, Width);
  const ir::Expr *Shape =
      Fall->isConst(0) ? Zero : C.select(lt(C, S2, Fall), C.sub(One, C.div(S2, Fall)), Zero);
  Shape = C.select(lt(C, S1, Width), One, Shape);
  if (!Rise->isConst(0))
    Shape = C.select(lt(C, S0, Rise), C.div(S0, Rise), Shape);
  return C.select(lt(C, S0, Zero), Zero, Shape);
}

} // namespace

Value checkPower(SemaImpl &S, const Value &L, const Value &R, SourceRange OpR, SourceRange RR);

namespace {

const std::map<std::string, ir::CallFn> &unaryFunctions() {
  static const std::map<std::string, ir::CallFn> Unary = {
      {"exp", ir::CallFn::Exp},     {"expm1", ir::CallFn::Expm1},
      {"log", ir::CallFn::Log},     {"ln", ir::CallFn::Log},
      {"log10", ir::CallFn::Log10}, {"sin", ir::CallFn::Sin},
      {"cos", ir::CallFn::Cos},     {"atan", ir::CallFn::Atan},
      {"sinh", ir::CallFn::Sinh},   {"cosh", ir::CallFn::Cosh},
      {"tanh", ir::CallFn::Tanh},   {"asinh", ir::CallFn::Asinh},
      {"floor", ir::CallFn::Floor}, {"round", ir::CallFn::Round},
      {"sqrt", ir::CallFn::Sqrt},   {"abs", ir::CallFn::Abs},
      {"sign", ir::CallFn::Sign},   {"heaviside", ir::CallFn::Heaviside}};
  return Unary;
}

const std::map<std::string, size_t> &arityFunctions() {
  static const std::map<std::string, size_t> Arity = {
      {"min", 2}, {"max", 2}, {"clip", 3}, {"pow", 2}};
  return Arity;
}

const std::map<std::string, Signature> &waveforms() {
  static const std::map<std::string, Signature> Waves = {
      {"dc", {{"level"}, 1}},
      // `at` is required: step(x) alone reads like the Heaviside function of
      // x, which is heaviside(x); a step at t = 0 is dc(level).
      {"step", {{"level", "at"}, 2}},
      {"pulse", {{"amplitude", "width", "delay", "rise", "fall"}, 2}},
      {"triangle", {{"peak", "rise", "fall", "delay"}, 3}},
      {"train", {{"wave", "period", "count"}, 2}},
      {"delay", {{"wave", "by"}, 2}},
      {"ramp", {{"start", "stop", "duration", "delay"}, 3}},
      {"pulse_train",
       {{"amplitude", "width", "period", "count", "delay", "amplitude_step", "width_step", "rise",
         "fall"},
        3}},
  };
  return Waves;
}

/// Inside a user function: its parameters, bound to the call's arguments,
/// and nothing else (a function is pure; constants such as pi still resolve).
class FunctionResolver : public Resolver {
public:
  FunctionResolver(const ast::FunctionDecl &Fn, const std::vector<Value> &Args)
      : Fn(Fn), Args(Args) {}
  std::optional<Value> resolve(const std::string &Name, SourceRange) override {
    for (size_t I = 0; I < Fn.Params.size(); ++I)
      if (Fn.Params[I].Name == Name)
        return Args[I];
    return std::nullopt;
  }
  std::vector<std::string> names() const override {
    std::vector<std::string> N;
    for (const ast::Ident &P : Fn.Params)
      N.push_back(P.Name);
    return N;
  }

private:
  const ast::FunctionDecl &Fn;
  const std::vector<Value> &Args;
};

} // namespace

bool isBuiltinFunction(const std::string &Name) {
  return unaryFunctions().count(Name) || arityFunctions().count(Name) || waveforms().count(Name) ||
         Name == "pwl" || Name == "pulses";
}

namespace {

/// Positional arguments, each a number (no condition), in order.
bool checkPlainArgs(SemaImpl &S, const ast::CallExpr &E, Resolver &Res, std::vector<Value> &Vals) {
  bool Ok = true;
  for (const ast::CallArg &A : E.Args) {
    if (!A.Name.empty()) {
      S.Diags.report(DiagId::err_arg_named_not_allowed, A.NameRange, {E.Callee});
      return false;
    }
    Vals.push_back(S.check(*A.Value, Res));
    Ok &= Vals.back().ok();
    if (Vals.back().ok() && Vals.back().K != Value::Real) {
      S.Diags.report(DiagId::err_expected_number, A.Value->Range, {"a condition"});
      Ok = false;
    }
  }
  return Ok;
}

/// A user function: its body, checked with the arguments' values.
Value checkUserCall(SemaImpl &S, const ast::CallExpr &E, Resolver &Res,
                    const ast::FunctionDecl &Fn) {
  const std::string &F = E.Callee;
  auto CheckArgs = [&](std::vector<Value> &Vals) { return checkPlainArgs(S, E, Res, Vals); };
  if (S.ActiveFunctions.count(F)) {
    S.Diags.report(DiagId::err_function_recursive, E.CalleeRange, {F});
    return Value::error();
  }
  if (E.Args.size() != Fn.Params.size()) {
    S.Diags.report(DiagId::err_arg_count, E.Range,
                   {F, std::to_string(Fn.Params.size()), std::to_string(E.Args.size())});
    return Value::error();
  }
  std::vector<Value> V;
  if (!CheckArgs(V))
    return Value::error();
  FunctionResolver R(Fn, V);
  S.ActiveFunctions.insert(F);
  Value Out = S.check(*Fn.Body, R);
  S.ActiveFunctions.erase(F);
  return Out;
}

/// exp, sqrt, min, clip, pow...: numbers in, a number out, units checked.
Value checkMathCall(SemaImpl &S, const ast::CallExpr &E, Resolver &Res) {
  ir::ExprContext &C = S.C;
  const std::string &F = E.Callee;
  const auto &Unary = unaryFunctions();
  const auto &Arity = arityFunctions();
  auto CheckArgs = [&](std::vector<Value> &Vals) { return checkPlainArgs(S, E, Res, Vals); };
  auto UI = Unary.find(F);
  auto AI = Arity.find(F);
  {
    size_t N = UI != Unary.end() ? 1 : AI->second;
    if (E.Args.size() != N) {
      S.Diags.report(DiagId::err_arg_count, E.Range,
                     {F, std::to_string(N), std::to_string(E.Args.size())});
      return Value::error();
    }
    std::vector<Value> V;
    if (!CheckArgs(V))
      return Value::error();
    bool TV = false;
    for (const Value &X : V)
      TV |= X.TimeVarying;
    if (UI != Unary.end()) {
      ir::CallFn Fn = UI->second;
      Dim D = V[0].D;
      if (Fn == ir::CallFn::Sqrt) {
        auto H = D.pow(1, 2);
        if (!H) {
          S.Diags.report(DiagId::err_fractional_power, E.Range, {describe(D), "0.5"});
          return Value::error();
        }
        D = *H;
      } else if (Fn == ir::CallFn::Sign || Fn == ir::CallFn::Heaviside) {
        D = Dim(); // of a quantity in any unit; the result is a pure number
      } else if (Fn != ir::CallFn::Abs && !D.isDimensionless() && !V[0].AnyUnit) {
        S.Diags.report(DiagId::err_function_arg_unit, E.Args[0].Value->Range,
                       {F, "no unit", describe(D)});
        return Value::error();
      }
      return real(C.call(Fn, V[0].E), D, TV);
    }
    if (F == "pow")
      return checkPower(S, V[0], V[1], E.CalleeRange, E.Args[1].Value->Range);
    // min, max, clip: every argument in one unit (a bare 0 fits any).
    Dim D;
    bool Have = false;
    for (size_t I = 0; I < V.size(); ++I) {
      if (V[I].AnyUnit)
        continue;
      if (!Have) {
        D = V[I].D, Have = true;
      } else if (V[I].D != D) {
        S.Diags.report(DiagId::err_unit_mismatch, E.Args[I].Value->Range,
                       {"compare", describe(D), describe(V[I].D)});
        return Value::error();
      }
    }
    if (F == "min")
      return real(C.binary(ir::BinaryOp::Min, V[0].E, V[1].E), D, TV);
    if (F == "max")
      return real(C.binary(ir::BinaryOp::Max, V[0].E, V[1].E), D, TV);
    // clip keeps NaN visible: compares, not fmin/fmax.
    const ir::Expr *X = V[0].E, *Lo = V[1].E, *Hi = V[2].E;
    return real(C.select(lt(C, X, Lo), Lo, C.select(lt(C, Hi, X), Hi, X)), D, TV);
  }
}

/// pwl(t0, v0, t1, v1, ...): a piecewise-linear waveform.
Value checkPwl(SemaImpl &S, const ast::CallExpr &E, Resolver &Res) {
  ir::ExprContext &C = S.C;
  const std::string &F = E.Callee;
  auto CheckArgs = [&](std::vector<Value> &Vals) { return checkPlainArgs(S, E, Res, Vals); };
  {
    if (E.Args.size() < 4 || E.Args.size() % 2) {
      S.Diags.report(DiagId::err_arg_count, E.Range,
                     {F, "an even number (at least 4) of", std::to_string(E.Args.size())});
      return Value::error();
    }
    std::vector<Value> V;
    if (!CheckArgs(V))
      return Value::error();
    Dim Amp = V[1].D;
    for (size_t I = 0; I < V.size(); ++I) {
      bool IsTime = I % 2 == 0;
      if (V[I].TimeVarying) {
        S.Diags.report(DiagId::err_waveform_here, E.Args[I].Value->Range, {"as a point of 'pwl'"});
        return Value::error();
      }
      if (!S.expectUnit(V[I], IsTime ? seconds() : Amp, E.Args[I].Value->Range,
                        DiagId::err_arg_unit,
                        {IsTime ? "time" : "value", F, describe(IsTime ? seconds() : Amp)}))
        return Value::error();
    }
    for (size_t K = 2; K < V.size(); K += 2)
      if (V[K].E->isConst() && V[K - 2].E->isConst() && V[K].E->value() < V[K - 2].E->value()) {
        S.Diags.report(DiagId::err_bad_argument, E.Args[K].Value->Range,
                       {"time", F, "no earlier than the time before it"});
        return Value::error();
      }
    // Hold the first value before t0 and the last after tn; linear between.
    const ir::Expr *T = C.time();
    size_t N = V.size() / 2;
    const ir::Expr *Out = V[2 * N - 1].E;
    for (size_t K = N - 1; K-- > 0;) {
      const ir::Expr *T0 = V[2 * K].E, *V0 = V[2 * K + 1].E;
      const ir::Expr *T1 = V[2 * K + 2].E, *V1 = V[2 * K + 3].E;
      const ir::Expr *Lin = C.add(V0, C.mul(C.sub(V1, V0), C.div(C.sub(T, T0), C.sub(T1, T0))));
      Out = C.select(lt(C, T, T1), Lin, Out);
    }
    Out = C.select(lt(C, T, V[0].E), V[1].E, Out);
    return real(Out, Amp, true);
  }
}

/// dc, step, pulse, train, ...: named arguments bound to a signature.
Value checkWaveformCall(SemaImpl &S, const ast::CallExpr &E, Resolver &Res, const Signature &Sig) {
  ir::ExprContext &C = S.C;
  const std::string &F = E.Callee;
  std::vector<const ast::Expr *> Args;
  if (!bind(S, E, Sig, Args))
    return Value::error();
  std::vector<Value> V(Args.size());
  bool Ok = true;
  for (size_t I = 0; I < Args.size(); ++I) {
    if (!Args[I]) {
      V[I] = real(C.constant(0), Dim(), false);
      V[I].AnyUnit = true;
      if (std::string(Sig.Names[I]) == "count")
        V[I] = real(C.constant(INFINITY), Dim(), false);
      continue;
    }
    V[I] = S.check(*Args[I], Res);
    Ok &= V[I].ok();
  }
  if (!Ok)
    return Value::error();
  // Units and time-dependence of each argument.
  Dim Amp;
  bool HaveAmp = false;
  for (size_t I = 0; I < Args.size(); ++I) {
    std::string N = Sig.Names[I];
    SourceRange R = Args[I] ? Args[I]->Range : E.Range;
    if (N == "wave") {
      if (V[I].K != Value::Real) {
        S.Diags.report(DiagId::err_expected_number, R, {"a condition"});
        return Value::error();
      }
      Amp = V[I].D;
      continue;
    }
    if (V[I].TimeVarying) {
      S.Diags.report(DiagId::err_waveform_here, R, {"as argument '" + N + "' of '" + F + "'"});
      return Value::error();
    }
    if (N == "level" || N == "amplitude" || N == "peak" || N == "start" || N == "stop" ||
        N == "amplitude_step") {
      // Every amplitude of one waveform shares the unit of the first.
      if (!HaveAmp && !V[I].AnyUnit) {
        if (V[I].K != Value::Real) {
          S.Diags.report(DiagId::err_expected_number, R, {"a condition"});
          return Value::error();
        }
        Amp = V[I].D;
        HaveAmp = true;
      } else if (!S.expectUnit(V[I], Amp, R, DiagId::err_arg_unit, {N, F, describe(Amp)})) {
        return Value::error();
      }
      continue;
    }
    Dim Want = N == "count" ? Dim() : seconds();
    if (!S.expectUnit(V[I], Want, R, DiagId::err_arg_unit, {N, F, describe(Want)}))
      return Value::error();
    // Values known at compile time must make sense; parameters are checked
    // against their declared ranges at run time.
    if (V[I].E->isConst()) {
      double X = V[I].E->value();
      const char *Need = nullptr;
      if (N == "count" && !(X >= 1 && (std::isinf(X) || X == std::floor(X))))
        Need = "a whole number of at least 1, or inf";
      else if (N == "period" && !(X > 0 && std::isfinite(X)))
        Need = "a positive time";
      else if ((N == "width" || N == "rise" || N == "fall" || N == "duration") &&
               !(X >= 0 && std::isfinite(X)))
        Need = "a time of zero or more";
      if (Need) {
        S.Diags.report(DiagId::err_bad_argument, R, {N, F, Need});
        return Value::error();
      }
    }
  }
  const ir::Expr *T = C.time();
  const ir::Expr *Zero = C.constant(0);
  const ir::Expr *W = nullptr;
  if (F == "dc") {
    W = V[0].E;
  } else if (F == "step") {
    W = C.select(lt(C, T, V[1].E), Zero, V[0].E);
  } else if (F == "pulse" || F == "triangle") {
    const ir::Expr *A, *Width, *Delay, *Rise, *Fall;
    if (F == "pulse")
      A = V[0].E, Width = V[1].E, Delay = V[2].E, Rise = V[3].E, Fall = V[4].E;
    else
      A = V[0].E, Width = Zero, Rise = V[1].E, Fall = V[2].E, Delay = V[3].E;
    W = C.mul(A, trapezoid(C, C.sub(T, Delay), Rise, Width, Fall));
  } else if (F == "train") {
    // Restart the wave every period, count times; after the last start the
    // wave runs on.
    const ir::Expr *Period = V[1].E, *Count = V[2].E;
    const ir::Expr *K = C.call(ir::CallFn::Floor, C.div(T, Period));
    K = C.binary(ir::BinaryOp::Min, K, C.sub(Count, C.constant(1)));
    K = C.binary(ir::BinaryOp::Max, K, Zero);
    W = at(C, V[0].E, C.sub(T, C.mul(K, Period)));
  } else if (F == "delay") {
    W = at(C, V[0].E, C.sub(T, V[1].E));
  } else if (F == "ramp") {
    // start before delay, linear to stop over duration, then held.
    const ir::Expr *S0 = C.sub(T, V[3].E);
    const ir::Expr *Lin = C.add(V[0].E, C.mul(C.sub(V[1].E, V[0].E), C.div(S0, V[2].E)));
    W = C.select(lt(C, S0, Zero), V[0].E, C.select(lt(C, S0, V[2].E), Lin, V[1].E));
  } else if (F == "pulse_train") {
    // Pulse k starts at delay + k*period with amplitude A + k*dA and width
    // W + k*dW (Fig. 11b's incremental schemes); count pulses in all.
    const ir::Expr *Period = V[2].E, *Count = V[3].E, *Delay = V[4].E;
    const ir::Expr *Rel = C.sub(T, Delay);
    const ir::Expr *K = C.call(ir::CallFn::Floor, C.div(Rel, Period));
    K = C.binary(ir::BinaryOp::Max, C.binary(ir::BinaryOp::Min, K, C.sub(Count, C.constant(1))),
                 Zero);
    const ir::Expr *A = C.add(V[0].E, C.mul(K, V[5].E));
    const ir::Expr *Width = C.add(V[1].E, C.mul(K, V[6].E));
    const ir::Expr *Rise = V[7].E, *Fall = V[8].E;
    W = C.mul(A, trapezoid(C, C.sub(Rel, C.mul(K, Period)), Rise, Width, Fall));
  }
  return real(W, Amp, true);
}

} // namespace

Value checkCall(SemaImpl &S, const ast::CallExpr &E, Resolver &Res) {
  if (auto V = Res.resolveCall(E))
    return *V;
  const std::string &F = E.Callee;
  if (auto FI = S.Functions.find(F); FI != S.Functions.end())
    return checkUserCall(S, E, Res, *FI->second);
  const auto &Unary = unaryFunctions();
  const auto &Arity = arityFunctions();
  if (Unary.count(F) || Arity.count(F))
    return checkMathCall(S, E, Res);
  if (F == "pwl")
    return checkPwl(S, E, Res);
  if (F == "pulses") { // per element: only as a whole applied waveform (SemaPulses.cpp)
    S.Diags.report(DiagId::err_pulses_here, E.CalleeRange);
    return Value::error();
  }
  const auto &Waves = waveforms();
  auto WI = Waves.find(F);
  if (WI == Waves.end()) {
    auto B = S.Diags.report(DiagId::err_unknown_function, E.CalleeRange, {F});
    std::vector<std::string> Names;
    for (auto &[K, _] : Unary)
      Names.push_back(K);
    for (auto &[K, _] : Arity)
      Names.push_back(K);
    for (auto &[K, _] : Waves)
      Names.push_back(K);
    Names.push_back("pwl");
    std::string Best = closestName(F, Names);
    if (!Best.empty())
      B.note(DiagId::note_did_you_mean, E.CalleeRange, {Best});
    return Value::error();
  }
  return checkWaveformCall(S, E, Res, WI->second);
}

Value checkPower(SemaImpl &S, const Value &L, const Value &R, SourceRange OpR, SourceRange RR) {
  if (!R.D.isDimensionless() && !R.AnyUnit) {
    S.Diags.report(DiagId::err_exponent_unit, RR, {describe(R.D)});
    return Value::error();
  }
  Dim D = L.D;
  if (!L.D.isDimensionless()) {
    if (!R.E->isConst()) {
      S.Diags.report(DiagId::err_exponent_not_constant, RR, {describe(L.D)});
      return Value::error();
    }
    double X = R.E->value() * 2;
    std::optional<Dim> P;
    if (std::isfinite(X) && X == std::floor(X) && std::fabs(X) < 64)
      P = L.D.pow(int(X), 2);
    if (!P) {
      S.Diags.report(DiagId::err_fractional_power, OpR,
                     {describe(L.D), formatQuantity(R.E->value(), Dim())});
      return Value::error();
    }
    D = *P;
  }
  return real(S.C.binary(ir::BinaryOp::Pow, L.E, R.E), D, L.TimeVarying || R.TimeVarying);
}

} // namespace nmc
