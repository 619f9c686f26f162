//===- KernelEmitter.cpp - Population kernels over element ranges ---------===//
//
// Every kernel of the IR (Kernel.h) becomes a function with the ABI signature
//   i64 kernel(ptr ctx, ptr args, i64 begin, i64 end)
// that is one counted loop over [begin, end) on structure-of-arrays columns,
// its statements in order. An `if` (events) branches around runtime calls.
// Column accesses carry alias scopes (the runtime allocates each column
// separately), so the loop vectorises without runtime pointer checks.
// The loop also counts results that are not finite, which the runtime turns
// into an error naming the element and time.
//
//===----------------------------------------------------------------------===//
#include "AbiTypes.h"
#include "Lowering.h"

#include "llvm/IR/Intrinsics.h"
#include "llvm/IR/MDBuilder.h"

#include <functional>
#include <map>
#include <set>

namespace nmc::codegen {

using namespace llvm;

namespace {

/// Offsets of nmc_kernel_args fields.
enum ArgField {
  ArgT = 0,
  ArgDt = 1,
  ArgParams = 2,
  ArgColumns = 3,
  ArgSeed = 4,
  ArgStep = 5,
  ArgPopulations = 6,
  ArgSizes = 7,
  ArgElements = 8
};

/// Field Fd of the kernel's nmc_kernel_args.
llvm::Value *argField(IRBuilder<> &B, llvm::Value *Args, ArgField Fd, Type *Ty, const char *Name) {
  AbiTypes AT(B.getContext());
  return B.CreateLoad(Ty, B.CreateStructGEP(AT.KernelArgs, Args, Fd), Name);
}

/// A runtime service, declared once per module.
FunctionCallee service(Module &LM, const char *Name, FunctionType *FT, bool Pure) {
  FunctionCallee F = LM.getOrInsertFunction(Name, FT);
  if (auto *Fn = dyn_cast<Function>(F.getCallee())) {
    Fn->setDoesNotThrow();
    if (Pure) {
      // Counter-based draws are functions of their arguments only.
      Fn->setDoesNotAccessMemory();
      Fn->setWillReturn();
    }
  }
  return F;
}

class KernelEmitter {
public:
  KernelEmitter(Module &LM, const ir::Module &M, const ir::Kernel &K)
      : LM(LM), M(M), K(K), P(M.Populations[K.Population]), C(LM.getContext()) {}

  /// The kernel; one with run-time uniform exponents is two loops behind a
  /// dispatcher that tests the exponents once per launch.
  Function *emitKernel() {
    std::vector<const ir::Expr *> Exps = uniformExponents();
    if (Exps.empty())
      return emit(K.Name, GlobalValue::ExternalLinkage, ExprEmitter::PowMode::Any);
    Function *Whole =
        emit(K.Name + ".whole", GlobalValue::InternalLinkage, ExprEmitter::PowMode::Whole);
    Function *General =
        emit(K.Name + ".general", GlobalValue::InternalLinkage, ExprEmitter::PowMode::General);
    return dispatcher(Exps, Whole, General);
  }

private:
  /// Exponents of powers whose base differs per element and whose
  /// exponent is uniform but not a constant.
  std::vector<const ir::Expr *> uniformExponents() {
    std::vector<const ir::Expr *> Out;
    std::set<const ir::Expr *> Seen;
    std::function<void(const std::vector<ir::Stmt> &)> Walk = [&](const auto &Body) {
      for (const ir::Stmt &S : Body) {
        ir::visitPostOrder(S.Value, [&](const ir::Expr *E) {
          if (E->kind() == ir::ExprKind::Binary && E->binaryOp() == ir::BinaryOp::Pow &&
              !E->isUniform() && E->operand(1)->isUniform() && !E->operand(1)->isConst() &&
              Seen.insert(E->operand(1)).second)
            Out.push_back(E->operand(1));
        });
        Walk(S.Body);
      }
    };
    Walk(K.Body);
    return Out;
  }

