//===- Expr.cpp - Kernel expressions: factories, folding, evaluation ------===//
#include "nmc/ir/Expr.h"

#include <cmath>
#include <stdexcept>
#include <unordered_map>

namespace nmc::ir {

const char *name(UnaryOp Op) { return Op == UnaryOp::Neg ? "neg" : "not"; }

const char *name(BinaryOp Op) {
  switch (Op) {
  case BinaryOp::Add:
    return "add";
  case BinaryOp::Sub:
    return "sub";
  case BinaryOp::Mul:
    return "mul";
  case BinaryOp::Div:
    return "div";
  case BinaryOp::Pow:
    return "pow";
  case BinaryOp::Min:
    return "min";
  case BinaryOp::Max:
    return "max";
  case BinaryOp::Lt:
    return "lt";
  case BinaryOp::Le:
    return "le";
  case BinaryOp::Gt:
    return "gt";
  case BinaryOp::Ge:
    return "ge";
  case BinaryOp::Eq:
    return "eq";
  case BinaryOp::Ne:
    return "ne";
  case BinaryOp::And:
    return "and";
  case BinaryOp::Or:
    return "or";
  }
  return "?";
}

const char *name(CallFn Fn) {
  switch (Fn) {
  case CallFn::Exp:
    return "exp";
  case CallFn::Expm1:
    return "expm1";
  case CallFn::Log:
    return "log";
  case CallFn::Sqrt:
    return "sqrt";
  case CallFn::Sin:
    return "sin";
  case CallFn::Cos:
    return "cos";
  case CallFn::Sinh:
    return "sinh";
  case CallFn::Cosh:
    return "cosh";
  case CallFn::Tanh:
    return "tanh";
  case CallFn::Abs:
    return "abs";
  case CallFn::Floor:
    return "floor";
  case CallFn::Log10:
    return "log10";
  case CallFn::Atan:
    return "atan";
  case CallFn::Asinh:
    return "asinh";
  case CallFn::Round:
    return "round";
  case CallFn::Sign:
    return "sign";
  case CallFn::Heaviside:
    return "heaviside";
  }
  return "?";
}

const char *name(RandomDist D) { return D == RandomDist::Uniform ? "uniform" : "normal"; }

bool isComparison(BinaryOp Op) { return Op >= BinaryOp::Lt && Op <= BinaryOp::Ne; }
bool isLogical(BinaryOp Op) { return Op == BinaryOp::And || Op == BinaryOp::Or; }

namespace {
double applyCall(CallFn Fn, double A) {
  switch (Fn) {
  case CallFn::Exp:
    return std::exp(A);
  case CallFn::Expm1:
    return std::expm1(A);
  case CallFn::Log:
    return std::log(A);
  case CallFn::Sqrt:
    return std::sqrt(A);
  case CallFn::Sin:
    return std::sin(A);
  case CallFn::Cos:
    return std::cos(A);
  case CallFn::Sinh:
    return std::sinh(A);
  case CallFn::Cosh:
    return std::cosh(A);
  case CallFn::Tanh:
    return std::tanh(A);
  case CallFn::Abs:
    return std::fabs(A);
  case CallFn::Floor:
    return std::floor(A);
  case CallFn::Log10:
    return std::log10(A);
  case CallFn::Atan:
    return std::atan(A);
  case CallFn::Asinh:
    return std::asinh(A);
  case CallFn::Round:
    return std::round(A);
  case CallFn::Sign:
    return A > 0 ? 1.0 : A < 0 ? -1.0 : A; // keeps NaN and -0
  case CallFn::Heaviside:
    return A > 0 ? 1.0 : A < 0 ? 0.0 : A == 0 ? 0.5 : A;
  }
  return NAN;
}

/// Pow with the semantics of the IR header (what codegen emits).
double power(double X, double N) {
  if (N == 0.5)
    return std::sqrt(X);
  if (N == std::floor(N) && std::fabs(N) <= 4 && N != 0) {
    double R = X;
    for (int I = 1; I < int(std::fabs(N)); ++I)
      R *= X;
    return N > 0 ? R : 1.0 / R;
  }
  return std::pow(X, N);
}

double applyBinary(BinaryOp Op, double A, double B) {
  switch (Op) {
  case BinaryOp::Add:
    return A + B;
  case BinaryOp::Sub:
    return A - B;
  case BinaryOp::Mul:
    return A * B;
  case BinaryOp::Div:
    return A / B;
  case BinaryOp::Pow:
    return power(A, B);
  case BinaryOp::Min:
    return std::fmin(A, B);
  case BinaryOp::Max:
    return std::fmax(A, B);
  case BinaryOp::Lt:
    return A < B;
  case BinaryOp::Le:
    return A <= B;
  case BinaryOp::Gt:
    return A > B;
  case BinaryOp::Ge:
    return A >= B;
  case BinaryOp::Eq:
    return A == B;
  case BinaryOp::Ne:
    return A != B;
  case BinaryOp::And:
    return (A != 0) && (B != 0);
  case BinaryOp::Or:
    return (A != 0) || (B != 0);
  }
  return NAN;
}
} // namespace

const Expr *ExprContext::intern(Expr *E) {
  // The key is every field that makes a node what it is; operands are
  // already interned, so their addresses identify them.
  std::string Key;
  auto Put = [&](const void *P, size_t N) { Key.append(static_cast<const char *>(P), N); };
  Put(&E->Kind, sizeof E->Kind);
  Put(&E->Ty, sizeof E->Ty);
  Put(&E->Value, sizeof E->Value);
  Put(&E->Index, sizeof E->Index);
  Put(&E->Pop, sizeof E->Pop);
  Put(&E->UOp, sizeof E->UOp);
  Put(&E->BOp, sizeof E->BOp);
  Put(&E->Fn, sizeof E->Fn);
  Put(&E->Dist, sizeof E->Dist);
  for (const Expr *Op : E->Ops)
    Put(&Op, sizeof Op);
  auto [It, New] = Interned.emplace(std::move(Key), E);
  if (!New) {
    // E was the last node made; the existing one replaces it.
    Nodes.pop_back();
    return It->second;
  }
  return E;
}

Expr *ExprContext::make(ExprKind K, Type T) {
  Nodes.push_back(std::unique_ptr<Expr>(new Expr()));
  Expr *E = Nodes.back().get();
  E->Kind = K;
  E->Ty = T;
  return E;
}

const Expr *ExprContext::constant(double V) {
  Expr *E = make(ExprKind::Const, Type::Real);
  E->Value = V;
  return intern(E);
}

const Expr *ExprContext::param(unsigned I) {
  Expr *E = make(ExprKind::Param, Type::Real);
  E->Index = I;
  return intern(E);
}

const Expr *ExprContext::column(unsigned I) {
  Expr *E = make(ExprKind::Column, Type::Real);
  E->Index = I;
  E->Uniform = false;
  return intern(E);
}

const Expr *ExprContext::time() { return intern(make(ExprKind::Time, Type::Real)); }
const Expr *ExprContext::dt() { return intern(make(ExprKind::Dt, Type::Real)); }
const Expr *ExprContext::voltage() { return intern(make(ExprKind::Voltage, Type::Real)); }

const Expr *ExprContext::local(unsigned I, Type T) {
  Expr *E = make(ExprKind::Local, T);
  E->Index = I;
  E->Uniform = false;
  return intern(E);
}

const Expr *ExprContext::step() { return intern(make(ExprKind::Step, Type::Real)); }

const Expr *ExprContext::stepEnd() { return mul(add(step(), constant(1)), dt()); }

const Expr *ExprContext::element() {
  Expr *E = make(ExprKind::Element, Type::Real);
  E->Uniform = false;
  return intern(E);
}

const Expr *ExprContext::random(RandomDist D, unsigned Stream, const Expr *Counter) {
  if (Counter->type() != Type::Real)
    throw std::logic_error("ir: random counter type");
  Expr *E = make(ExprKind::Random, Type::Real);
  E->Dist = D;
  E->Index = Stream;
  E->Ops = {Counter};
  E->Uniform = false;
  return intern(E);
}

const Expr *ExprContext::unary(UnaryOp Op, const Expr *A) {
  Type Want = Op == UnaryOp::Not ? Type::Bool : Type::Real;
  if (A->type() != Want)
    throw std::logic_error("ir: unary operand type");
  if (A->isConst()) {
    Expr *E = make(ExprKind::Const, Want);
    E->Value = Op == UnaryOp::Neg ? -A->value() : double(A->value() == 0);
    return intern(E);
  }
  if (A->kind() == ExprKind::Unary && A->unaryOp() == Op)
    return A->operand(0);
  Expr *E = make(ExprKind::Unary, Want);
  E->UOp = Op;
  E->Ops = {A};
  E->Uniform = A->isUniform();
  return intern(E);
}

const Expr *ExprContext::binary(BinaryOp Op, const Expr *A, const Expr *B) {
  Type In = isLogical(Op) ? Type::Bool : Type::Real;
  Type Out = isLogical(Op) || isComparison(Op) ? Type::Bool : Type::Real;
  if (A->type() != In || B->type() != In)
    throw std::logic_error("ir: binary operand type");
  if (A->isConst() && B->isConst()) {
    Expr *E = make(ExprKind::Const, Out);
    E->Value = applyBinary(Op, A->value(), B->value());
    return intern(E);
  }
  // Exact identities only: each holds bit for bit for every finite or
  // infinite operand (the sign of a zero aside).
  switch (Op) {
  case BinaryOp::Add:
    if (A->isConst(0))
      return B;
    if (B->isConst(0))
      return A;
    break;
  case BinaryOp::Sub:
    if (B->isConst(0))
      return A;
    if (A->isConst(0))
      return neg(B);
    break;
  case BinaryOp::Mul:
    if (A->isConst(1))
      return B;
    if (B->isConst(1))
      return A;
    if (A->isConst(-1))
      return neg(B);
    if (B->isConst(-1))
      return neg(A);
    break;
  case BinaryOp::Div:
    if (B->isConst(1))
      return A;
    break;
  case BinaryOp::Pow:
    if (B->isConst(1))
      return A;
    break;
  default:
    break;
  }
  Expr *E = make(ExprKind::Binary, Out);
  E->BOp = Op;
  E->Ops = {A, B};
  E->Uniform = A->isUniform() && B->isUniform();
  return intern(E);
}

const Expr *ExprContext::call(CallFn Fn, const Expr *A) {
  if (A->type() != Type::Real)
    throw std::logic_error("ir: call operand type");
  if (A->isConst())
    return constant(applyCall(Fn, A->value()));
  Expr *E = make(ExprKind::Call, Type::Real);
  E->Fn = Fn;
  E->Ops = {A};
  E->Uniform = A->isUniform();
  return intern(E);
}

const Expr *ExprContext::select(const Expr *C, const Expr *A, const Expr *B) {
  if (C->type() != Type::Bool || A->type() != B->type())
    throw std::logic_error("ir: select operand types");
  if (C->isConst())
    return C->value() != 0 ? A : B;
  if (A == B || (A->isConst() && B->isConst() && A->value() == B->value() &&
                 std::signbit(A->value()) == std::signbit(B->value())))
    return A;
  Expr *E = make(ExprKind::Select, A->type());
  E->Ops = {C, A, B};
  E->Uniform = C->isUniform() && A->isUniform() && B->isUniform();
  return intern(E);
}

const Expr *ExprContext::load(unsigned Pop, unsigned Col, const Expr *Index) {
  if (Index->type() != Type::Real)
    throw std::logic_error("ir: load index type");
  Expr *E = make(ExprKind::Load, Type::Real);
  E->Pop = Pop;
  E->Index = Col;
  E->Ops = {Index};
  E->Uniform = false;
  return intern(E);
}

const Expr *ExprContext::reduce(BinaryOp Op, unsigned Depth, const Expr *From, const Expr *To,
                                const Expr *Body) {
  if (Op != BinaryOp::Add && Op != BinaryOp::Min && Op != BinaryOp::Max)
    throw std::logic_error("ir: reduce operation");
  if (From->type() != Type::Real || To->type() != Type::Real || Body->type() != Type::Real)
    throw std::logic_error("ir: reduce operand types");
  Expr *E = make(ExprKind::Reduce, Type::Real);
  E->BOp = Op;
  E->Index = Depth;
  E->Ops = {From, To, Body};
  E->Uniform = false;
  return intern(E);
}

const Expr *ExprContext::bound(unsigned Depth) {
  Expr *E = make(ExprKind::Bound, Type::Real);
  E->Index = Depth;
  E->Uniform = false;
  return intern(E);
}

const Expr *ExprContext::withOperands(const Expr *E, const std::vector<const Expr *> &Ops) {
  switch (E->kind()) {
  case ExprKind::Unary:
    return unary(E->unaryOp(), Ops[0]);
  case ExprKind::Binary:
    return binary(E->binaryOp(), Ops[0], Ops[1]);
  case ExprKind::Call:
    return call(E->callFn(), Ops[0]);
  case ExprKind::Select:
    return select(Ops[0], Ops[1], Ops[2]);
  case ExprKind::Random:
    return random(E->randomDist(), E->index(), Ops[0]);
  case ExprKind::Load:
    return load(E->population(), E->index(), Ops[0]);
  case ExprKind::Reduce:
    return reduce(E->binaryOp(), E->index(), Ops[0], Ops[1], Ops[2]);
  default:
    return E; // leaves have no operands
  }
}

const Expr *rewrite(ExprContext &Ctx, const Expr *Root,
                    const std::function<const Expr *(const Expr *)> &Map) {
  std::unordered_map<const Expr *, const Expr *> Done;
  std::function<const Expr *(const Expr *)> Go = [&](const Expr *E) -> const Expr * {
    auto It = Done.find(E);
    if (It != Done.end())
      return It->second;
    const Expr *R = Map(E);
    if (!R) {
      std::vector<const Expr *> Ops;
      bool Changed = false;
      for (const Expr *O : E->operands()) {
        Ops.push_back(Go(O));
        Changed |= Ops.back() != O;
      }
      R = Changed ? Ctx.withOperands(E, Ops) : E;
    }
    Done[E] = R;
    return R;
  };
  return Go(Root);
}

std::optional<double> evaluate(const Expr *E, const std::vector<double> &Params) {
  switch (E->kind()) {
  case ExprKind::Const:
    return E->value();
  case ExprKind::Param:
    if (E->index() < Params.size())
      return Params[E->index()];
    return std::nullopt;
  case ExprKind::Column:
  case ExprKind::Local:
  case ExprKind::Time:
  case ExprKind::Dt:
  case ExprKind::Step:
  case ExprKind::Element:
  case ExprKind::Voltage:
  case ExprKind::Random:
  case ExprKind::Load:
  case ExprKind::Reduce:
  case ExprKind::Bound:
    return std::nullopt;
  case ExprKind::Unary: {
    auto A = evaluate(E->operand(0), Params);
    if (!A)
      return std::nullopt;
    return E->unaryOp() == UnaryOp::Neg ? -*A : double(*A == 0);
  }
  case ExprKind::Binary: {
    auto A = evaluate(E->operand(0), Params);
    auto B = evaluate(E->operand(1), Params);
    if (!A || !B)
      return std::nullopt;
    return applyBinary(E->binaryOp(), *A, *B);
  }
  case ExprKind::Call: {
    auto A = evaluate(E->operand(0), Params);
    if (!A)
      return std::nullopt;
    return applyCall(E->callFn(), *A);
  }
  case ExprKind::Select: {
    auto C = evaluate(E->operand(0), Params);
    if (!C)
      return std::nullopt;
    return evaluate(E->operand(*C != 0 ? 1 : 2), Params);
  }
  }
  return std::nullopt;
}

void visitPostOrder(const Expr *Root, const std::function<void(const Expr *)> &F) {
  std::unordered_map<const Expr *, bool> Seen;
  std::function<void(const Expr *)> Go = [&](const Expr *E) {
    if (Seen[E])
      return;
    Seen[E] = true;
    for (const Expr *O : E->operands())
      Go(O);
    F(E);
  };
  Go(Root);
}

} // namespace nmc::ir
