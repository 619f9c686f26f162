//===- Crossbar.h - Exact IR drop in a resistive crossbar -------*- C++ -*-===//
//
// The resistive network of an N x M crossbar of linear cells and its wires,
// solved exactly (to a stated tolerance) for many input vectors.
//
// Topology (docs/LANGUAGE.md, "Crossbar arrays"): row i is driven at its
// left end by V_i through the driver resistance and one wire segment to
// the row node of cell (i, 0), then one segment between neighbouring cells;
// its right end is open. Column j runs from cell (0, j) down, one segment
// between neighbouring cells and one (plus the sense resistance) from cell
// (N-1, j) to the sense amplifier's virtual ground, which reads the column
// current I_j. Cell (i, j), of conductance G_ij, joins row node u_ij to
// column node c_ij.
//
// The solve: Kirchhoff's current law at every node is an SPD system in
// (u, c). Each row line alone is tridiagonal in its u, so u is eliminated
// exactly, u = A^-1 (b - J + G c), leaving the Schur complement
//     S c = (B - G A^-1 G) c = G A^-1 (b - J) + J
// on the column nodes (J: the cells' source currents, zero for linear
// cells) (B: the column lines with their cells). Conjugate
// gradients on S, preconditioned by exact column-line solves B^-1, converge
// in a few to a few tens of iterations: the lines carry the stiff wire
// coupling, the cells the weak one. From 384 lines on, a coarse space of
// smooth fields (CrossbarCoarse.h) removes the slow modes that the lines
// leave, so that the count stays at 6 to 8 up to N = 2048. Line factors
// and the coarse matrix are computed once per conductance state
// (setConductances); every input vector then costs a few sweeps over the
// array per iteration.
//
// Every value is the same on any thread count: lines are independent, and
// the dot products of CG add per-row partial sums in row order.
//
//===----------------------------------------------------------------------===//
#ifndef NMC_RUNTIME_CROSSBAR_H
#define NMC_RUNTIME_CROSSBAR_H

#include "CrossbarCoarse.h"

#include <cstdint>
#include <vector>

namespace nmc::rt {

struct CrossbarWires {
  double RowSegment = 0; // ohm, per segment of a row wire
  double ColSegment = 0; // ohm, per segment of a column wire
  double Driver = 0;     // ohm, in series with each row's driver
  double Sense = 0;      // ohm, in series with each column's sense node
};

class CrossbarSolver {
public:
  /// N rows, M columns; wire resistances must be > 0 (a zero-resistance
  /// wire is the ideal MVM, which needs no solve).
  CrossbarSolver(int64_t N, int64_t M, const CrossbarWires &W);

  /// Takes the conductances (row-major N x M, siemens, >= 0) and factorises
  /// the row and column lines. RowShunt (N x M, may be null) adds a
  /// conductance from each cell's row node to ground (a 2T1R cell's fire
  /// gate, linearised).
  void setConductances(const double *G, const double *RowShunt = nullptr);

  struct Stats {
    int Iterations = 0;
    double Residual = 0; // ||S c - rhs|| / ||rhs|| at the end
    bool Converged = false;
  };

  /// Column currents I[M] (amperes, into the virtual grounds) for row
  /// voltages V[N]; CellVoltage (N x M, may be null) gets u - c of every
  /// cell. Source (N x M, may be null) adds a current J from each cell's
  /// row node to its column node, so that a cell passes G (u - c) + J: a
  /// non-linear cell linearised for Newton. ColumnEnd (M, may be null)
  /// drives each column's sense node at that voltage instead of the virtual
  /// ground (a programming pulse driven from both sides); I then is the
  /// current from the column into its driver. Iterates until the relative
  /// residual is below Tol (at most MaxIterations). ColumnNode (N x M, may
  /// be null) gets every cell's column node voltage c. RowSource (N x M,
  /// may be null) draws a current from each cell's row node to ground,
  /// beside its shunt.
  Stats solve(const double *V, double *I, double *CellVoltage, int Threads, double Tol = 1e-13,
              int MaxIterations = 10000, const double *Source = nullptr,
              const double *ColumnEnd = nullptr, double *ColumnNode = nullptr,
              const double *RowSource = nullptr);

  int64_t rows() const { return N; }
  /// Whether solves run with the coarse space (from 384 lines on, where
  /// E is positive definite).
  bool twoLevel() const { return Coarse.enabled(); }
  int64_t cols() const { return M; }

private:
  /// X = A^-1 Rhs over every row line; with Z and P, A^-1 (G p) after p =
  /// z + Lines + Beta p (Lines: the coarse correction, where set); with Z
  /// alone, A^-1 (G z).
  void rowSolve(const double *Rhs, double *X, int Threads, const double *Z = nullptr,
                double *P = nullptr, double Beta = 0) const;
  template <int Lanes>
  void rowSweep(const double *Rhs, double *X, int64_t I0, const double *Z, double *P,
                double Beta) const;
  double colSolve(const double *Rhs, double *X, int Threads); // X = B^-1 Rhs; Rhs . X
  /// Z = the two-level preconditioner applied to Res (A-DEF2: B^-1 r, its
  /// coarse correction left in Lines); returns Res . Z.
  double precondition(int Threads);
  /// Coarse = P^T X.
  void restrictTo(const double *X, double *Coarse, int Threads);
  /// CoarseRhs = P^T (Res - S z) and CoarseX = P^T Res: each row line
  /// solves its part of A^-1 G z in a buffer that stays in cache, and its
  /// back substitution adds up S z as it goes (neither is stored).
  void restrictResidual(int Threads);
  template <int Lanes> void restrictSweep(int64_t I0, double *Buf);
  /// Out = S x, given A^-1 G x; returns x . Out.
  double applyS(const double *X, const double *AInvGX, double *Out, int Threads);
  double sumRows() const; // RowSum added in row order

  int64_t N, M;
  double GRow, GCol, GDrv, GSense; // conductances of the wire segments
  std::vector<double> G;           // N x M
  // LDL^T of each line: the inverse pivots (row lines: N x M; column lines:
  // N x M, stored by row so that a sweep down the columns is contiguous).
  std::vector<double> RowInvPivot, ColInvPivot;
  // CG's vectors (N x M): the solution, residual, preconditioned residual,
  // direction, S times it, and A^-1 G times it.
  std::vector<double> C, Res, Z, P, Q, T;
  std::vector<double> RowSum, Partial; // per-row (and per-chunk) partial sums
  CrossbarCoarse Coarse;
  // The coarse correction's values per row and block (N x blocks), null
  // where none applies; the per-row block sums of a restriction; coarse
  // vectors.
  const double *Lines = nullptr;
  std::vector<double> LineValues, BlockSums, BlockSumsX, CoarseRhs, CoarseX;
};

/// The ideal crossbar: I_j = sum_i G_ij V_i (no wires).
void idealMvm(const double *G, int64_t N, int64_t M, const double *V, double *I);

} // namespace nmc::rt

#endif
