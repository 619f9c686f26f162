//===- ArrayCells.h - The cells of a crossbar: fixed or a device -*- C++ -*-===//
//
// What a crossbar's reads and programming need from its cells: each cell's
// current and di/dv at given cell voltages. Fixed cells (`conductance =
// ...`) are linear, i = G v, with G set once per run (drawn per cell where
// the model asks). Device cells are a population of the model, one element
// per cell with the device's own states: the voltages are written into the
// population's voltage column and its observe kernel leaves the currents
// and slopes, so a non-linear I-V, read noise and the state the device was
// programmed to all act in every read. Cells that sparsity switches off
// pass no current.
//
// A 1T1R cell is the device in series with an access nmos (EKV, bulk at
// ground) from the device's bottom node (drain) to the column node
// (source), its gate at the array's gate voltage; the column node voltages
// of the last solve (0 until there is one) set each transistor's source, so
// that a Newton on the wires converges to the exact network (the source's
// effect lagged by one iteration). Solved in series as a selector is.
//
// A 2T1R cell adds a fire-gate nmos of the same kind from the bottom node
// (drain) to ground (source), gate per column: the bottom node u solves
// i_m(v - u) = i_access + i_fire. The cell's current is the access
// transistor's, which the column senses; the fire gate's goes to ground
// (ground()), from the row node: a cell takes v i + u i_fire for its row
// node u. Reads keep the fire gates at the off voltage;
// programming pulses open those of the selected columns.
//
// A 1S1R cell is a selector device (a second population) in series with
// the memory device: for a cell voltage v, the voltage u across the memory
// device solves i_m(u) = i_s(v - u), by Newton safeguarded with bisection
// on [min(0, v), max(0, v)] (both devices pass current in the direction of
// their voltage), to 1e-13 of the current or 1e-15 V; the cell's slope is
// then g_m g_s / (g_m + g_s). Each device's voltage column is left at its
// share, so a pulse steps both through their own dynamics.
//
//===----------------------------------------------------------------------===//
#ifndef NMC_RUNTIME_ARRAYCELLS_H
#define NMC_RUNTIME_ARRAYCELLS_H

#include "nmc/abi.h"

#include <cstdint>
#include <string>
#include <vector>

namespace nmc::rt {

class Simulation;

/// Physical columns: two per column of a differential array.
inline int64_t physicalCols(const nmc_array_desc &A) {
  return A.differential ? 2 * A.cols : A.cols;
}

class ArrayCells {
public:
  ArrayCells(const nmc_array_desc &A, Simulation &Sim, uint64_t Seed);

  bool device() const { return A.cells == NMC_CELLS_DEVICE; }
  int64_t size() const { return Cells; }

  /// The current I (A) and, where Slope is not null, di/dv (S) of cells
  /// [Begin, End) (row-major) at voltages V (indexed like the cells).
  /// Counter keys the per-read draws of device cells (read noise); reads
  /// pass negative counters, apart from the run's steps.
  bool eval(const double *V, double *I, double *Slope, int64_t Begin, int64_t End, int64_t Counter,
            std::string &Err);
  bool eval(const double *V, double *I, double *Slope, int64_t Counter, std::string &Err) {
    return eval(V, I, Slope, 0, Cells, Counter, Err);
  }

  /// Fixed cells' conductances (row-major, physical columns); empty for
  /// device cells.
  const std::vector<double> &conductances() const { return G; }

  /// Whether sparsity switched cell K off.
  bool off(int64_t K) const { return !Off.empty() && Off[size_t(K)]; }

  /// Leaves every device cell at 0 V, as the run then steps them.
  void rest();

  /// The populations a pulse steps: the cells', and the selectors'.
  std::vector<uint32_t> populations() const;

  /// 1T1R: every cell's column node voltage (row-major, physical columns),
  /// the transistors' sources at the next eval; null: 0 V.
  void setColumnNodes(const double *C) { ColumnNode = C; }
  /// 1T1R: each row's word line voltage at the next evals; null: every
  /// gate at the array's gate voltage (a read).
  void setRowGates(const double *G) { RowGate = G; }
  /// 2T1R: each physical column's fire gate voltage at the next evals;
  /// null: every fire gate at the array's off voltage (a read).
  void setFireGates(const double *G) { FireGate = G; }
  /// 2T1R: the current each cell passed to ground through its fire gate at
  /// the last eval (indexed like the cells); null in other arrays.
  const double *ground() const { return Fire ? IFire.data() : nullptr; }
  /// 2T1R: d(ground current)/dv at the last eval, the bottom node
  /// following (g_fire g_m / (g_m + g_access + g_fire)).
  const double *groundSlope() const { return Fire ? SFire.data() : nullptr; }
  bool twoTransistors() const { return Fire; }

private:
  const nmc_array_desc &A;
  Simulation &Sim;
  int64_t Cells;
  std::vector<double> G;    // fixed cells: conductances
  std::vector<uint8_t> Off; // device cells: switched off by sparsity
  bool Selector, Transistor, Fire;
  std::vector<double> Lo, Hi, U, Im, Gm, Is, Gs, SelV; // 1S1R, 1T1R: the series solve
  std::vector<double> IFire, GFire, SFire;             // 2T1R: the fire gates
  const double *ColumnNode = nullptr, *RowGate = nullptr, *FireGate = nullptr;

  /// 1T1R, 2T1R: the access transistors' currents and di/dv_ds at
  /// drain-source voltages Vds; with 2T1R, also the fire gates' into IFire
  /// and GFire (their drains at the same bottom nodes, sources at ground).
  void transistors(const double *Vds, double *I, double *Slope, int64_t Begin, int64_t End);

  /// The observe kernel of population Pop over [Begin, End) at voltages V
  /// (written into its voltage column), leaving currents and slopes.
  bool observe(uint32_t Pop, uint32_t VCol, uint32_t ICol, uint32_t GCol, const double *V,
               double *I, double *Slope, int64_t Begin, int64_t End, int64_t Counter,
               std::string &Err);
  bool series(const double *V, double *I, double *Slope, int64_t Begin, int64_t End,
              int64_t Counter, std::string &Err);
};

} // namespace nmc::rt

#endif
