//===- JitEngineTest.cpp - One LLJIT per session, units added and removed -===//
//
// Models from IR text go into one JitEngine as units; a session runs each.
// Replacing a unit runs the new code (no stale definition), two units that
// both export nmc_model live side by side, and removing units frees them.
//
//===----------------------------------------------------------------------===//
#include "nmc/abi.h"
#include "nmc/codegen/CodeGen.h"
#include "nmc/ir/Parser.h"
#include "nmc/ir/Passes.h"

#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

namespace {

/// dw/dt = rate, w(0) = 0: w(t) = rate * t exactly.
std::unique_ptr<nmc::ir::Module> ramp(double Rate) {
  std::ostringstream Text;
  Text << "model \"ramp\" source \"ramp.nir\"\n"
       << "experiment t_stop = 0.001 s, dt = 1e-05 s\n"
       << "population @p : Ramp[3] method exponential-euler\n"
       << "  column 0 $w : 1 state\n"
       << "  init $w = 0\n"
       << "  ode d$w/dt = " << Rate << "\n";
  std::string Error;
  auto M = nmc::ir::parseModule(Text.str(), "ramp.nir", Error);
  EXPECT_TRUE(M) << Error;
  nmc::ir::PipelineOptions Opts;
  std::ostringstream Sink;
  EXPECT_TRUE(nmc::ir::runPipeline(*M, Opts, Sink, Error)) << Error;
  return M;
}

/// Runs the unit's model for 1 ms at 10 us and returns w of element 0.
double runFor1ms(const nmc_model_desc *Desc) {
  nmc_session *S = nmc_session_create(Desc);
  EXPECT_NE(S, nullptr);
  EXPECT_EQ(nmc_session_reset(S, 1e-5), 0) << nmc_session_error(S);
  EXPECT_EQ(nmc_session_run(S, 1e-3), 0) << nmc_session_error(S);
  double W = static_cast<const double *>(nmc_session_column(S, 0, 0))[0];
  nmc_session_destroy(S);
  return W;
}

TEST(JitEngine, ReplacesAndRemovesUnits) {
  std::string Error;
  auto Engine = nmc::codegen::JitEngine::create({3, "test"}, Error);
  ASSERT_TRUE(Engine) << Error;
  auto Slow = ramp(1), Fast = ramp(5);
  const nmc_model_desc *A = Engine->add("cell", *Slow, Error);
  ASSERT_NE(A, nullptr) << Error;
  EXPECT_NEAR(runFor1ms(A), 1e-3, 1e-15);
  // Redefinition: the same name now runs the new code.
  const nmc_model_desc *B = Engine->add("cell", *Fast, Error);
  ASSERT_NE(B, nullptr) << Error;
  EXPECT_EQ(Engine->units(), 1u);
  EXPECT_NEAR(runFor1ms(B), 5e-3, 1e-15);
  // A second unit exports nmc_model too, in its own library.
  const nmc_model_desc *C = Engine->add("other", *Slow, Error);
  ASSERT_NE(C, nullptr) << Error;
  EXPECT_EQ(Engine->units(), 2u);
  EXPECT_NEAR(runFor1ms(C), 1e-3, 1e-15);
  EXPECT_NEAR(runFor1ms(B), 5e-3, 1e-15);
  EXPECT_TRUE(Engine->remove("cell", Error)) << Error;
  EXPECT_FALSE(Engine->remove("cell", Error));
  EXPECT_NE(Error.find("no unit 'cell'"), std::string::npos);
  EXPECT_TRUE(Engine->remove("other", Error)) << Error;
  EXPECT_EQ(Engine->units(), 0u);
}

} // namespace
