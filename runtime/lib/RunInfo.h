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
bool writeRunInfo(const std::filesystem::path &Dir, const nmc_model_desc &Model,
                  const RunOptions &Opts, const std::vector<double> &Params, double WallSeconds,
                  std::string &Err);

} // namespace nmc::rt

#endif
