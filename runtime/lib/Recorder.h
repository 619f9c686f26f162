//===- Recorder.h - One CSV file per probe ----------------------*- C++ -*-===//
//
// Writes `<dir>/<probe>.csv`: a header `t,cells[0].phi,cells[0].i,...`
// (element-major) and one row per sample, every number as %.17g so that
// the file reads back exactly and is byte-identical for a given seed on any
// thread count. Each monitor writes `<dir>/<monitor>.csv`: `index,t` and a
// row per event, or for a population rate `t,rate` and a row per bin. In a sweep every row starts
// with the swept value (a column named after the parameter).
//
//===----------------------------------------------------------------------===//
#ifndef NMC_RUNTIME_RECORDER_H
#define NMC_RUNTIME_RECORDER_H

#include "nmc/abi.h"

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

namespace nmc::rt {

class Recorder {
public:
  explicit Recorder(const nmc_model_desc &Model) : Model(Model) {}
  /// Every header starts with HeaderPrefix and every row with RowPrefix
  /// (e.g. "V_set," and "1.2,"); call before open.
  void setPrefix(std::string Header, std::string Row) {
    HeaderPrefix = std::move(Header), RowPrefix = std::move(Row);
  }
  ~Recorder();
  Recorder(const Recorder &) = delete;
  Recorder &operator=(const Recorder &) = delete;

  /// Creates every probe's file in Dir and writes its header.
  bool open(const std::filesystem::path &Dir, std::string &Err);

  /// Appends probe Probe's row for time T, reading the values from the
  /// probe's population columns.
  bool record(uint32_t Probe, double T, void *const *Columns, std::string &Err);

  /// Appends an event of monitor Monitor's source.
  bool event(uint32_t Monitor, int64_t Element, double T, std::string &Err);

  /// Appends a population-rate monitor's bin starting at T.
  bool rate(uint32_t Monitor, double T, double Hz, std::string &Err);

  /// Flushes and closes every file; false with Err if any write failed.
  bool close(std::string &Err);

  /// "<probe name>.csv", relative to the output directory.
  static std::string fileName(const nmc_probe_desc &P);
  static std::string fileName(const nmc_monitor_desc &M);

  /// The header line (without newline) of probe P.
  static std::string header(const nmc_model_desc &Model, const nmc_probe_desc &P);

private:
  struct File {
    std::filesystem::path Path;
    std::FILE *F = nullptr;
    std::string Buf;
  };
  bool flush(File &F, std::string &Err);

  bool openFile(File &F, const std::filesystem::path &Path, const std::string &Header,
                std::string &Err);

  const nmc_model_desc &Model;
  std::vector<File> Files; // probes, then monitors
  std::string HeaderPrefix, RowPrefix;
};

} // namespace nmc::rt

#endif
