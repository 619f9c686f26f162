//===- ParamsTest.cpp - Parameter lookup, --set and range checks ----------===//
#include "Params.h"
#include "TestModel.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace nmc;
using namespace nmc::rt;
using nmc::test::TestModel;

namespace {

bool contains(const std::string &S, const std::string &Part) {
  return S.find(Part) != std::string::npos;
}

TEST(Params, FindExactAndSuffix) {
  TestModel M;
  std::string Err;
  EXPECT_EQ(findParam(M.Desc, "cells.tau", Err), test::PTau);
  EXPECT_EQ(findParam(M.Desc, "tau", Err), test::PTau);
  EXPECT_EQ(findParam(M.Desc, "gain", Err), test::PGain);
  EXPECT_EQ(findParam(M.Desc, "cells.g", Err), test::PCellsG);
  // A suffix is a whole component: "au" is not "cells.tau".
  EXPECT_EQ(findParam(M.Desc, "au", Err), -1);
}

TEST(Params, AmbiguousSuffix) {
  TestModel M;
  std::string Err;
  EXPECT_EQ(findParam(M.Desc, "g", Err), -1);
  EXPECT_TRUE(contains(Err, "ambiguous")) << Err;
  EXPECT_TRUE(contains(Err, "'cells.g'")) << Err;
  EXPECT_TRUE(contains(Err, "'leak.g'")) << Err;
}

TEST(Params, UnknownNamesTheClosestOrAll) {
  TestModel M;
  std::string Err;
  EXPECT_EQ(findParam(M.Desc, "tua", Err), -1);
  EXPECT_TRUE(contains(Err, "did you mean 'cells.tau'?")) << Err;
  EXPECT_EQ(findParam(M.Desc, "zzzzzzzz", Err), -1);
  EXPECT_TRUE(contains(Err, "the parameters are 'cells.tau', 'cells.a'")) << Err;
}

TEST(Params, SetResolvesAndDerives) {
  TestModel M;
  ParamValues PV;
  std::string Err;
  ASSERT_TRUE(resolveParams(M.Desc, {"a=4um", "cells.tau=2 ms", "gain=3"}, PV, Err)) << Err;
  EXPECT_DOUBLE_EQ(PV.Values[test::PA], 4e-6);
  EXPECT_DOUBLE_EQ(PV.Values[test::PTau], 2e-3);
  EXPECT_EQ(PV.Values[test::PGain], 3.0);
  // The derived default follows the value that was set.
  EXPECT_DOUBLE_EQ(PV.Values[test::PW0], 2e-6);
  EXPECT_EQ(PV.IsSet[test::PA], 1);
  EXPECT_EQ(PV.IsSet[test::PW0], 0);
  EXPECT_EQ(PV.SetBy[test::PA], "a=4um");
  // ... which is out of w0's range [0, 1 um], so the check names w0.
  EXPECT_FALSE(checkParams(M.Desc, PV, Err));
  EXPECT_EQ(Err, "parameter 'cells.w0' = 2e-06 m is out of its range "
                 "[0, 1e-06] m (from its default, declared on line 5)");
}

TEST(Params, LaterSetWins) {
  TestModel M;
  ParamValues PV;
  std::string Err;
  ASSERT_TRUE(resolveParams(M.Desc, {"tau=2ms", "tau=3ms"}, PV, Err));
  EXPECT_DOUBLE_EQ(PV.Values[test::PTau], 3e-3);
}

TEST(Params, SetErrors) {
  TestModel M;
  ParamValues PV;
  std::string Err;
  auto Fails = [&](const std::string &Set) {
    Err.clear();
    EXPECT_FALSE(resolveParams(M.Desc, {Set}, PV, Err)) << Set;
    return Err;
  };
  EXPECT_EQ(Fails("tau=2"), "--set tau=2: parameter 'cells.tau' is a time "
                            "(s); write a unit, e.g. --set tau=2s");
  EXPECT_EQ(Fails("tau=2V"), "--set tau=2V: parameter 'cells.tau' is a time "
                             "(s), but 2V is a voltage (V)");
  EXPECT_EQ(Fails("gain=2V"), "--set gain=2V: parameter 'gain' is "
                              "dimensionless, but 2V is a voltage (V)");
  EXPECT_TRUE(contains(Fails("tau"), "expected NAME=VALUE")) << Err;
  EXPECT_TRUE(contains(Fails("=2ms"), "expected NAME=VALUE")) << Err;
  EXPECT_TRUE(contains(Fails("tau="), "expected a number")) << Err;
  EXPECT_TRUE(contains(Fails("tau=2xyz"), "unknown unit 'xyz'")) << Err;
  EXPECT_TRUE(contains(Fails("g=1mS"), "ambiguous")) << Err;
}

TEST(Params, RangesAndBounds) {
  TestModel M;
  const nmc_param_desc &Tau = M.Desc.params[test::PTau];
  const nmc_param_desc &A = M.Desc.params[test::PA];
  const nmc_param_desc &G = M.Desc.params[test::PCellsG];
  EXPECT_EQ(formatRange(Tau), "(0, inf) s");
  EXPECT_EQ(formatRange(A), "[0, 1e-05] m");
  EXPECT_EQ(formatRange(G), "any");
  EXPECT_EQ(formatRange(M.Desc.params[test::PGain]), "[0, inf)");
  EXPECT_FALSE(inRange(Tau, 0.0));
  EXPECT_TRUE(inRange(Tau, 1e-300));
  EXPECT_TRUE(inRange(A, 0.0));
  EXPECT_TRUE(inRange(A, 10e-6));
  EXPECT_FALSE(inRange(A, 10.0001e-6));
  EXPECT_TRUE(inRange(G, -1e300));
}

TEST(Params, CheckNamesTheSetAndNonFinite) {
  TestModel M;
  ParamValues PV;
  std::string Err;
  ASSERT_TRUE(resolveParams(M.Desc, {"tau=-1ms"}, PV, Err));
  EXPECT_FALSE(checkParams(M.Desc, PV, Err));
  EXPECT_EQ(Err, "parameter 'cells.tau' = -0.001 s is out of its range "
                 "(0, inf) s (from --set tau=-1ms, declared on line 3)");
  ASSERT_TRUE(resolveParams(M.Desc, {}, PV, Err));
  EXPECT_TRUE(checkParams(M.Desc, PV, Err)) << Err;
  PV.Values[test::PCellsG] = NAN;
  EXPECT_FALSE(checkParams(M.Desc, PV, Err));
  EXPECT_TRUE(contains(Err, "parameter 'cells.g' is nan")) << Err;
}

} // namespace
