//===- Options.h - The command line of a compiled model ---------*- C++ -*-===//
//
// Every executable that nmc builds, and `nmc run`, accept the same options;
// this file turns argv into a RunOptions and nothing else (parameters given
// with --set are only collected here; Params.cpp gives them meaning).
//
//===----------------------------------------------------------------------===//
#ifndef NMC_RUNTIME_OPTIONS_H
#define NMC_RUNTIME_OPTIONS_H

#include "nmc/abi.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace nmc::rt {

struct RunOptions {
  double TStop = 0;  ///< s, from --t-stop or the model's experiment
  double Dt = 0;     ///< s, from --dt or the model's experiment
  int64_t Steps = 0; ///< llround(TStop / Dt), checked to be whole
  uint64_t Seed = 1;
  int Threads = 1;               ///< resolved: never 0
  std::string OutDir;            ///< "<model name>.out" unless --out
  std::string Format = "csv";    ///< of probes and monitors: csv or npy
  std::vector<std::string> Sets; ///< raw NAME=VALUE texts, in order
  bool ListParams = false;
  bool Quiet = false;
};

/// Parses the command line of Model's executable into Opts. Returns nullopt
/// when the run should go on; otherwise the exit status, after printing
/// help or version (status 0, stdout) or one `error: ...` line (status 1,
/// stderr).
std::optional<int> parseOptions(int Argc, char **Argv, const nmc_model_desc &Model,
                                RunOptions &Opts);

/// Number of steps for a run from 0 to TStop with step Dt; false with Err
/// when Dt <= 0, TStop < 0, or TStop is not a whole number of steps.
bool computeSteps(double TStop, double Dt, int64_t &Steps, std::string &Err);

/// This runtime's version, NMC_VERSION: "0.1.0".
const char *runtimeVersion();

} // namespace nmc::rt

#endif
