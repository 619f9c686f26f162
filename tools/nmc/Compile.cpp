//===- Compile.cpp - Source file to optimised model IR --------------------===//
#include "Compile.h"

#include "nmc/frontend/AstPrinter.h"
#include "nmc/frontend/Modules.h"
#include "nmc/frontend/Parser.h"
#include "nmc/frontend/Sema.h"
#include "nmc/ir/Printer.h"

#include <iostream>

namespace nmc {

int stageIndex(const std::string &S) {
  static const char *Stages[] = {"ast", "ir", "llvm", "asm", "obj", "run"};
  for (int I = 0; I < 6; ++I)
    if (S == Stages[I])
      return I;
  return -1;
}

std::string modelName(const std::string &Path) {
  std::string N =
      Path.substr(Path.find_last_of('/') == std::string::npos ? 0 : Path.find_last_of('/') + 1);
  size_t Dot = N.rfind('.');
  if (Dot != std::string::npos && Dot > 0)
    N = N.substr(0, Dot);
  return N.empty() ? "model" : N;
}

std::unique_ptr<ir::Module> compileBuffer(SourceManager &SM, uint32_t File, const DriverOptions &O,
                                          DiagEngine &Diags, std::ostream &Out, bool &Stop) {
  Stop = false;
  auto Files = loadModules(SM, File, O.SearchPath, Diags);
  if (Files.empty())
    return nullptr;
  if (O.Emit == "ast") {
    printAst(*Files.back(), Out);
    Stop = true;
    return nullptr;
  }
  std::vector<const ast::File *> Ptrs;
  for (auto &F : Files)
    Ptrs.push_back(F.get());
  auto M = analyze(Ptrs, Diags, modelName(SM.path(File)), O.ObserveAll);
  if (!M)
    return nullptr;
  std::string Err;
  if (!ir::runPipeline(*M, O.Pipeline, Out, Err))
    internalError(Err);
  if (O.Emit == "ir") {
    ir::print(*M, Out);
    Stop = true;
    return nullptr;
  }
  return M;
}

} // namespace nmc
