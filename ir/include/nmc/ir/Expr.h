//===- Expr.h - Kernel expressions of the model IR -------------*- C++ -*-===//
//
// Semantics of IR expressions (the specification codegen implements):
//  - every value is an IEEE double in SI units, or a boolean (comparisons,
//    And/Or/Not); units were checked and erased by the frontend;
//  - expressions are pure and side-effect free; evaluation order is free;
//  - Param(k) reads resolved parameter k, uniform over a kernel launch;
//  - Column(k) reads column k of the current element before the kernel
//    writes anything (all updates of a step see the old state);
//  - Local(k) reads the value that kernel statement `let %k` computed
//    earlier for the same element (see Kernel.h);
//  - Step is the index n of the step as a real (t = n * dt), Element the
//    index of the current element as a real;
//  - Random(dist, stream; counter) is a draw from the counter-based
//    generator keyed by (run seed, stream, element, counter): the same bits
//    on any thread count and in any evaluation order, so it is pure;
//  - Time is the kernel's time argument t, Dt its step; Voltage is the
//    terminal voltage of a device template, replaced by the population's
//    waveform when a device is instantiated, and never reaches codegen;
//  - Pow with a constant whole exponent n, |n| <= 4, is n-1 multiplications
//    (and a reciprocal for n < 0), and x^0.5 is sqrt; other powers are pow();
//  - a per-element value divided by a uniform one is multiplied by the
//    reciprocal, computed once per launch (at most one extra rounding; a
//    division costs several multiplications in the element loop);
//  - Load(p, c; k) reads column c of population p at element round(k), as
//    the column stood when the kernel started (a kernel never loads a
//    column of its own population that it stores, so this is well
//    defined): gathers across populations, through index columns, and
//    CSR neighbourhoods (a synapse population whose columns are indices);
//    an index outside p reads NaN. An index Element + u with u uniform
//    (a table laid out slot-major, read at the step's slot) is read as the
//    element plus the whole number u, a plain load that vectorises: where
//    u is not whole or element + u leaves p for some element of the
//    kernel's population, every element reads NaN;
//  - Reduce(op, b; from, to, body) folds body over the bound index
//    Bound(b) = from, from + 1, ..., to - 1 (whole numbers), with op Add
//    (sum, 0 when empty), Min (+inf when empty) or Max (-inf when empty),
//    in increasing order of the index, so the result does not depend on
//    threads: synaptic input over a CSR row, a dense matrix-vector row,
//    a Kirchhoff sum. b is the reduction's nesting depth in its expression
//    (0 outermost), so that nested reductions name distinct indices;
//  - Min/Max follow fmin/fmax (a NaN operand yields the other operand);
//    Select picks one arm. Both are pure, so evaluating both (a select,
//    which vectorises) or only the one picked gives the same result:
//    codegen branches where one arm draws (Random) and the other does not
//    (a per-cycle draw, select(fired, draw, old)), so a draw costs only
//    where it is picked;
//  - no fast-math: codegen must not reassociate or contract (FMA), so AOT
//    and JIT give identical bits on any thread count. Two exceptions keep
//    that promise because each is one fixed rewrite of the IR, applied to
//    every code path alike: the hoist-uniform pass regroups products so
//    that their uniform factors are multiplied first, and exp, expm1 and
//    log are inline polynomials (codegen's MathFunctions.cpp, at most 2
//    ulp) that use FMA where the host has it. Results may then differ in
//    the last bits between hosts with and without FMA.
// Nodes are immutable, owned by an ExprContext, and built only through its
// factories, which validate operand types, fold constants and share equal
// nodes (hash-consing: two equal expressions are one pointer, so a derived
// Jacobian reuses the terms of the function it differentiates, and codegen
// computes a repeated sub-expression once).
//
//===----------------------------------------------------------------------===//
#ifndef NMC_IR_EXPR_H
#define NMC_IR_EXPR_H

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace nmc::ir {

enum class ExprKind {
  Const,
  Param,
  Column,
  Local,
  Time,
  Dt,
  Step,
  Element,
  Voltage,
  Random,
  Unary,
  Binary,
  Call,
  Select,
  Load,
  Reduce,
  Bound
};

enum class UnaryOp { Neg, Not };
enum class BinaryOp { Add, Sub, Mul, Div, Pow, Min, Max, Lt, Le, Gt, Ge, Eq, Ne, And, Or };
enum class CallFn {
  Exp,
  Expm1,
  Log,
  Log10,
  Sqrt,
  Sin,
  Cos,
  Atan,
  Sinh,
  Cosh,
  Tanh,
  Asinh,
  Abs,
  Floor,
  Round,
  Sign,
  Heaviside
};
/// Distributions of Random nodes: uniform on (0, 1), standard normal.
enum class RandomDist { Uniform, Normal };

enum class Type { Real, Bool };

class Expr {
public:
  ExprKind kind() const { return Kind; }
  Type type() const { return Ty; }
  /// Const value.
  double value() const { return Value; }
  /// Param, Column, Local or Load column index; Random stream; Reduce and
  /// Bound depth.
  unsigned index() const { return Index; }
  /// Load: the population read.
  unsigned population() const { return Pop; }
  RandomDist randomDist() const { return Dist; }
  UnaryOp unaryOp() const { return UOp; }
  BinaryOp binaryOp() const { return BOp; }
  CallFn callFn() const { return Fn; }
  const std::vector<const Expr *> &operands() const { return Ops; }
  const Expr *operand(unsigned I) const { return Ops[I]; }
  /// True when the value is the same for every element (no Column read).
  bool isUniform() const { return Uniform; }
  bool isConst() const { return Kind == ExprKind::Const; }
  bool isConst(double V) const { return Kind == ExprKind::Const && Value == V; }

private:
  friend class ExprContext;
  Expr() = default;
  ExprKind Kind = ExprKind::Const;
  Type Ty = Type::Real;
  double Value = 0;
  unsigned Index = 0;
  unsigned Pop = 0;
  UnaryOp UOp = UnaryOp::Neg;
  BinaryOp BOp = BinaryOp::Add;
  CallFn Fn = CallFn::Exp;
  RandomDist Dist = RandomDist::Uniform;
  bool Uniform = true;
  std::vector<const Expr *> Ops;
};

const char *name(UnaryOp Op);
const char *name(BinaryOp Op);
const char *name(CallFn Fn);
const char *name(RandomDist D);
bool isComparison(BinaryOp Op);
bool isLogical(BinaryOp Op);

/// Owns expression nodes. Factories fold constant operands and the neutral
/// elements (x+0, x*1, x*0 only when x is finite-valued is NOT assumed:
/// x*0 is kept, since it is NaN for infinite x).
class ExprContext {
public:
  const Expr *constant(double V);
  const Expr *param(unsigned I);
  const Expr *column(unsigned I);
  const Expr *time();
  const Expr *dt();
  const Expr *voltage();
  const Expr *local(unsigned I, Type T = Type::Real);
  const Expr *step();
  /// The end of this step, (step + 1) * dt: the runtime starts the next step
  /// at exactly this time, where time + dt can differ by a rounding error and
  /// let an edge-triggered event see a waveform edge twice or not at all.
  const Expr *stepEnd();
  const Expr *element();
  /// A draw of D from stream Stream at counter Counter (a whole number).
  const Expr *random(RandomDist D, unsigned Stream, const Expr *Counter);
  const Expr *unary(UnaryOp Op, const Expr *A);
  const Expr *binary(BinaryOp Op, const Expr *A, const Expr *B);
  const Expr *call(CallFn Fn, const Expr *A);
  const Expr *select(const Expr *C, const Expr *A, const Expr *B);
  /// Column Col of population Pop at element Index.
  const Expr *load(unsigned Pop, unsigned Col, const Expr *Index);
  /// Op (Add, Min or Max) of Body over Bound(Depth) in [From, To).
  const Expr *reduce(BinaryOp Op, unsigned Depth, const Expr *From, const Expr *To,
                     const Expr *Body);
  const Expr *bound(unsigned Depth);
  /// E's kind and fields with new operands, through the factories.
  const Expr *withOperands(const Expr *E, const std::vector<const Expr *> &Ops);

  // Shorthands.
  const Expr *add(const Expr *A, const Expr *B) { return binary(BinaryOp::Add, A, B); }
  const Expr *sub(const Expr *A, const Expr *B) { return binary(BinaryOp::Sub, A, B); }
  const Expr *mul(const Expr *A, const Expr *B) { return binary(BinaryOp::Mul, A, B); }
  const Expr *div(const Expr *A, const Expr *B) { return binary(BinaryOp::Div, A, B); }
  const Expr *neg(const Expr *A) { return unary(UnaryOp::Neg, A); }

private:
  Expr *make(ExprKind K, Type T);
  /// Returns the node equal to E (same kind, fields and operands) if one
  /// exists, and then drops E; otherwise keeps E.
  const Expr *intern(Expr *E);
  std::vector<std::unique_ptr<Expr>> Nodes;
  std::unordered_map<std::string, const Expr *> Interned;
};

/// Rebuilds E bottom-up, replacing every node for which Map returns
/// non-null. Shared subexpressions stay shared.
const Expr *rewrite(ExprContext &Ctx, const Expr *E,
                    const std::function<const Expr *(const Expr *)> &Map);

/// Evaluates E when it reads only constants and parameters (given values);
/// nullopt when it reads columns, time or the voltage.
std::optional<double> evaluate(const Expr *E, const std::vector<double> &Params);

/// d E / d Column(K), simplified by the factories.
const Expr *differentiate(ExprContext &Ctx, const Expr *E, unsigned K);

/// Whether E = A * Column(K) + B with A and B uniform (reading no column);
/// then sets A and B. Event-driven states (plasticity traces) advance
/// exactly over any interval when their dynamics are affine.
bool affine(ExprContext &Ctx, const Expr *E, unsigned K, const Expr *&A, const Expr *&B);

/// Calls F on every node reachable from E once, operands before users.
void visitPostOrder(const Expr *E, const std::function<void(const Expr *)> &F);

} // namespace nmc::ir

#endif
