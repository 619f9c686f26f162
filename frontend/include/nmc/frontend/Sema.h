//===- Sema.h - Checking and lowering of a parsed model --------*- C++ -*-===//
#ifndef NMC_FRONTEND_SEMA_H
#define NMC_FRONTEND_SEMA_H

#include "nmc/frontend/Ast.h"
#include "nmc/frontend/Diagnostics.h"
#include "nmc/ir/Module.h"

#include <memory>

namespace nmc {

/// Resolves names, checks physical units, ranges and required parts, and
/// lowers the model to the IR. Reports every independent error it finds;
/// returns null when there was any.
std::unique_ptr<ir::Module> analyze(const ast::File &F, DiagEngine &Diags,
                                    const std::string &ModelName);

} // namespace nmc

#endif