  Function *dispatcher(const std::vector<const ir::Expr *> &Exps, Function *Whole,
                       Function *General) {
    Function *Fn =
        Function::Create(Whole->getFunctionType(), GlobalValue::ExternalLinkage, K.Name, LM);
    Fn->addFnAttr(Attribute::NoUnwind);
    IRBuilder<> B(BasicBlock::Create(C, "entry", Fn));
    Type *D = Type::getDoubleTy(C), *Ptr = PointerType::get(C, 0);
    llvm::Value *Args = Fn->getArg(1);
    auto Field = [&](ArgField Fd, Type *Ty) { return argField(B, Args, Fd, Ty, ""); };
    llvm::Value *ParamsPtr = Field(ArgParams, Ptr);
    ExprEmitter EE(B, B);
    EE.Time = Field(ArgT, D);
    EE.Dt = Field(ArgDt, D);
    EE.Step = B.CreateSIToFP(Field(ArgStep, Type::getInt64Ty(C)), D);
    EE.ParamValue = [&](unsigned Idx) {
      return B.CreateLoad(D, B.CreateConstGEP1_64(D, ParamsPtr, Idx));
    };
    llvm::Value *All = B.getTrue();
    for (const ir::Expr *E : Exps) {
      llvm::Value *V = EE.emit(E);
      llvm::Value *Small =
          B.CreateFCmpOLE(B.CreateUnaryIntrinsic(Intrinsic::fabs, V), ConstantFP::get(D, 64));
      llvm::Value *IsWhole = B.CreateFCmpOEQ(B.CreateUnaryIntrinsic(Intrinsic::round, V), V);
      All = B.CreateAnd(All, B.CreateAnd(Small, IsWhole));
    }
    std::vector<llvm::Value *> CallArgs;
    for (Argument &A : Fn->args())
      CallArgs.push_back(&A);
    BasicBlock *WB = BasicBlock::Create(C, "whole", Fn), *GB = BasicBlock::Create(C, "general", Fn);
    B.CreateCondBr(All, WB, GB);
    for (auto [Block, Callee] : {std::pair{WB, Whole}, std::pair{GB, General}}) {
      IRBuilder<> X(Block);
      X.CreateRet(X.CreateCall(Callee, CallArgs));
    }
    return Fn;
  }

public:
  Function *emit(const std::string &Name, GlobalValue::LinkageTypes Linkage,
                 ExprEmitter::PowMode Pow) {
    Type *I64 = Type::getInt64Ty(C), *Ptr = PointerType::get(C, 0);
    D = Type::getDoubleTy(C);
    FunctionType *FT = FunctionType::get(I64, {Ptr, Ptr, I64, I64}, false);
    F = Function::Create(FT, Linkage, Name, LM);
    F->addFnAttr(Attribute::NoUnwind);
    F->addParamAttr(1, Attribute::NoAlias);
    F->addParamAttr(1, Attribute::ReadOnly);
    auto Arg = F->arg_begin();
    Ctx = Arg++;
    Ctx->setName("ctx");
    llvm::Value *Args = Arg++;
    Args->setName("args");
    llvm::Value *Begin = Arg++;
    Begin->setName("begin");
    llvm::Value *End = Arg;
    End->setName("end");

    BasicBlock *Entry = BasicBlock::Create(C, "entry", F);
    BasicBlock *Loop = BasicBlock::Create(C, "loop", F);
    BasicBlock *Exit = BasicBlock::Create(C, "exit", F);
    IRBuilder<> Pre(Entry), Body(Loop);
    PreB = &Pre;

    auto Field = [&](ArgField Fd, Type *Ty, const char *FieldName) {
      return argField(Pre, Args, Fd, Ty, FieldName);
    };
    llvm::Value *T = Field(ArgT, D, "t");
    llvm::Value *Dt = Field(ArgDt, D, "dt");
    Params = Field(ArgParams, Ptr, "params");
    Cols = Field(ArgColumns, Ptr, "columns");
    Seed = Field(ArgSeed, I64, "seed");
    llvm::Value *Step = Field(ArgStep, I64, "step");
    Pops = Field(ArgPopulations, Ptr, "populations");
    Sizes = Field(ArgSizes, Ptr, "sizes");

    I = Body.CreatePHI(I64, 2, "i");
    PHINode *Bad = Body.CreatePHI(I64, 2, "bad");
    // An event kernel's elements come as a list (the synapses of a spike).
    Elem = I;
    if (K.OnEvent) {
      llvm::Value *List = Field(ArgElements, Ptr, "elements");
      Elem = Body.CreateLoad(I64, Body.CreateInBoundsGEP(I64, List, I), "elem.index");
    }

    // One alias scope per column.
    MDBuilder MDB(C);
    MDNode *Domain = MDB.createAnonymousAliasScopeDomain("nmc.columns");
    for (size_t Col = 0; Col < P.Columns.size(); ++Col)
      Scopes.push_back(MDB.createAnonymousAliasScope(Domain, P.Columns[Col].Name));
    ColPtr.assign(P.Columns.size(), nullptr);
    ParamVal.assign(M.Params.size(), nullptr);
    Locals.assign(K.NumLocals, nullptr);

    ExprEmitter EE(Pre, Body);
    EE.Pow = Pow;
    EE.Time = T;
    EE.Dt = Dt;
    EE.Step = Pre.CreateSIToFP(Step, D, "n");
    EE.ParamValue = [&](unsigned Idx) {
      if (!ParamVal[Idx])
        ParamVal[Idx] =
            Pre.CreateLoad(D, Pre.CreateConstGEP1_64(D, Params, Idx), "p." + M.Params[Idx].Name);
      return ParamVal[Idx];
    };
    EE.ColumnValue = [&](unsigned Col) -> llvm::Value * {
      LoadInst *L = Body.CreateLoad(D, Body.CreateInBoundsGEP(D, column(Pre, Col), Elem),
                                    P.Columns[Col].Name);
      tag(L, Col);
      return L;
    };
    EE.LocalValue = [&](unsigned L) { return Locals[L]; };
    EE.LoadValue = [&](unsigned Pop, unsigned Col, llvm::Value *Index) {
      // An index outside the population reads NaN, which the runtime then
      // reports, instead of memory that is not the column's.
      llvm::Value *In = inRange(Body, Pop, Index);
      llvm::Value *Safe = Body.CreateSelect(In, Index, ConstantInt::get(Index->getType(), 0));
      llvm::Value *V = Body.CreateLoad(D, Body.CreateInBoundsGEP(D, foreignColumn(Pop, Col), Safe));
      return Body.CreateSelect(In, V, ConstantFP::getNaN(D));
    };
    EE.ShiftedLoadValue = [&](unsigned Pop, unsigned Col, llvm::Value *Off,
                              llvm::Value *Whole) -> llvm::Value * {
      const ir::Population &Table = M.Populations[Pop];
      if (P.Dynamic || Table.Dynamic || K.OnEvent || Table.Size < P.Size)
        return nullptr;
      // Every element i < P.Size reads Off + i: all inside when 0 <= Off
      // <= Table.Size - P.Size (unsigned, so a negative Off is outside).
      llvm::Value *In = Body.CreateAnd(
          Whole, Body.CreateICmpULE(Off, ConstantInt::get(I64, uint64_t(Table.Size - P.Size))));
      llvm::Value *Base = Body.CreateInBoundsGEP(
          D, foreignColumn(Pop, Col), Body.CreateSelect(In, Off, ConstantInt::get(I64, 0)));
      llvm::Value *V = Body.CreateLoad(D, Body.CreateInBoundsGEP(D, Base, Elem));
      return Body.CreateSelect(In, V, ConstantFP::getNaN(D));
    };
    EE.ElementValue = [&]() { return Body.CreateSIToFP(Elem, D, "elem"); };
    EE.RandomValue = [&](ir::RandomDist Dist, unsigned Stream, llvm::Value *Counter) {
      FunctionType *RT = FunctionType::get(D, {I64, I64, I64, I64}, false);
      FunctionCallee Fn = service(
          LM, Dist == ir::RandomDist::Normal ? "nmc_rt_normal" : "nmc_rt_uniform", RT, true);
      CallInst *Call =
          Body.CreateCall(Fn, {Seed, ConstantInt::get(I64, Stream), Elem, toIndex(Body, Counter)});
      Call->setDoesNotAccessMemory();
      Call->setDoesNotThrow();
      return Call;
    };

    llvm::Value *NewBad = Bad;
    llvm::Value *Inf = ConstantFP::getInfinity(D);
    for (const ir::Stmt &S : K.Body) {
      switch (S.K) {
      case ir::Stmt::Kind::Let:
        Locals[S.Index] = EE.emit(S.Value);
        break;
      case ir::Stmt::Kind::Store: {
        llvm::Value *V = EE.emit(S.Value);
        StoreInst *St = Body.CreateStore(V, Body.CreateInBoundsGEP(D, column(Pre, S.Index), Elem));
        tag(St, S.Index);
        // A later read of the column must see the stored value.
        EE.forgetColumn(S.Index);
        if (S.Checked) {
          llvm::Value *Abs = Body.CreateUnaryIntrinsic(Intrinsic::fabs, V);
          NewBad = Body.CreateAdd(NewBad, Body.CreateZExt(Body.CreateFCmpUEQ(Abs, Inf), I64));
        }
        break;
      }
      case ir::Stmt::Kind::Emit:
        break; // only inside 'if' (the verifier checks)
      case ir::Stmt::Kind::If:
        emitIf(Body, EE, S);
        break;
      case ir::Stmt::Kind::Repeat:
        emitRepeat(Body, EE, S);
        break;
      case ir::Stmt::Kind::For:
      case ir::Stmt::Kind::Scatter:
        emitScatters(Body, EE, S);
        break;
      }
    }
    llvm::Value *Next = Body.CreateAdd(I, ConstantInt::get(I64, 1), "i.next", true, true);
    BranchInst *Back = Body.CreateCondBr(Body.CreateICmpSLT(Next, End), Loop, Exit);
    interleave(Back);
    BasicBlock *Last = Body.GetInsertBlock();

    Pre.CreateCondBr(Pre.CreateICmpSLT(Begin, End), Loop, Exit);
    I->addIncoming(Begin, Entry);
    I->addIncoming(Next, Last);
    Bad->addIncoming(ConstantInt::get(I64, 0), Entry);
    Bad->addIncoming(NewBad, Last);

    IRBuilder<> X(Exit);
    PHINode *Result = X.CreatePHI(I64, 2, "nonfinite");
    Result->addIncoming(ConstantInt::get(I64, 0), Entry);
    Result->addIncoming(NewBad, Last);
    X.CreateRet(Result);
    limitVectorsAroundCalls();
    return F;
  }

private:
  llvm::Value *column(IRBuilder<> &Pre, unsigned Col) {
    if (!ColPtr[Col])
      ColPtr[Col] = Pre.CreateLoad(PointerType::get(C, 0),
                                   Pre.CreateConstGEP1_64(PointerType::get(C, 0), Cols, Col),
                                   "col." + P.Columns[Col].Name);
    return ColPtr[Col];
  }

