//===- ModelCheck.h - Sanity checks on a model descriptor -------*- C++ -*-===//
//
// The descriptor comes from generated code; a mistake there (a probe past
// the end of its population, a missing kernel) would otherwise be a crash
// or silent garbage. Checking it up front turns a compiler bug into an
// internal-error message that says what is wrong.
//
//===----------------------------------------------------------------------===//
#ifndef NMC_RUNTIME_MODELCHECK_H
#define NMC_RUNTIME_MODELCHECK_H

#include "nmc/abi.h"

#include <string>

namespace nmc::rt {

/// False with Err describing the first inconsistency found in Model. Assumes
/// the ABI version was already checked.
bool checkModel(const nmc_model_desc &Model, std::string &Err);

} // namespace nmc::rt

#endif
