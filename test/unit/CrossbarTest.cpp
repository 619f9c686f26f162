//===- CrossbarTest.cpp - The structured IR-drop solver against CHOLMOD ----===//
#include "Crossbar.h"
#include "CrossbarReference.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <tuple>

using namespace nmc;

namespace {

struct Case {
  int64_t N, M;
  rt::CrossbarWires W;
  std::vector<double> G, V;
};

/// G uniform in [1, 100] uS, inputs in [0, 0.1] V, as the ngspice check.
Case randomCase(int64_t N, int64_t M, rt::CrossbarWires W, unsigned Seed) {
  std::mt19937_64 Rng(Seed);
  std::uniform_real_distribution<double> UG(1e-6, 1e-4), UV(0, 0.1);
  Case C{N, M, W, std::vector<double>(size_t(N * M)), std::vector<double>(size_t(N))};
  for (double &G : C.G)
    G = UG(Rng);
  for (double &V : C.V)
    V = UV(Rng);
  return C;
}

double worstRelative(const std::vector<double> &A, const std::vector<double> &B) {
  double Scale = 0, Worst = 0;
  for (double X : B)
    Scale = std::max(Scale, std::abs(X));
  for (size_t K = 0; K < A.size(); ++K)
    Worst = std::max(Worst, std::abs(A[K] - B[K]) / Scale);
  return Worst;
}

} // namespace

TEST(Crossbar, MatchesCholmodOnRandomArrays) {
  for (auto [N, M] : {std::pair<int64_t, int64_t>{16, 16}, {64, 48}, {128, 128}, {7, 200}}) {
    Case C = randomCase(N, M, {1, 1, 0, 0}, unsigned(N * 1000 + M));
    rt::CrossbarSolver S(N, M, C.W);
    S.setConductances(C.G.data());
    std::vector<double> I(static_cast<size_t>(M));
    auto St = S.solve(C.V.data(), I.data(), nullptr, 1);
    EXPECT_TRUE(St.Converged);
    test::CholmodCrossbar Ref(N, M, C.W, C.G.data());
    EXPECT_LT(worstRelative(I, Ref.currents(C.V.data())), 1e-11)
        << N << " x " << M << " after " << St.Iterations << " iterations";
  }
}

TEST(Crossbar, CellVoltagesAndPeripheryMatchCholmod) {
  Case C = randomCase(40, 30, {2.5, 0.7, 100, 50}, 7);
  rt::CrossbarSolver S(40, 30, C.W);
  S.setConductances(C.G.data());
  std::vector<double> I(30), Cell(40 * 30);
  S.solve(C.V.data(), I.data(), Cell.data(), 2);
  test::CholmodCrossbar Ref(40, 30, C.W, C.G.data());
  std::vector<double> X = Ref.nodes(C.V.data()), Want(Cell.size());
  for (size_t K = 0; K < Cell.size(); ++K)
    Want[K] = X[K] - X[Cell.size() + K];
  EXPECT_LT(worstRelative(Cell, Want), 1e-11);
  EXPECT_LT(worstRelative(I, Ref.currents(C.V.data())), 1e-11);
}

TEST(Crossbar, TwoLevelSolveMatchesCholmod) {
  // From 384 lines on, the coarse space (CrossbarCoarse.h) takes part:
  // plain CG would need 11 to 12 iterations here.
  for (auto [N, M, W] : {std::tuple<int64_t, int64_t, rt::CrossbarWires>{400, 384, {1, 1, 0, 0}},
                         {390, 520, {2.5, 0.7, 100, 50}}}) {
    Case C = randomCase(N, M, W, unsigned(N + M));
    rt::CrossbarSolver S(N, M, C.W);
    S.setConductances(C.G.data());
    std::vector<double> I(static_cast<size_t>(M)), Cell(static_cast<size_t>(N * M));
    auto St = S.solve(C.V.data(), I.data(), Cell.data(), 2);
    EXPECT_TRUE(St.Converged);
    EXPECT_LE(St.Iterations, 7) << N << " x " << M;
    test::CholmodCrossbar Ref(N, M, C.W, C.G.data());
    std::vector<double> X = Ref.nodes(C.V.data()), Want(Cell.size());
    for (size_t K = 0; K < Cell.size(); ++K)
      Want[K] = X[K] - X[Cell.size() + K];
    EXPECT_LT(worstRelative(Cell, Want), 1e-11) << N << " x " << M;
    EXPECT_LT(worstRelative(I, Ref.currents(C.V.data())), 1e-11) << N << " x " << M;
  }
}

TEST(Crossbar, ChargeIsConserved) {
  // What the drivers push in leaves through the sense nodes.
  Case C = randomCase(64, 64, {1, 1, 0, 0}, 3);
  rt::CrossbarSolver S(64, 64, C.W);
  S.setConductances(C.G.data());
  std::vector<double> I(64), Cell(64 * 64);
  S.solve(C.V.data(), I.data(), Cell.data(), 1);
  double Out = 0, In = 0;
  for (double X : I)
    Out += X;
  for (size_t K = 0; K < Cell.size(); ++K)
    In += C.G[K] * Cell[K];
  EXPECT_NEAR(In, Out, 1e-12 * Out);
}

TEST(Crossbar, SmallWiresApproachTheIdealMvm) {
  Case C = randomCase(32, 32, {1e-6, 1e-6, 0, 0}, 5);
  rt::CrossbarSolver S(32, 32, C.W);
  S.setConductances(C.G.data());
  std::vector<double> I(32), Ideal(32);
  S.solve(C.V.data(), I.data(), nullptr, 1);
  rt::idealMvm(C.G.data(), 32, 32, C.V.data(), Ideal.data());
  EXPECT_LT(worstRelative(I, Ideal), 1e-6);
}

TEST(Crossbar, SameBitsOnAnyThreadCount) {
  Case C = randomCase(400, 700, {1, 1, 0, 0}, 11); // with the coarse space
  rt::CrossbarSolver S(400, 700, C.W);
  S.setConductances(C.G.data());
  std::vector<double> A(700), B(700);
  auto S1 = S.solve(C.V.data(), A.data(), nullptr, 1);
  auto S3 = S.solve(C.V.data(), B.data(), nullptr, 3);
  EXPECT_EQ(S1.Iterations, S3.Iterations);
  EXPECT_EQ(A, B);
}
