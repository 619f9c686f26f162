//===- FrontendFuzzer.cpp - libFuzzer target over the frontend ------------===//
//
// Why: no input, however malformed, may crash, hang or leak the compiler.
// Each input goes through what `nmc emit --emit=ast` and `--emit=ir` do:
// parse with its imports (found next to fuzz/ or in stdlib/, as the driver
// looks next to the file, then in the stdlib), print the AST, Sema, the IR
// pipeline (verifier on) and the IR printer; no codegen. Diagnostics are
// rendered into a discarded buffer.
// A pipeline verifier failure is reported as the driver does, through
// internalError() (exit status 2), which libFuzzer reports as a finding.
//
// Like the driver (tools/nmc/main.cpp), the work runs on a thread with a
// 512 MiB stack: the driver promises no stack overflow on that stack, so the
// fuzzer checks the same promise and not a smaller one. The thread is made
// once and fed one input at a time: ASan clears the shadow of a new thread's
// whole stack, which for a thread per input would cost most of the time.
//
//===----------------------------------------------------------------------===//
#include "nmc/frontend/AstPrinter.h"
#include "nmc/frontend/Diagnostics.h"
#include "nmc/frontend/Modules.h"
#include "nmc/frontend/Sema.h"
#include "nmc/frontend/SourceManager.h"
#include "nmc/ir/Passes.h"
#include "nmc/ir/Printer.h"

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <pthread.h>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct Input {
  const uint8_t *Data;
  size_t Size;
};

void compileOne(const Input &In) {
  nmc::SourceManager SM;
  uint32_t File = SM.addBuffer(NMC_FUZZ_INPUT_PATH,
                               std::string(reinterpret_cast<const char *>(In.Data), In.Size));
  std::ostringstream Sink; // diagnostics and printed stages, discarded
  nmc::DiagEngine Diags(SM, Sink);
  auto Files = nmc::loadModules(SM, File, {NMC_STDLIB_DIR}, Diags);
  if (Files.empty())
    return;
  nmc::printAst(*Files.back(), Sink);
  std::vector<const nmc::ast::File *> Ptrs;
  for (auto &F : Files)
    Ptrs.push_back(F.get());
  auto M = nmc::analyze(Ptrs, Diags, "fuzz");
  if (!M)
    return;
  nmc::ir::PipelineOptions Opts; // verifier on, as in the driver
  std::string Err;
  if (!nmc::ir::runPipeline(*M, Opts, Sink, Err))
    nmc::internalError(Err);
  nmc::ir::print(*M, Sink);
}

// The worker: waits for an input, compiles it, says it is done. Never
// destroyed, so that exit() from any thread finds nothing torn down.
struct Channel {
  std::mutex Mu;
  std::condition_variable Cv;
  const Input *Pending = nullptr; // set by the caller, cleared by the worker
};
Channel &channel() {
  static Channel *C = new Channel;
  return *C;
}

void *workerMain(void *) {
  Channel &C = channel();
  std::unique_lock<std::mutex> Lock(C.Mu);
  for (;;) {
    C.Cv.wait(Lock, [&] { return C.Pending != nullptr; });
    compileOne(*C.Pending);
    C.Pending = nullptr;
    C.Cv.notify_all();
  }
}

bool startWorker() {
  channel();
  pthread_attr_t Attr;
  pthread_attr_init(&Attr);
  pthread_attr_setstacksize(&Attr, size_t(512) << 20);
  pthread_t T;
  bool Ok = pthread_create(&T, &Attr, workerMain, nullptr) == 0;
  pthread_attr_destroy(&Attr);
  return Ok;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  static const bool HaveWorker = startWorker();
  Input In{Data, Size};
  if (!HaveWorker) {
    compileOne(In);
    return 0;
  }
  Channel &C = channel();
  std::unique_lock<std::mutex> Lock(C.Mu);
  C.Pending = &In;
  C.Cv.notify_all();
  C.Cv.wait(Lock, [&] { return C.Pending == nullptr; });
  return 0;
}
