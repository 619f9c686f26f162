//===- ExprEmitter.cpp - IR expressions to LLVM values --------------------===//
//
// Strict IEEE semantics: no fast-math flags anywhere, so that the optimiser
// may not reassociate or contract, and results match between AOT and JIT,
// vector and scalar loops, and any thread count.
//
//===----------------------------------------------------------------------===//
#include "Lowering.h"

#include "llvm/IR/Intrinsics.h"

namespace nmc::codegen {

using namespace llvm;

llvm::Value *ExprEmitter::emit(const ir::Expr *E) {
  auto It = Memo.find(E);
  if (It != Memo.end())
    return It->second;
  llvm::Value *V = emitNode(E, E->isUniform() ? Pre : Body);
  Memo[E] = V;
  return V;
}

static llvm::Value *libmCall(IRBuilder<> &B, const char *Name, llvm::Value *A) {
  Module *M = B.GetInsertBlock()->getModule();
  Type *D = B.getDoubleTy();
  FunctionCallee F = M->getOrInsertFunction(Name, FunctionType::get(D, {D}, false));
  if (auto *Fn = dyn_cast<Function>(F.getCallee())) {
    // Pure math: lets LICM, GVN and the vectoriser treat it as a value.
    Fn->setDoesNotThrow();
    Fn->setDoesNotAccessMemory();
    Fn->setWillReturn();
  }
  CallInst *C = B.CreateCall(F, {A});
  C->setDoesNotAccessMemory();
  C->setDoesNotThrow();
  return C;
}

llvm::Value *ExprEmitter::emitNode(const ir::Expr *E, IRBuilder<> &B) {
  using K = ir::ExprKind;
  Type *D = B.getDoubleTy();
  switch (E->kind()) {
  case K::Const:
    if (E->type() == ir::Type::Bool)
      return B.getInt1(E->value() != 0);
    return ConstantFP::get(D, E->value());
  case K::Param:
    return ParamValue(E->index());
  case K::Column:
    return ColumnValue(E->index());
  case K::Time:
    return Time;
  case K::Dt:
    return Dt;
  case K::Voltage:
    break; // replaced at instantiation; the verifier refuses it
  case K::Unary: {
    llvm::Value *A = emit(E->operand(0));
    return E->unaryOp() == ir::UnaryOp::Neg ? B.CreateFNeg(A) : B.CreateNot(A);
  }
  case K::Select: {
    llvm::Value *C = emit(E->operand(0));
    llvm::Value *T = emit(E->operand(1));
    llvm::Value *F = emit(E->operand(2));
    return B.CreateSelect(C, T, F);
  }
  case K::Call: {
    llvm::Value *A = emit(E->operand(0));
    switch (E->callFn()) {
    case ir::CallFn::Exp: return B.CreateUnaryIntrinsic(Intrinsic::exp, A);
    case ir::CallFn::Log: return B.CreateUnaryIntrinsic(Intrinsic::log, A);
    case ir::CallFn::Sqrt: return B.CreateUnaryIntrinsic(Intrinsic::sqrt, A);
    case ir::CallFn::Sin: return B.CreateUnaryIntrinsic(Intrinsic::sin, A);
    case ir::CallFn::Cos: return B.CreateUnaryIntrinsic(Intrinsic::cos, A);
    case ir::CallFn::Abs: return B.CreateUnaryIntrinsic(Intrinsic::fabs, A);
    case ir::CallFn::Floor: return B.CreateUnaryIntrinsic(Intrinsic::floor, A);
    case ir::CallFn::Expm1: return libmCall(B, "expm1", A);
    case ir::CallFn::Sinh: return libmCall(B, "sinh", A);
    case ir::CallFn::Cosh: return libmCall(B, "cosh", A);
    case ir::CallFn::Tanh: return libmCall(B, "tanh", A);
    }
    break;
  }
  case K::Binary: {
    llvm::Value *A = emit(E->operand(0));
    llvm::Value *C = emit(E->operand(1));
    using O = ir::BinaryOp;
    switch (E->binaryOp()) {
    case O::Add: return B.CreateFAdd(A, C);
    case O::Sub: return B.CreateFSub(A, C);
    case O::Mul: return B.CreateFMul(A, C);
    case O::Div: return B.CreateFDiv(A, C);
    case O::Pow: return B.CreateBinaryIntrinsic(Intrinsic::pow, A, C);
    case O::Min: return B.CreateBinaryIntrinsic(Intrinsic::minnum, A, C);
    case O::Max: return B.CreateBinaryIntrinsic(Intrinsic::maxnum, A, C);
    case O::Lt: return B.CreateFCmpOLT(A, C);
    case O::Le: return B.CreateFCmpOLE(A, C);
    case O::Gt: return B.CreateFCmpOGT(A, C);
    case O::Ge: return B.CreateFCmpOGE(A, C);
    case O::Eq: return B.CreateFCmpOEQ(A, C);
    case O::Ne: return B.CreateFCmpUNE(A, C);
    case O::And: return B.CreateAnd(A, C);
    case O::Or: return B.CreateOr(A, C);
    }
    break;
  }
  }
  return nullptr;
}

} // namespace nmc::codegen
