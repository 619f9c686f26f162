//===- ParserExpr.cpp - Expressions of the textual IR ---------------------===//
//
// The prefix notation of Printer.cpp's expressions, built through the
// ExprContext factories.
//
//===----------------------------------------------------------------------===//
#include "ParserImpl.h"

namespace nmc::ir::text {

const Expr *Reader::expr(Line &L) {
  if (L.accept("(")) {
    std::string Op = L.word();
    const Expr *E = operation(L, Op);
    L.expect(")");
    return E;
  }
  if (L.peek('@'))
    return C.param(paramRef(L));
  if (L.peek('$'))
    return C.column(col(L, pop(L)));
  L.skipSpace();
  size_t At = L.pos();
  if (L.acceptSigil("%l")) {
    unsigned Index = L.index();
    auto It = LocalTypes.find(Index);
    if (It == LocalTypes.end())
      throw ParseError{At, "%l" + std::to_string(Index) + " is read before its 'let'"};
    return C.local(Index, It->second);
  }
  if (L.accept("%")) {
    std::string Id = L.word();
    auto It = Values.find(Id);
    if (It == Values.end())
      throw ParseError{At, "%" + Id + " is not defined on an earlier line"};
    return It->second;
  }
  if (L.peek('k')) {
    L.acceptSigil("k");
    return C.bound(L.index());
  }
  if (L.accept("true"))
    return boolConst(true);
  if (L.accept("false"))
    return boolConst(false);
  if (L.accept("t"))
    return C.time();
  if (L.accept("dt"))
    return C.dt();
  if (L.accept("n"))
    return C.step();
  if (L.accept("i"))
    return C.element();
  if (L.accept("v"))
    return C.voltage();
  return C.constant(L.number());
}

const Expr *Reader::operation(Line &L, const std::string &Op) {
  auto Operand = [&](Type T) {
    L.skipSpace();
    size_t At = L.pos();
    const Expr *E = expr(L);
    if (E->type() != T)
      throw ParseError{At, std::string("expected a ") + (T == Type::Real ? "real" : "boolean") +
                               " operand of '" + Op + "'"};
    return E;
  };
  if (Op == "neg")
    return C.unary(UnaryOp::Neg, Operand(Type::Real));
  if (Op == "not")
    return C.unary(UnaryOp::Not, Operand(Type::Bool));
  if (Op == "select") {
    const Expr *Cond = Operand(Type::Bool);
    const Expr *A = expr(L);
    return C.select(Cond, A, Operand(A->type()));
  }
  if (Op == "load") {
    unsigned Pop = popRef(L);
    unsigned Col = col(L, M.Populations[Pop]);
    return C.load(Pop, Col, Operand(Type::Real));
  }
  if (Op == "reduce") {
    std::string R = L.word();
    BinaryOp ROp = R == "add" ? BinaryOp::Add : R == "min" ? BinaryOp::Min : BinaryOp::Max;
    if (R != "add" && R != "min" && R != "max")
      L.fail("a reduction is add, min or max, not '" + R + "'");
    if (!L.acceptSigil("k"))
      L.fail("expected the reduction's index (k0, k1, ...)");
    unsigned Depth = L.index();
    const Expr *From = Operand(Type::Real);
    const Expr *To = Operand(Type::Real);
    return C.reduce(ROp, Depth, From, To, Operand(Type::Real));
  }
  if (Op == "random") {
    std::string D = L.word();
    RandomDist Dist = D == "normal" ? RandomDist::Normal : RandomDist::Uniform;
    if (D != "normal" && D != "uniform")
      L.fail("unknown distribution '" + D + "'");
    unsigned Stream = L.index();
    return C.random(Dist, Stream, Operand(Type::Real));
  }
  for (int I = 0; I <= int(BinaryOp::Or); ++I)
    if (Op == name(BinaryOp(I))) {
      Type T = isLogical(BinaryOp(I)) ? Type::Bool : Type::Real;
      const Expr *A = Operand(T);
      return C.binary(BinaryOp(I), A, Operand(T));
    }
  for (int I = 0; I <= int(CallFn::Heaviside); ++I)
    if (Op == name(CallFn(I)))
      return C.call(CallFn(I), Operand(Type::Real));
  L.fail("unknown operation '" + Op + "'");
}

} // namespace nmc::ir::text
