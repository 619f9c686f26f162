//===- ArrayRead.h - One read of a crossbar, as its periphery sees it -*- C++ -*-===//
//
// A read of an array: the DAC quantises each input (in units of the read
// voltage) and drives its row; each tile (square blocks of `tile` rows and
// physical columns, each with its own drivers, wires and sense amplifiers)
// is solved alone, exactly with its wires (Crossbar.h) or ideally without;
// device cells are solved by Newton (each cell linearised at its voltage,
// i ~ g v + J, g = max(di/dv, 0), until the cells' currents match their
// linearisation within 1e-11 of the largest); a differential pair's two
// columns are subtracted, the ADC quantises each tile's column current, and
// the tiles of a column are added digitally. `Ideal` is what the
// mathematics asks: the exact inputs, no wires, no converters.
//
//===----------------------------------------------------------------------===//
#ifndef NMC_RUNTIME_ARRAYREAD_H
#define NMC_RUNTIME_ARRAYREAD_H

#include "Crossbar.h"
#include "nmc/abi.h"

#include <cstdint>
#include <string>
#include <vector>

namespace nmc::rt {

class ArrayCells;

/// A quantiser with 2^Bits - 1 levels over [-Range, Range] (0 bits: none).
double quantise(double X, int Bits, double Range);

class ArrayReader {
public:
  ArrayReader(const nmc_array_desc &A, ArrayCells &Cells);

  /// Reads input vector X (rows values, units of the read voltage); Counter
  /// keys the cells' per-read draws; Read names the read in errors.
  bool read(const double *X, int64_t Counter, int Threads, int64_t Read, std::string &Err);

  // Results of the last read.
  std::vector<double> Row;   // row voltages after the DAC, V
  std::vector<double> Cell;  // every physical cell's voltage, V
  std::vector<double> CellI; // every physical cell's current, A
  std::vector<double> Col;   // column currents (differential, ADC, tiles added), A
  std::vector<double> Ideal; // column currents of the exact inputs without wires, A

private:
  struct Tile {
    int64_t R0, R1, C0, C1;
    std::vector<CrossbarSolver> Solver; // empty without wires
    std::vector<double> G, J, V, I, Cell;
  };
  bool solveWires(int64_t Counter, int Threads, int64_t Read, std::string &Err);
  /// Adds the tile's physical column currents I (C1 - C0 values) to Col,
  /// through the differential subtraction and the ADC.
  void collect(const Tile &T, const std::vector<double> &I);

  const nmc_array_desc &A;
  ArrayCells &Cells;
  int64_t N, Mp; // rows, physical columns
  std::vector<Tile> Tiles;
  std::vector<double> Slope, Source, Linear;
};

} // namespace nmc::rt

#endif
