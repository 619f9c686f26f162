//===- Emit.cpp - LLVM IR text, assembly and object files -----------------===//
#include "Lowering.h"
#include "Target.h"

#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/TargetParser/Host.h"

namespace nmc::codegen {

using namespace llvm;

namespace {

/// Builds, verifies and optimises the module for TM.
std::unique_ptr<Module> prepare(LLVMContext &Ctx, const ir::Module &M, const Options &O,
                                TargetMachine &TM, bool WithMain, std::string &Error) {
  auto LM = buildModule(Ctx, M, O, WithMain);
  LM->setDataLayout(TM.createDataLayout());
  LM->setTargetTriple(TM.getTargetTriple().str());
  std::string Msg;
  raw_string_ostream OS(Msg);
  if (verifyModule(*LM, &OS)) {
    Error = "generated LLVM IR is invalid: " + OS.str();
    return nullptr;
  }
  optimize(*LM, TM, O.OptLevel);
  return LM;
}

bool emitMachineCode(const ir::Module &M, const Options &O, raw_pwrite_stream &Out,
                     CodeGenFileType Kind, std::string &Error) {
  auto TM = makeTargetMachine(O.OptLevel, Error);
  if (!TM)
    return false;
  LLVMContext Ctx;
  auto LM = prepare(Ctx, M, O, *TM, /*WithMain=*/true, Error);
  if (!LM)
    return false;
  legacy::PassManager PM;
  if (TM->addPassesToEmitFile(PM, Out, nullptr, Kind)) {
    Error = "the target cannot emit this file type";
    return false;
  }
  PM.run(*LM);
  return true;
}

} // namespace

std::unique_ptr<Module> prepareForJit(LLVMContext &Ctx, const ir::Module &M, const Options &O,
                                      std::string &Error) {
  auto TM = makeTargetMachine(O.OptLevel, Error);
  if (!TM)
    return nullptr;
  return prepare(Ctx, M, O, *TM, /*WithMain=*/false, Error);
}

bool emitLLVM(const ir::Module &M, const Options &O, std::string &Out, std::string &Error) {
  auto TM = makeTargetMachine(O.OptLevel, Error);
  if (!TM)
    return false;
  LLVMContext Ctx;
  auto LM = prepare(Ctx, M, O, *TM, /*WithMain=*/true, Error);
  if (!LM)
    return false;
  raw_string_ostream OS(Out);
  LM->print(OS, nullptr);
  return true;
}

bool emitAssembly(const ir::Module &M, const Options &O, std::string &Out, std::string &Error) {
  SmallString<0> Buf;
  raw_svector_ostream OS(Buf);
  if (!emitMachineCode(M, O, OS, CodeGenFileType::AssemblyFile, Error))
    return false;
  Out = Buf.str().str();
  return true;
}

bool emitObject(const ir::Module &M, const Options &O, const std::string &Path,
                std::string &Error) {
  std::error_code EC;
  raw_fd_ostream OS(Path, EC, sys::fs::OF_None);
  if (EC) {
    Error = "cannot write '" + Path + "': " + EC.message();
    return false;
  }
  return emitMachineCode(M, O, OS, CodeGenFileType::ObjectFile, Error);
}

std::string targetDescription() {
  return sys::getProcessTriple() + ", cpu " + sys::getHostCPUName().str();
}

} // namespace nmc::codegen
