//===- RunInfo.h - run.json, what a run was -------------------*- C++ -*-===//
//
// Every output directory holds run.json: enough to know which model,
// compiler, runtime, options and parameter values produced the CSV files
// beside it, and what each file's columns are.
//
//===----------------------------------------------------------------------===//
#ifndef NMC_RUNTIME_RUNINFO_H
#define NMC_RUNTIME_RUNINFO_H

#include "nmc/abi.h"

#include <filesystem>
#include <string>
#include <vector>

namespace nmc::rt {

struct RunOptions;

/// Writes run.json into Dir. Params are the resolved values, in SI.
/// Failure, when not empty, is why the run stopped early: run.json then
/// says "status": "failed" with it, and the outputs hold what was recorded
/// before (else "status": "complete").
bool writeRunInfo(const std::filesystem::path &Dir, const nmc_model_desc &Model,
                  const RunOptions &Opts, const std::vector<double> &Params, double WallSeconds,
                  std::string &Err, const std::string &Failure = "", double SetupSeconds = -1);

} // namespace nmc::rt

#endif
