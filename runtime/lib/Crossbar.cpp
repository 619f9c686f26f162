//===- Crossbar.cpp - Exact IR drop in a resistive crossbar ---------------===//
#include "Crossbar.h"

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
      G(size_t(Rows * Cols)), RowInvPivot(G.size()), RowLower(G.size()), RowUpper(G.size()),
      ColInvPivot(G.size()), Tmp1(G.size()), Tmp2(G.size()) {}

void CrossbarSolver::setConductances(const double *Cond) {
  G.assign(Cond, Cond + N * M);
  // Row lines: the driver's segment, then GRow between neighbours; the
  // right end is open.
  for (int64_t I = 0; I < N; ++I) {
    double Prev = 0;
    for (int64_t J = 0; J < M; ++J) {
      double Diag = (J == 0 ? GDrv : GRow) + (J + 1 < M ? GRow : 0) + G[size_t(I * M + J)];
      double D = J == 0 ? Diag : Diag - GRow * GRow * Prev;
      // y_j = r_j + (GRow / d_j-1) y_j-1; x_j = y_j / d_j + (GRow / d_j) x_j+1.
      RowLower[size_t(I * M + J)] = GRow * Prev;
      Prev = 1 / D;
      RowInvPivot[size_t(I * M + J)] = Prev;
      RowUpper[size_t(I * M + J)] = GRow * Prev;
    }
  }
  // Column lines: GCol between neighbours, then the sense segment.
  for (int64_t I = 0; I < N; ++I)
    for (int64_t J = 0; J < M; ++J) {
      double Diag = (I > 0 ? GCol : 0) + (I + 1 < N ? GCol : GSense) + G[size_t(I * M + J)];
      double D = I == 0 ? Diag : Diag - GCol * GCol * ColInvPivot[size_t((I - 1) * M + J)];
      ColInvPivot[size_t(I * M + J)] = 1 / D;
    }
}

template <int Lanes> void CrossbarSolver::rowSweep(const double *Rhs, double *X, int64_t I0) const {
  const double *R[Lanes], *L[Lanes], *W[Lanes], *U[Lanes];
  double *Xr[Lanes], Y[Lanes];
  for (int K = 0; K < Lanes; ++K) {
    int64_t I = I0 + K;
    R[K] = Rhs + I * M, L[K] = RowLower.data() + I * M, W[K] = RowInvPivot.data() + I * M;
    U[K] = RowUpper.data() + I * M, Xr[K] = X + I * M;
  }
  for (int K = 0; K < Lanes; ++K)
    Xr[K][0] = Y[K] = R[K][0];
  for (int64_t J = 1; J < M; ++J)
    for (int K = 0; K < Lanes; ++K)
      Xr[K][J] = Y[K] = R[K][J] + L[K][J] * Y[K];
  for (int K = 0; K < Lanes; ++K)
    Xr[K][M - 1] = Y[K] = Xr[K][M - 1] * W[K][M - 1];
  for (int64_t J = M - 2; J >= 0; --J)
    for (int K = 0; K < Lanes; ++K)
      Xr[K][J] = Y[K] = Xr[K][J] * W[K][J] + U[K][J] * Y[K];
}

void CrossbarSolver::rowSolve(const double *Rhs, double *X, int Threads) const {
  // Each row is a chain of dependent multiply-adds (forward, then back);
  // four rows at a time keep four chains in flight.
  constexpr int64_t Lanes = 4;
  int64_t Groups = N / Lanes;
#pragma omp parallel for num_threads(Threads) schedule(static)
  for (int64_t Gi = 0; Gi < Groups; ++Gi)
    rowSweep<Lanes>(Rhs, X, Gi * Lanes);
  for (int64_t I = Groups * Lanes; I < N; ++I)
    rowSweep<1>(Rhs, X, I);
}

void CrossbarSolver::colSolve(const double *Rhs, double *X, int Threads) const {
  int64_t Chunks = (M + ColChunk - 1) / ColChunk;
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
    {
      const double *W = ColInvPivot.data() + (N - 1) * M;
      double *Xi = X + (N - 1) * M;
      for (int64_t J = J0; J < J1; ++J)
        Xi[J] *= W[J];
    }
    for (int64_t I = N - 2; I >= 0; --I) {
      const double *W = ColInvPivot.data() + I * M;
      double *Xi = X + I * M, *Xn = X + (I + 1) * M;
      for (int64_t J = J0; J < J1; ++J)
        Xi[J] = (Xi[J] + GCol * Xn[J]) * W[J];
    }
  }
}

