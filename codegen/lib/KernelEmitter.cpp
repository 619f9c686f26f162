//===- KernelEmitter.cpp - Population kernels over element ranges ---------===//
//
// Every kernel has the ABI signature
//   i64 kernel(ptr ctx, ptr args, i64 begin, i64 end)
// and is one counted loop over [begin, end) on structure-of-arrays columns.
// Column accesses carry alias scopes (the runtime allocates each column
// separately), so the loop vectorises without runtime pointer checks.
// The loop also counts results that are not finite, which the runtime turns
// into an error naming the element and time.
//
//===----------------------------------------------------------------------===//
#include "Lowering.h"

#include "llvm/IR/Intrinsics.h"
#include "llvm/IR/MDBuilder.h"

namespace nmc::codegen {

using namespace llvm;

namespace {

enum class KernelKind { Init, Step, Observe };

/// Offsets of nmc_kernel_args fields (t, dt, params, columns).
enum ArgField { ArgT = 0, ArgDt = 1, ArgParams = 2, ArgColumns = 3 };

StructType *kernelArgsType(LLVMContext &C) {
  Type *D = Type::getDoubleTy(C);
  Type *P = PointerType::get(C, 0);
  return StructType::get(C, {D, D, P, P});
}

Function *emitKernel(Module &LM, const ir::Module &M, const ir::Population &P,
                     KernelKind Kind, const std::string &Name) {
  LLVMContext &C = LM.getContext();
  Type *I64 = Type::getInt64Ty(C), *Ptr = PointerType::get(C, 0), *D = Type::getDoubleTy(C);
  FunctionType *FT = FunctionType::get(I64, {Ptr, Ptr, I64, I64}, false);
  Function *F = Function::Create(FT, Function::ExternalLinkage, Name, LM);
  F->addFnAttr(Attribute::NoUnwind);
  F->addParamAttr(1, Attribute::NoAlias);
  F->addParamAttr(1, Attribute::ReadOnly);
  auto Arg = F->arg_begin();
  Arg++->setName("ctx");
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

  StructType *AT = kernelArgsType(C);
  llvm::Value *T = Pre.CreateLoad(D, Pre.CreateStructGEP(AT, Args, ArgT), "t");
  llvm::Value *Dt = Pre.CreateLoad(D, Pre.CreateStructGEP(AT, Args, ArgDt), "dt");
  llvm::Value *Params = Pre.CreateLoad(Ptr, Pre.CreateStructGEP(AT, Args, ArgParams), "params");
  llvm::Value *Cols = Pre.CreateLoad(Ptr, Pre.CreateStructGEP(AT, Args, ArgColumns), "columns");

  PHINode *I = Body.CreatePHI(I64, 2, "i");
  PHINode *Bad = Body.CreatePHI(I64, 2, "bad");

  // One alias scope per column.
  MDBuilder MDB(C);
  MDNode *Domain = MDB.createAnonymousAliasScopeDomain("nmc.columns");
  std::vector<MDNode *> Scopes;
  for (size_t K = 0; K < P.Columns.size(); ++K)
    Scopes.push_back(MDB.createAnonymousAliasScope(Domain, P.Columns[K].Name));
  auto Tag = [&](Instruction *Inst, unsigned Col) {
    std::vector<Metadata *> Others;
    for (size_t K = 0; K < Scopes.size(); ++K)
      if (K != Col)
        Others.push_back(Scopes[K]);
    Inst->setMetadata(LLVMContext::MD_alias_scope, MDNode::get(C, {Scopes[Col]}));
    Inst->setMetadata(LLVMContext::MD_noalias, MDNode::get(C, Others));
  };

  std::vector<llvm::Value *> ColPtr(P.Columns.size(), nullptr);
  auto Column = [&](unsigned K) {
    if (!ColPtr[K])
      ColPtr[K] = Pre.CreateLoad(Ptr, Pre.CreateConstGEP1_64(Ptr, Cols, K),
                                 "col." + P.Columns[K].Name);
    return ColPtr[K];
  };
  std::vector<llvm::Value *> ParamVal(M.Params.size(), nullptr);

  ExprEmitter EE(Pre, Body);
  EE.Time = T;
  EE.Dt = Dt;
  EE.ParamValue = [&](unsigned K) {
    if (!ParamVal[K])
      ParamVal[K] = Pre.CreateLoad(D, Pre.CreateConstGEP1_64(D, Params, K),
                                   "p." + M.Params[K].Name);
    return ParamVal[K];
  };
  EE.ColumnValue = [&](unsigned K) -> llvm::Value * {
    llvm::Value *Addr = Body.CreateInBoundsGEP(D, Column(K), I);
    LoadInst *L = Body.CreateLoad(D, Addr, P.Columns[K].Name);
    Tag(L, K);
    return L;
  };

  // Compute every new value before storing any: updates read the old state.
  std::vector<std::pair<unsigned, llvm::Value *>> Stores;
  if (Kind == KernelKind::Init) {
    for (const ir::StateVar &S : P.States)
      Stores.push_back({S.Column, EE.emit(S.Init)});
  } else if (Kind == KernelKind::Step) {
    for (const ir::StateVar &S : P.States)
      if (S.Update)
        Stores.push_back({S.Column, EE.emit(S.Update)});
  } else {
    for (const ir::Observable &O : P.Observables)
      Stores.push_back({O.Column, EE.emit(O.Value)});
  }
  llvm::Value *NewBad = Bad;
  llvm::Value *Inf = ConstantFP::getInfinity(D);
  for (auto &[Col, V] : Stores) {
    StoreInst *S = Body.CreateStore(V, Body.CreateInBoundsGEP(D, Column(Col), I));
    Tag(S, Col);
    llvm::Value *Abs = Body.CreateUnaryIntrinsic(Intrinsic::fabs, V);
    llvm::Value *NotFinite = Body.CreateFCmpUEQ(Abs, Inf);
    NewBad = Body.CreateAdd(NewBad, Body.CreateZExt(NotFinite, I64));
  }
  llvm::Value *Next = Body.CreateAdd(I, ConstantInt::get(I64, 1), "i.next", true, true);
  Body.CreateCondBr(Body.CreateICmpSLT(Next, End), Loop, Exit);

  Pre.CreateCondBr(Pre.CreateICmpSLT(Begin, End), Loop, Exit);
  I->addIncoming(Begin, Entry);
  I->addIncoming(Next, Loop);
  Bad->addIncoming(ConstantInt::get(I64, 0), Entry);
  Bad->addIncoming(NewBad, Loop);

  IRBuilder<> X(Exit);
  PHINode *Result = X.CreatePHI(I64, 2, "nonfinite");
  Result->addIncoming(ConstantInt::get(I64, 0), Entry);
  Result->addIncoming(NewBad, Loop);
  X.CreateRet(Result);
  return F;
}

} // namespace

KernelSet emitKernels(Module &LM, const ir::Module &M, unsigned Pop) {
  const ir::Population &P = M.Populations[Pop];
  KernelSet K;
  K.Init = emitKernel(LM, M, P, KernelKind::Init, "nmc_init_" + P.Name);
  K.Step = emitKernel(LM, M, P, KernelKind::Step, "nmc_step_" + P.Name);
  if (!P.Observables.empty())
    K.Observe = emitKernel(LM, M, P, KernelKind::Observe, "nmc_observe_" + P.Name);
  return K;
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
