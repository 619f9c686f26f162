//===- ArrayProjection.h - Spikes read through crossbar arrays --*- C++ -*-===//
//
// The projections through arrays of a model (abi.h,
// nmc_array_projection_desc): in the delivery phase of each step with
// spikes of a projection's source, the rows of the elements that spiked are
// driven at the read voltage (the others at 0 V), the array is read with
// its wires, cells and periphery (ArrayRead.h), and each column current,
// scaled, is added to its target element's states. Projections run in
// model order (each read uses the run's threads), so every sum is the same
// on any thread count. A read leaves the cells as they were (their voltage
// returns to 0 V).
//
// A learning projection (pulse_width > 0) then programs the cells with the
// spikes, in the V/2 scheme (ArrayProgram.h), after the step's read:
//  - each pre spike of row i, in time order, RESETs the cells (i, j) of the
//    columns whose last post spike came within `window` before it (a pulse
//    on row i and those columns: the selected cells see reset_voltage, the
//    rest of the row and of those columns half of it);
//  - then each post spike of column j SETs the cells (i, j) of the rows
//    whose last pre spike came within `window` before it, or in the same
//    step (set_voltage, half to the rest of the column and of those rows).
// Every cell of the array steps through each pulse; the pulses take no time
// on the run's clock. At the end the run writes `<projection>.learn.csv`:
// row,col,set,reset,g,energy per cell (pulses it got as a selected cell,
// its conductance at the read voltage, the energy of every pulse it saw).
//
//===----------------------------------------------------------------------===//
#ifndef NMC_RUNTIME_ARRAYPROJECTION_H
#define NMC_RUNTIME_ARRAYPROJECTION_H

#include "Simulation.h"
#include "nmc/abi.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace nmc::rt {

class ArrayCells;
class ArrayReader;

class ArrayProjections {
public:
  ArrayProjections(const nmc_model_desc &Model, Simulation &Sim, uint64_t Seed);
  ~ArrayProjections();

  /// Reads (and, where it learns, programs) every array projection with
  /// spikes among Events (ordered by time) of step Step.
  bool deliver(const std::vector<nmc_ctx::Event> &Events, int64_t Step, int Threads,
               std::string &Err);

  /// Writes what learning projections did, and a line per projection for
  /// the user (reads and their energy; pulses and theirs).
  bool finish(const std::filesystem::path &Dir, bool Npy, std::string &Summary, std::string &Err);

private:
  struct Link {
    const nmc_array_projection_desc *Desc;
    std::unique_ptr<ArrayCells> Cells;
    std::unique_ptr<ArrayReader> Reader;
    std::vector<double> X; // this step's inputs, one per row
    int64_t Reads = 0;
    double Energy = 0;          // J, of the reads (power x read width)
    double ConverterEnergy = 0; // J, of the DACs and ADCs of the reads
    // Learning: the last spike of each row and column (-inf: none), the
    // pulses each cell got, the energy each cell took, the draw counter.
    std::vector<double> LastPre, LastPost, PulseEnergy;
    double PulseWireEnergy = 0; // J, of the learning pulses in the wires
    std::vector<int64_t> Sets, Resets;
    int64_t Counter = 0;
  };
  bool learn(Link &L, const std::vector<nmc_ctx::Event> &Events, int Threads, std::string &Err);
  /// One pulse of amplitude Amp on the cells of Line (a row, or a column
  /// when Column) at the crossings Others.
  bool pulse(Link &L, bool Column, int64_t Line, const std::vector<int64_t> &Others, double Amp,
             int Threads, std::string &Err);

  const nmc_model_desc &Model;
  Simulation &Sim;
  std::vector<Link> Links;
};

} // namespace nmc::rt

#endif
