//===- ArrayProgram.h - Programming a crossbar's device cells ---*- C++ -*-===//
//
// Pulses on every cell of a device array, through the device's own
// dynamics. Rows are driven at their left ends and columns at their sense
// ends; with wires each pulse's network is solved as a read is (Newton on
// the cells, ArrayRead.h) at every step of the pulse, so IR drop weakens
// the pulses far from the drivers. Then: each pulse steps every cell of the array for its
// width (in steps of at most the run's step), cells at 0 V too (a volatile
// device relaxes), outside the run's clock; each adds every cell's energy,
// the integral of v i over the pulse (trapezoids over the steps). Both
// schemes drive rows and columns at +-V/2, so a selected cell sees the full
// pulse V and every other cell of its row or column sees V/2 (half-select
// disturb).
//
// Write-verify, as a chip does it, row by row: for row r, each pass reads
// the row's cells (G = i / v at the read voltage, with the device's read
// noise), then
//  - SET: row r is driven at +Vset / 2 and the columns of the cells below
//    G_target (1 - tol) at -Vset / 2;
//  - RESET: the same with Vreset (< 0) for the cells above G_target (1 + tol).
// A row ends when its cells are all within tolerance, or after max_pulses
// passes. Later rows disturb earlier ones, so the final read of every cell
// decides which ended outside tolerance.
//
// The outer-product update (Gokmen and Vlasov, Front. Neurosci. 2016), dW
// proportional to x d^T for x in [-1, 1]^rows and d in [-1, 1]^cols, in
// four phases, one per sign pair (x+, d+), (x-, d-) with SET pulses and
// (x+, d-), (x-, d+) with RESET pulses; a phase whose rows or columns are
// all inactive is skipped. In each of `slots` slots of a phase, row i
// fires with probability |x_i| and column j with probability |d_j| (draws
// keyed by the update, phase, slot and line, so the same on any thread
// count): a firing row is driven at V/2, a firing column at -V/2, so a
// cell whose row and column both fire gets the full pulse, about slots
// |x_i d_j| times per phase.
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
  double WireEnergy = 0;       // J in the wires and the drivers' and sense resistors
  int64_t Outside = 0;         // cells that ended outside tolerance (not off)
  double Time = 0;             // s of pulses
};

/// Runs write-verify on A's cells (A.program_targets set). Counter is the
/// next per-step draw counter it may use, counting down.
bool writeVerify(const nmc_array_desc &A, ArrayCells &Cells, Simulation &Sim, int Threads,
                 int64_t &Counter, ProgramReport &R, std::string &Err);

struct UpdateReport {
  std::vector<int64_t> Full, Half; // per cell, pulses it saw in full and halved
  std::vector<double> Energy;      // per cell, J
  double WireEnergy = 0;           // J in the wires and the drivers' and sense resistors
  std::vector<double> G;           // per cell, the read after the updates, S
  double Time = 0;                 // s of pulses
};

/// Row i of A driven at RowV[i] and column j's sense end at ColV[j] for
/// Width seconds (through the wires, if any), every cell stepping through
/// its device's dynamics, adding each cell's energy (J) to Energy and the
/// wires' (with the drivers' and sense resistors) to WireEnergy; the cells
/// then rest at 0 V.
bool pulseCells(const nmc_array_desc &A, ArrayCells &Cells, Simulation &Sim, int Threads,
                int64_t &Counter, const std::vector<double> &RowV, const std::vector<double> &ColV,
                double Width, std::vector<double> &Energy, double &WireEnergy, std::string &Err);

/// What a summary adds after the cells' energy of A's pulses: nothing
/// without wires, else " in its cells, W J in its wires".
std::string wireShare(const nmc_array_desc &A, double WireEnergy);

/// Runs A's outer-product updates (A.num_updates > 0) with the run's seed.
bool outerProduct(const nmc_array_desc &A, ArrayCells &Cells, Simulation &Sim, uint64_t Seed,
                  int Threads, int64_t &Counter, UpdateReport &R, std::string &Err);

} // namespace nmc::rt

#endif
