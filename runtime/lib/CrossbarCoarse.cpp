//===- CrossbarCoarse.cpp - The coarse space of the crossbar solver -------===//
#include "CrossbarCoarse.h"

// One thread in Eigen, so that the factor is the same on any thread count.
#define EIGEN_DONT_PARALLELIZE
#include <Eigen/Cholesky>

#include <algorithm>
#include <cmath>

namespace nmc::rt {

struct CrossbarCoarse::Factor {
  Eigen::LLT<Eigen::MatrixXd> L;
};

namespace {
/// Intervals between hats down the columns, and blocks across them: 16
/// each resolve the slow modes up to N = 2048 (6 to 8 iterations from 256
/// to 2048); E is then at most 17 x 16 = 272 square.
constexpr int64_t Intervals = 16, MaxBlocks = 16;
/// Below this many rows or columns plain CG takes 4 to 8 iterations, and
/// the extra product by S per iteration would not pay (at 256 x 256 the
/// two-level solve takes 5 iterations and as long as plain CG's 8).
constexpr int64_t MinLines = 384;
} // namespace

CrossbarCoarse::CrossbarCoarse(int64_t Rows, int64_t Cols) : N(Rows), M(Cols) {
  if (N < MinLines || M < MinLines)
    return;
  Enabled = true;
  Hats = Intervals + 1;
  Blocks = MaxBlocks;
  for (int64_t A = 0; A < Hats; ++A)
    Node.push_back(A * (N - 1) / Intervals);
  Hat.resize(size_t(N)), Weight.resize(size_t(N));
  for (int64_t I = 0, A = 0; I < N; ++I) {
    while (A + 2 < Hats && I >= Node[size_t(A + 1)])
      ++A;
    Hat[size_t(I)] = A;
    Weight[size_t(I)] = double(I - Node[size_t(A)]) / double(Node[size_t(A + 1)] - Node[size_t(A)]);
  }
  BlockOf.resize(size_t(M));
  for (int64_t J = 0; J < M; ++J)
    BlockOf[size_t(J)] = int32_t(J * Blocks / M);
  Start.assign(size_t(Blocks + 1), M);
  for (int64_t J = M - 1; J >= 0; --J)
    Start[size_t(BlockOf[size_t(J)])] = J;
}

void CrossbarCoarse::build(const double *G, const double *RowInvPivot, double GRow, double GCol,
                           double GSense) {
  if (!Enabled)
    return;
  const int64_t Nc = size(), Bn = Blocks;
  std::vector<double> E(size_t(Nc * Nc), 0.0);
  // Adds X to E at coarse (a1, b1), (a2, b2) for every pair of the hats
  // that row I touches, weighted by both hats' values there.
  auto AddPairs = [&](int64_t I, int64_t B1, int64_t B2, double X) {
    int64_t A = Hat[size_t(I)];
    double W[2] = {1 - Weight[size_t(I)], Weight[size_t(I)]};
    for (int S1 = 0; S1 < 2; ++S1)
      for (int S2 = 0; S2 < 2; ++S2)
        E[size_t(((A + S1) * Bn + B1) * Nc + (A + S2) * Bn + B2)] += W[S1] * W[S2] * X;
  };
  // P^T B P: the column lines (segments, sense, cells on the diagonal).
  for (int64_t I = 0; I < N; ++I) {
    double Up = I > 0 ? GCol : 0, Down = I + 1 < N ? GCol : GSense;
    for (int64_t B = 0; B < Bn; ++B) {
      double Diag = 0;
      for (int64_t J = Start[size_t(B)]; J < Start[size_t(B + 1)]; ++J)
        Diag += Up + Down + G[I * M + J];
      AddPairs(I, B, B, Diag);
    }
    if (I + 1 == N)
      continue;
    // -GCol between rows I and I + 1 of every column: P's values there.
    int64_t A0 = Hat[size_t(I)], A1 = Hat[size_t(I + 1)];
    double W0[2] = {1 - Weight[size_t(I)], Weight[size_t(I)]};
    double W1[2] = {1 - Weight[size_t(I + 1)], Weight[size_t(I + 1)]};
    for (int64_t B = 0; B < Bn; ++B) {
      double Width = double(Start[size_t(B + 1)] - Start[size_t(B)]);
      for (int S0 = 0; S0 < 2; ++S0)
        for (int S1 = 0; S1 < 2; ++S1) {
          double X = -GCol * Width * W0[S0] * W1[S1];
          int64_t P = (A0 + S0) * Bn + B, Q = (A1 + S1) * Bn + B;
          E[size_t(P * Nc + Q)] += X;
          E[size_t(Q * Nc + P)] += X;
        }
    }
  }

  // - P^T G A^-1 G P, row line by row line. H[b1][b2] = g_b1^T A^-1 g_b2
  // for g_b the cells' conductances of block b. With rho_j = GRow / d_j
  // (d_j the pivots) and K_e = 1 / d_e + rho_e^2 K_e+1, a source in block
  // [s, e) gives, by the line's forward and back substitution, x_e =
  // y_e-1 rho_e-1 K_e to its right and x_j = x_s prod_{l=j}^{s-1} rho_l
  // to its left.
  std::vector<double> K(static_cast<size_t>(M + 1)), Rho(static_cast<size_t>(M)),
      Y(static_cast<size_t>(M));
  std::vector<double> Xs(static_cast<size_t>(Bn)), Left(static_cast<size_t>(Bn)),
      Through(static_cast<size_t>(Bn)), H(static_cast<size_t>(Bn * Bn));
  for (int64_t I = 0; I < N; ++I) {
    const double *Gi = G + I * M, *Wi = RowInvPivot + I * M;
    for (int64_t J = 0; J < M; ++J)
      Rho[size_t(J)] = GRow * Wi[J];
    K[size_t(M)] = 0;
    for (int64_t J = M - 1; J >= 0; --J)
      K[size_t(J)] = Wi[J] + Rho[size_t(J)] * Rho[size_t(J)] * K[size_t(J + 1)];
    for (int64_t B = 0; B < Bn; ++B) {
      int64_t S = Start[size_t(B)], End = Start[size_t(B + 1)];
      Y[size_t(S)] = Gi[S];
      for (int64_t J = S + 1; J < End; ++J)
        Y[size_t(J)] = Gi[J] + Rho[size_t(J - 1)] * Y[size_t(J - 1)];
      double Next = End < M ? Y[size_t(End - 1)] * Rho[size_t(End - 1)] * K[size_t(End)] : 0;
      double Self = 0, Decay = 1, Gathered = 0;
      for (int64_t J = End - 1; J >= S; --J) {
        Next = Y[size_t(J)] * Wi[J] + Rho[size_t(J)] * Next;
        Self += Gi[J] * Next;
        Decay *= Rho[size_t(J)];
        Gathered += Gi[J] * Decay; // g_j prod_{l=j}^{e-1} rho_l
      }
      Xs[size_t(B)] = Next; // x at the block's first column
      H[size_t(B * Bn + B)] = Self;
      Left[size_t(B)] = Gathered;
      Through[size_t(B)] = Decay;
    }
    for (int64_t B = 0; B < Bn; ++B) {
      double Prod = 1;
      for (int64_t B1 = B - 1; B1 >= 0; --B1) {
        double V = Xs[size_t(B)] * Left[size_t(B1)] * Prod;
        H[size_t(B1 * Bn + B)] = H[size_t(B * Bn + B1)] = V;
        Prod *= Through[size_t(B1)];
      }
    }
    for (int64_t B1 = 0; B1 < Bn; ++B1)
      for (int64_t B2 = 0; B2 < Bn; ++B2)
        AddPairs(I, B1, B2, -H[size_t(B1 * Bn + B2)]);
  }

  // Cholesky, E = L L^T (Eigen's blocked LLT: a few ms less per
  // conductance state than a plain loop at 272 x 272).
  auto F = std::make_unique<Factor>(Factor{Eigen::LLT<Eigen::MatrixXd>(
      Eigen::Map<const Eigen::MatrixXd>(E.data(), Eigen::Index(Nc), Eigen::Index(Nc)))});
  Enabled = F->L.info() == Eigen::Success; // else not numerically SPD: plain CG
  LLT = Enabled ? std::move(F) : nullptr;
}

void CrossbarCoarse::restrictRows(const double *RowBlockSums, double *Coarse) const {
  std::fill(Coarse, Coarse + size(), 0.0);
  for (int64_t I = 0; I < N; ++I) {
    int64_t A = Hat[size_t(I)];
    double W = Weight[size_t(I)];
    const double *R = RowBlockSums + I * Blocks;
    for (int64_t B = 0; B < Blocks; ++B) {
      Coarse[A * Blocks + B] += (1 - W) * R[B];
      Coarse[(A + 1) * Blocks + B] += W * R[B];
    }
  }
}

void CrossbarCoarse::solve(double *X) const {
  Eigen::Map<Eigen::VectorXd> V(X, Eigen::Index(size()));
  LLT->L.solveInPlace(V);
}

CrossbarCoarse::~CrossbarCoarse() = default;
CrossbarCoarse::CrossbarCoarse(CrossbarCoarse &&) noexcept = default;
CrossbarCoarse &CrossbarCoarse::operator=(CrossbarCoarse &&) noexcept = default;

void CrossbarCoarse::lineValues(const double *Coarse, double *Lines) const {
  for (int64_t I = 0; I < N; ++I) {
    int64_t A = Hat[size_t(I)];
    double W = Weight[size_t(I)];
    for (int64_t B = 0; B < Blocks; ++B)
      Lines[I * Blocks + B] = (1 - W) * Coarse[A * Blocks + B] + W * Coarse[(A + 1) * Blocks + B];
  }
}

} // namespace nmc::rt
