//===- Pipeline.cpp - The pass pipeline, declared in one place ------------===//
#include "nmc/ir/Passes.h"
#include "nmc/ir/Printer.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

namespace nmc::ir {

const std::vector<Pass> &pipeline() {
  static const std::vector<Pass> P = {
      {"discretise", "ODEs to per-step exponential-Euler updates", discretise},
      {"schedule", "populations to init, update and observe kernels", schedule},
      {"hoist-uniform", "multiply the uniform factors of products once per launch", hoistUniform},
  };
  return P;
}

bool runPass(const Pass &P, Module &M, std::string &Error, bool *Changed) {
  PassContext PC;
  bool C = P.Run(M, PC);
  if (Changed)
    *Changed = C;
  if (PC.failed()) {
    Error = std::string("pass '") + P.Name + "' failed: " + PC.error();
    return false;
  }
  if (!verify(M, Error)) {
    Error = std::string("IR verifier failed after pass '") + P.Name + "': " + Error;
    return false;
  }
  return true;
}

bool runPipeline(Module &M, const PipelineOptions &Opts, std::ostream &OS, std::string &Error) {
  if (Opts.Verify && !verify(M, Error)) {
    Error = "IR verifier failed before the pipeline: " + Error;
    return false;
  }
  for (const Pass &P : pipeline()) {
    auto Start = std::chrono::steady_clock::now();
    bool Changed = false;
    PassContext PC;
    Changed = P.Run(M, PC);
    if (PC.failed()) {
      Error = std::string("pass '") + P.Name + "' failed: " + PC.error();
      return false;
    }
    double Ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - Start).count();
    if (Opts.TimePasses) {
      char Buf[128];
      std::snprintf(Buf, sizeof Buf, "pass %-12s %8.3f ms%s\n", P.Name, Ms,
                    Changed ? "" : " (no change)");
      OS << Buf;
    }
    if (Opts.Verify && !verify(M, Error)) {
      Error = std::string("IR verifier failed after pass '") + P.Name + "': " + Error;
      return false;
    }
    bool Print =
        std::find(Opts.PrintAfter.begin(), Opts.PrintAfter.end(), P.Name) !=
            Opts.PrintAfter.end() ||
        std::find(Opts.PrintAfter.begin(), Opts.PrintAfter.end(), "all") != Opts.PrintAfter.end();
    if (Print) {
      OS << "; IR after pass '" << P.Name << "'\n";
      print(M, OS);
    }
  }
  return true;
}

} // namespace nmc::ir
