//===- Recorder.h - One CSV file per probe ----------------------*- C++ -*-===//
//
// Writes `<dir>/<probe>.csv`: a header `t,cells[0].phi,cells[0].i,...`
// (element-major) and one row per sample, every number as %.17g so that
// the file reads back exactly and is byte-identical for a given seed on any
// thread count.
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
  ~Recorder();
  Recorder(const Recorder &) = delete;
  Recorder &operator=(const Recorder &) = delete;

  /// Creates every probe's file in Dir and writes its header.
  bool open(const std::filesystem::path &Dir, std::string &Err);

  /// Appends probe Probe's row for time T, reading the values from the
  /// probe's population columns.
  bool record(uint32_t Probe, double T, double *const *Columns,
              std::string &Err);

  /// Flushes and closes every file; false with Err if any write failed.
  bool close(std::string &Err);

  /// "<probe name>.csv", relative to the output directory.
  static std::string fileName(const nmc_probe_desc &P);

  /// The header line (without newline) of probe P.
  static std::string header(const nmc_model_desc &Model,
                            const nmc_probe_desc &P);

private:
  struct File {
    std::filesystem::path Path;
    std::FILE *F = nullptr;
    std::string Buf;
  };
  bool flush(File &F, std::string &Err);

  const nmc_model_desc &Model;
  std::vector<File> Files;
};

} // namespace nmc::rt

#endif
