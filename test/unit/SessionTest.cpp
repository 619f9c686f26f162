//===- SessionTest.cpp - The session API of abi.h on the test model -------===//
#include "TestModel.h"

#include "nmc/abi.h"

#include <cmath>
#include <gtest/gtest.h>
#include <string>

namespace {

using nmc::test::TestModel;

TEST(Session, RunsInPiecesLikeOneRun) {
  TestModel M(5000); // two parallel chunks
  nmc_session *S = nmc_session_create(&M.Desc);
  ASSERT_NE(S, nullptr);
  ASSERT_EQ(nmc_session_set_param(S, "tau", "2 ms"), 0) << nmc_session_error(S);
  ASSERT_EQ(nmc_session_set_threads(S, 2), 0);
  ASSERT_EQ(nmc_session_reset(S, 1e-6), 0) << nmc_session_error(S);
  ASSERT_EQ(nmc_session_run(S, 3e-6), 0) << nmc_session_error(S);
  ASSERT_EQ(nmc_session_run(S, 2e-6), 0) << nmc_session_error(S);
  EXPECT_DOUBLE_EQ(nmc_session_time(S), 5e-6);
  auto *W = static_cast<const double *>(nmc_session_column(S, 0, 0));
  ASSERT_NE(W, nullptr);
  double P[nmc::test::NumTestParams] = {2e-3, 1e-6, 0.5e-6, 2, 1e-3, 2e-3, -1, 0, -1};
  for (int64_t I : {0, 4095, 4999})
    EXPECT_NEAR(W[I], TestModel::exactW(P, I, 5e-6), 1e-18) << I;
  // A reset starts again from t = 0 with the same parameters.
  ASSERT_EQ(nmc_session_reset(S, 1e-6), 0);
  EXPECT_EQ(nmc_session_time(S), 0.0);
  EXPECT_EQ(nmc_session_column(S, 1, 0), nullptr);
  EXPECT_EQ(nmc_session_column(S, 0, 7), nullptr);
  nmc_session_destroy(S);
}

TEST(Session, ReportsUserErrors) {
  TestModel M;
  nmc_session *S = nmc_session_create(&M.Desc);
  ASSERT_NE(S, nullptr);
  EXPECT_EQ(nmc_session_set_param(S, "tau", "2 V"), 1);
  EXPECT_NE(std::string(nmc_session_error(S)).find("tau"), std::string::npos);
  EXPECT_EQ(nmc_session_set_param(S, "nope", "1"), 1);
  EXPECT_EQ(nmc_session_set_threads(S, 0), 1);
  EXPECT_EQ(nmc_session_reset(S, -1), 1);
  EXPECT_EQ(nmc_session_run(S, -1), 1);
  // The bad settings were refused, so the defaults still run.
  EXPECT_EQ(nmc_session_run(S, 1e-5), 0) << nmc_session_error(S);
  nmc_session_destroy(S);
}

TEST(Session, RefusesAnotherAbiVersion) {
  TestModel M;
  M.Desc.abi_version = NMC_ABI_VERSION + 1;
  EXPECT_EQ(nmc_session_create(&M.Desc), nullptr);
}

TEST(Random, CounterBasedDrawsArePureAndWellDistributed) {
  EXPECT_EQ(nmc_rt_normal(1, 2, 3, 4), nmc_rt_normal(1, 2, 3, 4));
  EXPECT_NE(nmc_rt_normal(1, 2, 3, 4), nmc_rt_normal(1, 2, 3, 5));
  EXPECT_NE(nmc_rt_normal(1, 2, 3, 4), nmc_rt_normal(2, 2, 3, 4));
  EXPECT_NE(nmc_rt_normal(1, 2, 3, 4), nmc_rt_normal(1, 3, 3, 4));
  const int N = 200000;
  double Sum = 0, Sq = 0, USum = 0;
  for (int I = 0; I < N; ++I) {
    double X = nmc_rt_normal(7, 1, uint64_t(I), 0);
    Sum += X, Sq += X * X;
    double U = nmc_rt_uniform(7, 2, uint64_t(I), 0);
    ASSERT_GT(U, 0.0);
    ASSERT_LT(U, 1.0);
    USum += U;
  }
  // Means within 4 standard errors; variance within 2%.
  EXPECT_NEAR(Sum / N, 0.0, 4 / std::sqrt(double(N)));
  EXPECT_NEAR(Sq / N, 1.0, 0.02);
  EXPECT_NEAR(USum / N, 0.5, 4 * std::sqrt(1.0 / 12 / N));
}

} // namespace
