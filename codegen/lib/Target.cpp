//===- Target.cpp - Target machine and optimisation pipeline --------------===//
#include "Target.h"

#include "llvm/Analysis/CGSCCPassManager.h"
#include "llvm/Analysis/LoopAnalysisManager.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/TargetParser/Host.h"

#include <mutex>

namespace nmc::codegen {

static void initTargets() {
  static std::once_flag Once;
  std::call_once(Once, [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    llvm::InitializeNativeTargetAsmParser();
  });
}

static llvm::CodeGenOptLevel cgLevel(unsigned L) {
  switch (L) {
  case 0: return llvm::CodeGenOptLevel::None;
  case 1: return llvm::CodeGenOptLevel::Less;
  case 2: return llvm::CodeGenOptLevel::Default;
  default: return llvm::CodeGenOptLevel::Aggressive;
  }
}

llvm::orc::JITTargetMachineBuilder targetBuilder(unsigned OptLevel) {
  initTargets();
  llvm::orc::JITTargetMachineBuilder B{llvm::Triple(llvm::sys::getProcessTriple())};
  B.setCPU(llvm::sys::getHostCPUName().str());
  llvm::SubtargetFeatures F;
  // AVX-512 is left out: LLVM then keeps scalar selects in mask registers
  // and spills them around libm calls, which made the flagship kernel 3x
  // slower than with AVX2 (bench/device_update.sh: 40 ns vs 13 ns per update
  // on a Xeon with AVX-512). AVX2 vectors still carry 4 doubles.
  for (auto &[Name, On] : llvm::sys::getHostCPUFeatures())
    F.AddFeature(Name, On && !Name.starts_with("avx512") && Name != "evex512");
  B.addFeatures(F.getFeatures());
  B.setRelocationModel(llvm::Reloc::PIC_);
  B.setCodeModel(llvm::CodeModel::Small);
  B.setCodeGenOptLevel(cgLevel(OptLevel));
  llvm::TargetOptions TO;
  TO.AllowFPOpFusion = llvm::FPOpFusion::Strict;
  B.setOptions(TO);
  return B;
}

std::unique_ptr<llvm::TargetMachine> makeTargetMachine(unsigned OptLevel,
                                                       std::string &Error) {
  auto TM = targetBuilder(OptLevel).createTargetMachine();
  if (!TM) {
    Error = llvm::toString(TM.takeError());
    return nullptr;
  }
  return std::move(*TM);
}

void optimize(llvm::Module &M, llvm::TargetMachine &TM, unsigned OptLevel) {
  if (OptLevel == 0)
    return;
  llvm::LoopAnalysisManager LAM;
  llvm::FunctionAnalysisManager FAM;
  llvm::CGSCCAnalysisManager CGAM;
  llvm::ModuleAnalysisManager MAM;
  llvm::PipelineTuningOptions PTO;
  PTO.LoopVectorization = OptLevel >= 2;
  PTO.SLPVectorization = OptLevel >= 2;
  llvm::PassBuilder PB(&TM, PTO);
  PB.registerModuleAnalyses(MAM);
  PB.registerCGSCCAnalyses(CGAM);
  PB.registerFunctionAnalyses(FAM);
  PB.registerLoopAnalyses(LAM);
  PB.crossRegisterProxies(LAM, FAM, CGAM, MAM);
  llvm::OptimizationLevel L = OptLevel == 1   ? llvm::OptimizationLevel::O1
                              : OptLevel == 2 ? llvm::OptimizationLevel::O2
                                              : llvm::OptimizationLevel::O3;
  llvm::ModulePassManager MPM = PB.buildPerModuleDefaultPipeline(L);
  MPM.run(M, MAM);
}

} // namespace nmc::codegen
