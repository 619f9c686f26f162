//===- MathFunctions.cpp - exp, expm1, log, sinh, cosh as inline LLVM IR --===//
//
// Why not libm: a libm call is opaque to the loop vectoriser, so a device
// update that calls exp or expm1 runs one element at a time. Why not a
// vector math library (glibc's libmvec, SLEEF): its vector functions give
// different bits from scalar libm, so the vector body of a loop and its
// scalar remainder would disagree, and a result would depend on where an
// element falls in a chunk. These functions are plain IEEE arithmetic, bit
// operations and selects, with no fast-math flags and strict FP fusion, so
// the vectoriser widens them and every lane, the scalar remainder, AOT and
// JIT compute the same bits.
//
// The method is the textbook one (Cody and Waite reduction, Tang 1989):
// x = k ln2 + r with |r| <= ln2/2, one polynomial for (e^r - 1) / r
// and a scale by 2^k built in the exponent bits; log uses the mantissa in
// [sqrt(1/2), sqrt(2)) and the series of 2 atanh(s). Measured accuracy
// against glibc is in test/unit/MathFunctionsTest.cpp (at most 2 ulp).
//
//===----------------------------------------------------------------------===//
#include "Lowering.h"

#include "llvm/IR/Intrinsics.h"
#include "llvm/TargetParser/Host.h"

#include <cmath>

namespace nmc::codegen {

using namespace llvm;

namespace {

// ln 2 split so that k * Ln2Hi is exact for |k| < 2^20 (32 trailing zeros).
constexpr double Ln2Hi = 6.93147180369123816490e-01;
constexpr double Ln2Lo = 1.90821492927058770002e-10;
constexpr double InvLn2 = 1.44269504088896338700e+00;
// Adding 1.5 * 2^52 rounds to the nearest integer, which lands in the low
// mantissa bits.
constexpr double Shifter = 6755399441055744.0;
constexpr uint64_t ShifterBits = 0x4338000000000000ULL;

class MathBuilder {
public:
  explicit MathBuilder(IRBuilder<> &B) : B(B), D(B.getDoubleTy()), I64(B.getInt64Ty()) {}

  Value *c(double V) { return ConstantFP::get(D, V); }
  Value *ci(uint64_t V) { return ConstantInt::get(I64, V); }
  Value *add(Value *A, Value *X) { return B.CreateFAdd(A, X); }
  Value *sub(Value *A, Value *X) { return B.CreateFSub(A, X); }
  Value *mul(Value *A, Value *X) { return B.CreateFMul(A, X); }
  Value *bits(Value *X) { return B.CreateBitCast(X, I64); }
  Value *real(Value *X) { return B.CreateBitCast(X, D); }

  /// sum_i Coef[i] * x^i by Horner's rule.
  Value *horner(Value *X, const std::vector<double> &Coef) {
    Value *Acc = c(Coef.back());
    for (size_t I = Coef.size() - 1; I-- > 0;)
      Acc = mulAdd(X, Acc, c(Coef[I]));
    return Acc;
  }

  /// 2^K for an integer K in [-1022, 1023] (i64).
  Value *pow2(Value *K) { return real(B.CreateShl(B.CreateAdd(K, ci(1023)), 52)); }

  /// The reduction x = k ln2 + r: returns {k as i64, r}.
  std::pair<Value *, Value *> reduce(Value *X) {
    Value *T = mulAdd(X, c(InvLn2), c(Shifter));
    Value *Kd = sub(T, c(Shifter));
    Value *R = mulAdd(B.CreateFNeg(Kd), c(Ln2Lo), mulAdd(B.CreateFNeg(Kd), c(Ln2Hi), X));
    Value *K = B.CreateSub(bits(T), ci(ShifterBits));
    return {K, R};
  }

  /// x limited to [Lo, Hi]; NaN becomes Hi (the caller passes NaN through).
  /// Compares and selects rather than minnum/maxnum, whose NaN rule costs
  /// x86 an extra compare and blend each.
  Value *clamp(Value *X, double Lo, double Hi) {
    Value *Up = B.CreateSelect(B.CreateFCmpOGT(X, c(Lo)), X, c(Lo));
    return B.CreateSelect(B.CreateFCmpOLT(Up, c(Hi)), Up, c(Hi));
  }

