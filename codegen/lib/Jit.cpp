//===- Jit.cpp - Run a model in memory with ORC LLJIT ---------------------===//
//
// The JIT gets the module already optimised by the same pipeline and target
// description as the AOT path, then calls the runtime's nmc_main (linked
// into the driver) with the model descriptor it finds in the JIT'd code.
//
//===----------------------------------------------------------------------===//
#include "Lowering.h"
#include "Target.h"

#include "nmc/abi.h"

#include "llvm/ExecutionEngine/Orc/ExecutionUtils.h"
#include "llvm/ExecutionEngine/Orc/LLJIT.h"
#include "llvm/ExecutionEngine/Orc/ThreadSafeModule.h"

namespace nmc::codegen {

std::unique_ptr<llvm::Module> prepareForJit(llvm::LLVMContext &Ctx, const ir::Module &M,
                                            const Options &O, std::string &Error);

int runJit(const ir::Module &M, const Options &O, const std::vector<std::string> &Args,
           std::string &Error) {
  using namespace llvm;
  auto Ctx = std::make_unique<LLVMContext>();
  auto LM = prepareForJit(*Ctx, M, O, Error);
  if (!LM)
    return -1;
  auto JIT = orc::LLJITBuilder().setJITTargetMachineBuilder(targetBuilder(O.OptLevel)).create();
  if (!JIT) {
    Error = toString(JIT.takeError());
    return -1;
  }
  // Math functions (exp, sinh, ...) come from the driver's own process.
  auto Gen = orc::DynamicLibrarySearchGenerator::GetForCurrentProcess(
      (*JIT)->getDataLayout().getGlobalPrefix());
  if (!Gen) {
    Error = toString(Gen.takeError());
    return -1;
  }
  (*JIT)->getMainJITDylib().addGenerator(std::move(*Gen));
  // Runtime services (abi.h) by address: the driver need not export them.
  orc::SymbolMap Services;
  auto Service = [&](const char *Name, const void *Addr) {
    Services[(*JIT)->mangleAndIntern(Name)] = orc::ExecutorSymbolDef(
        orc::ExecutorAddr::fromPtr(Addr), JITSymbolFlags::Exported | JITSymbolFlags::Callable);
  };
  Service("nmc_rt_uniform", reinterpret_cast<const void *>(&nmc_rt_uniform));
  Service("nmc_rt_normal", reinterpret_cast<const void *>(&nmc_rt_normal));
  Service("nmc_rt_emit_event", reinterpret_cast<const void *>(&nmc_rt_emit_event));
  if (auto E = (*JIT)->getMainJITDylib().define(orc::absoluteSymbols(std::move(Services)))) {
    Error = toString(std::move(E));
    return -1;
  }
  if (auto E = (*JIT)->addIRModule(orc::ThreadSafeModule(std::move(LM), std::move(Ctx)))) {
    Error = toString(std::move(E));
    return -1;
  }
  auto Sym = (*JIT)->lookup("nmc_model");
  if (!Sym) {
    Error = toString(Sym.takeError());
    return -1;
  }
  auto *Desc = Sym->toPtr<const nmc_model_desc *>();
  std::vector<char *> Argv;
  std::vector<std::string> Copy = Args;
  for (std::string &A : Copy)
    Argv.push_back(A.data());
  Argv.push_back(nullptr);
  return nmc_main(int(Copy.size()), Argv.data(), Desc);
}

} // namespace nmc::codegen
