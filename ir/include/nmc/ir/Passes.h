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

/// What a pass reports besides its result. A pass that cannot do its work
/// (an invariant the checker should have guaranteed does not hold) calls
/// fail(), as MLIR's signalPassFailure: the pipeline stops, and the driver
/// reports an internal error naming the pass. User errors are the
/// checker's to diagnose, before any pass runs.
class PassContext {
public:
  void fail(std::string Message) {
    if (Error.empty())
      Error = std::move(Message);
  }
  bool failed() const { return !Error.empty(); }
  const std::string &error() const { return Error; }

private:
  std::string Error;
};

struct Pass {
  const char *Name;
  const char *Summary;
  /// Returns whether the module changed.
  bool (*Run)(Module &M, PassContext &PC);
};

/// Runs one pass and verifies the module after it; on failure sets Error
/// to a message that names the pass.
bool runPass(const Pass &P, Module &M, std::string &Error, bool *Changed = nullptr);

/// Exponential Euler for every ODE (see Discretise.cpp).
bool discretise(Module &M, PassContext &PC);

/// Populations to kernels in the phases of a step (see Schedule.cpp).
bool schedule(Module &M, PassContext &PC);

/// Regroups products so that their uniform factors are multiplied once per
/// launch (see HoistUniform.cpp).
bool hoistUniform(Module &M, PassContext &PC);
/// The passes run by `nmc` in order.
const std::vector<Pass> &pipeline();

struct PipelineOptions {
  std::vector<std::string> PrintAfter; // pass names, or "all"
  bool TimePasses = false;
  bool Verify = true;
};

/// Runs the pipeline; prints after passes and timings to OS when asked.
/// Returns false (with a message in Error) when the verifier fails.
bool runPipeline(Module &M, const PipelineOptions &Opts, std::ostream &OS, std::string &Error);

/// Checks structural invariants: indices in range, parameters ordered,
/// updates present after discretisation, uniform inits and bounds.
bool verify(const Module &M, std::string &Error);

} // namespace nmc::ir

#endif
