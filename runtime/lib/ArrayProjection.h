//===- ArrayProjection.h - Spikes read through crossbar arrays --*- C++ -*-===//
//
// The projections through arrays of a model (abi.h,
// nmc_array_projection_desc): in the delivery phase of each step with
// spikes of a projection's source, the rows of the elements that spiked are
// driven at the read voltage (the others at 0 V), the array is read with
// its wires, cells and periphery (ArrayRead.h), and each column current,
// scaled, is added to its target element's states. Projections run in
// model order, each on one thread of the step (the read itself uses the
// run's threads), so every sum is the same on any thread count. A read
// leaves the cells as they were (their voltage returns to 0 V).
//
//===----------------------------------------------------------------------===//
#ifndef NMC_RUNTIME_ARRAYPROJECTION_H
#define NMC_RUNTIME_ARRAYPROJECTION_H

#include "nmc/abi.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

struct nmc_ctx;

namespace nmc::rt {

class ArrayCells;
class ArrayReader;
class Simulation;

class ArrayProjections {
public:
  ArrayProjections(const nmc_model_desc &Model, Simulation &Sim, uint64_t Seed);
  ~ArrayProjections();

  /// Reads every array projection whose source has spikes among Events
  /// (element, time, source) of step Step, and adds the column currents to
  /// the targets (Pops: every population's buffers).
  bool deliver(const std::vector<std::pair<int64_t, uint32_t>> &Events, int64_t Step, int Threads,
               std::string &Err);

  /// A line per projection whose array has a read width: its reads and
  /// their energy.
  std::string summary() const;

private:
  struct Link {
    const nmc_array_projection_desc *Desc;
    std::unique_ptr<ArrayCells> Cells;
    std::unique_ptr<ArrayReader> Reader;
    std::vector<double> X; // this step's inputs, one per row
    int64_t Reads = 0;
    double Energy = 0; // J, of the reads (power x read width)
  };
  const nmc_model_desc &Model;
  Simulation &Sim;
  std::vector<Link> Links;
};

} // namespace nmc::rt

#endif
