//===- CodeGen.h - Model IR to native code ---------------------*- C++ -*-===//
//
// The only public face of codegen/, free of LLVM types so that nothing
// above this layer includes LLVM headers. Both paths (object file and JIT)
// build the same LLVM module, run the same O3 pipeline and use the same
// target machine, so they produce the same bits.
//
//===----------------------------------------------------------------------===//
#ifndef NMC_CODEGEN_CODEGEN_H
#define NMC_CODEGEN_CODEGEN_H

#include "nmc/ir/Module.h"

#include <memory>
#include <string>
#include <vector>

struct nmc_model_desc;

namespace nmc::codegen {

struct Options {
  unsigned OptLevel = 3;       // 0..3
  std::string CompilerVersion; // stored in the model descriptor
};

/// LLVM IR text of the model (optimised unless OptLevel is 0).
bool emitLLVM(const ir::Module &M, const Options &O, std::string &Out, std::string &Error);

/// Assembly text for the host.
bool emitAssembly(const ir::Module &M, const Options &O, std::string &Out, std::string &Error);

/// Writes an object file with the model descriptor and a `main` that calls
/// the runtime.
bool emitObject(const ir::Module &M, const Options &O, const std::string &Path, std::string &Error);

/// Compiles the model in memory with ORC LLJIT and runs it through the
/// runtime's nmc_main with Args (Args[0] is the program name). Returns the
/// runtime's exit status, or -1 with Error set when the JIT failed.
int runJit(const ir::Module &M, const Options &O, const std::vector<std::string> &Args,
           std::string &Error);

/// One ORC LLJIT for a live session (`nmc run`, the REPL). Each model added
/// is a unit with its own JITDylib and resource tracker: adding a unit of
/// a name in use replaces it, and removing a unit frees its code, so that no
/// stale definition stays reachable.
class JitEngine {
public:
  static std::unique_ptr<JitEngine> create(const Options &O, std::string &Error);
  ~JitEngine();
  /// Compiles M into unit Name and returns its model descriptor (valid
  /// until the unit is removed or replaced), or null with Error set.
  const nmc_model_desc *add(const std::string &Name, const ir::Module &M, std::string &Error);
  /// Frees unit Name's code; false with Error set when there is none.
  bool remove(const std::string &Name, std::string &Error);
  size_t units() const;

private:
  JitEngine();
  struct Impl;
  std::unique_ptr<Impl> I;
};

/// The host triple and CPU nmc compiles for.
std::string targetDescription();

} // namespace nmc::codegen

#endif
