//===- Sweep.h - One independent instance per sweep point -------*- C++ -*-===//
//
// `sweep P = values(...)` runs one simulation per value, in parallel over
// the points (each point on one thread, so that the whole sweep uses the
// machine), each recorded in memory (spilling into a folder of its own
// when a file grows large), and then writes each file as the points
// in order with the value as the first column. Every point is
// deterministic, so the joined files are the same on any thread count.
//
//===----------------------------------------------------------------------===//
#ifndef NMC_RUNTIME_SWEEP_H
#define NMC_RUNTIME_SWEEP_H

#include "Options.h"
#include "Params.h"

#include <filesystem>
#include <string>

namespace nmc::rt {

bool runSweep(const nmc_model_desc &Model, const RunOptions &Opts, const ParamValues &Base,
              const std::filesystem::path &Dir, std::string &Err);

} // namespace nmc::rt

#endif