  /// Four vectors in flight: a device update is a long dependent chain
  /// (polynomials, divisions), and one vector at a time leaves the FP units
  /// waiting on latency (bench/device_update.sh: 1.3x from this alone).
  void interleave(BranchInst *Back) {
    MDNode *Count =
        MDNode::get(C, {MDString::get(C, "llvm.loop.interleave.count"),
                        ConstantAsMetadata::get(ConstantInt::get(Type::getInt32Ty(C), 4))});
    auto Self = MDNode::getTemporary(C, {});
    MDNode *LoopID = MDNode::get(C, {Self.get(), Count});
    LoopID->replaceOperandWith(0, LoopID);
    Back->setMetadata(LLVMContext::MD_loop, LoopID);
  }

  /// A kernel that calls a function LLVM cannot see into (libm's pow or
  /// sin, a runtime service) is compiled without AVX-512: around such calls
  /// LLVM keeps selects in mask registers and spills them, which made the
  /// flagship kernel 3x slower when expm1 was still a libm call.
  void limitVectorsAroundCalls() {
    for (BasicBlock &BB : *F)
      for (Instruction &Inst : BB)
        if (auto *Call = dyn_cast<CallInst>(&Inst)) {
          Function *Callee = Call->getCalledFunction();
          if (Callee && (Callee->isIntrinsic() || !Callee->isDeclaration()))
            continue;
          F->addFnAttr("target-features", "-avx512f");
          return;
        }
  }

