//===- Parser.h - The textual IR read back -----------------------*- C++ -*-===//
//
// Reads what nmc::ir::print writes, so that the IR round-trips and passes
// can be tested from IR text alone (`nmc opt`, test/ir/*.nir), as MLIR's
// Toy tests do. The format is line-oriented; each line starts with a
// keyword (model, experiment, param, population, column, init, ode, ...,
// kernel, let, store, if, end, source, monitor, sweep, probe), and
// expressions are prefix forms such as (mul $w @cells.tau). A line
// `%n = e` names a value that later lines reference as %n. Lines starting
// with ';' or '//' are comments.
//
//===----------------------------------------------------------------------===//
#ifndef NMC_IR_PARSER_H
#define NMC_IR_PARSER_H

#include "nmc/ir/Module.h"

#include <memory>
#include <string>

namespace nmc::ir {

/// Parses Text (named FileName in messages). On error returns null and sets
/// Error to "FILE:LINE:COL: error: message", the line and a caret.
std::unique_ptr<Module> parseModule(const std::string &Text, const std::string &FileName,
                                    std::string &Error);

} // namespace nmc::ir

#endif
