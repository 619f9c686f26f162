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

bool runPoint(const nmc_model_desc &Model, const RunOptions &Opts, const ParamValues &Base,
              uint32_t K, const std::filesystem::path &Dir, std::string &Err) {
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
  std::error_code EC;
  std::filesystem::create_directory(Dir, EC);
  if (EC) {
    Err = format("cannot create '%s': %s", Dir.c_str(), EC.message().c_str());
    return false;
  }
  nmc_ctx Ctx;
  Ctx.Seed = Opts.Seed;
  Ctx.Threads = 1;
  Simulation Sim(Model, PV.Values.data(), Ctx);
  Recorder Rec(Model, outputFormat(Opts));
  std::string Value;
  appendCsvNumber(Value, Model.sweep_values[K]);
  Rec.setSweepPoint(Model.params[P].name, Model.sweep_values[K]);
  if (!Sim.allocate(Err) || !Rec.open(Dir, Err))
    return false;
  if (!Sim.init(Opts.Dt, &Rec, Err) || !Sim.advance(Opts.Steps, &Rec, nullptr, Err)) {
    Err = format("sweep point %s = %s: %s", Model.params[P].name, Value.c_str(), Err.c_str());
    return false;
  }
  return Rec.close(Err);
}

/// Appends the point files of File in point order; the header once.
bool join(const std::filesystem::path &Dir, const std::vector<std::filesystem::path> &Points,
          const std::string &File, std::string &Err) {
  std::ofstream Out(Dir / File, std::ios::binary);
  for (size_t K = 0; K < Points.size(); ++K) {
    std::ifstream In(Points[K] / File, std::ios::binary);
    std::string Line;
    bool First = true;
    while (std::getline(In, Line)) {
      if (First && K > 0) {
        First = false;
        continue;
      }
      First = false;
      Out << Line << '\n';
    }
  }
  Out.close();
  if (!Out) {
    Err = format("cannot write '%s'", (Dir / File).c_str());
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
  std::vector<std::filesystem::path> Points;
  for (uint32_t K = 0; K < N; ++K)
    Points.push_back(Dir / format(".sweep-%u", K));
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
  for (const std::string &F : Files) {
    std::vector<std::filesystem::path> Parts;
    for (const auto &P : Points)
      Parts.push_back(P / F);
    if (!(Fmt == OutputFormat::Npy ? npyJoin(Dir / F, Parts, Err) : join(Dir, Points, F, Err)))
      return false;
  }
  for (const auto &P : Points)
    std::filesystem::remove_all(P);
  return true;
}

} // namespace nmc::rt