  void tag(Instruction *Inst, unsigned Col) {
    std::vector<Metadata *> Others;
    for (size_t X = 0; X < Scopes.size(); ++X)
      if (X != Col)
        Others.push_back(Scopes[X]);
    Inst->setMetadata(LLVMContext::MD_alias_scope, MDNode::get(C, {Scopes[Col]}));
    Inst->setMetadata(LLVMContext::MD_noalias, MDNode::get(C, Others));
  }

  /// `repeat n until c { let, store, repeat ... }`: a do-while loop inside
  /// the element's body. Column values read before it are forgotten at its
  /// head (the stores change them); values computed in it, lets included,
  /// dominate what follows, as the body runs at least once.
  void emitRepeat(IRBuilder<> &Body, ExprEmitter &EE, const ir::Stmt &S) {
    Type *I64 = Type::getInt64Ty(C);
    BasicBlock *Head = Body.GetInsertBlock();
    BasicBlock *LoopBB = BasicBlock::Create(C, "repeat", F);
    BasicBlock *Done = BasicBlock::Create(C, "repeat.done", F);
    Body.CreateBr(LoopBB);
    Body.SetInsertPoint(LoopBB);
    PHINode *Iter = Body.CreatePHI(I64, 2, "iter");
    Iter->addIncoming(ConstantInt::get(I64, 0), Head);
    EE.forgetColumn(0);
    for (const ir::Stmt &X : S.Body) {
      if (X.K == ir::Stmt::Kind::Let) {
        Locals[X.Index] = EE.emit(X.Value);
        continue;
      }
      if (X.K == ir::Stmt::Kind::Repeat) {
        emitRepeat(Body, EE, X);
        continue;
      }
      llvm::Value *V = EE.emit(X.Value);
      StoreInst *St = Body.CreateStore(V, Body.CreateInBoundsGEP(D, column(*PreB, X.Index), Elem));
      tag(St, X.Index);
      EE.forgetColumn(X.Index);
    }
    llvm::Value *Until = EE.emit(S.Value);
    llvm::Value *Next = Body.CreateAdd(Iter, ConstantInt::get(I64, 1), "iter.next");
    llvm::Value *Stop =
        Body.CreateOr(Until, Body.CreateICmpSGE(Next, ConstantInt::get(I64, S.Index)));
    BasicBlock *Latch = Body.GetInsertBlock();
    Body.CreateCondBr(Stop, Done, LoopBB);
    Iter->addIncoming(Next, Latch);
    Body.SetInsertPoint(Done);
    EE.forgetColumn(0);
  }