  /// a * b + c, fused where the host has FMA. The choice is made once per
  /// host, for scalar and vector code alike, so it never splits the bits of
  /// one run; it only makes results differ between machines with and
  /// without FMA, as the generated code already targets the host.
  Value *mulAdd(Value *A, Value *X, Value *Cst) {
    return Fma ? B.CreateIntrinsic(Intrinsic::fma, {D}, {A, X, Cst}) : add(mul(A, X), Cst);
  }

  IRBuilder<> &B;
  Type *D, *I64;
  bool Fma = hostHasFma();

private:
  static bool hostHasFma() {
    auto Features = sys::getHostCPUFeatures();
    auto It = Features.find("fma");
    return It != Features.end() && It->second;
  }
};

/// e^r - 1 = r + r^2 t(r) on |r| <= ln2/2, where t is the degree-10
/// Chebyshev interpolant of (e^r - 1 - r) / r^2, its coefficients rounded to
/// double (computed with mpmath.chebyfit at 50 digits). The relative error of
/// 1 + r t is below 9e-19, 1/100 of an ulp. Returns the small part r^2 t,
/// so that callers can add the exact r where it keeps the most bits.
Value *expm1Tail(MathBuilder &M, Value *R) {
  static const std::vector<double> T = {
      0.5,
      0.1666666666666667,
      0.04166666666666667,
      0.008333333333326141,
      0.0013888888888883752,
      0.00019841269874801073,
      2.480158732553378e-05,
      2.7557255425009614e-06,
      2.7557273660822466e-07,
      2.510520668068106e-08,
      2.0914679595617734e-09,
  };
  return M.mul(M.mul(R, R), M.horner(R, T));
}

// Both exponentials clamp their argument to a range where the integer
// conversions cannot overflow (no poison) and whose ends give the right
// limits by themselves: e^746 and e^709.79 overflow to +inf, e^-746 rounds
// to 0 and e^-40 - 1 to -1. Only NaN needs a select.
constexpr double ExpHi = 709.79, ExpLo = -746, Expm1Lo = -40;

Value *buildExp(MathBuilder &M, Value *X) {
  IRBuilder<> &B = M.B;
  auto [K, R] = M.reduce(M.clamp(X, ExpLo, ExpHi));
  Value *P = M.add(M.c(1), M.add(R, expm1Tail(M, R)));
  // 2^k in two halves, so that k = 1024 and the subnormal range (k down to
  // -1076) need no branch; both products are exact unless the result
  // overflows or is subnormal, where the second rounds once.
  Value *K1 = B.CreateAShr(K, 1);
  Value *K2 = B.CreateSub(K, K1);
  Value *V = M.mul(M.mul(P, M.pow2(K1)), M.pow2(K2));
  return B.CreateSelect(B.CreateFCmpUNO(X, X), X, V);
}

Value *buildExpm1(MathBuilder &M, Value *X) {
  IRBuilder<> &B = M.B;
  auto [K, R] = M.reduce(M.clamp(X, Expm1Lo, ExpHi));
  Value *C = expm1Tail(M, R);
  // e^x - 1 = 2^k ((r + (1 - 2^-k)) + c): r is exact and 1 - 2^-k too
  // (2^-k is clamped where it no longer matters), so for k = 1 or -1, where
  // the sum nearly cancels, only the two additions round. 2^k is applied as
  // 2^(k-1) * 2 so that k = 1024 overflows instead of wrapping. k = 0 is
  // r + c itself, exact for tiny (and subnormal) r.
  Value *NegK = B.CreateBinaryIntrinsic(Intrinsic::smax, B.CreateNeg(K), M.ci(uint64_t(-1022)));
  Value *A = M.add(M.add(R, M.sub(M.c(1), M.pow2(NegK))), C);
  Value *V = M.mul(M.mul(A, M.pow2(B.CreateSub(K, M.ci(1)))), M.c(2));
  V = B.CreateSelect(B.CreateICmpEQ(K, M.ci(0)), M.add(R, C), V);
  return B.CreateSelect(B.CreateFCmpUNO(X, X), X, V);
}

Value *buildLog(MathBuilder &M, Value *X) {
  IRBuilder<> &B = M.B;
  // Subnormals are scaled into the normal range first.
  Value *Sub = B.CreateFCmpOLT(X, M.c(0x1p-1022));
  Value *Xn = B.CreateSelect(Sub, M.mul(X, M.c(0x1p54)), X);
  // k such that m = x / 2^k lies in [sqrt(1/2), sqrt(2)).
  constexpr uint64_t SqrtHalfBits = 0x3fe6a09e667f3bcdULL;
  Value *Bits = M.bits(Xn);
  Value *K = B.CreateAShr(B.CreateSub(Bits, M.ci(SqrtHalfBits)), 52);
  Value *Mant = M.real(B.CreateSub(Bits, B.CreateShl(K, 52)));
  Value *Kd = M.sub(M.real(B.CreateAdd(K, M.ci(ShifterBits))), M.c(Shifter));
  Kd = M.sub(Kd, B.CreateSelect(Sub, M.c(54), M.c(0)));
  // log(1 + f) = f - s (f - R) with s = f / (2 + f), R = 2 (z/3 + z^2/5 + ...),
  // z = s^2 <= 0.0295: the exact f carries the leading term.
  Value *F = M.sub(Mant, M.c(1));
  Value *S = B.CreateFDiv(F, M.add(M.c(2), F));
  Value *Z = M.mul(S, S);
  std::vector<double> Coef;
  for (int N = 1; N <= 12; ++N)
    Coef.push_back(2.0 / (2 * N + 1));
  Value *R = M.mul(Z, M.horner(Z, Coef));
  Value *LogM = M.sub(F, M.mul(S, M.sub(F, R)));
  Value *V = M.add(M.mul(Kd, M.c(Ln2Hi)), M.add(LogM, M.mul(Kd, M.c(Ln2Lo))));
  V = B.CreateSelect(B.CreateFCmpOEQ(X, ConstantFP::getInfinity(M.D)), X, V);
  V = B.CreateSelect(B.CreateFCmpOEQ(X, M.c(0)), ConstantFP::getInfinity(M.D, true), V);
  V = B.CreateSelect(B.CreateFCmpOLT(X, M.c(0)), ConstantFP::getNaN(M.D), V);
  return B.CreateSelect(B.CreateFCmpUNO(X, X), X, V);
}

/// sinh and cosh from one expm1 of |x| (e = e^|x| - 1): sinh |x| =
/// (e + e / (e + 1)) / 2 keeps the bits of tiny arguments, cosh x =
/// (E + 1 / E) / 2 with E = e + 1 needs none (it is near 1 there). Devices
/// use them in every update (sinh(v / V0) currents and rates), where a libm
/// call stopped the vectoriser. Both overflow to inf from |x| = 709.79, a
/// little before libm's 710.48.
Value *buildSinhCosh(MathBuilder &M, Value *X, bool Cosh) {
  IRBuilder<> &B = M.B;
  Value *A = B.CreateUnaryIntrinsic(Intrinsic::fabs, X);
  Value *E = buildExpm1(M, A);
  Value *E1 = M.add(E, M.c(1));
  Value *V = Cosh ? M.mul(M.c(0.5), M.add(E1, B.CreateFDiv(M.c(1), E1)))
                  : M.mul(M.c(0.5), M.add(E, B.CreateFDiv(E, E1)));
  // e = inf makes e / (e + 1) NaN.
  V = B.CreateSelect(B.CreateFCmpOEQ(E, ConstantFP::getInfinity(M.D)), E, V);
  if (!Cosh)
    V = B.CreateBinaryIntrinsic(Intrinsic::copysign, V, X);
  return B.CreateSelect(B.CreateFCmpUNO(X, X), X, V);
}

} // namespace

Function *mathFunction(Module &LM, MathFn Fn) {
  static const char *const Names[] = {"nmc.math.exp", "nmc.math.expm1", "nmc.math.log",
                                      "nmc.math.sinh", "nmc.math.cosh"};
  const char *Name = Names[unsigned(Fn)];
  if (Function *F = LM.getFunction(Name))
    return F;
  LLVMContext &C = LM.getContext();
  Type *D = Type::getDoubleTy(C);
  Function *F =
      Function::Create(FunctionType::get(D, {D}, false), GlobalValue::InternalLinkage, Name, LM);
  F->addFnAttr(Attribute::AlwaysInline);
  F->addFnAttr(Attribute::NoUnwind);
  F->addFnAttr(Attribute::WillReturn);
  F->setDoesNotAccessMemory();
  IRBuilder<> B(BasicBlock::Create(C, "entry", F));
  MathBuilder M(B);
  Value *X = F->getArg(0);
  X->setName("x");
  Value *R = Fn == MathFn::Exp     ? buildExp(M, X)
             : Fn == MathFn::Expm1 ? buildExpm1(M, X)
             : Fn == MathFn::Log   ? buildLog(M, X)
                                   : buildSinhCosh(M, X, Fn == MathFn::Cosh);
  B.CreateRet(R);
  return F;
}

} // namespace nmc::codegen
