//===- ArrayDrive.h - Arrays whose rows follow waveforms in time -*- C++ -*-===//
//
// A driven array (`drive = ...`) is solved at the start of every step of
// the run: its drive population, observed at the step's start, gives each
// row's voltage at the step's middle; the array is read with those row
// voltages and its columns at 0 V (wires, Newton on device cells, tiles
// and the ADC as any read), which leaves every device cell's voltage in
// its population, so the update phase steps the cells at what the network
// gives them. Probes sample every step or every `interval`, one row per
// sample keyed by the time of the step's middle; the drivers' power over
// each step adds to the array's energy.
//
//===----------------------------------------------------------------------===//
#ifndef NMC_RUNTIME_ARRAYDRIVE_H
#define NMC_RUNTIME_ARRAYDRIVE_H

#include "nmc/abi.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace nmc::rt {

class ArrayCells;
class ArrayReader;
class Simulation;

class ArrayDrives {
public:
  ArrayDrives(const nmc_model_desc &Model, Simulation &Sim, uint64_t Seed);
  ~ArrayDrives();
  bool empty() const { return Drives.empty(); }

  /// Solves every driven array for step Step (time T, step Dt).
  bool step(int64_t Step, double T, double Dt, int Threads, std::string &Err);

  /// Writes the probes and adds a line of energy per array to Summary.
  bool finish(const std::filesystem::path &Dir, bool Npy, std::string &Summary, std::string &Err);

private:
  struct Drive {
    const nmc_array_desc *A;
    std::unique_ptr<ArrayCells> Cells;
    std::unique_ptr<ArrayReader> Reader;
    std::vector<double> X, G, ReadV;
    bool WantG = false;                      // a probe records the read-back conductances
    std::vector<int64_t> Stride;             // per probe, steps between samples
    std::vector<std::vector<double>> Values; // per probe, its rows
    std::vector<int64_t> Width;
    int64_t Steps = 0;
    double Energy = 0, Converters = 0; // J
  };
  Simulation &Sim;
  std::vector<Drive> Drives;
};

} // namespace nmc::rt

#endif