  /// `if c { emit ... }`: the values are computed before the branch, so
  /// that everything the loop computes dominates the rest of the body.
  void emitIf(IRBuilder<> &Body, ExprEmitter &EE, const ir::Stmt &S) {
    llvm::Value *Cond = EE.emit(S.Value);
    std::vector<std::pair<unsigned, llvm::Value *>> Emits;
    for (const ir::Stmt &X : S.Body)
      if (X.K == ir::Stmt::Kind::Emit)
        Emits.push_back({X.Index, EE.emit(X.Value)});
    BasicBlock *Then = BasicBlock::Create(C, "event", F);
    BasicBlock *Cont = BasicBlock::Create(C, "body", F);
    Body.CreateCondBr(Cond, Then, Cont);
    Body.SetInsertPoint(Then);
    Type *I32 = Type::getInt32Ty(C), *I64 = Type::getInt64Ty(C), *Ptr = PointerType::get(C, 0);
    FunctionCallee Emit =
        service(LM, "nmc_rt_emit_event",
                FunctionType::get(Type::getVoidTy(C), {Ptr, I32, I64, D}, false), false);
    for (auto &[Src, Time] : Emits)
      Body.CreateCall(Emit, {Ctx, ConstantInt::get(I32, Src), Elem, Time});
    // Delivery: loops and scatters run only where the condition holds;
    // what they compute does not dominate the code after the branch.
    auto Saved = EE.snapshot();
    for (const ir::Stmt &X : S.Body)
      if (X.K != ir::Stmt::Kind::Emit)
        emitScatters(Body, EE, X);
    EE.restore(Saved);
    Body.CreateBr(Cont);
    Body.SetInsertPoint(Cont);
  }

