//===- ArrayRead.cpp - One read of a crossbar, as its periphery sees it ---===//
#include "ArrayRead.h"

#include "ArrayCells.h"
#include "Format.h"

#include <algorithm>
#include <cmath>

namespace nmc::rt {

namespace {
/// What errors call a solve: a read, or a pulse (Read < 0).
std::string readName(int64_t Read) {
  return Read < 0 ? std::string("a programming pulse") : format("read %lld", (long long)Read);
}
} // namespace

double quantise(double X, int Bits, double Range) {
  if (Bits <= 0)
    return X;
  double Step = 2 * Range / (std::ldexp(1.0, Bits) - 2);
  return std::round(std::clamp(X, -Range, Range) / Step) * Step;
}

// The solver's frame: forward, rows as rows; transposed, the tile's
// physical columns are the solver's rows, driven from the sense end (the
// last physical row first), and its rows the solver's columns, sensed at
// the driver end (column 0 last).
namespace {
/// Points a 1T1R array's transistors at a reader's column nodes while it
/// reads or drives, and nowhere after (other evaluations see 0 V).
struct SourcesAt {
  ArrayCells &C;
  SourcesAt(ArrayCells &Cells, const nmc_array_desc &A, const double *Nodes) : C(Cells) {
    C.setColumnNodes(A.transistor ? Nodes : nullptr);
  }
  ~SourcesAt() { C.setColumnNodes(nullptr); }
  SourcesAt(const SourcesAt &) = delete;
  SourcesAt &operator=(const SourcesAt &) = delete;
};
} // namespace

int64_t ArrayReader::Tile::local(int64_t I, int64_t Jp, bool T) const {
  return T ? (C1 - 1 - Jp) * (R1 - R0) + (R1 - 1 - I) : (I - R0) * (C1 - C0) + (Jp - C0);
}

ArrayReader::ArrayReader(const nmc_array_desc &Desc, ArrayCells &C, bool T)
    : A(Desc), Cells(C), Transposed(T), N(Desc.rows), Mp(physicalCols(Desc)) {
  const size_t Size = static_cast<size_t>(N * Mp);
  for (auto *V : {&Cell, &CellI, &Slope, &Source, &Linear, &Ideal0, &ColNode, &CellPower})
    V->resize(Size);
  if (Cells.twoTransistors())
    for (auto *V : {&GroundSlope, &GroundSource, &GroundLinear})
      V->resize(Size);
  Line.resize(size_t(Transposed ? Mp : N));
  Out.resize(size_t(Transposed ? N : A.cols));
  Ideal.resize(Out.size());
  int64_t Side = A.tile > 0 ? A.tile : std::max(N, Mp);
  bool Wires = A.row_segment > 0 || A.col_segment > 0;
  for (int64_t R0 = 0; R0 < N; R0 += Side)
    for (int64_t C0 = 0; C0 < Mp; C0 += Side) {
      Tile Ti{R0, std::min(N, R0 + Side),
              C0, std::min(Mp, C0 + Side),
              {}, {},
              {}, {},
              {}, {},
              {}, {},
              {}, {}};
      int64_t Rows = Ti.R1 - R0, Cols = Ti.C1 - C0;
      if (Wires && !Transposed)
        Ti.Solver.emplace_back(Rows, Cols,
                               CrossbarWires{A.row_segment, A.col_segment, A.driver, A.sense});
      else if (Wires)
        Ti.Solver.emplace_back(Cols, Rows,
                               CrossbarWires{A.col_segment, A.row_segment, A.sense, A.driver});
      for (auto *V : {&Ti.G, &Ti.J, &Ti.Cell, &Ti.Node})
        V->resize(static_cast<size_t>(Rows * Cols));
      if (Cells.twoTransistors())
        for (auto *V : {&Ti.Shunt, &Ti.RowJ})
          V->resize(static_cast<size_t>(Rows * Cols));
      Ti.V.resize(static_cast<size_t>(Transposed ? Cols : Rows));
      Ti.W.resize(static_cast<size_t>(Cols));
      Ti.I.resize(static_cast<size_t>(Transposed ? Rows : Cols));
      Tiles.push_back(std::move(Ti));
    }
}

void ArrayReader::drive() {
  for (int64_t I = 0; I < N; ++I)
    for (int64_t Jp = 0; Jp < Mp; ++Jp)
      Ideal0[size_t(I * Mp + Jp)] = Transposed ? -Line[size_t(Jp)] : Line[size_t(I)];
}

void ArrayReader::senseIdeal(std::vector<double> &Into) {
  std::fill(Into.begin(), Into.end(), 0.0);
  for (int64_t I = 0; I < N; ++I)
    for (int64_t Jp = 0; Jp < Mp; ++Jp) {
      double C = CellI[size_t(I * Mp + Jp)];
      if (Transposed)
        Into[size_t(I)] -= C; // into the row's virtual ground
      else
        Into[size_t(A.differential ? Jp / 2 : Jp)] += A.differential && Jp % 2 ? -C : C;
    }
}

void ArrayReader::collect(const Tile &T, const std::vector<double> &I) {
  if (Transposed) {
    for (int64_t R = T.R0; R < T.R1; ++R)
      Out[size_t(R)] += quantise(I[size_t(T.R1 - 1 - R)], A.adc_bits, A.adc_range);
    Conversions += T.R1 - T.R0;
    return;
  }
  for (int64_t Jp = T.C0; Jp < T.C1; Jp += A.differential ? 2 : 1) {
    double X = I[size_t(Jp - T.C0)];
    if (A.differential)
      X -= I[size_t(Jp + 1 - T.C0)];
    Out[size_t(A.differential ? Jp / 2 : Jp)] += quantise(X, A.adc_bits, A.adc_range);
    ++Conversions;
  }
}

bool ArrayReader::read(const double *X, int64_t Counter, int Threads, int64_t Read,
                       std::string &Err) {
  // The driven lines: rows, or columns (a pair at +x and -x).
  auto Lines = [&](bool Quantised) {
    for (int64_t K = 0; K < inputs(); ++K) {
      double V = (Quantised ? quantise(X[K], A.dac_bits, A.dac_range) : X[K]) * A.read_voltage;
      if (Transposed && A.differential)
        Line[size_t(2 * K)] = V, Line[size_t(2 * K + 1)] = -V;
      else
        Line[size_t(K)] = V;
    }
    drive();
  };
  // Column nodes at the virtual grounds until the wires are solved.
  std::fill(ColNode.begin(), ColNode.end(), 0.0);
  SourcesAt Sources(Cells, A, ColNode.data());
  bool Dac = A.dac_bits > 0;
  if (Dac) {
    Lines(false);
    if (!Cells.eval(Ideal0.data(), CellI.data(), nullptr, Counter, Err))
      return false;
    senseIdeal(Ideal);
  }
  Lines(true);
  Cell = Ideal0;
  if (!Cells.eval(Cell.data(), CellI.data(), Slope.data(), Counter, Err))
    return false;
  if (!Dac)
    senseIdeal(Ideal);
  if (!Tiles[0].Solver.empty() && !solveWires(Counter, Threads, Read, Err))
    return false;
  std::fill(Out.begin(), Out.end(), 0.0);
  Conversions = 0;
  for (Tile &T : Tiles) {
    if (T.Solver.empty()) { // no wires: the cells' currents, summed per sensed line
      std::fill(T.I.begin(), T.I.end(), 0.0);
      for (int64_t I = T.R0; I < T.R1; ++I)
        for (int64_t Jp = T.C0; Jp < T.C1; ++Jp) {
          double C = CellI[size_t(I * Mp + Jp)];
          if (Transposed)
            T.I[size_t(T.R1 - 1 - I)] -= C;
          else
            T.I[size_t(Jp - T.C0)] += C;
        }
    }
    collect(T, T.I);
  }
  account();
  ConverterEnergy = (A.dac_bits ? A.dac_energy * double(inputs()) : 0.0) +
                    (A.adc_bits ? A.adc_energy * double(Conversions) : 0.0);
  return true;
}

void ArrayReader::account() {
  // What the drivers deliver leaves through the cells: the cells take
  // sum i v, the wires the rest.
  Drop = Power = 0;
  double Cells1 = 0;
  std::vector<double> In(Line.size(), 0.0);
  // 2T1R cells also pass their fire gates' currents from the row node,
  // at its column node plus the cell's voltage, to ground (forward only).
  const double *Ground = Cells.ground();
  for (int64_t I = 0; I < N; ++I)
    for (int64_t Jp = 0; Jp < Mp; ++Jp) {
      size_t K = size_t(I * Mp + Jp);
      double Fire = Ground ? Ground[K] : 0.0;
      Drop = std::max(Drop, std::abs(Ideal0[K] - Cell[K]));
      CellPower[K] = CellI[K] * Cell[K] + Fire * (Cell[K] + ColNode[K]);
      Cells1 += CellPower[K];
      if (Transposed)
        In[size_t(Jp)] -= CellI[K];
      else
        In[size_t(I)] += CellI[K] + Fire;
    }
  for (size_t L = 0; L < Line.size(); ++L)
    Power += Line[L] * In[L];
  // A pulse also drives the columns' sense ends: each sinks its column's
  // current.
  for (size_t Jp = 0; Jp < ColEnd.size(); ++Jp) {
    double Out = 0;
    for (int64_t I = 0; I < N; ++I)
      Out += CellI[size_t(I * Mp + int64_t(Jp))];
    Power -= ColEnd[Jp] * Out;
  }
  WirePower = Power - Cells1;
}

bool ArrayReader::drive(const std::vector<double> &RowV, const std::vector<double> &ColV,
                        int64_t Counter, int Threads, std::string &Err) {
  Line = RowV;
  ColEnd = ColV;
  for (int64_t I = 0; I < N; ++I)
    for (int64_t Jp = 0; Jp < Mp; ++Jp) {
      Ideal0[size_t(I * Mp + Jp)] = RowV[size_t(I)] - ColV[size_t(Jp)];
      ColNode[size_t(I * Mp + Jp)] = ColV[size_t(Jp)];
    }
  SourcesAt Sources(Cells, A, ColNode.data());
  Cell = Ideal0;
  bool Ok = Cells.eval(Cell.data(), CellI.data(), Slope.data(), Counter, Err) &&
            (Tiles[0].Solver.empty() || solveWires(Counter, Threads, -1, Err));
  if (Ok)
    account();
  ColEnd.clear();
  return Ok;
}

bool ArrayReader::solveWires(int64_t Counter, int Threads, int64_t Read, std::string &Err) {
  const int MaxNewton = 50;
  const double Sign = Transposed ? -1 : 1; // the solver's frame runs from column to row
  double Mismatch = 0, Scale = 0;
  // 2T1R: each fire gate, to ground from its row node u = cell + column
  // node, linearised in u (its column node's share lagged by an
  // iteration): a shunt and a source on the row node.
  const double *Ground = Cells.ground(), *GroundS = Cells.groundSlope();
  for (int It = 1; It <= MaxNewton; ++It) {
    for (size_t K = 0; K < Cell.size(); ++K) {
      Slope[K] = std::max(Slope[K], 0.0);
      Source[K] = CellI[K] - Slope[K] * Cell[K];
      if (Ground) {
        GroundSlope[K] = std::max(GroundS[K], 0.0);
        GroundSource[K] = Ground[K] - GroundSlope[K] * (Cell[K] + ColNode[K]);
      }
    }
    for (Tile &T : Tiles) {
      for (int64_t I = T.R0; I < T.R1; ++I)
        for (int64_t Jp = T.C0; Jp < T.C1; ++Jp) {
          size_t L = size_t(T.local(I, Jp, Transposed)), K = size_t(I * Mp + Jp);
          T.G[L] = Slope[K];
          T.J[L] = Sign * Source[K];
          if (Ground)
            T.Shunt[L] = GroundSlope[K], T.RowJ[L] = GroundSource[K];
        }
      if (Transposed)
        for (int64_t Jp = T.C0; Jp < T.C1; ++Jp)
          T.V[size_t(T.C1 - 1 - Jp)] = Line[size_t(Jp)];
      else
        for (int64_t I = T.R0; I < T.R1; ++I)
          T.V[size_t(I - T.R0)] = Line[size_t(I)];
      if (!ColEnd.empty())
        for (int64_t Jp = T.C0; Jp < T.C1; ++Jp)
          T.W[size_t(Jp - T.C0)] = ColEnd[size_t(Jp)];
      T.Solver[0].setConductances(T.G.data(), Ground ? T.Shunt.data() : nullptr);
      auto St = T.Solver[0].solve(
          T.V.data(), T.I.data(), T.Cell.data(), Threads, 1e-13, 10000,
          Cells.device() ? T.J.data() : nullptr, ColEnd.empty() ? nullptr : T.W.data(),
          A.transistor && !Transposed ? T.Node.data() : nullptr, Ground ? T.RowJ.data() : nullptr);
      if (!St.Converged) {
        Err = format("array '%s', %s: the IR-drop solve did not converge (relative "
                     "residual %.1e after %d iterations)",
                     A.name, readName(Read).c_str(), St.Residual, St.Iterations);
        return false;
      }
      for (int64_t I = T.R0; I < T.R1; ++I)
        for (int64_t Jp = T.C0; Jp < T.C1; ++Jp) {
          size_t L = size_t(T.local(I, Jp, Transposed)), K = size_t(I * Mp + Jp);
          Cell[K] = Sign * T.Cell[L];
          if (A.transistor && !Transposed)
            ColNode[K] = T.Node[L];
        }
    }
    if (!Cells.device()) { // linear cells: one solve is exact
      for (size_t K = 0; K < Cell.size(); ++K)
        CellI[K] = Slope[K] * Cell[K];
      return true;
    }
    for (size_t K = 0; K < Cell.size(); ++K) {
      Linear[K] = Slope[K] * Cell[K] + Source[K];
      if (Ground)
        GroundLinear[K] = GroundSlope[K] * (Cell[K] + ColNode[K]) + GroundSource[K];
    }
    if (!Cells.eval(Cell.data(), CellI.data(), Slope.data(), Counter, Err))
      return false;
    Mismatch = Scale = 0;
    for (size_t K = 0; K < Cell.size(); ++K) {
      Mismatch = std::max(Mismatch, std::abs(CellI[K] - Linear[K]));
      Scale = std::max(Scale, std::abs(CellI[K]));
      if (Ground) {
        Mismatch = std::max(Mismatch, std::abs(Ground[K] - GroundLinear[K]));
        Scale = std::max(Scale, std::abs(Ground[K]));
      }
    }
    if (!(Mismatch > 1e-11 * Scale))
      return true;
  }
  Err = format("array '%s', %s: Newton on the non-linear cells did not converge (the "
               "cells' currents differ from their linearisation by %.3g A, %.1e of the largest, "
               "after %d iterations)",
               A.name, readName(Read).c_str(), Mismatch, Scale > 0 ? Mismatch / Scale : 0.0,
               MaxNewton);
  return false;
}

} // namespace nmc::rt
