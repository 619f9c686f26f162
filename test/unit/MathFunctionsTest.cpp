//===- MathFunctionsTest.cpp - Inline exp, expm1 and log against libm ------===//
//
// The functions of codegen/lib/MathFunctions.cpp are compiled in a loop by
// the same target and pipeline as models (so the loop vectorises), run in
// the JIT, and compared with long-double libm: at most 2 ulp over the whole
// range, the special values of C99, and the same bits from the vector body
// as from a scalar call on one element.
//
//===----------------------------------------------------------------------===//
#include "Lowering.h"
#include "Target.h"

#include "llvm/ExecutionEngine/Orc/LLJIT.h"
#include "llvm/ExecutionEngine/Orc/ThreadSafeModule.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>

namespace {

using namespace llvm;
using nmc::codegen::MathFn;
using LoopFn = void (*)(const double *, double *, int64_t);

/// JIT-compiles `void f(const double *x, double *y, i64 n)`: y[i] = Fn(x[i]).
class Compiled {
public:
  explicit Compiled(MathFn Fn) {
    auto Ctx = std::make_unique<LLVMContext>();
    auto M = std::make_unique<Module>("math", *Ctx);
    Type *D = Type::getDoubleTy(*Ctx), *I64 = Type::getInt64Ty(*Ctx),
         *Ptr = PointerType::get(*Ctx, 0);
    Function *F = Function::Create(FunctionType::get(Type::getVoidTy(*Ctx), {Ptr, Ptr, I64}, false),
                                   Function::ExternalLinkage, "f", *M);
    F->addParamAttr(0, Attribute::NoAlias);
    F->addParamAttr(1, Attribute::NoAlias);
    BasicBlock *Entry = BasicBlock::Create(*Ctx, "entry", F);
    BasicBlock *Loop = BasicBlock::Create(*Ctx, "loop", F);
    BasicBlock *Exit = BasicBlock::Create(*Ctx, "exit", F);
    IRBuilder<> B(Entry);
    B.CreateCondBr(B.CreateICmpSGT(F->getArg(2), B.getInt64(0)), Loop, Exit);
    B.SetInsertPoint(Loop);
    PHINode *I = B.CreatePHI(I64, 2);
    Value *X = B.CreateLoad(D, B.CreateInBoundsGEP(D, F->getArg(0), I));
    Value *Y = B.CreateCall(nmc::codegen::mathFunction(*M, Fn), {X});
    B.CreateStore(Y, B.CreateInBoundsGEP(D, F->getArg(1), I));
    Value *Next = B.CreateAdd(I, B.getInt64(1), "", true, true);
    I->addIncoming(B.getInt64(0), Entry);
    I->addIncoming(Next, Loop);
    B.CreateCondBr(B.CreateICmpSLT(Next, F->getArg(2)), Loop, Exit);
    B.SetInsertPoint(Exit);
    B.CreateRetVoid();

    std::string Error;
    auto TM = nmc::codegen::makeTargetMachine(3, Error);
    EXPECT_TRUE(TM) << Error;
    M->setDataLayout(TM->createDataLayout());
    nmc::codegen::optimize(*M, *TM, 3);
    std::string IR;
    raw_string_ostream OS(IR);
    M->print(OS, nullptr);
    Vectorised = IR.find("x double>") != std::string::npos;
    auto J =
        orc::LLJITBuilder().setJITTargetMachineBuilder(nmc::codegen::targetBuilder(3)).create();
    EXPECT_TRUE(bool(J));
    Jit = std::move(*J);
    EXPECT_FALSE(Jit->addIRModule(orc::ThreadSafeModule(std::move(M), std::move(Ctx))));
    auto Sym = Jit->lookup("f");
    EXPECT_TRUE(bool(Sym));
    Run = Sym->toPtr<LoopFn>();
  }

  std::vector<double> operator()(const std::vector<double> &X) const {
    std::vector<double> Y(X.size());
    Run(X.data(), Y.data(), int64_t(X.size()));
    return Y;
  }
  double one(double X) const {
    double Y;
    Run(&X, &Y, 1);
    return Y;
  }

