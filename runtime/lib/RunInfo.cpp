//===- RunInfo.cpp - run.json, what a run was -----------------------------===//
#include "RunInfo.h"

#include "Format.h"
#include "Options.h"
#include "Params.h"
#include "Recorder.h"
#include "Simulation.h"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace nmc::rt {

namespace {
const char *orEmpty(const char *S) { return S ? S : ""; }
} // namespace

bool writeRunInfo(const std::filesystem::path &Dir, const nmc_model_desc &Model,
                  const RunOptions &Opts, const std::vector<double> &Params, double WallSeconds,
                  std::string &Err, const std::string &Failure, double SetupSeconds) {
  using nlohmann::ordered_json;
  ordered_json J;
  J["model"] = orEmpty(Model.name);
  J["source"] = orEmpty(Model.source);
  J["compiler_version"] = orEmpty(Model.compiler_version);
  J["runtime_version"] = runtimeVersion();
  J["abi_version"] = NMC_ABI_VERSION;
  J["seed"] = Opts.Seed;
  J["threads"] = Opts.Threads;
  J["dt"] = Opts.Dt;
  J["t_stop"] = Opts.TStop;
  J["steps"] = Opts.Steps;
  J["wall_seconds"] = WallSeconds;
  if (SetupSeconds >= 0) // building synapses, allocating and init, before the first step
    J["setup_seconds"] = SetupSeconds;
  J["status"] = Failure.empty() ? "complete" : "failed";
  if (!Failure.empty())
    J["error"] = Failure;

  ordered_json Ps = ordered_json::object();
  for (uint32_t I = 0; I < Model.num_params; ++I) {
    Dim D = paramDim(Model.params[I]);
    Ps[Model.params[I].name] = {{"value", Params[I]}, {"unit", D.str()}};
  }
  J["params"] = std::move(Ps);

  ordered_json Probes = ordered_json::array();
  for (uint32_t I = 0; I < Model.num_probes; ++I) {
    const nmc_probe_desc &P = Model.probes[I];
    const nmc_population_desc &Pop = Model.populations[P.population];
    ordered_json Cols = ordered_json::array();
    for (uint32_t C = 0; C < P.num_columns; ++C) {
      const nmc_column_desc &CD = Pop.columns[P.columns[C]];
      Cols.push_back({{"name", orEmpty(CD.name)}, {"unit", orEmpty(CD.unit)}});
    }
    Probes.push_back({{"name", P.name},
                      {"file", Recorder::fileName(P, outputFormat(Opts))},
                      {"population", Pop.name},
                      {"device", orEmpty(Pop.device)},
                      {"first", P.first},
                      {"count", P.count},
                      {"interval", P.interval},
                      {"stride", Simulation::probeStride(P, Opts.Dt)},
                      {"columns", std::move(Cols)}});
  }
  J["probes"] = std::move(Probes);

  std::filesystem::path Path = Dir / "run.json";
  std::string Text = J.dump(2) + "\n";
  std::FILE *F = std::fopen(Path.c_str(), "wb");
  bool Ok = F && std::fwrite(Text.data(), 1, Text.size(), F) == Text.size();
  if (F && std::fclose(F) != 0)
    Ok = false;
  if (!Ok)
    Err = format("cannot write '%s': %s", Path.c_str(), std::strerror(errno));
  return Ok;
}

} // namespace nmc::rt
