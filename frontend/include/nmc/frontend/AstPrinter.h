//===- AstPrinter.h - Stable text dump of the AST --------------*- C++ -*-===//
#ifndef NMC_FRONTEND_ASTPRINTER_H
#define NMC_FRONTEND_ASTPRINTER_H

#include "nmc/frontend/Ast.h"

#include <ostream>

namespace nmc {

/// One line per declaration member, expressions in prefix form with their
/// units as written, e.g. `(mul G0 v)`, `(1.5 ms)`.
void printAst(const ast::File &F, std::ostream &OS);

} // namespace nmc

#endif
