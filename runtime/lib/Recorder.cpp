//===- Recorder.cpp - One file per probe and per monitor ------------------===//
#include "Recorder.h"

#include "Format.h"
#include "Npy.h"
#include "Simulation.h"

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

std::string Recorder::fileName(const nmc_probe_desc &P, OutputFormat Fmt) {
  return std::string(P.name) + (Fmt == OutputFormat::Npy ? ".npy" : ".csv");
}

std::string Recorder::fileName(const nmc_monitor_desc &M, OutputFormat Fmt) {
  return std::string(M.name) + (Fmt == OutputFormat::Npy ? ".npy" : ".csv");
}

void Recorder::setSweepPoint(const std::string &Name, double V) {
  Swept = true;
  SweepValue = V;
  HeaderPrefix = Name + ",";
  RowPrefix.clear();
  appendCsvNumber(RowPrefix, V);
  RowPrefix += ',';
  DescrPrefix = "('" + Name + "', '<f8'), ";
}

void Recorder::beginRow(File &F) {
  if (Fmt == OutputFormat::Csv)
    F.Buf += RowPrefix;
  else if (Swept)
    appendDouble(F, SweepValue);
}

void Recorder::appendDouble(File &F, double V) {
  if (Fmt == OutputFormat::Csv) {
    appendCsvNumber(F.Buf, V);
    return;
  }
  char B[sizeof V];
  std::memcpy(B, &V, sizeof V);
  F.Buf.append(B, sizeof V);
}

bool Recorder::endRow(File &F, std::string &Err) {
  if (Fmt == OutputFormat::Csv)
    F.Buf += '\n';
  ++F.Rows;
  return F.Buf.size() < FlushBytes || flush(F, Err);
}

std::string Recorder::header(const nmc_model_desc &Model, const nmc_probe_desc &P) {
  const nmc_population_desc &Pop = Model.populations[P.population];
  std::string H = "t";
  for (int64_t I = P.first; I < P.first + P.count; ++I)
    for (uint32_t C = 0; C < P.num_columns; ++C)
      H += format(",%s[%lld].%s", Pop.name, (long long)I, Pop.columns[P.columns[C]].name);
  return H;
}

bool Recorder::openFile(File &F, const std::filesystem::path &Path, const std::string &Header,
                        const std::string &Descr, int64_t Cols, std::string &Err) {
  F.Path = Path;
  F.F = InMemory ? nullptr : std::fopen(F.Path.c_str(), "wb");
  if (!F.F && !InMemory) {
    Err = ioError(F.Path, "create");
    return false;
  }
  F.Descr = Descr;
  F.Cols = Cols;
  F.Buf = Fmt == OutputFormat::Npy ? npyHeader(Descr, 0, Cols) : HeaderPrefix + Header + '\n';
  return flush(F, Err);
}

void Recorder::openInMemory(const std::filesystem::path &Dir) {
  InMemory = true;
  std::string Unused;
  open(Dir, Unused); // nothing to create yet, so nothing fails
}

bool Recorder::open(const std::filesystem::path &Dir, std::string &Err) {
  Files.resize(Model.num_probes + Model.num_monitors);
  for (uint32_t I = 0; I < Model.num_probes; ++I) {
    const nmc_probe_desc &P = Model.probes[I];
    int64_t Cols = (Swept ? 2 : 1) + P.count * P.num_columns;
    if (!openFile(Files[I], Dir / fileName(P, Fmt), header(Model, P), "'<f8'", Cols, Err))
      return false;
  }
  for (uint32_t I = 0; I < Model.num_monitors; ++I) {
    bool Rate = Model.monitors[I].rate_bin > 0;
    std::string Descr =
        "[" + DescrPrefix +
        (Rate ? "('t', '<f8'), ('rate', '<f8')" : "('index', '<i8'), ('t', '<f8')") + "]";
    if (!openFile(Files[Model.num_probes + I], Dir / fileName(Model.monitors[I], Fmt),
                  Rate ? "t,rate" : "index,t", Descr, -1, Err))
      return false;
  }
  return true;
}

bool Recorder::event(uint32_t Monitor, int64_t Element, double T, std::string &Err) {
  File &F = Files[Model.num_probes + Monitor];
  beginRow(F);
  if (Fmt == OutputFormat::Csv) {
    F.Buf += format("%lld,", (long long)Element);
  } else {
    char B[sizeof Element];
    std::memcpy(B, &Element, sizeof Element);
    F.Buf.append(B, sizeof Element);
  }
  appendDouble(F, T);
  return endRow(F, Err);
}

bool Recorder::rate(uint32_t Monitor, double T, double Hz, std::string &Err) {
  File &F = Files[Model.num_probes + Monitor];
  beginRow(F);
  appendDouble(F, T);
  if (Fmt == OutputFormat::Csv)
    F.Buf += ',';
  appendDouble(F, Hz);
  return endRow(F, Err);
}

bool Recorder::flush(File &F, std::string &Err) {
  if (F.Buf.empty())
    return true;
  if (!F.F) { // in memory: until it grows too large
    if (F.Buf.size() < SpillBytes)
      return true;
    std::error_code EC;
    std::filesystem::create_directories(F.Path.parent_path(), EC);
    F.F = std::fopen(F.Path.c_str(), "wb");
    if (!F.F) {
      Err = ioError(F.Path, "create");
      return false;
    }
    F.Spilled = true;
  }
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
  beginRow(F);
  appendDouble(F, T);
  for (int64_t I = P.first; I < P.first + P.count; ++I)
    for (uint32_t C = 0; C < P.num_columns; ++C) {
      const void *Col = Columns[P.columns[C]];
      if (Fmt == OutputFormat::Npy) {
        appendDouble(F, valueAt(Col, Pop.columns[P.columns[C]].type, I));
        continue;
      }
      F.Buf += ',';
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
  return endRow(F, Err);
}

bool Recorder::close(std::string &Err) {
  bool Ok = true;
  for (File &F : Files) {
    if (!F.F) {
      // In memory: the row count of an .npy header, known only now (the
      // same length: the header is padded).
      if (InMemory && !F.Spilled && Fmt == OutputFormat::Npy) {
        std::string H = npyHeader(F.Descr, F.Rows, F.Cols);
        F.Buf.replace(0, H.size(), H);
      }
      continue;
    }
    if (Ok && !flush(F, Err))
      Ok = false;
    // An .npy header states the row count, known only now.
    if (Ok && Fmt == OutputFormat::Npy) {
      std::string H = npyHeader(F.Descr, F.Rows, F.Cols);
      if (std::fseek(F.F, 0, SEEK_SET) != 0 ||
          std::fwrite(H.data(), 1, H.size(), F.F) != H.size()) {
        Err = ioError(F.Path, "write");
        Ok = false;
      }
    }
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
