//===- Algebra.h - Linear systems written out as expressions ----*- C++ -*-===//
#ifndef NMC_IR_ALGEBRA_H
#define NMC_IR_ALGEBRA_H

#include "nmc/ir/Expr.h"

#include <vector>

namespace nmc::ir {

/// x with W x = R, by Gaussian elimination without pivoting, as
/// expressions (zero entries are skipped, so a sparse W stays cheap). Used
/// for the small per-element systems of Rosenbrock steps and Newton
/// iterations; the callers bound their size (at most 8).
std::vector<const Expr *> solveLinear(ExprContext &C, std::vector<std::vector<const Expr *>> W,
                                      std::vector<const Expr *> R);

} // namespace nmc::ir

#endif
