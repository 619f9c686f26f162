//===- Sweep.cpp - One independent instance per sweep point ---------------===//
#include "Sweep.h"

#include "Format.h"
#include "Npy.h"
#include "Recorder.h"
#include "Simulation.h"

#include <fstream>
#include <iterator>
#include <omp.h>
#include <vector>

namespace nmc::rt {

namespace {

/// One point's file: its bytes, or, where it grew too large to keep in
/// memory, the file they went to.
struct Part {
  std::string Bytes;
  std::filesystem::path Spilled; // empty: in Bytes
};

/// Runs point K, leaving each probe's and monitor's file (in the
/// recorder's order) in Out; a large one spills into Dir.
bool runPoint(const nmc_model_desc &Model, const RunOptions &Opts, const ParamValues &Base,
              uint32_t K, const std::filesystem::path &Dir, std::vector<Part> &Out,
              std::string &Err) {
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
  Rec.openInMemory(Dir);
  if (!Sim.init(Opts.Dt, &Rec, Err) || !Sim.advance(Opts.Steps, &Rec, nullptr, Err)) {
    Err = format("sweep point %s = %s: %s", Model.params[P].name, Value.c_str(), Err.c_str());
    return false;
  }
  if (!Rec.close(Err))
    return false;
  for (uint32_t I = 0; I < Model.num_probes + Model.num_monitors; ++I)
    Out.push_back(Rec.spilled(I) ? Part{{}, Rec.path(I)} : Part{std::move(Rec.contents(I)), {}});
  return true;
}

/// A part's bytes: kept, or read back from where it spilled.
const std::string &bytesOf(const Part &P, std::string &Scratch) {
  if (P.Spilled.empty())
    return P.Bytes;
  std::ifstream In(P.Spilled, std::ios::binary);
  Scratch.assign(std::istreambuf_iterator<char>(In), std::istreambuf_iterator<char>());
  return Scratch;
}

/// Writes Path as the CSV parts in point order, the header once.
bool join(const std::filesystem::path &Path, const std::vector<const Part *> &Parts,
          std::string &Err) {
  std::ofstream Out(Path, std::ios::binary);
  std::string Scratch;
  for (size_t K = 0; K < Parts.size(); ++K) {
    const std::string &Text = bytesOf(*Parts[K], Scratch);
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
  std::vector<std::vector<Part>> Points(N); // per point, its files
  std::vector<std::filesystem::path> PointDirs;
  for (uint32_t K = 0; K < N; ++K)
    PointDirs.push_back(Dir / format(".sweep-%u", K));
  std::vector<std::string> Errs(N);
  std::vector<char> Ok(N, 0);
#pragma omp parallel for schedule(dynamic, 1) num_threads(Opts.Threads)
  for (uint32_t K = 0; K < N; ++K) {
    try {
      Ok[K] = runPoint(Model, Opts, Base, K, PointDirs[K], Points[K], Errs[K]);
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
    std::vector<const Part *> Parts;
    for (const auto &P : Points)
      Parts.push_back(&P[F]);
    bool Joined;
    if (Fmt == OutputFormat::Npy) {
      std::vector<std::string> Read(Parts.size());
      std::vector<const std::string *> Bytes;
      for (size_t K = 0; K < Parts.size(); ++K)
        Bytes.push_back(&bytesOf(*Parts[K], Read[K]));
      Joined = npyJoin(Dir / Files[F], Bytes, Err);
    } else {
      Joined = join(Dir / Files[F], Parts, Err);
    }
    if (!Joined)
      return false;
  }
  for (const auto &P : PointDirs) { // where points spilled
    std::error_code EC;
    std::filesystem::remove_all(P, EC);
  }
  return true;
}

} // namespace nmc::rt
