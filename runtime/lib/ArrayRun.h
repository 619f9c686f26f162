//===- ArrayRun.h - The reads of a model's crossbar arrays ------*- C++ -*-===//
//
// Every array of the model is read once per input vector when the run
// starts (its cells do not change in time yet): conductances are set (drawn
// per cell from the run's seed where the model asks), each input is solved
// exactly with its wires (Crossbar.h) or ideally where it has none, and
// each probe writes one row per read to `<probe>.csv` (or .npy):
// `read,NAME[0].i,...,NAME[0].ideal,...,NAME.drop,NAME[0][0].v,...`, in
// the order the probe names them.
//
//===----------------------------------------------------------------------===//
#ifndef NMC_RUNTIME_ARRAYRUN_H
#define NMC_RUNTIME_ARRAYRUN_H

#include "Options.h"
#include "nmc/abi.h"

#include <filesystem>
#include <string>

namespace nmc::rt {

bool runArrays(const nmc_model_desc &Model, const RunOptions &Opts,
               const std::filesystem::path &Dir, std::string &Err);

} // namespace nmc::rt

#endif
