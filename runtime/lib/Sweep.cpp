//===- Sweep.cpp - One independent instance per sweep point ---------------===//
#include "Sweep.h"

#include "Format.h"
#include "Npy.h"
#include "Recorder.h"
#include "Simulation.h"

#include <fstream>
#include <omp.h>
#include <vector>

namespace nmc::rt {

namespace {

/// Runs point K, leaving the bytes of each probe's and monitor's file (in
/// the recorder's order) in Out.
bool runPoint(const nmc_model_desc &Model, const RunOptions &Opts, const ParamValues &Base,
              uint32_t K, std::vector<std::string> &Out, std::string &Err) {
  ParamValues PV = Base;
  uint32_t P = Model.sweep_param;
  PV.Values[P] = Model.sweep_values[K];
  PV.IsSet[P] = 1;
  PV.SetBy[P] =
      format("sweep %s = %s", Model.params[P].name, formatNumber(Model.sweep_values[K]).c_str());
  // Parameters the user did not set (IsSet 0) follow the swept value.
  Model.resolve_params(PV.Values.data(), PV.IsSet.data());
  if (!checkParams(Model, PV, Err))
    return false;
  nmc_ctx Ctx;
  Ctx.Seed = Opts.Seed;
  Ctx.Threads = 1;
  Simulation Sim(Model, PV.Values.data(), Ctx);
  Recorder Rec(Model, outputFormat(Opts));
  std::string Value;
  appendCsvNumber(Value, Model.sweep_values[K]);
  Rec.setSweepPoint(Model.params[P].name, Model.sweep_values[K]);
  if (!Sim.allocate(Err))
    return false;
  Rec.openInMemory();
  if (!Sim.init(Opts.Dt, &Rec, Err) || !Sim.advance(Opts.Steps, &Rec, nullptr, Err)) {
    Err = format("sweep point %s = %s: %s", Model.params[P].name, Value.c_str(), Err.c_str());
    return false;
  }
  if (!Rec.close(Err))
    return false;
  for (uint32_t I = 0; I < Model.num_probes + Model.num_monitors; ++I)
    Out.push_back(std::move(Rec.contents(I)));
  return true;
}

/// Writes Path as the CSV parts in point order, the header once.
bool join(const std::filesystem::path &Path, const std::vector<const std::string *> &Parts,
          std::string &Err) {
  std::ofstream Out(Path, std::ios::binary);
  for (size_t K = 0; K < Parts.size(); ++K) {
    const std::string &Text = *Parts[K];
    size_t Body = K == 0 ? 0 : Text.find('\n');
    if (Body == std::string::npos)
      continue;
    Out.write(Text.data() + Body + (K == 0 ? 0 : 1),
              std::streamsize(Text.size() - Body - (K == 0 ? 0 : 1)));
  }
  Out.close();
  if (!Out) {
    Err = format("cannot write '%s'", Path.c_str());
    return false;
  }
  return true;
}

} // namespace

bool runSweep(const nmc_model_desc &Model, const RunOptions &Opts, const ParamValues &Base,
              const std::filesystem::path &Dir, std::string &Err) {
  if (!Base.SetBy[Model.sweep_param].empty()) {
    Err = format("'%s' is swept by the experiment; --set cannot also set it",
                 Model.params[Model.sweep_param].name);
    return false;
  }
  uint32_t N = Model.num_sweep_values;
  std::vector<std::vector<std::string>> Points(N); // per point, its files' bytes
  std::vector<std::string> Errs(N);
  std::vector<char> Ok(N, 0);
#pragma omp parallel for schedule(dynamic, 1) num_threads(Opts.Threads)
  for (uint32_t K = 0; K < N; ++K) {
    try {
      Ok[K] = runPoint(Model, Opts, Base, K, Points[K], Errs[K]);
    } catch (const std::exception &E) {
      Errs[K] = std::string("internal error: ") + E.what();
    }
  }
  for (uint32_t K = 0; K < N; ++K)
    if (!Ok[K]) {
      Err = Errs[K];
      return false;
    }
  OutputFormat Fmt = outputFormat(Opts);
  std::vector<std::string> Files;
  for (uint32_t I = 0; I < Model.num_probes; ++I)
    Files.push_back(Recorder::fileName(Model.probes[I], Fmt));
  for (uint32_t I = 0; I < Model.num_monitors; ++I)
    Files.push_back(Recorder::fileName(Model.monitors[I], Fmt));
  for (size_t F = 0; F < Files.size(); ++F) {
    std::vector<const std::string *> Parts;
    for (const auto &P : Points)
      Parts.push_back(&P[F]);
    if (!(Fmt == OutputFormat::Npy ? npyJoin(Dir / Files[F], Parts, Err)
                                   : join(Dir / Files[F], Parts, Err)))
      return false;
  }
  return true;
}

} // namespace nmc::rt
