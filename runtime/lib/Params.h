//===- Params.h - Parameter values from defaults and --set ------*- C++ -*-===//
//
// The model's parameters are one array of doubles in SI, in descriptor
// order. The user sets some with --set NAME=VALUE (with units, checked
// here); the generated resolve_params computes the rest from their default
// expressions; then every value is checked against its declared range.
//
//===----------------------------------------------------------------------===//
#ifndef NMC_RUNTIME_PARAMS_H
#define NMC_RUNTIME_PARAMS_H

#include "nmc/abi.h"
#include "nmc/support/Units.h"

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace nmc::rt {

struct ParamValues {
  std::vector<double> Values;     ///< SI, one per nmc_param_desc
  std::vector<uint8_t> IsSet;     ///< 1 where --set gave the value
  std::vector<std::string> SetBy; ///< the NAME=VALUE text that set it
};

/// The dimension a parameter descriptor declares.
Dim paramDim(const nmc_param_desc &P);

/// Finds the parameter called Name: the one with exactly that name, else the
/// only one whose name ends in "." + Name. Returns its index, or -1 with Err
/// saying why (unknown, naming the closest; ambiguous, naming candidates).
int64_t findParam(const nmc_model_desc &Model, std::string_view Name, std::string &Err);

/// Applies the --set texts in order (a later one wins), then calls the
/// model's resolve_params for the rest. False with Err on a bad --set.
bool resolveParams(const nmc_model_desc &Model, const std::vector<std::string> &Sets,
                   ParamValues &PV, std::string &Err);

/// Checks every value is finite and inside its range. False with Err naming
/// the parameter, its value, its range and where the value came from.
bool checkParams(const nmc_model_desc &Model, const ParamValues &PV, std::string &Err);

/// "(0, inf) s", "[0, 1]", "any" for a parameter's allowed range.
std::string formatRange(const nmc_param_desc &P);

/// Whether V lies in P's allowed range.
bool inRange(const nmc_param_desc &P, double V);

/// The table printed by --list-params.
void printParams(const nmc_model_desc &Model, const ParamValues &PV, std::FILE *Out);

} // namespace nmc::rt

#endif
