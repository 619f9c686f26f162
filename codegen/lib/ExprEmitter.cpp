//===- ExprEmitter.cpp - IR expressions to LLVM values --------------------===//
//
// Strict IEEE semantics: no fast-math flags anywhere, so that the optimiser
// may not reassociate or contract, and results match between AOT and JIT,
// vector and scalar loops, and any thread count.
//
//===----------------------------------------------------------------------===//
#include "Lowering.h"

#include "llvm/IR/Intrinsics.h"

#include <cmath>

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

void ExprEmitter::restore(const MemoMap &Saved) {
  for (auto It = Memo.begin(); It != Memo.end();)
    It = !It->first->isUniform() && !Saved.count(It->first) ? Memo.erase(It) : std::next(It);
}

void ExprEmitter::bindBound(unsigned Depth, llvm::Value *V) {
  if (BoundValues.size() <= Depth)
    BoundValues.resize(Depth + 1);
  BoundValues[Depth] = V;
}

void ExprEmitter::forgetColumn(unsigned) {
  // Conservative: any per-element value may read the stored column.
  for (auto It = Memo.begin(); It != Memo.end();)
    It = It->first->isUniform() ? std::next(It) : Memo.erase(It);
}

/// x^e for a per-element x and an exponent e that is the same for every
/// element but known only at run time (a parameter): where e is a whole
/// number, |e| <= 64, x^e is llvm.powi, repeated squaring and
/// multiplication, instead of a libm pow call (a window function such as
/// Joglekar's, 1 - (2x - 1)^(2p), is the common case). KernelEmitter
/// compiles such kernels twice and picks one per launch (PowMode); outside
/// kernels both are computed and one selected.
llvm::Value *ExprEmitter::emitUniformPow(llvm::Value *X, llvm::Value *E) {
  Type *D = Pre.getDoubleTy(), *I32 = Pre.getInt32Ty();
  if (Pow == PowMode::Whole)
    return Body.CreateIntrinsic(Intrinsic::powi, {D, I32}, {X, Pre.CreateFPToSI(E, I32)});
  if (Pow == PowMode::General)
    return Body.CreateBinaryIntrinsic(Intrinsic::pow, X, E);
  llvm::Value *Small =
      Pre.CreateFCmpOLE(Pre.CreateUnaryIntrinsic(Intrinsic::fabs, E), ConstantFP::get(D, 64));
  llvm::Value *Safe = Pre.CreateSelect(Small, E, ConstantFP::get(D, 0));
  llvm::Value *N = Pre.CreateFPToSI(Safe, I32, "pow.n");
  llvm::Value *Whole =
      Pre.CreateAnd(Small, Pre.CreateFCmpOEQ(Pre.CreateSIToFP(N, D), E), "pow.whole");
  IRBuilder<> &B = Body;
  Function *F = B.GetInsertBlock()->getParent();
  BasicBlock *Powi = BasicBlock::Create(F->getContext(), "powi", F);
  BasicBlock *Pow = BasicBlock::Create(F->getContext(), "pow", F);
  BasicBlock *Join = BasicBlock::Create(F->getContext(), "pow.join", F);
  B.CreateCondBr(Whole, Powi, Pow);
  B.SetInsertPoint(Powi);
  llvm::Value *R1 = B.CreateIntrinsic(Intrinsic::powi, {D, I32}, {X, N});
  B.CreateBr(Join);
  B.SetInsertPoint(Pow);
  llvm::Value *R2 = B.CreateBinaryIntrinsic(Intrinsic::pow, X, E);
  B.CreateBr(Join);
  B.SetInsertPoint(Join);
  PHINode *R = B.CreatePHI(D, 2, "pow.x");
  R->addIncoming(R1, Powi);
  R->addIncoming(R2, Pow);
  return R;
}

/// round(x) as an i64, with x limited to +-2^62 first (fptosi of a value
/// out of range, or of NaN, is poison); NaN becomes -2^62, outside every
/// population and every loop.
llvm::Value *toIndex(IRBuilder<> &B, llvm::Value *X) {
  Type *D = B.getDoubleTy();
  llvm::Value *Lim = ConstantFP::get(D, 0x1p62), *NegLim = ConstantFP::get(D, -0x1p62);
  llvm::Value *Lo = B.CreateSelect(B.CreateFCmpOGT(X, NegLim), X, NegLim);
  llvm::Value *Hi = B.CreateSelect(B.CreateFCmpOLT(Lo, Lim), Lo, Lim);
  return B.CreateFPToSI(B.CreateUnaryIntrinsic(Intrinsic::round, Hi), B.getInt64Ty());
}

