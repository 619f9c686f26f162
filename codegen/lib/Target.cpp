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
  case 0:
    return llvm::CodeGenOptLevel::None;
  case 1:
    return llvm::CodeGenOptLevel::Less;
  case 2:
    return llvm::CodeGenOptLevel::Default;
  default:
    return llvm::CodeGenOptLevel::Aggressive;
  }
}

llvm::orc::JITTargetMachineBuilder targetBuilder(unsigned OptLevel) {
  initTargets();
  llvm::orc::JITTargetMachineBuilder B{llvm::Triple(llvm::sys::getProcessTriple())};
  B.setCPU(llvm::sys::getHostCPUName().str());
  llvm::SubtargetFeatures F;
  // All host features, AVX-512 included: with exp, expm1 and log inline
  // (MathFunctions.cpp) the flagship loop has no calls and runs 1.4x faster
  // on 512-bit vectors than on AVX2. Kernels that still call out lose
  // AVX-512 per function (KernelEmitter.cpp).
  for (auto &[Name, On] : llvm::sys::getHostCPUFeatures())
    F.AddFeature(Name, On);
  B.addFeatures(F.getFeatures());
  B.setRelocationModel(llvm::Reloc::PIC_);
  B.setCodeModel(llvm::CodeModel::Small);
  B.setCodeGenOptLevel(cgLevel(OptLevel));
  llvm::TargetOptions TO;
  TO.AllowFPOpFusion = llvm::FPOpFusion::Strict;
  B.setOptions(TO);
  return B;
}

std::unique_ptr<llvm::TargetMachine> makeTargetMachine(unsigned OptLevel, std::string &Error) {
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
