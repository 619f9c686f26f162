//===- RunHelper.h - Running nmc_main inside a test -------------*- C++ -*-===//
//
// Calls nmc_main in-process with stdout and stderr captured (the runtime
// writes through stdio, so the file descriptors are redirected around the
// call), and gives each test a fresh directory under the build tree.
//
//===----------------------------------------------------------------------===//
#ifndef NMC_TEST_UNIT_RUNHELPER_H
#define NMC_TEST_UNIT_RUNHELPER_H

#include "nmc/abi.h"

#include <filesystem>
#include <string>
#include <vector>

namespace nmc::test {

struct RunResult {
  int Status = -1;
  std::string Out; ///< what nmc_main printed on stdout
  std::string Err; ///< ... and on stderr
};

/// Runs nmc_main(Model) with argv = {"relax", Args...}.
RunResult runMain(const nmc_model_desc &Model, const std::vector<std::string> &Args);

/// An empty directory for the current test:
/// <build>/test/unit/tmp/<Suite>.<Test>, removed and recreated.
std::filesystem::path freshTestDir();

/// The whole content of a file ("" if it cannot be read).
std::string readFile(const std::filesystem::path &P);

/// Splits CSV text into rows of cells.
std::vector<std::vector<std::string>> parseCsv(const std::string &Text);

} // namespace nmc::test

#endif
