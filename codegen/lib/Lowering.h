//===- Lowering.h - Model IR to an LLVM module -----------------*- C++ -*-===//
#ifndef NMC_CODEGEN_LOWERING_H
#define NMC_CODEGEN_LOWERING_H

#include "nmc/codegen/CodeGen.h"
#include "nmc/ir/Module.h"

#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Module.h"

#include <functional>
#include <memory>
#include <unordered_map>

namespace nmc::codegen {

/// Emits IR expressions as LLVM values. Uniform nodes (no column read) go to
/// the preheader builder so that they are computed once per launch; the rest
/// go to the loop body.
class ExprEmitter {
public:
  ExprEmitter(llvm::IRBuilder<> &Pre, llvm::IRBuilder<> &Body) : Pre(Pre), Body(Body) {}

  std::function<llvm::Value *(unsigned)> ParamValue;  // in Pre
  std::function<llvm::Value *(unsigned)> ColumnValue; // in Body
  std::function<llvm::Value *(unsigned)> LocalValue;  // already emitted
  std::function<llvm::Value *()> ElementValue;        // in Body
  std::function<llvm::Value *(ir::RandomDist, unsigned, llvm::Value *)> RandomValue;
  /// Column Col of population Pop at the (i64) element index, in Body.
  std::function<llvm::Value *(unsigned, unsigned, llvm::Value *)> LoadValue;
  /// Column Col of population Pop at the element plus the uniform i64
  /// offset Off, NaN unless Whole and every element's index is inside
  /// Pop; null where the kernel cannot read it so (sizes known only at
  /// run time): LoadValue then reads it.
  std::function<llvm::Value *(unsigned, unsigned, llvm::Value *, llvm::Value *)> ShiftedLoadValue;
  llvm::Value *Time = nullptr, *Dt = nullptr, *Step = nullptr;
  /// How x^e with a per-element x and a run-time uniform e is emitted: the
  /// kernel is compiled twice (KernelEmitter.cpp), once assuming every such
  /// e is a whole number of at most 64 (llvm.powi: multiplications) and
  /// once calling pow; Any is a select of both.
  enum class PowMode { Any, Whole, General } Pow = PowMode::Any;

  llvm::Value *emit(const ir::Expr *E);
  /// Drops memoised reads of column Col after a store to it.
  void forgetColumn(unsigned Col);
  /// The memo before a block whose values do not dominate what follows it;
  /// restore drops the per-element values computed since.
  using MemoMap = std::unordered_map<const ir::Expr *, llvm::Value *>;
  MemoMap snapshot() const { return Memo; }
  void restore(const MemoMap &Saved);
  /// The value of Bound(Depth) inside a `for` statement.
  void bindBound(unsigned Depth, llvm::Value *V);

private:
  llvm::Value *emitNode(const ir::Expr *E, llvm::IRBuilder<> &B);
  llvm::Value *emitReduce(const ir::Expr *E);
  llvm::Value *emitUniformPow(llvm::Value *X, llvm::Value *E);
  llvm::Value *emitSelect(const ir::Expr *E, llvm::IRBuilder<> &B);
  /// Whether E holds a Random node (a call of a runtime service).
  bool draws(const ir::Expr *E);
  std::vector<llvm::Value *> BoundValues; // k0, k1, ... of enclosing reductions
  std::unordered_map<const ir::Expr *, bool> Draws;
  llvm::IRBuilder<> &Pre, &Body;
  std::unordered_map<const ir::Expr *, llvm::Value *> Memo;
  std::unordered_map<const ir::Expr *, llvm::Value *> Reciprocal;
};

/// round(x) as an element index (i64), defined for every double.
llvm::Value *toIndex(llvm::IRBuilder<> &B, llvm::Value *X);

/// Elementary functions as inline IR that the loop vectoriser can widen
/// with the same bits in every lane (MathFunctions.cpp).
enum class MathFn { Exp, Expm1, Log, Sinh, Cosh };
llvm::Function *mathFunction(llvm::Module &LM, MathFn Fn);

/// `void nmc_resolve_params(double *p, const uint8_t *is_set)`.
llvm::Function *emitResolveParams(llvm::Module &LM, const ir::Module &M);

/// One function per kernel of M.Kernels, in order.
std::vector<llvm::Function *> emitKernels(llvm::Module &LM, const ir::Module &M);

/// The exported `nmc_model` descriptor (runtime/include/nmc/abi.h).
void emitDescriptor(llvm::Module &LM, const ir::Module &M,
                    const std::vector<llvm::Function *> &Kernels, llvm::Function *Resolve,
                    const Options &O);

/// `int main(int, char **)` that hands the descriptor to nmc_main.
void emitMain(llvm::Module &LM);

/// The whole LLVM module for M, not yet optimised.
std::unique_ptr<llvm::Module> buildModule(llvm::LLVMContext &Ctx, const ir::Module &M,
                                          const Options &O, bool WithMain);

} // namespace nmc::codegen

#endif