  /// `for` loops (counted, increasing) and `scatter` adds into another
  /// population's column. Kernels with scatters run serially (abi.h), so
  /// the read-modify-write needs no atomics and the sums are ordered.
  void emitScatters(IRBuilder<> &Body, ExprEmitter &EE, const ir::Stmt &S) {
    Type *I64 = Type::getInt64Ty(C);
    auto Index = [&](const ir::Expr *X) { return toIndex(Body, EE.emit(X)); };
    if (S.K == ir::Stmt::Kind::Scatter) {
      // Out of range: NaN goes to element 0, which the runtime reports,
      // instead of a write to memory that is not the column's.
      llvm::Value *At = Index(S.At);
      llvm::Value *In = inRange(Body, S.Target, At);
      llvm::Value *Safe = Body.CreateSelect(In, At, ConstantInt::get(I64, 0));
      llvm::Value *Ptr = Body.CreateInBoundsGEP(D, foreignColumn(S.Target, S.Index), Safe);
      llvm::Value *Add = Body.CreateSelect(In, EE.emit(S.Value), ConstantFP::getNaN(D));
      Body.CreateStore(Body.CreateFAdd(Body.CreateLoad(D, Ptr), Add), Ptr);
      return;
    }
    llvm::Value *From = Index(S.Value), *To = Index(S.At);
    BasicBlock *Head = Body.GetInsertBlock();
    BasicBlock *Loop = BasicBlock::Create(C, "for", F);
    BasicBlock *Done = BasicBlock::Create(C, "for.done", F);
    Body.CreateCondBr(Body.CreateICmpSLT(From, To), Loop, Done);
    Body.SetInsertPoint(Loop);
    PHINode *K2 = Body.CreatePHI(I64, 2, "k");
    K2->addIncoming(From, Head);
    auto Saved = EE.snapshot();
    EE.bindBound(S.Index, Body.CreateSIToFP(K2, D, "k.real"));
    for (const ir::Stmt &X : S.Body)
      emitScatters(Body, EE, X);
    EE.restore(Saved);
    llvm::Value *Next = Body.CreateAdd(K2, ConstantInt::get(I64, 1), "k.next", true, true);
    BasicBlock *Latch = Body.GetInsertBlock();
    Body.CreateCondBr(Body.CreateICmpSLT(Next, To), Loop, Done);
    K2->addIncoming(Next, Latch);
    Body.SetInsertPoint(Done);
  }

  llvm::Value *inRange(IRBuilder<> &B, unsigned Pop, llvm::Value *Index) {
    Type *I64 = Type::getInt64Ty(C);
    if (!M.Populations[Pop].Dynamic)
      return B.CreateICmpULT(Index, ConstantInt::get(I64, uint64_t(M.Populations[Pop].Size)));
    // Sized at run time (the synapses of a projection).
    llvm::Value *&N = DynamicSize[Pop];
    if (!N)
      N = PreB->CreateLoad(I64, PreB->CreateConstGEP1_64(I64, Sizes, Pop),
                           "size." + M.Populations[Pop].Name);
    return B.CreateICmpULT(Index, N);
  }

