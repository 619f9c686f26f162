//===- ArrayRun.h - The reads of a model's crossbar arrays ------*- C++ -*-===//
//
// Every array of the model is programmed (write-verify, where it asks;
// ArrayProgram.h) after init, then read once per input vector: each input
// is solved exactly with its wires (Crossbar.h; Newton where the cells are
// a non-linear device) or ideally where it has none, and each probe writes
// one row per read to `<probe>.csv` (or .npy):
// `read,NAME[0].i,...,NAME[0].ideal,...,NAME.drop,NAME[0][0].v,...`, in
// the order the probe names them. Programming also writes
// `NAME.program.csv` (row,col,target,g,pulses,energy per cell) and a line
// of Summary. Device cells are left at 0 V for the run's steps. A driven
// array is programmed here and read at every step (ArrayDrive.h).
//
//===----------------------------------------------------------------------===//
#ifndef NMC_RUNTIME_ARRAYRUN_H
#define NMC_RUNTIME_ARRAYRUN_H

#include "Options.h"
#include "nmc/abi.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace nmc::rt {

class ArrayCells;
class ArrayReader;
class Simulation;

/// The header of an array probe's table: Key ("read", or "t" for a driven
/// array), then its variables' columns.
std::string arrayProbeHeader(const nmc_array_desc &A, const nmc_array_probe_desc &P,
                             const char *Key);
/// Appends a probe's row (Key, then its variables from the reader's last
/// read and the read-back conductances G) to Out; returns its width.
int64_t sampleArrayProbe(const nmc_array_probe_desc &PD, const ArrayReader &R,
                         const std::vector<double> &G, double Key, std::vector<double> &Out);
/// Whether a probe of A records the cells' read-back conductances.
bool wantsConductances(const nmc_array_desc &A);
/// Read-back: G = i / v of every cell alone at the read voltage (ReadV:
/// the caller's scratch, kept across reads).
bool readBack(const nmc_array_desc &A, ArrayCells &Cells, int64_t Counter, std::vector<double> &G,
              std::vector<double> &ReadV, std::string &Err);

/// Rows of numbers (Width per row) as CSV with a header, or as a 2-D NPY
/// array.
std::string table(bool Npy, const std::string &Header, const std::vector<double> &Values,
                  int64_t Width);
/// Writes Bytes to Path; false with Err when it cannot.
bool writeFile(const std::filesystem::path &Path, const std::string &Bytes, std::string &Err);

bool runArrays(const nmc_model_desc &Model, const RunOptions &Opts,
               const std::filesystem::path &Dir, Simulation &Sim, std::string &Summary,
               std::string &Err);

} // namespace nmc::rt

#endif
