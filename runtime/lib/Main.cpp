//===- Main.cpp - nmc_main, the whole life of a compiled model ------------===//
//
// Generated executables call nmc_main from their main(), and `nmc run` calls
// it on the JIT-compiled descriptor, so both produce the same bytes. The
// order is: check the descriptor, read the options, resolve parameters, then
// simulate into a partial output directory that is committed at the end.
//
// Exit status: 0 success, 1 user error or diverging simulation, 2 internal
// error. Nothing escapes: an exception is a runtime bug and is reported as
// one, since the JIT caller cannot be trusted to catch across its boundary.
//
//===----------------------------------------------------------------------===//
#include "nmc/abi.h"

#include "ArrayRun.h"
#include "Format.h"
#include "ModelCheck.h"
#include "Options.h"
#include "OutputDir.h"
#include "Params.h"
#include "Progress.h"
#include "Recorder.h"
#include "RunInfo.h"
#include "Simulation.h"
#include "Sweep.h"

#include <chrono>
#include <cstdio>
#include <exception>

namespace nmc::rt {

namespace {

int userError(const std::string &Msg) {
  std::fprintf(stderr, "error: %s\n", Msg.c_str());
  return 1;
}

int internalError(const std::string &Msg) {
  std::fprintf(stderr, "internal error: %s; please report it with the model file\n", Msg.c_str());
  return 2;
}

int runModel(int Argc, char **Argv, const nmc_model_desc *Model) {
  if (!Model)
    return internalError("no model descriptor");
  if (Model->abi_version != NMC_ABI_VERSION) {
    std::fprintf(stderr,
                 "error: model was compiled for runtime ABI %u, this runtime "
                 "is ABI %d\n",
                 Model->abi_version, NMC_ABI_VERSION);
    return 2;
  }
  std::string Err;
  if (!checkModel(*Model, Err))
    return internalError("malformed model descriptor: " + Err);

  RunOptions Opts;
  if (auto Exit = parseOptions(Argc, Argv, *Model, Opts))
    return *Exit;
  ParamValues PV;
  if (!resolveParams(*Model, Opts.Sets, PV, Err))
    return userError(Err);
  if (Opts.ListParams) {
    printParams(*Model, PV, stdout);
    return 0;
  }
  if (!checkParams(*Model, PV, Err))
    return userError(Err);

  auto Start = std::chrono::steady_clock::now();
  double Setup = -1;   // s until the first step; -1: not measured (sweeps)
  std::string Summary; // lines for the user, printed at the end
  // Declared before everything that writes into it, so that on any early
  // return the files are closed before the partial directory is removed.
  std::unique_ptr<OutputDir> Out = OutputDir::create(Opts.OutDir, Err);
  if (!Out)
    return userError(Err);
  if (Model->num_sweep_values) {
    if (!runSweep(*Model, Opts, PV, Out->path(), Err))
      return userError(Err);
  } else {
    nmc_ctx Ctx;
    Ctx.Seed = Opts.Seed;
    Ctx.Threads = Opts.Threads;
    Simulation Sim(*Model, PV.Values.data(), Ctx);
    if (!Sim.allocate(Err))
      return userError(Err);
    Recorder Rec(*Model, outputFormat(Opts));
    if (!Rec.open(Out->path(), Err))
      return userError(Err);
    {
      Progress Prog(Progress::wanted(Opts.Quiet), Opts.Steps);
      // Setup (synapses, buffers, init) apart from the steps, as simulators
      // report their run time.
      bool Ok =
          Sim.init(Opts.Dt, &Rec, Err) && runArrays(*Model, Opts, Out->path(), Sim, Summary, Err);
      Setup = std::chrono::duration<double>(std::chrono::steady_clock::now() - Start).count();
      Ok = Ok && Sim.advance(Opts.Steps, &Rec, &Prog, Err) &&
           Sim.finishArrays(Out->path(), Opts.Format == "npy", Summary, Err);
      Prog.finish();
      if (!Ok) {
        // A run that fails (divergence, a Newton failure, a step-size
        // collapse) keeps what it recorded before, marked as failed in
        // run.json, for the user to see where it went wrong.
        std::string Failure = Err, Ignored;
        double Wall =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - Start).count();
        if (Rec.close(Ignored) &&
            writeRunInfo(Out->path(), *Model, Opts, PV.Values, Wall, Ignored, Failure, Setup) &&
            Out->commit(Ignored))
          Failure += format("\n(kept what was recorded before it in %s)", Out->finalPath().c_str());
        return userError(Failure);
      }
    }
    if (!Rec.close(Err))
      return userError(Err);
  }
  double Wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - Start).count();
  if (!writeRunInfo(Out->path(), *Model, Opts, PV.Values, Wall, Err, "", Setup) ||
      !Out->commit(Err))
    return userError(Err);
  uint32_t Files = Model->num_probes + Model->num_monitors;
  for (uint32_t K = 0; K < Model->num_arrays; ++K)
    Files += Model->arrays[K].num_probes + (Model->arrays[K].program_targets ? 1 : 0) +
             (Model->arrays[K].num_updates ? 1 : 0);
  for (uint32_t K = 0; K < Model->num_array_projections; ++K)
    Files += Model->array_projections[K].pulse_width > 0 ? 1 : 0;
  if (!Opts.Quiet)
    std::fputs(Summary.c_str(), stdout);
  if (!Opts.Quiet)
    std::printf("wrote %s (%u file%s, %lld steps, %.3g s)\n", Out->finalPath().c_str(), Files,
                Files == 1 ? "" : "s", (long long)Opts.Steps, Wall);
  return 0;
}

} // namespace

} // namespace nmc::rt

extern "C" int nmc_main(int argc, char **argv, const nmc_model_desc *model) {
  int Status;
  try {
    Status = nmc::rt::runModel(argc, argv, model);
  } catch (const std::exception &E) {
    Status = nmc::rt::internalError(E.what());
  } catch (...) {
    Status = nmc::rt::internalError("unknown exception");
  }
  // The JIT's host process may leave by _exit; make sure nothing is lost.
  std::fflush(stdout);
  std::fflush(stderr);
  return Status;
}
