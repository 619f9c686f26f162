//===- Crossbar.cpp - Exact IR drop in a resistive crossbar ---------------===//
#include "Crossbar.h"

#include <algorithm>
#include <cmath>
#include <omp.h>

namespace nmc::rt {

namespace {
/// Column chunks of this many columns: a thread sweeps down its chunk, row
/// by row, over contiguous memory.
constexpr int64_t ColChunk = 256;
} // namespace

CrossbarSolver::CrossbarSolver(int64_t Rows, int64_t Cols, const CrossbarWires &W)
    : N(Rows), M(Cols), GRow(1 / W.RowSegment), GCol(1 / W.ColSegment),
      GDrv(1 / (W.RowSegment + W.Driver)), GSense(1 / (W.ColSegment + W.Sense)),
      G(size_t(Rows * Cols)), RowInvPivot(G.size()), ColInvPivot(G.size()), Coarse(Rows, Cols) {}

void CrossbarSolver::setConductances(const double *Cond, const double *RowShunt) {
  G.assign(Cond, Cond + N * M);
  // Row lines: the driver's segment, then GRow between neighbours; the
  // right end is open.
  for (int64_t I = 0; I < N; ++I) {
    double Prev = 0;
    for (int64_t J = 0; J < M; ++J) {
      double Diag = (J == 0 ? GDrv : GRow) + (J + 1 < M ? GRow : 0) + G[size_t(I * M + J)] +
                    (RowShunt ? RowShunt[I * M + J] : 0.0);
      double D = J == 0 ? Diag : Diag - GRow * GRow * Prev;
      Prev = 1 / D;
      RowInvPivot[size_t(I * M + J)] = Prev;
    }
  }
  // Column lines: GCol between neighbours, then the sense segment.
  for (int64_t I = 0; I < N; ++I)
    for (int64_t J = 0; J < M; ++J) {
      double Diag = (I > 0 ? GCol : 0) + (I + 1 < N ? GCol : GSense) + G[size_t(I * M + J)];
      double D = I == 0 ? Diag : Diag - GCol * GCol * ColInvPivot[size_t((I - 1) * M + J)];
      ColInvPivot[size_t(I * M + J)] = 1 / D;
    }
  Coarse.build(G.data(), RowInvPivot.data(), GRow, GCol, GSense);
}

template <int Lanes>
void CrossbarSolver::rowSweep(const double *Rhs, double *X, int64_t I0, const double *Z, double *P,
                              double Beta) const {
  // Forward y_j = r_j + (GRow / d_j-1) y_j-1, back x_j = (y_j + GRow x_j+1) / d_j.
  // With Z: first p = z + beta p (written back), then r = G p.
  const double *R[Lanes], *W[Lanes], *Zr[Lanes], *Gr[Lanes], *Lr[Lanes];
  double *Xr[Lanes], *Pr[Lanes], Y[Lanes];
  const int64_t Bn = Coarse.blocks();
  const int32_t *Block = Coarse.blockOf();
  for (int K = 0; K < Lanes; ++K) {
    int64_t I = I0 + K;
    R[K] = Rhs ? Rhs + I * M : nullptr, W[K] = RowInvPivot.data() + I * M, Xr[K] = X + I * M;
    Zr[K] = Z ? Z + I * M : nullptr, Pr[K] = P ? P + I * M : nullptr, Gr[K] = G.data() + I * M;
    Lr[K] = Lines ? Lines + I * Bn : nullptr;
  }
  auto Source = [&](int K, int64_t J) {
    if (!Z)
      return R[K][J];
    if (!P)
      return Gr[K][J] * Zr[K][J];
    double Pn = Zr[K][J] + (Lr[K] ? Lr[K][Block[J]] : 0.0) + Beta * Pr[K][J];
    Pr[K][J] = Pn;
    return Gr[K][J] * Pn;
  };
  for (int K = 0; K < Lanes; ++K)
    Xr[K][0] = Y[K] = Source(K, 0);
  for (int64_t J = 1; J < M; ++J)
    for (int K = 0; K < Lanes; ++K)
      Xr[K][J] = Y[K] = Source(K, J) + GRow * W[K][J - 1] * Y[K];
  for (int K = 0; K < Lanes; ++K)
    Xr[K][M - 1] = Y[K] = Xr[K][M - 1] * W[K][M - 1];
  for (int64_t J = M - 2; J >= 0; --J)
    for (int K = 0; K < Lanes; ++K)
      // x_j = y_j / d_j + (GRow / d_j) x_j+1: one multiply and one add
      // on the chain of dependent operations, not two multiplies.
      Xr[K][J] = Y[K] = Xr[K][J] * W[K][J] + (GRow * W[K][J]) * Y[K];
}

void CrossbarSolver::rowSolve(const double *Rhs, double *X, int Threads, const double *Z, double *P,
                              double Beta) const {
  // Each row is a chain of dependent multiply-adds (forward, then back).
  // While the vectors stay in cache (up to 1 MiB each), four rows at a
  // time keep four chains in flight; beyond, a sweep streams from memory
  // and every extra row adds six streams that the prefetchers lose track
  // of: on an AMD EPYC (2 cores, 15 GB/s), one row at a time solved
  // 2048 x 2048 in 2.6 s on 1 thread where four rows took 5.8 s, and
  // 256 x 256 in 4.9 ms where four took 3.7 ms. Two rows, twelve streams,
  // still gain: the two-level solve of 1024 x 1024 on 2 threads, 52 to
  // 48 ms.
  int64_t Lanes = N * M <= (int64_t(1) << 17) ? 4 : 2;
  int64_t Groups = N / Lanes;
#pragma omp parallel for num_threads(Threads) schedule(static)
  for (int64_t Gi = 0; Gi < Groups; ++Gi) {
    if (Lanes == 4)
      rowSweep<4>(Rhs, X, Gi * 4, Z, P, Beta);
    else if (Lanes == 2)
      rowSweep<2>(Rhs, X, Gi * 2, Z, P, Beta);
    else
      rowSweep<1>(Rhs, X, Gi, Z, P, Beta);
  }
  for (int64_t I = Groups * Lanes; I < N; ++I)
    rowSweep<1>(Rhs, X, I, Z, P, Beta);
}

double CrossbarSolver::colSolve(const double *Rhs, double *X, int Threads) {
  // Returns Rhs . X, from per-(chunk, row) sums added in a fixed order.
  int64_t Chunks = (M + ColChunk - 1) / ColChunk;
  Partial.assign(size_t(Chunks * N), 0.0);
#pragma omp parallel for num_threads(Threads) schedule(static)
  for (int64_t K = 0; K < Chunks; ++K) {
    int64_t J0 = K * ColChunk, J1 = std::min(M, J0 + ColChunk);
    for (int64_t J = J0; J < J1; ++J)
      X[J] = Rhs[J];
    for (int64_t I = 1; I < N; ++I) {
      const double *W = ColInvPivot.data() + (I - 1) * M;
      const double *R = Rhs + I * M;
      double *Xi = X + I * M, *Xp = X + (I - 1) * M;
      for (int64_t J = J0; J < J1; ++J)
        Xi[J] = R[J] + GCol * W[J] * Xp[J];
    }
    double *Part = Partial.data() + K * N;
    {
      const double *W = ColInvPivot.data() + (N - 1) * M, *R = Rhs + (N - 1) * M;
      double *Xi = X + (N - 1) * M, S = 0;
      for (int64_t J = J0; J < J1; ++J) {
        Xi[J] *= W[J];
        S += R[J] * Xi[J];
      }
      Part[N - 1] = S;
    }
    for (int64_t I = N - 2; I >= 0; --I) {
      const double *W = ColInvPivot.data() + I * M, *R = Rhs + I * M;
      double *Xi = X + I * M, *Xn = X + (I + 1) * M, S = 0;
      for (int64_t J = J0; J < J1; ++J) {
        Xi[J] = (Xi[J] + GCol * Xn[J]) * W[J];
        S += R[J] * Xi[J];
      }
      Part[I] = S;
    }
  }
  double S = 0;
  for (double X1 : Partial)
    S += X1;
  return S;
}

double CrossbarSolver::applyS(const double *X, const double *AInvGX, double *Out, int Threads) {
  // Out = B x - G A^-1 (G x); returns x . Out (per-row sums in row order).
#pragma omp parallel for num_threads(Threads) schedule(static)
  for (int64_t I = 0; I < N; ++I) {
    double Up = I > 0 ? GCol : 0, Down = I + 1 < N ? GCol : GSense;
    const double *Xi = X + I * M, *Gi = G.data() + I * M, *Ti = AInvGX + I * M;
    const double *Xu = I > 0 ? X + (I - 1) * M : nullptr;
    const double *Xd = I + 1 < N ? X + (I + 1) * M : nullptr;
    double *Oi = Out + I * M, S = 0;
    for (int64_t J = 0; J < M; ++J) {
      double V = (Up + Down + Gi[J]) * Xi[J] - Gi[J] * Ti[J];
      if (Xu)
        V -= GCol * Xu[J];
      if (Xd)
        V -= GCol * Xd[J];
      Oi[J] = V;
      S += Xi[J] * V;
    }
    RowSum[size_t(I)] = S;
  }
  return sumRows();
}

double CrossbarSolver::precondition(int Threads) {
  double Rz = colSolve(Res.data(), Z.data(), Threads);
  if (!Coarse.enabled())
    return Rz;
  // z += P E^-1 P^T (r - S z), the correction e left in Lines for the
  // next row sweep to add to the direction; r . z gains (P^T r) . e.
  restrictResidual(Threads);
  Coarse.solve(CoarseRhs.data());
  for (int64_t K = 0; K < Coarse.size(); ++K)
    Rz += CoarseX[size_t(K)] * CoarseRhs[size_t(K)];
  Coarse.lineValues(CoarseRhs.data(), LineValues.data());
  Lines = LineValues.data();
  return Rz;
}

void CrossbarSolver::restrictTo(const double *X, double *Out, int Threads) {
  const int64_t Bn = Coarse.blocks();
  const int64_t *Start = Coarse.blockStarts();
#pragma omp parallel for num_threads(Threads) schedule(static)
  for (int64_t I = 0; I < N; ++I) {
    const double *Xi = X + I * M;
    for (int64_t B = 0; B < Bn; ++B) {
      double S = 0;
      for (int64_t J = Start[B]; J < Start[B + 1]; ++J)
        S += Xi[J];
      BlockSums[size_t(I * Bn + B)] = S;
    }
  }
  Coarse.restrictRows(BlockSums.data(), Out);
}

template <int Lanes> void CrossbarSolver::restrictSweep(int64_t I0, double *Buf) {
  // Rows I0 .. I0 + Lanes - 1 interleaved: each row's back substitution
  // is a chain of dependent operations, and two chains keep the core busy.
  const int64_t Bn = Coarse.blocks();
  const int64_t *Start = Coarse.blockStarts();
  const double *Zi[Lanes], *Gi[Lanes], *Wi[Lanes], *Ri[Lanes], *Zu[Lanes], *Zd[Lanes];
  double *X[Lanes], Up[Lanes], Down[Lanes], Y[Lanes], Next[Lanes];
  for (int K = 0; K < Lanes; ++K) {
    int64_t I = I0 + K;
    Up[K] = I > 0 ? GCol : 0, Down[K] = I + 1 < N ? GCol : GSense;
    Zi[K] = Z.data() + I * M, Gi[K] = G.data() + I * M;
    Wi[K] = RowInvPivot.data() + I * M, Ri[K] = Res.data() + I * M;
    Zu[K] = I > 0 ? Zi[K] - M : nullptr, Zd[K] = I + 1 < N ? Zi[K] + M : nullptr;
    X[K] = Buf + K * M;
  }
  // x = A^-1 (G z) on each row, as rowSweep solves it.
  for (int K = 0; K < Lanes; ++K)
    Y[K] = X[K][0] = Gi[K][0] * Zi[K][0];
  for (int64_t J = 1; J < M; ++J)
    for (int K = 0; K < Lanes; ++K)
      X[K][J] = Y[K] = Gi[K][J] * Zi[K][J] + GRow * Wi[K][J - 1] * Y[K];
  for (int K = 0; K < Lanes; ++K)
    Next[K] = 0;
  for (int64_t B = Bn - 1; B >= 0; --B) {
    double S[Lanes] = {}, Sx[Lanes] = {};
    for (int64_t J = Start[B + 1] - 1; J >= Start[B]; --J)
      for (int K = 0; K < Lanes; ++K) {
        Next[K] = X[K][J] * Wi[K][J] + (GRow * Wi[K][J]) * Next[K]; // as rowSweep
        // (S z)_ij, as applyS computes it.
        double V = (Up[K] + Down[K] + Gi[K][J]) * Zi[K][J] - Gi[K][J] * Next[K];
        if (Zu[K])
          V -= GCol * Zu[K][J];
        if (Zd[K])
          V -= GCol * Zd[K][J];
        S[K] += Ri[K][J] - V;
        Sx[K] += Ri[K][J];
      }
    for (int K = 0; K < Lanes; ++K) {
      BlockSums[size_t((I0 + K) * Bn + B)] = S[K];
      BlockSumsX[size_t((I0 + K) * Bn + B)] = Sx[K];
    }
  }
}

void CrossbarSolver::restrictResidual(int Threads) {
  const int64_t Pairs = N / 2;
#pragma omp parallel num_threads(Threads)
  {
    std::vector<double> Buf(static_cast<size_t>(2 * M));
#pragma omp for schedule(static)
    for (int64_t P = 0; P < Pairs; ++P)
      restrictSweep<2>(2 * P, Buf.data());
#pragma omp single
    if (N % 2)
      restrictSweep<1>(N - 1, Buf.data());
  }
  Coarse.restrictRows(BlockSums.data(), CoarseRhs.data());
  Coarse.restrictRows(BlockSumsX.data(), CoarseX.data());
}

double CrossbarSolver::sumRows() const {
  double S = 0;
  for (double X : RowSum)
    S += X;
  return S;
}

CrossbarSolver::Stats CrossbarSolver::solve(const double *V, double *I, double *CellVoltage,
                                            int Threads, double Tol, int MaxIterations,
                                            const double *Source, const double *ColumnEnd,
                                            double *ColumnNode, const double *RowSource) {
  size_t Size = size_t(N * M);
  // Below 256 x 256 cells a parallel region costs more than it saves (128
  // x 128: 0.44 ms on 1 thread, 0.56 ms on 2); the bits are the same.
  if (N * M < 256 * 256)
    Threads = 1;
  // Res, Z and T are written before they are read; C, P (read times
  // beta = 0 at first) and Q (the sparse right-hand side) start at zero.
  for (std::vector<double> *W : {&Res, &Z, &T})
    W->resize(Size);
  for (std::vector<double> *W : {&C, &P, &Q})
    W->assign(Size, 0.0);
  RowSum.assign(size_t(N), 0.0);
  // rhs = G A^-1 (b - J - J_row) + J, b = GDrv V_i at the first node of
  // row i (into Res).
  if (Source || RowSource)
    for (size_t K = 0; K < Size; ++K)
      Q[K] = -(Source ? Source[K] : 0.0) - (RowSource ? RowSource[K] : 0.0);
  for (int64_t Row = 0; Row < N; ++Row)
    Q[size_t(Row * M)] += GDrv * V[Row];
  rowSolve(Q.data(), Res.data(), Threads);
  for (size_t K = 0; K < Size; ++K)
    Res[K] = G[K] * Res[K] + (Source ? Source[K] : 0);
  if (ColumnEnd) // the sense segment to a driven node
    for (int64_t J = 0; J < M; ++J)
      Res[size_t((N - 1) * M + J)] += GSense * ColumnEnd[J];
#pragma omp parallel for num_threads(Threads) schedule(static)
  for (int64_t Row = 0; Row < N; ++Row) {
    double S = 0;
    for (int64_t J = 0; J < M; ++J)
      S += Res[size_t(Row * M + J)] * Res[size_t(Row * M + J)];
    RowSum[size_t(Row)] = S;
  }
  double RhsNorm = std::sqrt(sumRows());

  Stats St;
  Lines = nullptr;
  if (RhsNorm > 0 && Coarse.enabled()) {
    // A-DEF2 starts from c0 = P E^-1 P^T rhs: r0 = rhs - S c0.
    LineValues.resize(size_t(N * Coarse.blocks()));
    BlockSums.resize(LineValues.size()), BlockSumsX.resize(LineValues.size());
    CoarseRhs.resize(size_t(Coarse.size())), CoarseX.resize(CoarseRhs.size());
    restrictTo(Res.data(), CoarseRhs.data(), Threads);
    Coarse.solve(CoarseRhs.data());
    Coarse.lineValues(CoarseRhs.data(), LineValues.data());
    const int32_t *Block = Coarse.blockOf();
    for (int64_t Row = 0; Row < N; ++Row)
      for (int64_t J = 0; J < M; ++J)
        C[size_t(Row * M + J)] = LineValues[size_t(Row * Coarse.blocks() + Block[J])];
    rowSolve(nullptr, T.data(), Threads, C.data());
    applyS(C.data(), T.data(), Q.data(), Threads);
    for (size_t K = 0; K < Size; ++K)
      Res[K] -= Q[K];
  }
  if (RhsNorm > 0) {
    double Rz = precondition(Threads), Beta = 0;
    for (St.Iterations = 1; St.Iterations <= MaxIterations; ++St.Iterations) {
      // p = z + beta p, T = A^-1 G p (one sweep), Q = S p.
      rowSolve(nullptr, T.data(), Threads, Z.data(), P.data(), Beta);
      double Alpha = Rz / applyS(P.data(), T.data(), Q.data(), Threads);
#pragma omp parallel for num_threads(Threads) schedule(static)
      for (int64_t Row = 0; Row < N; ++Row) {
        double S = 0;
        for (int64_t J = Row * M; J < (Row + 1) * M; ++J) {
          C[size_t(J)] += Alpha * P[size_t(J)];
          double R1 = Res[size_t(J)] - Alpha * Q[size_t(J)];
          Res[size_t(J)] = R1;
          S += R1 * R1;
        }
        RowSum[size_t(Row)] = S;
      }
      St.Residual = std::sqrt(sumRows()) / RhsNorm;
      if (St.Residual <= Tol) {
        St.Converged = true;
        break;
      }
      double RzNew = precondition(Threads);
      Beta = RzNew / Rz;
      Rz = RzNew;
    }
    St.Iterations = std::min(St.Iterations, MaxIterations);
  } else {
    St.Converged = true;
  }
  for (int64_t J = 0; J < M; ++J)
    I[J] = GSense * (C[size_t((N - 1) * M + J)] - (ColumnEnd ? ColumnEnd[J] : 0));
  if (ColumnNode)
    std::copy(C.begin(), C.end(), ColumnNode);
  if (CellVoltage) {
    // u = A^-1 (b - J - J_row + G c).
    for (size_t K = 0; K < Size; ++K)
      Q[K] = G[K] * C[K] - (Source ? Source[K] : 0) - (RowSource ? RowSource[K] : 0);
    for (int64_t Row = 0; Row < N; ++Row)
      Q[size_t(Row * M)] += GDrv * V[Row];
    rowSolve(Q.data(), CellVoltage, Threads);
    for (size_t K = 0; K < Size; ++K)
      CellVoltage[K] -= C[K];
  }
  return St;
}

void idealMvm(const double *G, int64_t N, int64_t M, const double *V, double *I) {
  for (int64_t J = 0; J < M; ++J)
    I[J] = 0;
  for (int64_t Row = 0; Row < N; ++Row)
    for (int64_t J = 0; J < M; ++J)
      I[J] += G[Row * M + J] * V[Row];
}

} // namespace nmc::rt
