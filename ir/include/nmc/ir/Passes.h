//===- Passes.h - Transformations of the model IR --------------*- C++ -*-===//
//
// Each pass has a name, rewrites a Module in place and says whether it
// changed anything. The pipeline is declared once, in Pipeline.cpp.
//
//===----------------------------------------------------------------------===//
#ifndef NMC_IR_PASSES_H
#define NMC_IR_PASSES_H

#include "nmc/ir/Module.h"

#include <ostream>
#include <string>
#include <vector>

namespace nmc::ir {

struct Pass {
  const char *Name;
  const char *Summary;
  bool (*Run)(Module &M);
};

/// Exponential Euler for every ODE (see Discretise.cpp).
bool discretise(Module &M);

/// Populations to kernels in the phases of a step (see Schedule.cpp).
bool schedule(Module &M);

/// Regroups products so that their uniform factors are multiplied once per
/// launch (see HoistUniform.cpp).
bool hoistUniform(Module &M);
/// The passes run by `nmc` in order.
const std::vector<Pass> &pipeline();

struct PipelineOptions {
  std::vector<std::string> PrintAfter; // pass names, or "all"
  bool TimePasses = false;
  bool Verify = true;
};

/// Runs the pipeline; prints after passes and timings to OS when asked.
/// Returns false (with a message in Error) when the verifier fails.
bool runPipeline(Module &M, const PipelineOptions &Opts, std::ostream &OS,
                 std::string &Error);

/// Checks structural invariants: indices in range, parameters ordered,
/// updates present after discretisation, uniform inits and bounds.
bool verify(const Module &M, std::string &Error);

} // namespace nmc::ir

#endif