  bool Vectorised = false;

private:
  std::unique_ptr<orc::LLJIT> Jit;
  LoopFn Run = nullptr;
};

/// Distance in ulps between a double and the exact value (long double).
double ulps(double Got, long double Exact) {
  if (std::isinf(double(Exact)) || Exact == 0)
    return double(Exact) == Got ? 0 : 1e9;
  double Rounded = double(Exact);
  double Ulp = std::nextafter(std::fabs(Rounded), INFINITY) - std::fabs(Rounded);
  if (Ulp == 0 || std::isinf(Ulp))
    Ulp = std::numeric_limits<double>::denorm_min();
  return double(std::fabs((long double)Got - Exact) / Ulp);
}

bool sameBits(double A, double B) { return std::memcmp(&A, &B, sizeof A) == 0; }

/// Random inputs spread over [Lo, Hi], plus every tenth one tiny.
std::vector<double> inputs(double Lo, double Hi, size_t N) {
  std::mt19937_64 Gen(12345);
  std::uniform_real_distribution<double> U(Lo, Hi);
  std::vector<double> X(N);
  for (size_t K = 0; K < N; ++K)
    X[K] = K % 10 == 0 ? U(Gen) * 1e-12 : U(Gen);
  return X;
}

void checkAccuracy(const Compiled &F, const std::vector<double> &X, long double (*Ref)(long double),
                   double MaxUlps) {
  std::vector<double> Y = F(X);
  double Worst = 0, WorstX = 0;
  for (size_t K = 0; K < X.size(); ++K) {
    double E = ulps(Y[K], Ref((long double)X[K]));
    if (E > Worst)
      Worst = E, WorstX = X[K];
    // The remainder path (one element) computes the bits of the vector body.
    if (K % 97 == 0) {
      ASSERT_TRUE(sameBits(Y[K], F.one(X[K]))) << "x = " << X[K];
    }
  }
  std::printf("worst %.3f ulp at x = %.17g\n", Worst, WorstX);
  EXPECT_LE(Worst, MaxUlps) << "worst at x = " << WorstX;
}

TEST(MathFunctions, ExpWithinTwoUlps) {
  Compiled F(MathFn::Exp);
  EXPECT_TRUE(F.Vectorised);
  checkAccuracy(F, inputs(-745, 709.7, 200000), expl, 2);
  checkAccuracy(F, inputs(-2, 2, 100000), expl, 2);
  EXPECT_EQ(F.one(0), 1.0);
  EXPECT_EQ(F.one(1000), INFINITY);
  EXPECT_EQ(F.one(709.79), INFINITY);
  EXPECT_EQ(F.one(-1000), 0.0);
  EXPECT_EQ(F.one(-INFINITY), 0.0);
  EXPECT_EQ(F.one(-744), std::exp(-744.0)); // subnormal
  EXPECT_TRUE(std::isnan(F.one(NAN)));
}

TEST(MathFunctions, Expm1WithinTwoUlps) {
  Compiled F(MathFn::Expm1);
  EXPECT_TRUE(F.Vectorised);
  checkAccuracy(F, inputs(-50, 709.7, 200000), expm1l, 2);
  checkAccuracy(F, inputs(-1, 1, 100000), expm1l, 2);
  EXPECT_EQ(F.one(0), 0.0);
  EXPECT_EQ(F.one(1e-310), 1e-310); // subnormal passes through exactly
  EXPECT_EQ(F.one(-1e-300), -1e-300);
  EXPECT_EQ(F.one(-100), -1.0);
  EXPECT_EQ(F.one(800), INFINITY);
  EXPECT_EQ(F.one(INFINITY), INFINITY);
  EXPECT_TRUE(std::isnan(F.one(NAN)));
}

TEST(MathFunctions, SinhWithinThreeUlps) {
  Compiled F(MathFn::Sinh);
  EXPECT_TRUE(F.Vectorised);
  checkAccuracy(F, inputs(-709.7, 709.7, 200000), sinhl, 3);
  checkAccuracy(F, inputs(-2, 2, 100000), sinhl, 3);
  EXPECT_EQ(F.one(0), 0.0);
  EXPECT_TRUE(std::signbit(F.one(-0.0)));
  EXPECT_EQ(F.one(1e-300), 1e-300);
  EXPECT_EQ(F.one(800), INFINITY);
  EXPECT_EQ(F.one(-800), -INFINITY);
  EXPECT_TRUE(std::isnan(F.one(NAN)));
}

TEST(MathFunctions, CoshWithinThreeUlps) {
  Compiled F(MathFn::Cosh);
  EXPECT_TRUE(F.Vectorised);
  checkAccuracy(F, inputs(-709.7, 709.7, 200000), coshl, 3);
  checkAccuracy(F, inputs(-2, 2, 100000), coshl, 3);
  EXPECT_EQ(F.one(0), 1.0);
  EXPECT_EQ(F.one(800), INFINITY);
  EXPECT_EQ(F.one(-800), INFINITY);
  EXPECT_TRUE(std::isnan(F.one(NAN)));
}

TEST(MathFunctions, LogWithinTwoUlps) {
  Compiled F(MathFn::Log);
  EXPECT_TRUE(F.Vectorised);
  std::vector<double> X = inputs(0, 10, 100000);
  for (double &V : X)
    V = std::fabs(V);
  checkAccuracy(F, X, logl, 2);
  std::vector<double> Wide(100000);
  std::mt19937_64 Gen(7);
  std::uniform_real_distribution<double> E(-1070, 1020);
  for (double &V : Wide)
    V = std::exp2(E(Gen));
  checkAccuracy(F, Wide, logl, 2);
  EXPECT_EQ(F.one(1), 0.0);
  EXPECT_EQ(F.one(0), -INFINITY);
  EXPECT_EQ(F.one(INFINITY), INFINITY);
  EXPECT_TRUE(std::isnan(F.one(-1)));
  EXPECT_TRUE(std::isnan(F.one(NAN)));
  EXPECT_EQ(F.one(4.9406564584124654e-324), std::log(4.9406564584124654e-324));
}

} // namespace
