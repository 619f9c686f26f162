//===- Target.h - Target machine and optimisation pipeline -----*- C++ -*-===//
#ifndef NMC_CODEGEN_TARGET_H
#define NMC_CODEGEN_TARGET_H

#include "llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h"
#include "llvm/IR/Module.h"
#include "llvm/Target/TargetMachine.h"

#include <memory>
#include <string>

namespace nmc::codegen {

/// The one description of the machine we generate code for: host CPU and
/// features, PIC, and no floating-point contraction, so that AOT and JIT
/// code compute identical bits (the only FMAs are the explicit ones of
/// MathFunctions.cpp).
llvm::orc::JITTargetMachineBuilder targetBuilder(unsigned OptLevel);

std::unique_ptr<llvm::TargetMachine> makeTargetMachine(unsigned OptLevel, std::string &Error);

/// Runs the standard O<n> pipeline on M for TM.
void optimize(llvm::Module &M, llvm::TargetMachine &TM, unsigned OptLevel);

} // namespace nmc::codegen

#endif
