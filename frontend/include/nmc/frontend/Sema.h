//===- Sema.h - Checking and lowering of a parsed model --------*- C++ -*-===//
#ifndef NMC_FRONTEND_SEMA_H
#define NMC_FRONTEND_SEMA_H

#include "nmc/frontend/Ast.h"
#include "nmc/frontend/Diagnostics.h"
#include "nmc/ir/Module.h"

#include <memory>
#include <vector>

namespace nmc {

/// Resolves names, checks physical units, ranges and required parts, and
/// lowers the model to the IR. Reports every independent error it finds;
/// returns null when there was any.
std::unique_ptr<ir::Module> analyze(const ast::File &F, DiagEngine &Diags,
                                    const std::string &ModelName);

/// The same for a model and the modules it imports (root last, as
/// loadModules returns them). Only the root may declare populations,
/// probes, stimuli and the experiment. ObserveAll (the REPL) gives every
/// population columns for all it could record (v, i, lets), probed or not.
std::unique_ptr<ir::Module> analyze(const std::vector<const ast::File *> &Files, DiagEngine &Diags,
                                    const std::string &ModelName, bool ObserveAll = false);

} // namespace nmc

#endif
