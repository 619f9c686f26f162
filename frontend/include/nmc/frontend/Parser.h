//===- Parser.h - Text to AST ----------------------------------*- C++ -*-===//
#ifndef NMC_FRONTEND_PARSER_H
#define NMC_FRONTEND_PARSER_H

#include "nmc/frontend/Ast.h"
#include "nmc/frontend/Diagnostics.h"

#include <memory>

namespace nmc {

/// Parses one loaded file. On a syntax error, reports the first one (later
/// ones are usually its echoes) and returns null.
std::unique_ptr<ast::File> parseFile(uint32_t File, const SourceManager &SM, DiagEngine &Diags);

/// Deepest bracket nesting accepted; deeper input is refused before parsing
/// so that no input can exhaust the stack.
constexpr unsigned MaxNesting = 256;

} // namespace nmc

#endif