/// A counted loop inside the element's body: from, from + 1, ..., to - 1,
/// folded in increasing order (the IR's semantics make the order part of
/// the result).
llvm::Value *ExprEmitter::emitReduce(const ir::Expr *E) {
  IRBuilder<> &B = Body;
  Type *D = B.getDoubleTy(), *I64 = B.getInt64Ty();
  auto Index = [&](const ir::Expr *X) { return toIndex(B, emit(X)); };
  llvm::Value *From = Index(E->operand(0)), *To = Index(E->operand(1));
  ir::BinaryOp Op = E->binaryOp();
  llvm::Value *Init = ConstantFP::get(D, Op == ir::BinaryOp::Add   ? 0.0
                                         : Op == ir::BinaryOp::Min ? INFINITY
                                                                   : -INFINITY);
  BasicBlock *Head = B.GetInsertBlock();
  Function *F = Head->getParent();
  BasicBlock *Loop = BasicBlock::Create(F->getContext(), "reduce", F);
  BasicBlock *Done = BasicBlock::Create(F->getContext(), "reduce.done", F);
  B.CreateCondBr(B.CreateICmpSLT(From, To), Loop, Done);
  B.SetInsertPoint(Loop);
  PHINode *K = B.CreatePHI(I64, 2, "k");
  PHINode *Acc = B.CreatePHI(D, 2, "acc");
  K->addIncoming(From, Head);
  Acc->addIncoming(Init, Head);
  bindBound(E->index(), B.CreateSIToFP(K, D, "k.real"));
  // Values computed in the loop do not dominate code after it: forget
  // them once the body is emitted (uniform ones live in the preheader).
  MemoMap Saved = snapshot();
  llvm::Value *V = emit(E->operand(2));
  restore(Saved);
  llvm::Value *Next = Op == ir::BinaryOp::Add ? B.CreateFAdd(Acc, V)
                      : Op == ir::BinaryOp::Min
                          ? B.CreateBinaryIntrinsic(Intrinsic::minnum, Acc, V)
                          : B.CreateBinaryIntrinsic(Intrinsic::maxnum, Acc, V);
  llvm::Value *KNext = B.CreateAdd(K, ConstantInt::get(I64, 1), "k.next", true, true);
  BasicBlock *Latch = B.GetInsertBlock();
  B.CreateCondBr(B.CreateICmpSLT(KNext, To), Loop, Done);
  K->addIncoming(KNext, Latch);
  Acc->addIncoming(Next, Latch);
  B.SetInsertPoint(Done);
  PHINode *R = B.CreatePHI(D, 2, "reduced");
  R->addIncoming(Init, Head);
  R->addIncoming(Next, Latch);
  return R;
}

bool ExprEmitter::draws(const ir::Expr *E) {
  auto It = Draws.find(E);
  if (It != Draws.end())
    return It->second;
  bool D = E->kind() == ir::ExprKind::Random;
  for (const ir::Expr *O : E->operands())
    D = D || draws(O);
  Draws[E] = D;
  return D;
}

