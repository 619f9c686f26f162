//===- main.cpp - The nmc driver: build, run, emit ------------------------===//
//
// One binary with subcommands. Compilation runs on a thread with a large
// stack so that no input, however deeply nested, can overflow it.
//
//===----------------------------------------------------------------------===//
#include "Compile.h"
#include "Repl.h"
#include "ReplHelp.h"

#include "nmc/codegen/CodeGen.h"
#include "nmc/frontend/Diagnostics.h"
#include "nmc/frontend/SourceManager.h"
#include "nmc/ir/Parser.h"
#include "nmc/ir/Passes.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <pthread.h>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

namespace nmc {
int linkExecutable(const std::string &Object, const std::string &Exe, std::string &Error);
int runOpt(int Argc, char **Argv, const char *Version);
} // namespace nmc

using namespace nmc;

namespace {

const char *Usage =
    "usage: nmc <command> [options] FILE.nmc\n"
    "\n"
    "commands:\n"
    "  build FILE.nmc -o EXE     compile ahead of time to a native executable\n"
    "  run FILE.nmc [ARGS...]    compile with the JIT and run; ARGS go to the model\n"
    "                            (see `nmc run FILE.nmc --help`)\n"
    "  emit --emit=STAGE FILE    print a stage: ast, ir, llvm or asm\n"
    "  opt FILE.nir [--passes=..] read textual IR, run passes, print (see opt --help)\n"
    "  repl [< SCRIPT]           interactive experiments (also `nmc` alone on a terminal)\n"
    "\n"
    "options (before FILE):\n"
    "  -O0 ... -O3               LLVM optimisation level (default 3)\n"
    "  --Werror                  treat warnings as errors\n"
    "  -I DIR                    look for imported modules in DIR too\n"
    "  --split-input-file        (emit) process chunks separated by `// -----` alone\n"
    "  --print-after=PASS        print the IR after a pass (or `all`)\n"
    "  --time-passes             print the time each IR pass takes\n"
    "  --help, --version\n";

void version() {
  std::cout << "nmc " << NMC_VERSION << "\n  target: " << codegen::targetDescription()
            << "\n  LLVM 19, ANTLR 4 runtime, runtime ABI " << 1 << "\n";
}

int usageError(const std::string &Msg) {
  std::cerr << "nmc: error: " << Msg << "\nrun `nmc --help` for usage\n";
  return 1;
}

/// Splits on lines that are exactly `// -----`; each chunk keeps its line
/// numbers by being padded with the newlines before it.
std::vector<std::string> splitInput(const std::string &Text) {
  std::vector<std::string> Chunks;
  std::istringstream In(Text);
  std::string Line, Cur;
  size_t LineNo = 0, ChunkStart = 0;
  while (std::getline(In, Line)) {
    ++LineNo;
    if (Line == "// -----") {
      Chunks.push_back(std::string(ChunkStart, '\n') + Cur);
      Cur.clear();
      ChunkStart = LineNo;
      continue;
    }
    Cur += Line + "\n";
  }
  Chunks.push_back(std::string(ChunkStart, '\n') + Cur);
  return Chunks;
}

int emitOne(SourceManager &SM, uint32_t File, const DriverOptions &O) {
  DiagEngine Diags(SM, std::cerr);
  Diags.setWarningsAsErrors(O.Werror);
  bool Stop = false;
  std::ostringstream Out;
  auto M = compileBuffer(SM, File, O, Diags, Out, Stop);
  std::cout << Out.str();
  if (Diags.hasErrors())
    return 1;
  if (Stop || !M)
    return M || Stop ? 0 : 1;
  codegen::Options CO{O.OptLevel, NMC_VERSION};
  std::string Text, Err;
  bool Ok = O.Emit == "llvm" ? codegen::emitLLVM(*M, CO, Text, Err)
                             : codegen::emitAssembly(*M, CO, Text, Err);
  if (!Ok)
    internalError(Err);
  std::cout << Text;
  return 0;
}

int drive(int Argc, char **Argv) {
  bool Terminal = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
  if (Argc < 2 && !Terminal)
    return usageError("no command given");
  std::string Cmd = Argc < 2 ? "repl" : Argv[1];
  if (Cmd == "repl") {
    DriverOptions O;
    for (int I = 2; I < Argc; ++I) {
      std::string A = Argv[I];
      if (A == "-I" && I + 1 < Argc)
        O.SearchPath.push_back(Argv[++I]);
      else if (A.size() == 3 && A.compare(0, 2, "-O") == 0 && A[2] >= '0' && A[2] <= '3')
        O.OptLevel = unsigned(A[2] - '0');
      else if (A == "--help" || A == "-h") {
        std::cout << "usage: nmc repl [-I DIR] [-O0..-O3] [< SCRIPT]\n" << replHelp("");
        return 0;
      } else
        return usageError("unknown option '" + A + "' of repl");
    }
    O.SearchPath.push_back(NMC_STDLIB_DIR);
    return runRepl(O);
  }
  if (Cmd == "--help" || Cmd == "-h" || Cmd == "help") {
    std::cout << Usage;
    return 0;
  }
  if (Cmd == "--version") {
    version();
    return 0;
  }
  if (Cmd == "opt")
    return runOpt(Argc, Argv, NMC_VERSION);
  if (Cmd != "build" && Cmd != "run" && Cmd != "emit")
    return usageError("unknown command '" + Cmd + "'");

  DriverOptions O;
  O.Emit = Cmd == "emit" ? "" : Cmd == "build" ? "obj" : "run";
  std::vector<std::string> ModelArgs;
  int I = 2;
  for (; I < Argc; ++I) {
    std::string A = Argv[I];
    if (A == "--help" || A == "-h") {
      if (Cmd == "run" && !O.Input.empty())
        break; // the model's own help
      std::cout << Usage;
      return 0;
    }
    if (A == "--version") {
      version();
      return 0;
    }
    if (!O.Input.empty() && Cmd == "run")
      break; // everything after FILE belongs to the model
    if (A.size() == 3 && A.compare(0, 2, "-O") == 0 && A[2] >= '0' && A[2] <= '3')
      O.OptLevel = unsigned(A[2] - '0');
    else if (A == "--Werror")
      O.Werror = true;
    else if (A == "--split-input-file" && Cmd == "emit")
      O.SplitInput = true;
    else if (A.rfind("--emit=", 0) == 0 && Cmd == "emit")
      O.Emit = A.substr(7);
    else if (A.rfind("--print-after=", 0) == 0)
      O.Pipeline.PrintAfter.push_back(A.substr(14));
    else if (A == "-I" && I + 1 < Argc)
      O.SearchPath.push_back(Argv[++I]);
    else if (A.size() > 2 && A.compare(0, 2, "-I") == 0)
      O.SearchPath.push_back(A.substr(2));
    else if (A == "--time-passes")
      O.Pipeline.TimePasses = true;
    else if (A == "-o" && Cmd == "build" && I + 1 < Argc)
      O.Output = Argv[++I];
    else if (!A.empty() && A[0] == '-')
      return usageError("unknown option '" + A + "' for '" + Cmd + "'");
    else if (O.Input.empty())
      O.Input = A;
    else
      return usageError("more than one input file");
  }
  for (; I < Argc; ++I)
    ModelArgs.push_back(Argv[I]);
  if (O.Input.empty())
    return usageError("no input file");
  // Modules are found next to the importing file, then in -I directories,
  // then in NMC_PATH (colon-separated), then in the standard library.
  if (const char *Env = std::getenv("NMC_PATH")) {
    std::string P = Env;
    for (size_t Pos = 0; Pos <= P.size();) {
      size_t Colon = std::min(P.find(':', Pos), P.size());
      if (Colon > Pos)
        O.SearchPath.push_back(P.substr(Pos, Colon - Pos));
      Pos = Colon + 1;
    }
  }
  O.SearchPath.push_back(NMC_STDLIB_DIR);
  if (Cmd == "emit" && (O.Emit.empty() || stageIndex(O.Emit) < 0 || stageIndex(O.Emit) > 3))
    return usageError("--emit must be one of ast, ir, llvm, asm");
  if (Cmd == "build" && O.Output.empty())
    return usageError("build needs -o EXE");

  SourceManager SM;
  std::string Err;
  auto File = SM.loadFile(O.Input, Err);
  if (!File) {
    std::cerr << O.Input << ": error: cannot read '" << O.Input << "': " << Err << "\n";
    return 1;
  }

  if (Cmd == "emit") {
    if (!O.SplitInput)
      return emitOne(SM, *File, O);
    int Status = 0;
    auto Chunks = splitInput(SM.text(*File));
    for (size_t K = 0; K < Chunks.size(); ++K) {
      if (K)
        std::cout << "// -----\n";
      std::cout.flush();
      Status |= emitOne(SM, SM.addBuffer(O.Input, Chunks[K]), O);
    }
    return Status;
  }

  std::unique_ptr<ir::Module> M;
  if (O.Input.size() > 4 && O.Input.compare(O.Input.size() - 4, 4, ".nir") == 0) {
    // Textual IR, complete with its kernels (nmc opt's output): no checker
    // and no passes, the verifier only.
    M = ir::parseModule(SM.text(*File), O.Input, Err);
    if (!M) {
      std::cerr << Err;
      return 1;
    }
    if (!ir::verify(*M, Err)) {
      std::cerr << O.Input << ": error: the IR is not valid: " << Err << "\n";
      return 1;
    }
  } else {
    DiagEngine Diags(SM, std::cerr);
    Diags.setWarningsAsErrors(O.Werror);
    bool Stop = false;
    M = compileBuffer(SM, *File, O, Diags, std::cout, Stop);
    if (!M)
      return 1;
  }
  codegen::Options CO{O.OptLevel, NMC_VERSION};
  if (Cmd == "run") {
    std::vector<std::string> Args = {O.Input};
    Args.insert(Args.end(), ModelArgs.begin(), ModelArgs.end());
    int Status = codegen::runJit(*M, CO, Args, Err);
    if (Status < 0)
      internalError("JIT failed: " + Err);
    return Status;
  }
  // build: object and executable appear only when complete.
  std::string Tmp = O.Output + ".nmc-tmp-" + std::to_string(getpid());
  if (!codegen::emitObject(*M, CO, Tmp + ".o", Err)) {
    std::remove((Tmp + ".o").c_str());
    std::cerr << "nmc: error: " << Err << "\n";
    return 1;
  }
  int Status = linkExecutable(Tmp + ".o", Tmp, Err);
  std::remove((Tmp + ".o").c_str());
  if (Status != 0 || std::rename(Tmp.c_str(), O.Output.c_str()) != 0) {
    std::remove(Tmp.c_str());
    std::cerr << "nmc: error: " << (Err.empty() ? "cannot write '" + O.Output + "'" : Err) << "\n";
    return 1;
  }
  return 0;
}

struct ThreadArgs {
  int Argc;
  char **Argv;
  int Status;
};

void *threadMain(void *P) {
  auto *A = static_cast<ThreadArgs *>(P);
  A->Status = drive(A->Argc, A->Argv);
  return nullptr;
}

} // namespace

int main(int Argc, char **Argv) {
  ThreadArgs A{Argc, Argv, 2};
  pthread_attr_t Attr;
  pthread_attr_init(&Attr);
  pthread_attr_setstacksize(&Attr, size_t(512) << 20);
  pthread_t T;
  if (pthread_create(&T, &Attr, threadMain, &A) != 0)
    return drive(Argc, Argv);
  pthread_join(T, nullptr);
  std::cout.flush();
  return A.Status;
}