void CrossbarSolver::applyS(const double *X, double *Out, int Threads) {
  // Out = B x - G A^-1 (G x).
#pragma omp parallel for num_threads(Threads) schedule(static)
  for (int64_t K = 0; K < N * M; ++K)
    Tmp1[size_t(K)] = G[size_t(K)] * X[K];
  rowSolve(Tmp1.data(), Tmp2.data(), Threads);
#pragma omp parallel for num_threads(Threads) schedule(static)
  for (int64_t I = 0; I < N; ++I) {
    double Up = I > 0 ? GCol : 0, Down = I + 1 < N ? GCol : GSense;
    const double *Xi = X + I * M, *Gi = G.data() + I * M, *Ti = Tmp2.data() + I * M;
    const double *Xu = I > 0 ? X + (I - 1) * M : nullptr;
    const double *Xd = I + 1 < N ? X + (I + 1) * M : nullptr;
    double *Oi = Out + I * M;
    for (int64_t J = 0; J < M; ++J) {
      double V = (Up + Down + Gi[J]) * Xi[J] - Gi[J] * Ti[J];
      if (Xu)
        V -= GCol * Xu[J];
      if (Xd)
        V -= GCol * Xd[J];
      Oi[J] = V;
    }
  }
}

double CrossbarSolver::dot(const double *A, const double *B, int Threads) const {
  // Per-row sums, then added in row order: the same on any thread count.
  std::vector<double> Row(size_t(N), 0.0);
#pragma omp parallel for num_threads(Threads) schedule(static)
  for (int64_t I = 0; I < N; ++I) {
    double S = 0;
    for (int64_t J = 0; J < M; ++J)
      S += A[I * M + J] * B[I * M + J];
    Row[size_t(I)] = S;
  }
  double S = 0;
  for (double R : Row)
    S += R;
  return S;
}

CrossbarSolver::Stats CrossbarSolver::solve(const double *V, double *I, double *CellVoltage,
                                            int Threads, double Tol, int MaxIterations) {
  size_t Size = size_t(N * M);
  // rhs = G A^-1 b, b = GDrv V_i at the first node of row i.
  std::vector<double> B(Size, 0.0), Rhs(Size), C(Size, 0.0), R(Size), Z(Size), P(Size), Q(Size);
  for (int64_t Row = 0; Row < N; ++Row)
    B[size_t(Row * M)] = GDrv * V[Row];
  rowSolve(B.data(), Rhs.data(), Threads);
  for (size_t K = 0; K < Size; ++K)
    Rhs[K] *= G[K];

  Stats St;
  double RhsNorm = std::sqrt(dot(Rhs.data(), Rhs.data(), Threads));
  R = Rhs;
  if (RhsNorm > 0) {
    colSolve(R.data(), Z.data(), Threads);
    P = Z;
    double Rz = dot(R.data(), Z.data(), Threads);
    for (St.Iterations = 1; St.Iterations <= MaxIterations; ++St.Iterations) {
      applyS(P.data(), Q.data(), Threads);
      double Alpha = Rz / dot(P.data(), Q.data(), Threads);
#pragma omp parallel for num_threads(Threads) schedule(static)
      for (int64_t K = 0; K < int64_t(Size); ++K) {
        C[size_t(K)] += Alpha * P[size_t(K)];
        R[size_t(K)] -= Alpha * Q[size_t(K)];
      }
      St.Residual = std::sqrt(dot(R.data(), R.data(), Threads)) / RhsNorm;
      if (St.Residual <= Tol) {
        St.Converged = true;
        break;
      }
      colSolve(R.data(), Z.data(), Threads);
      double RzNew = dot(R.data(), Z.data(), Threads);
      double Beta = RzNew / Rz;
      Rz = RzNew;
#pragma omp parallel for num_threads(Threads) schedule(static)
      for (int64_t K = 0; K < int64_t(Size); ++K)
        P[size_t(K)] = Z[size_t(K)] + Beta * P[size_t(K)];
    }
    St.Iterations = std::min(St.Iterations, MaxIterations);
  } else {
    St.Converged = true;
  }
  for (int64_t J = 0; J < M; ++J)
    I[J] = GSense * C[size_t((N - 1) * M + J)];
  if (CellVoltage) {
    // u = A^-1 (b + G c).
    for (size_t K = 0; K < Size; ++K)
      B[K] += G[K] * C[K];
    rowSolve(B.data(), CellVoltage, Threads);
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
