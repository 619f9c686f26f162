//===- ArrayRead.h - One read of a crossbar, as its periphery sees it -*- C++ -*-===//
//
// A read of an array, forward (inputs drive the rows, the columns are
// sensed) or transposed (inputs drive the columns at their sense ends, the
// rows are sensed at their driver ends by virtual grounds; a differential
// pair's columns are driven at +x and -x). The DAC quantises each input (in
// units of the read voltage); each tile (square blocks of `tile` rows and
// physical columns, each with its own drivers, wires and sense amplifiers)
// is solved alone, exactly with its wires (Crossbar.h, the transposed read
// as the same network seen from the other side) or ideally without; device
// cells are solved by Newton (each cell linearised at its voltage, i ~ g v
// + J, g = max(di/dv, 0), until the cells' currents match their
// linearisation within 1e-11 of the largest); a differential pair's two
// columns are subtracted (forward), the ADC quantises each tile's sensed
// current, and the tiles of a line are added digitally. `Ideal` is what
// the mathematics asks: the exact inputs, no wires, no converters. A cell's
// voltage is always its row node minus its column node, so a transposed
// read drives the cells in reverse.
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
  ArrayReader(const nmc_array_desc &A, ArrayCells &Cells, bool Transposed);

  /// Inputs per read: rows (forward) or columns (transposed).
  int64_t inputs() const { return Transposed ? A.cols : A.rows; }

  /// Reads input vector X (units of the read voltage); Counter keys the
  /// cells' per-read draws; Read names the read in errors.
  bool read(const double *X, int64_t Counter, int Threads, int64_t Read, std::string &Err);

  /// A programming pulse (forward readers only): row i driven at RowV[i]
  /// and column j's sense end at ColV[j] (physical columns), the network
  /// solved as a read is; leaves Cell, CellI, Power (row and column
  /// drivers) and WirePower.
  bool drive(const std::vector<double> &RowV, const std::vector<double> &ColV, int64_t Counter,
             int Threads, std::string &Err);

  // Results of the last read.
  std::vector<double> Cell;      // every physical cell's voltage, V
  std::vector<double> CellI;     // every physical cell's current (row to column node), A
  std::vector<double> Out;       // sensed currents (differential, ADC, tiles added), A
  std::vector<double> Ideal;     // the same for the exact inputs without wires, A
  double Drop = 0;               // the largest fall of a cell's voltage below its drive
  double Power = 0;              // W from the drivers
  double WirePower = 0;          // W of it in the wires (and driver and sense resistors)
  double ConverterEnergy = 0;    // J of the DACs and ADCs that converted this read
  std::vector<double> CellPower; // W that every physical cell takes (2T1R: its fire gate's too)
  /// Every cell's column node voltage in the last read or drive (1T1R).
  const std::vector<double> &columnNodes() const { return ColNode; }

private:
  struct Tile {
    int64_t R0, R1, C0, C1;
    std::vector<CrossbarSolver> Solver;      // empty without wires
    std::vector<double> G, J, V, I, Cell, W; // W: column ends when driven
    std::vector<double> Node;                // column node voltages (1T1R)
    std::vector<double> Shunt, RowJ;         // 2T1R: the fire gates, linearised
    int64_t local(int64_t I, int64_t Jp, bool Transposed) const;
  };
  bool solveWires(int64_t Counter, int Threads, int64_t Read, std::string &Err);
  /// Adds the tile's sensed currents I to Out, through the differential
  /// subtraction and the ADC.
  void collect(const Tile &T, const std::vector<double> &I);
  /// Every cell's voltage in an ideal array: its drive.
  void drive();
  /// The sensed currents of cells' currents CellI without wires.
  void senseIdeal(std::vector<double> &Into);
  void account();

  const nmc_array_desc &A;
  ArrayCells &Cells;
  bool Transposed;
  int64_t N, Mp;              // rows, physical columns
  std::vector<double> Line;   // driven lines' voltages after the DAC (rows or physical columns)
  std::vector<double> Ideal0; // the cells' drives (the ideal cell voltages)
  std::vector<Tile> Tiles;
  std::vector<double> Slope, Source, Linear;
  std::vector<double> GroundSlope, GroundSource, GroundLinear; // 2T1R: the fire gates
  std::vector<double> ColEnd;  // driven column ends (a pulse), else empty
  std::vector<double> ColNode; // every cell's column node voltage (1T1R: the transistors' sources)
  int64_t Conversions = 0;     // the ADC's, this read
};

} // namespace nmc::rt

#endif
