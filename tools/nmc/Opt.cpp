//===- Opt.cpp - `nmc opt`: IR text in, named passes, IR text out ---------===//
//
// The IR-level test driver, as mlir-opt is MLIR's: reads textual IR
// (ir/Parser.h), verifies it, runs the passes named by --passes in order
// (verifying after each), and prints the result, or hands it to codegen
// with --emit=llvm or --emit=asm. Errors name the file, line and column.
//
//===----------------------------------------------------------------------===//
#include "nmc/codegen/CodeGen.h"
#include "nmc/ir/Parser.h"
#include "nmc/ir/Passes.h"
#include "nmc/ir/Printer.h"

#include <fstream>
#include <iostream>
#include <sstream>

namespace nmc {

namespace {

const char *OptUsage =
    "usage: nmc opt FILE.nir [--passes=P1,P2,...] [--emit=ir|llvm|asm] [-O0..-O3]\n"
    "  reads textual IR, verifies it, runs the named passes in order\n"
    "  (verifying after each) and prints the IR, LLVM IR or assembly.\n"
    "passes:\n";

int optError(const std::string &Message) {
  std::cerr << "nmc opt: error: " << Message << "\n";
  return 1;
}

} // namespace

int runOpt(int Argc, char **Argv, const char *Version) {
  std::string Input, Emit = "ir";
  std::vector<std::string> Passes;
  unsigned OptLevel = 3;
  for (int I = 2; I < Argc; ++I) {
    std::string A = Argv[I];
    if (A == "--help" || A == "-h") {
      std::cout << OptUsage;
      for (const ir::Pass &P : ir::pipeline())
        std::cout << "  " << P.Name << ": " << P.Summary << "\n";
      return 0;
    }
    if (A.rfind("--passes=", 0) == 0) {
      std::stringstream SS(A.substr(9));
      for (std::string P; std::getline(SS, P, ',');)
        if (!P.empty())
          Passes.push_back(P);
    } else if (A.rfind("--emit=", 0) == 0) {
      Emit = A.substr(7);
      if (Emit != "ir" && Emit != "llvm" && Emit != "asm")
        return optError("--emit must be one of ir, llvm, asm");
    } else if (A.size() == 3 && A[0] == '-' && A[1] == 'O' && A[2] >= '0' && A[2] <= '3') {
      OptLevel = unsigned(A[2] - '0');
    } else if (!A.empty() && A[0] == '-' && A != "-") {
      return optError("unknown option '" + A + "'");
    } else if (Input.empty()) {
      Input = A;
    } else {
      return optError("more than one input file");
    }
  }
  if (Input.empty())
    return optError("no input file");
  std::stringstream Buf;
  if (Input == "-") {
    Buf << std::cin.rdbuf();
  } else {
    std::ifstream In(Input);
    if (!In)
      return optError("cannot read '" + Input + "'");
    Buf << In.rdbuf();
  }
  std::vector<const ir::Pass *> Run;
  for (const std::string &Name : Passes) {
    const ir::Pass *Found = nullptr;
    for (const ir::Pass &P : ir::pipeline())
      if (Name == P.Name)
        Found = &P;
    if (!Found) {
      std::string Known;
      for (const ir::Pass &P : ir::pipeline())
        Known += std::string(Known.empty() ? "" : ", ") + P.Name;
      return optError("unknown pass '" + Name + "' (passes: " + Known + ")");
    }
    Run.push_back(Found);
  }

  std::string Error;
  auto M = ir::parseModule(Buf.str(), Input, Error);
  if (!M) {
    std::cerr << Error;
    return 1;
  }
  if (!ir::verify(*M, Error)) {
    std::cerr << Input << ": error: the IR is not valid: " << Error << "\n";
    return 1;
  }
  for (const ir::Pass *P : Run)
    if (!ir::runPass(*P, *M, Error)) {
      std::cerr << Input << ": error: " << Error << "\n";
      return 1;
    }
  if (Emit == "ir") {
    ir::print(*M, std::cout);
    return 0;
  }
  codegen::Options CO{OptLevel, Version};
  std::string Text;
  bool Ok = Emit == "llvm" ? codegen::emitLLVM(*M, CO, Text, Error)
                           : codegen::emitAssembly(*M, CO, Text, Error);
  if (!Ok)
    return optError(Error);
  std::cout << Text;
  return 0;
}

} // namespace nmc
