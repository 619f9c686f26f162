//===- CrossbarCoarse.h - The coarse space of the crossbar solver -*- C++ -*-===//
//
// Conjugate gradients on the column-node system S c = rhs (Crossbar.h)
// preconditioned by exact column-line solves leave one kind of error
// slow: voltages smooth both down the columns and across them, which the
// row wires couple through the cells (their eigenvalues of B^-1 S are
// near 0 where the lines' own smooth modes are weaker than the cells,
// about (2N / pi) sqrt(G / g_wire) of them in each direction, so their
// number grows with N). A coarse space of such smooth fields removes them:
// P is piecewise linear down the columns (Hats hats at evenly spaced rows)
// and piecewise constant across them (Blocks blocks of columns), and
// E = P^T S P, its Galerkin matrix, is built exactly in O(N M) from the
// row lines' factors: the inverse of a tridiagonal line is semiseparable,
// so a block's response outside the block is one value times a decaying
// product of the lines' pivot ratios.
//
// The solver then runs A-DEF2 (Tang, Nabben, Vuik and Erlangga, J. Sci.
// Comput. 39, 340, 2009): z = M r + P E^-1 P^T (r - S M r) from the start
// x0 = P E^-1 P^T rhs, which in exact arithmetic is CG with the balancing
// (symmetric two-level) preconditioner: at N = 1024, 6 iterations instead
// of 19, each with one more product by S.
//
// Sums over rows are added in row order, so results do not depend on the
// thread count.
//
//===----------------------------------------------------------------------===//
#ifndef NMC_RUNTIME_CROSSBARCOARSE_H
#define NMC_RUNTIME_CROSSBARCOARSE_H

#include <cstdint>
#include <memory>
#include <vector>

namespace nmc::rt {

class CrossbarCoarse {
public:
  /// The coarse space of an N x M crossbar: none for small arrays, whose
  /// CG needs only a few iterations anyway.
  CrossbarCoarse(int64_t N, int64_t M);
  ~CrossbarCoarse();
  CrossbarCoarse(CrossbarCoarse &&) noexcept;
  CrossbarCoarse &operator=(CrossbarCoarse &&) noexcept;

  bool enabled() const { return Enabled; }
  int64_t blocks() const { return Blocks; }
  const int32_t *blockOf() const { return BlockOf.data(); }
  /// The first column of each block, and M after the last.
  const int64_t *blockStarts() const { return Start.data(); }

  /// E = P^T S P for S = B - G A^-1 G: G (N x M), the row lines' inverse
  /// pivots (Crossbar.cpp, row-major), the row and column segments'
  /// conductances and the sense segment's. Disables the coarse space where
  /// E is not numerically positive definite.
  void build(const double *G, const double *RowInvPivot, double GRow, double GCol, double GSense);

  /// Coarse = P^T X from the sums of X over each row's blocks (N x Blocks,
  /// row-major), added in row order.
  void restrictRows(const double *RowBlockSums, double *Coarse) const;
  /// Coarse = E^-1 Coarse.
  void solve(double *Coarse) const;
  /// Lines[i * Blocks + b] = (P e) at row i in block b.
  void lineValues(const double *Coarse, double *Lines) const;

  int64_t size() const { return Hats * Blocks; }

private:
  int64_t N, M, Hats = 0, Blocks = 0;
  bool Enabled = false;
  std::vector<int64_t> Node;    // the row of each hat's peak
  std::vector<int32_t> BlockOf; // per column
  std::vector<int64_t> Start;   // per block, and M
  std::vector<int64_t> Hat;     // per row: the hat a whose interval holds it
  std::vector<double> Weight;   // per row: the weight of hat a + 1 (hat a: 1 - w)
  struct Factor;                // E = L L^T
  std::unique_ptr<Factor> LLT;
};

} // namespace nmc::rt

#endif
