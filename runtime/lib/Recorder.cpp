//===- Recorder.cpp - One CSV file per probe ------------------------------===//
#include "Recorder.h"

#include "Format.h"

#include <cerrno>
#include <cstring>

namespace nmc::rt {

namespace {
// Rows are collected in our own buffer and written in large blocks: a
// 100k-element probe writes megabytes per row, and many small probes
// would otherwise each cost a write per sample.
constexpr size_t FlushBytes = 1 << 20;

std::string ioError(const std::filesystem::path &P, const char *What) {
  return format("cannot %s '%s': %s", What, P.c_str(), std::strerror(errno));
}
} // namespace

Recorder::~Recorder() {
  for (File &F : Files)
    if (F.F)
      std::fclose(F.F);
}

std::string Recorder::fileName(const nmc_probe_desc &P) { return std::string(P.name) + ".csv"; }

std::string Recorder::fileName(const nmc_monitor_desc &M) { return std::string(M.name) + ".csv"; }

std::string Recorder::header(const nmc_model_desc &Model, const nmc_probe_desc &P) {
  const nmc_population_desc &Pop = Model.populations[P.population];
  std::string H = "t";
  for (int64_t I = P.first; I < P.first + P.count; ++I)
    for (uint32_t C = 0; C < P.num_columns; ++C)
      H += format(",%s[%lld].%s", Pop.name, (long long)I, Pop.columns[P.columns[C]].name);
  return H;
}

bool Recorder::openFile(File &F, const std::filesystem::path &Path, const std::string &Header,
                        std::string &Err) {
  F.Path = Path;
  F.F = std::fopen(F.Path.c_str(), "wb");
  if (!F.F) {
    Err = ioError(F.Path, "create");
    return false;
  }
  F.Buf = HeaderPrefix + Header + '\n';
  return flush(F, Err);
}

bool Recorder::open(const std::filesystem::path &Dir, std::string &Err) {
  Files.resize(Model.num_probes + Model.num_monitors);
  for (uint32_t I = 0; I < Model.num_probes; ++I)
    if (!openFile(Files[I], Dir / fileName(Model.probes[I]), header(Model, Model.probes[I]), Err))
      return false;
  for (uint32_t I = 0; I < Model.num_monitors; ++I)
    if (!openFile(Files[Model.num_probes + I], Dir / fileName(Model.monitors[I]),
                  Model.monitors[I].rate_bin > 0 ? "t,rate" : "index,t", Err))
      return false;
  return true;
}

bool Recorder::event(uint32_t Monitor, int64_t Element, double T, std::string &Err) {
  File &F = Files[Model.num_probes + Monitor];
  F.Buf += RowPrefix;
  F.Buf += format("%lld,", (long long)Element);
  appendCsvNumber(F.Buf, T);
  F.Buf += '\n';
  return F.Buf.size() < FlushBytes || flush(F, Err);
}

bool Recorder::rate(uint32_t Monitor, double T, double Hz, std::string &Err) {
  File &F = Files[Model.num_probes + Monitor];
  F.Buf += RowPrefix;
  appendCsvNumber(F.Buf, T);
  F.Buf += ',';
  appendCsvNumber(F.Buf, Hz);
  F.Buf += '\n';
  return F.Buf.size() < FlushBytes || flush(F, Err);
}

bool Recorder::flush(File &F, std::string &Err) {
  if (F.Buf.empty())
    return true;
  if (std::fwrite(F.Buf.data(), 1, F.Buf.size(), F.F) != F.Buf.size()) {
    Err = ioError(F.Path, "write");
    return false;
  }
  F.Buf.clear();
  return true;
}

bool Recorder::record(uint32_t Probe, double T, void *const *Columns, std::string &Err) {
  const nmc_probe_desc &P = Model.probes[Probe];
  const nmc_population_desc &Pop = Model.populations[P.population];
  File &F = Files[Probe];
  F.Buf += RowPrefix;
  appendCsvNumber(F.Buf, T);
  for (int64_t I = P.first; I < P.first + P.count; ++I)
    for (uint32_t C = 0; C < P.num_columns; ++C) {
      F.Buf += ',';
      const void *Col = Columns[P.columns[C]];
      switch (Pop.columns[P.columns[C]].type) {
      case NMC_F32:
        appendCsvNumber(F.Buf, static_cast<const float *>(Col)[I]);
        break;
      case NMC_I32:
        F.Buf += format("%d", static_cast<const int32_t *>(Col)[I]);
        break;
      case NMC_I64:
        F.Buf += format("%lld", (long long)static_cast<const int64_t *>(Col)[I]);
        break;
      default:
        appendCsvNumber(F.Buf, static_cast<const double *>(Col)[I]);
        break;
      }
    }
  F.Buf += '\n';
  return F.Buf.size() < FlushBytes || flush(F, Err);
}

bool Recorder::close(std::string &Err) {
  bool Ok = true;
  for (File &F : Files) {
    if (!F.F)
      continue;
    if (Ok && !flush(F, Err))
      Ok = false;
    // fclose reports errors of the final buffered write (e.g. disk full).
    if (std::fclose(F.F) != 0 && Ok) {
      Err = ioError(F.Path, "write");
      Ok = false;
    }
    F.F = nullptr;
  }
  return Ok;
}

} // namespace nmc::rt
