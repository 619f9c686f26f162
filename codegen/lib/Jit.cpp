//===- Jit.cpp - Models in memory: one ORC LLJIT per session --------------===//
//
// A JitEngine is one LLJIT for a live session (`nmc run`, later the REPL).
// Each model added to it is a unit in its own JITDylib, so that units may
// define the same symbols (every model exports nmc_model), with its own
// resource tracker, so that removing or replacing a unit frees its code and
// leaves no stale definition behind. Every unit links against the main
// JITDylib, which holds the runtime services (bound by address: the driver
// need not export them) and the process's symbols (libm).
//
// Modules arrive optimised by the same pipeline and target description as
// the AOT path, so the JIT computes the AOT executable's bits.
//
//===----------------------------------------------------------------------===//
#include "Lowering.h"
#include "Target.h"

#include "nmc/abi.h"

#include "llvm/ExecutionEngine/Orc/ExecutionUtils.h"
#include "llvm/ExecutionEngine/Orc/LLJIT.h"
#include "llvm/ExecutionEngine/Orc/ThreadSafeModule.h"

#include <map>

namespace nmc::codegen {

std::unique_ptr<llvm::Module> prepareForJit(llvm::LLVMContext &Ctx, const ir::Module &M,
                                            const Options &O, std::string &Error);

struct JitEngine::Impl {
  Options Opts;
  std::unique_ptr<llvm::orc::LLJIT> Jit;
  struct Unit {
    llvm::orc::JITDylib *Lib = nullptr;
    llvm::orc::ResourceTrackerSP Tracker;
  };
  std::map<std::string, Unit> Units;
  unsigned Serial = 0;
};

JitEngine::JitEngine() : I(std::make_unique<Impl>()) {}

JitEngine::~JitEngine() {
  std::string Ignored;
  while (!I->Units.empty())
    remove(I->Units.begin()->first, Ignored);
}

std::unique_ptr<JitEngine> JitEngine::create(const Options &O, std::string &Error) {
  using namespace llvm;
  std::unique_ptr<JitEngine> E(new JitEngine());
  E->I->Opts = O;
  auto Jit = orc::LLJITBuilder().setJITTargetMachineBuilder(targetBuilder(O.OptLevel)).create();
  if (!Jit) {
    Error = toString(Jit.takeError());
    return nullptr;
  }
  E->I->Jit = std::move(*Jit);
  orc::LLJIT &J = *E->I->Jit;
  auto Gen =
      orc::DynamicLibrarySearchGenerator::GetForCurrentProcess(J.getDataLayout().getGlobalPrefix());
  if (!Gen) {
    Error = toString(Gen.takeError());
    return nullptr;
  }
  J.getMainJITDylib().addGenerator(std::move(*Gen));
  orc::SymbolMap Services;
  auto Service = [&](const char *Name, const void *Addr) {
    Services[J.mangleAndIntern(Name)] = orc::ExecutorSymbolDef(
        orc::ExecutorAddr::fromPtr(Addr), JITSymbolFlags::Exported | JITSymbolFlags::Callable);
  };
  Service("nmc_rt_uniform", reinterpret_cast<const void *>(&nmc_rt_uniform));
  Service("nmc_rt_normal", reinterpret_cast<const void *>(&nmc_rt_normal));
  Service("nmc_rt_emit_event", reinterpret_cast<const void *>(&nmc_rt_emit_event));
  if (auto Err = J.getMainJITDylib().define(orc::absoluteSymbols(std::move(Services)))) {
    Error = toString(std::move(Err));
    return nullptr;
  }
  return E;
}

const nmc_model_desc *JitEngine::add(const std::string &Name, const ir::Module &M,
                                     std::string &Error) {
  using namespace llvm;
  if (I->Units.count(Name) && !remove(Name, Error))
    return nullptr;
  auto Ctx = std::make_unique<LLVMContext>();
  auto LM = prepareForJit(*Ctx, M, I->Opts, Error);
  if (!LM)
    return nullptr;
  orc::LLJIT &J = *I->Jit;
  // A fresh library per unit: a name is never reused, so no lookup can
  // reach a removed unit's code.
  auto Lib = J.createJITDylib("unit." + std::to_string(I->Serial++) + "." + Name);
  if (!Lib) {
    Error = toString(Lib.takeError());
    return nullptr;
  }
  Lib->addToLinkOrder(J.getMainJITDylib());
  Impl::Unit U{&*Lib, Lib->createResourceTracker()};
  if (auto Err = J.addIRModule(U.Tracker, orc::ThreadSafeModule(std::move(LM), std::move(Ctx)))) {
    Error = toString(std::move(Err));
    return nullptr;
  }
  auto Sym = J.lookup(*U.Lib, "nmc_model");
  if (!Sym) {
    Error = toString(Sym.takeError());
    consumeError(U.Tracker->remove());
    return nullptr;
  }
  I->Units[Name] = U;
  return Sym->toPtr<const nmc_model_desc *>();
}

bool JitEngine::remove(const std::string &Name, std::string &Error) {
  auto It = I->Units.find(Name);
  if (It == I->Units.end()) {
    Error = "no unit '" + Name + "' in the JIT";
    return false;
  }
  Impl::Unit U = It->second;
  I->Units.erase(It);
  if (auto Err = U.Tracker->remove()) {
    Error = llvm::toString(std::move(Err));
    return false;
  }
  if (auto Err = I->Jit->getExecutionSession().removeJITDylib(*U.Lib)) {
    Error = llvm::toString(std::move(Err));
    return false;
  }
  return true;
}

size_t JitEngine::units() const { return I->Units.size(); }

int runJit(const ir::Module &M, const Options &O, const std::vector<std::string> &Args,
           std::string &Error) {
  auto Engine = JitEngine::create(O, Error);
  if (!Engine)
    return -1;
  const nmc_model_desc *Desc = Engine->add("main", M, Error);
  if (!Desc)
    return -1;
  std::vector<char *> Argv;
  std::vector<std::string> Copy = Args;
  for (std::string &A : Copy)
    Argv.push_back(A.data());
  Argv.push_back(nullptr);
  return nmc_main(int(Copy.size()), Argv.data(), Desc);
}

} // namespace nmc::codegen
