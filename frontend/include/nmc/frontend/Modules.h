//===- Modules.h - Loading a model and the modules it imports --*- C++ -*-===//
#ifndef NMC_FRONTEND_MODULES_H
#define NMC_FRONTEND_MODULES_H

#include "nmc/frontend/Ast.h"
#include "nmc/frontend/Diagnostics.h"

#include <memory>
#include <string>
#include <vector>

namespace nmc {

/// Parses the root file and, transitively, every `import "path";`, each file
/// once. A path is looked up relative to the importing file, then in each
/// directory of SearchPath in order. Import cycles are errors. Returns the
/// files with every module before the files that import it, the root last;
/// an empty vector when anything failed (already reported).
std::vector<std::unique_ptr<ast::File>> loadModules(SourceManager &SM, uint32_t Root,
                                                    const std::vector<std::string> &SearchPath,
                                                    DiagEngine &Diags);

} // namespace nmc

#endif
