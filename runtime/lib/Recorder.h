//===- Recorder.h - One file per probe and per monitor ----------*- C++ -*-===//
//
// CSV (the default): `<dir>/<probe>.csv`, a header
// `t,cells[0].phi,cells[0].i,...` (element-major) and one row per sample,
// every number as %.17g so that the file reads back exactly and is
// byte-identical for a given seed on any thread count. Each monitor writes
// `<dir>/<monitor>.csv`: `index,t` and a row per event, or for a
// population rate `t,rate` and a row per bin. In a sweep every row starts
// with the swept value (a column named after the parameter).
//
// NPY (--format npy, for recordings too large for text): the same rows as
// binary. A probe is a 2-D float64 array (one row per sample, the CSV's
// columns); a monitor a 1-D record array with fields `index` (int64) and
// `t`, or `t` and `rate` (float64), after the swept parameter's field.
//
//===----------------------------------------------------------------------===//
#ifndef NMC_RUNTIME_RECORDER_H
#define NMC_RUNTIME_RECORDER_H

#include "Options.h"
#include "nmc/abi.h"

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

namespace nmc::rt {

enum class OutputFormat { Csv, Npy };
/// The format that --format chose.
inline OutputFormat outputFormat(const RunOptions &Opts) {
  return Opts.Format == "npy" ? OutputFormat::Npy : OutputFormat::Csv;
}

class Recorder {
public:
  explicit Recorder(const nmc_model_desc &Model, OutputFormat Fmt = OutputFormat::Csv)
      : Model(Model), Fmt(Fmt) {}
  /// Every row starts with the swept parameter Name's value V (a sweep
  /// point); call before open.
  void setSweepPoint(const std::string &Name, double V);
  ~Recorder();
  Recorder(const Recorder &) = delete;
  Recorder &operator=(const Recorder &) = delete;

  /// Creates every probe's file in Dir and writes its header.
  bool open(const std::filesystem::path &Dir, std::string &Err);
  /// The same, in memory (a sweep's points, which the sweep then joins: no
  /// file per point to create, read back and remove): close() leaves each
  /// file's bytes in contents(), in files' order (probes, then monitors).
  /// A file that passes SpillBytes goes to its place in Dir after all
  /// (spilled()), so that a large sweep does not hold its output in memory.
  void openInMemory(const std::filesystem::path &Dir);
  /// After close(), the bytes of file I (a probe, or num_probes + monitor),
  /// unless it spilled to path(I).
  std::string &contents(size_t I) { return Files[I].Buf; }
  bool spilled(size_t I) const { return Files[I].Spilled; }
  const std::filesystem::path &path(size_t I) const { return Files[I].Path; }
  static constexpr size_t SpillBytes = size_t(64) << 20;

  /// Appends probe Probe's row for time T, reading the values from the
  /// probe's population columns.
  bool record(uint32_t Probe, double T, void *const *Columns, std::string &Err);

  /// Appends an event of monitor Monitor's source.
  bool event(uint32_t Monitor, int64_t Element, double T, std::string &Err);

  /// Appends a population-rate monitor's bin starting at T.
  bool rate(uint32_t Monitor, double T, double Hz, std::string &Err);

  /// Flushes and closes every file; false with Err if any write failed.
  bool close(std::string &Err);

  /// "<probe name>.csv" (or .npy), relative to the output directory.
  static std::string fileName(const nmc_probe_desc &P, OutputFormat Fmt);
  static std::string fileName(const nmc_monitor_desc &M, OutputFormat Fmt);

  /// The header line (without newline) of probe P.
  static std::string header(const nmc_model_desc &Model, const nmc_probe_desc &P);

private:
  struct File {
    std::filesystem::path Path;
    std::FILE *F = nullptr; // null while in memory
    bool Spilled = false;   // in memory at first, then written to Path
    std::string Buf;
    // NPY: the dtype, the values per row (-1: one record), the rows so far.
    std::string Descr;
    int64_t Cols = -1, Rows = 0;
  };
  bool flush(File &F, std::string &Err);

  /// Opens Path; CSV writes Header, NPY a header for Descr and Cols.
  bool openFile(File &F, const std::filesystem::path &Path, const std::string &Header,
                const std::string &Descr, int64_t Cols, std::string &Err);
  /// Starts a row: the sweep prefix, as text or as a double.
  void beginRow(File &F);
  void appendDouble(File &F, double V);
  bool endRow(File &F, std::string &Err);

  const nmc_model_desc &Model;
  OutputFormat Fmt;
  bool InMemory = false;
  std::vector<File> Files; // probes, then monitors
  std::string HeaderPrefix, RowPrefix, DescrPrefix;
  bool Swept = false;
  double SweepValue = 0;
};

} // namespace nmc::rt

#endif