/// A select whose arms are both cheap is a select of both values (it
/// vectorises). Where one arm draws a random number and the other does not
/// (a per-cycle draw at an event: select(fired, draw, old)), the draw is a
/// call of a runtime service that costs more than the rest of the element's
/// update, so a branch computes only the arm that is picked. The draw is a
/// pure function of its key, so either way gives the same bits.
llvm::Value *ExprEmitter::emitSelect(const ir::Expr *E, IRBuilder<> &B) {
  llvm::Value *C = emit(E->operand(0));
  const ir::Expr *TE = E->operand(1), *FE = E->operand(2);
  bool DrawT = !Memo.count(TE) && draws(TE), DrawF = !Memo.count(FE) && draws(FE);
  if (&B != &Body || DrawT == DrawF)
    return B.CreateSelect(C, emit(TE), emit(FE));
  Function *F = B.GetInsertBlock()->getParent();
  BasicBlock *Then = BasicBlock::Create(F->getContext(), "select.true", F);
  BasicBlock *Else = BasicBlock::Create(F->getContext(), "select.false", F);
  BasicBlock *Join = BasicBlock::Create(F->getContext(), "select.join", F);
  B.CreateCondBr(C, Then, Else);
  // Values computed in an arm do not dominate the join: forget them.
  MemoMap Saved = snapshot();
  B.SetInsertPoint(Then);
  llvm::Value *T = emit(TE);
  BasicBlock *ThenEnd = B.GetInsertBlock();
  B.CreateBr(Join);
  restore(Saved);
  B.SetInsertPoint(Else);
  llvm::Value *V = emit(FE);
  BasicBlock *ElseEnd = B.GetInsertBlock();
  B.CreateBr(Join);
  restore(Saved);
  B.SetInsertPoint(Join);
  PHINode *R = B.CreatePHI(T->getType(), 2, "selected");
  R->addIncoming(T, ThenEnd);
  R->addIncoming(V, ElseEnd);
  return R;
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

static llvm::Value *inlineMath(IRBuilder<> &B, MathFn Fn, llvm::Value *A) {
  Function *F = mathFunction(*B.GetInsertBlock()->getModule(), Fn);
  CallInst *C = B.CreateCall(F, {A});
  C->setDoesNotAccessMemory();
  C->setDoesNotThrow();
  return C;
}

/// x^n for a small whole constant n is a chain of multiplications (as in
/// Brian2 and NMODL): a libm pow call costs tens of cycles and blocks
/// vectorisation. x^0.5 is sqrt. Other exponents call pow.
static llvm::Value *emitPow(IRBuilder<> &B, llvm::Value *X, const ir::Expr *Exp,
                            llvm::Value *ExpValue) {
  if (Exp->isConst()) {
    double N = Exp->value();
    if (N == 0.5)
      return B.CreateUnaryIntrinsic(Intrinsic::sqrt, X);
    if (N == std::floor(N) && std::fabs(N) <= 4 && N != 0) {
      llvm::Value *R = X;
      for (int I = 1; I < int(std::fabs(N)); ++I)
        R = B.CreateFMul(R, X);
      return N > 0 ? R : B.CreateFDiv(ConstantFP::get(X->getType(), 1.0), R);
    }
  }
  return B.CreateBinaryIntrinsic(Intrinsic::pow, X, ExpValue);
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
  case K::Local:
    return LocalValue(E->index());
  case K::Time:
    return Time;
  case K::Dt:
    return Dt;
  case K::Step:
    return Step;
  case K::Element:
    return ElementValue();
  case K::Random:
    return RandomValue(E->randomDist(), E->index(), emit(E->operand(0)));
  case K::Load: {
    // At the element plus a uniform offset: an integer offset from the
    // element, so that the loop vectoriser sees consecutive addresses
    // rather than a gather through a rounded double.
    const ir::Expr *Ix = E->operand(0);
    if (ShiftedLoadValue && Ix->kind() == K::Binary && Ix->binaryOp() == ir::BinaryOp::Add)
      for (unsigned S : {0u, 1u}) {
        const ir::Expr *Off = Ix->operand(1 - S);
        if (Ix->operand(S)->kind() != K::Element || !Off->isUniform())
          continue;
        llvm::Value *X = emit(Off);
        llvm::Value *Whole = B.CreateFCmpOEQ(B.CreateUnaryIntrinsic(Intrinsic::round, X), X);
        if (llvm::Value *V = ShiftedLoadValue(E->population(), E->index(), toIndex(B, X), Whole))
          return V;
      }
    return LoadValue(E->population(), E->index(), toIndex(B, emit(Ix)));
  }

  case K::Reduce:
    return emitReduce(E);
  case K::Bound:
    return BoundValues.at(E->index());
  case K::Voltage:
    break; // replaced at instantiation; the verifier refuses it
  case K::Unary: {
    llvm::Value *A = emit(E->operand(0));
    return E->unaryOp() == ir::UnaryOp::Neg ? B.CreateFNeg(A) : B.CreateNot(A);
  }
  case K::Select:
    return emitSelect(E, B);
  case K::Call: {
    llvm::Value *A = emit(E->operand(0));
    switch (E->callFn()) {
    case ir::CallFn::Exp:
      return inlineMath(B, MathFn::Exp, A);
    case ir::CallFn::Log:
      return inlineMath(B, MathFn::Log, A);
    case ir::CallFn::Sqrt:
      return B.CreateUnaryIntrinsic(Intrinsic::sqrt, A);
    case ir::CallFn::Sin:
      return B.CreateUnaryIntrinsic(Intrinsic::sin, A);
    case ir::CallFn::Cos:
      return B.CreateUnaryIntrinsic(Intrinsic::cos, A);
    case ir::CallFn::Abs:
      return B.CreateUnaryIntrinsic(Intrinsic::fabs, A);
    case ir::CallFn::Floor:
      return B.CreateUnaryIntrinsic(Intrinsic::floor, A);
    case ir::CallFn::Expm1:
      return inlineMath(B, MathFn::Expm1, A);
    case ir::CallFn::Sinh:
      return inlineMath(B, MathFn::Sinh, A);
    case ir::CallFn::Cosh:
      return inlineMath(B, MathFn::Cosh, A);
    case ir::CallFn::Tanh:
      return libmCall(B, "tanh", A);
    case ir::CallFn::Log10:
      return B.CreateUnaryIntrinsic(Intrinsic::log10, A);
    case ir::CallFn::Round:
      return B.CreateUnaryIntrinsic(Intrinsic::round, A);
    case ir::CallFn::Atan:
      return libmCall(B, "atan", A);
    case ir::CallFn::Asinh:
      return libmCall(B, "asinh", A);
    case ir::CallFn::Sign:
    case ir::CallFn::Heaviside: {
      // Compares, so that NaN and a signed zero pass through as in the IR.
      bool Sign = E->callFn() == ir::CallFn::Sign;
      llvm::Value *Zero = ConstantFP::get(D, 0.0);
      llvm::Value *Pos = ConstantFP::get(D, 1.0);
      llvm::Value *Neg = ConstantFP::get(D, Sign ? -1.0 : 0.0);
      llvm::Value *AtZero =
          Sign ? A : B.CreateSelect(B.CreateFCmpOEQ(A, Zero), ConstantFP::get(D, 0.5), A);
      return B.CreateSelect(B.CreateFCmpOGT(A, Zero), Pos,
                            B.CreateSelect(B.CreateFCmpOLT(A, Zero), Neg, AtZero));
    }
    }
    break;
  }
  case K::Binary: {
    llvm::Value *A = emit(E->operand(0));
    llvm::Value *C = emit(E->operand(1));
    using O = ir::BinaryOp;
    switch (E->binaryOp()) {
    case O::Add:
      return B.CreateFAdd(A, C);
    case O::Sub:
      return B.CreateFSub(A, C);
    case O::Mul:
      return B.CreateFMul(A, C);
    case O::Div:
      // Per-element division by a launch-uniform value: one reciprocal per
      // launch, a multiplication per element (see the IR header).
      if (!E->isUniform() && E->operand(1)->isUniform() && &B != &Pre) {
        llvm::Value *&R = Reciprocal[E->operand(1)];
        if (!R)
          R = Pre.CreateFDiv(ConstantFP::get(C->getType(), 1.0), C, "recip");
        return B.CreateFMul(A, R);
      }
      return B.CreateFDiv(A, C);
    case O::Pow:
      if (!E->isUniform() && E->operand(1)->isUniform() && !E->operand(1)->isConst())
        return emitUniformPow(A, C);
      return emitPow(B, A, E->operand(1), C);
    case O::Min:
      return B.CreateBinaryIntrinsic(Intrinsic::minnum, A, C);
    case O::Max:
      return B.CreateBinaryIntrinsic(Intrinsic::maxnum, A, C);
    case O::Lt:
      return B.CreateFCmpOLT(A, C);
    case O::Le:
      return B.CreateFCmpOLE(A, C);
    case O::Gt:
      return B.CreateFCmpOGT(A, C);
    case O::Ge:
      return B.CreateFCmpOGE(A, C);
    case O::Eq:
      return B.CreateFCmpOEQ(A, C);
    case O::Ne:
      return B.CreateFCmpUNE(A, C);
    case O::And:
      return B.CreateAnd(A, C);
    case O::Or:
      return B.CreateOr(A, C);
    }
    break;
  }
  }
  return nullptr;
}

} // namespace nmc::codegen
