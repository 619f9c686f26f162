//===- Compile.h - Source file to optimised model IR -----------*- C++ -*-===//
#ifndef NMC_TOOLS_COMPILE_H
#define NMC_TOOLS_COMPILE_H

#include "nmc/frontend/Ast.h"
#include "nmc/frontend/Diagnostics.h"
#include "nmc/ir/Module.h"
#include "nmc/ir/Passes.h"

#include <memory>
#include <ostream>
#include <string>
#include <vector>

namespace nmc {

struct DriverOptions {
  std::string Input;
  std::string Output;
  std::string Emit = "run"; // tokens are compared in order, see stageIndex
  unsigned OptLevel = 3;
  bool Werror = false;
  bool SplitInput = false;
  bool ObserveAll = false;             // the REPL: columns for every value it may print
  std::vector<std::string> SearchPath; // -I directories, then the stdlib
  ir::PipelineOptions Pipeline;
};

/// Stages of --emit in pipeline order; returns -1 for an unknown one.
int stageIndex(const std::string &Stage);

/// Parses, checks and lowers one buffer, then runs the IR pipeline up to
/// the requested stage. Prints the AST when Emit is "ast". Returns null on
/// any error (already reported).
std::unique_ptr<ir::Module> compileBuffer(SourceManager &SM, uint32_t File, const DriverOptions &O,
                                          DiagEngine &Diags, std::ostream &Out, bool &Stop);

/// The model's name: the file name without folders and extension.
std::string modelName(const std::string &Path);

} // namespace nmc

#endif
