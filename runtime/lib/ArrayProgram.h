//===- ArrayProgram.h - Write-verify of a crossbar's device cells -*- C++ -*-===//
//
// Programs every cell of a device array to its target conductance before
// the reads, as a chip does it: row by row, in the V/2 scheme. For row r,
// each pass reads the row's cells (G = i / v at the read voltage, with the
// device's read noise), then
//  - SET: row r is driven at +Vset / 2 and the columns of the cells below
//    G_target (1 - tol) at -Vset / 2, so those cells see Vset, the other
//    cells of row r and of those columns see Vset / 2 (half-select
//    disturb), and the rest 0 V;
//  - RESET: the same with Vreset (< 0) for the cells above G_target (1 + tol);
// each pulse lasting `width`, while every cell of the array steps through
// its own dynamics (cells at 0 V relax if the device is volatile). A row
// ends when its cells are all within tolerance, or after max_pulses passes.
// Later rows disturb earlier ones, so the final read of every cell decides
// which ended outside tolerance. Each pulse adds the energy of every cell,
// the integral of v i over the pulse (trapezoids over the steps).
//
//===----------------------------------------------------------------------===//
#ifndef NMC_RUNTIME_ARRAYPROGRAM_H
#define NMC_RUNTIME_ARRAYPROGRAM_H

#include "nmc/abi.h"

#include <cstdint>
#include <string>
#include <vector>

namespace nmc::rt {

class ArrayCells;
class Simulation;

struct ProgramReport {
  std::vector<int64_t> Pulses; // per cell, the pulses it got as the selected cell
  std::vector<double> Energy;  // per cell, J, of every pulse it saw (selected or half)
  std::vector<double> G;       // per cell, the final read, S
  int64_t Outside = 0;         // cells that ended outside tolerance (not off)
  double Time = 0;             // s of pulses
};

/// Runs write-verify on A's cells (A.program_targets set). Counters are
/// the per-step draw counters it may use, from *Counter downwards.
bool writeVerify(const nmc_array_desc &A, ArrayCells &Cells, Simulation &Sim, int64_t &Counter,
                 ProgramReport &R, std::string &Err);

} // namespace nmc::rt

#endif