  llvm::Value *foreignColumn(unsigned Pop, unsigned Col) {
    llvm::Value *&Base = Foreign[{Pop, Col}];
    if (!Base) {
      IRBuilder<> &Pre = *PreB;
      Type *Ptr = PointerType::get(C, 0);
      llvm::Value *PopCols = Pre.CreateLoad(Ptr, Pre.CreateConstGEP1_64(Ptr, Pops, Pop));
      Base = Pre.CreateLoad(Ptr, Pre.CreateConstGEP1_64(Ptr, PopCols, Col),
                            "load." + M.Populations[Pop].Name + "." +
                                M.Populations[Pop].Columns[Col].Name);
    }
    return Base;
  }

  Module &LM;
  const ir::Module &M;
  const ir::Kernel &K;
  const ir::Population &P;
  LLVMContext &C;
  Type *D = nullptr;
  Function *F = nullptr;
  llvm::Value *Ctx = nullptr, *Params = nullptr, *Cols = nullptr, *Seed = nullptr, *Pops = nullptr,
              *Sizes = nullptr;
  std::map<unsigned, llvm::Value *> DynamicSize;
  std::map<std::pair<unsigned, unsigned>, llvm::Value *> Foreign; // loads' columns
  PHINode *I = nullptr;
  llvm::Value *Elem = nullptr; // the element of iteration I
  IRBuilder<> *PreB = nullptr;
  std::vector<MDNode *> Scopes;
  std::vector<llvm::Value *> ColPtr, ParamVal, Locals;
};

} // namespace

std::vector<Function *> emitKernels(Module &LM, const ir::Module &M) {
  std::vector<Function *> Fns;
  for (const ir::Kernel &K : M.Kernels)
    Fns.push_back(KernelEmitter(LM, M, K).emitKernel());
  return Fns;
}

Function *emitResolveParams(Module &LM, const ir::Module &M) {
  LLVMContext &C = LM.getContext();
  Type *Ptr = PointerType::get(C, 0), *D = Type::getDoubleTy(C), *I8 = Type::getInt8Ty(C);
  FunctionType *FT = FunctionType::get(Type::getVoidTy(C), {Ptr, Ptr}, false);
  Function *F = Function::Create(FT, Function::ExternalLinkage, "nmc_resolve_params", LM);
  F->addFnAttr(Attribute::NoUnwind);
  llvm::Value *Params = F->getArg(0), *IsSet = F->getArg(1);
  Params->setName("params");
  IsSet->setName("is_set");
  IRBuilder<> B(BasicBlock::Create(C, "entry", F));
  // Defaults read only earlier parameters, already final when read.
  for (size_t K = 0; K < M.Params.size(); ++K) {
    BasicBlock *Compute = BasicBlock::Create(C, "default." + M.Params[K].Name, F);
    BasicBlock *Next = BasicBlock::Create(C, "next", F);
    llvm::Value *Set = B.CreateLoad(I8, B.CreateConstGEP1_64(I8, IsSet, K));
    B.CreateCondBr(B.CreateICmpEQ(Set, ConstantInt::get(I8, 0)), Compute, Next);
    IRBuilder<> CB(Compute);
    ExprEmitter EE(CB, CB);
    EE.ParamValue = [&](unsigned J) {
      return CB.CreateLoad(D, CB.CreateConstGEP1_64(D, Params, J));
    };
    EE.ColumnValue = [](unsigned) -> llvm::Value * { return nullptr; };
    llvm::Value *V = EE.emit(M.Params[K].Default);
    CB.CreateStore(V, CB.CreateConstGEP1_64(D, Params, K));
    CB.CreateBr(Next);
    B.SetInsertPoint(Next);
  }
  B.CreateRetVoid();
  return F;
}

} // namespace nmc::codegen
