//===- ArrayRead.cpp - One read of a crossbar, as its periphery sees it ---===//
#include "ArrayRead.h"

#include "ArrayCells.h"
#include "Format.h"

#include <algorithm>
#include <cmath>

namespace nmc::rt {

double quantise(double X, int Bits, double Range) {
  if (Bits <= 0)
    return X;
  double Step = 2 * Range / (std::ldexp(1.0, Bits) - 2);
  return std::round(std::clamp(X, -Range, Range) / Step) * Step;
}

ArrayReader::ArrayReader(const nmc_array_desc &Desc, ArrayCells &C)
    : A(Desc), Cells(C), N(Desc.rows), Mp(physicalCols(Desc)) {
  const size_t Size = static_cast<size_t>(N * Mp);
  Row.resize(size_t(N));
  for (auto *V : {&Cell, &CellI, &Slope, &Source, &Linear})
    V->resize(Size);
  Col.resize(size_t(A.cols));
  Ideal.resize(size_t(A.cols));
  int64_t T = A.tile > 0 ? A.tile : std::max(N, Mp);
  bool Wires = A.row_segment > 0 || A.col_segment > 0;
  for (int64_t R0 = 0; R0 < N; R0 += T)
    for (int64_t C0 = 0; C0 < Mp; C0 += T) {
      Tile Ti{R0, std::min(N, R0 + T), C0, std::min(Mp, C0 + T), {}, {}, {}, {}, {}, {}};
      int64_t Rows = Ti.R1 - R0, Cols = Ti.C1 - C0;
      if (Wires)
        Ti.Solver.emplace_back(Rows, Cols,
                               CrossbarWires{A.row_segment, A.col_segment, A.driver, A.sense});
      for (auto *V : {&Ti.G, &Ti.J, &Ti.Cell})
        V->resize(static_cast<size_t>(Rows * Cols));
      Ti.V.resize(static_cast<size_t>(Rows));
      Ti.I.resize(static_cast<size_t>(Cols));
      Tiles.push_back(std::move(Ti));
    }
}

void ArrayReader::collect(const Tile &T, const std::vector<double> &I) {
  for (int64_t Jp = T.C0; Jp < T.C1; Jp += A.differential ? 2 : 1) {
    double X = I[size_t(Jp - T.C0)];
    if (A.differential)
      X -= I[size_t(Jp + 1 - T.C0)];
    Col[size_t(A.differential ? Jp / 2 : Jp)] += quantise(X, A.adc_bits, A.adc_range);
  }
}

bool ArrayReader::read(const double *X, int64_t Counter, int Threads, int64_t Read,
                       std::string &Err) {
  auto Broadcast = [&](auto Voltage) {
    for (int64_t I = 0; I < N; ++I)
      std::fill(Cell.begin() + I * Mp, Cell.begin() + (I + 1) * Mp, Voltage(I));
  };
  auto Columns = [&](std::vector<double> &Out) { // logical sums over all rows
    std::fill(Out.begin(), Out.end(), 0.0);
    for (int64_t I = 0; I < N; ++I)
      for (int64_t Jp = 0; Jp < Mp; ++Jp) {
        double C = CellI[size_t(I * Mp + Jp)];
        Out[size_t(A.differential ? Jp / 2 : Jp)] += A.differential && Jp % 2 ? -C : C;
      }
  };
  bool Dac = A.dac_bits > 0;
  if (Dac) {
    Broadcast([&](int64_t I) { return X[I] * A.read_voltage; });
    if (!Cells.eval(Cell.data(), CellI.data(), nullptr, Counter, Err))
      return false;
    Columns(Ideal);
  }
  for (int64_t I = 0; I < N; ++I)
    Row[size_t(I)] = quantise(X[I], A.dac_bits, A.dac_range) * A.read_voltage;
  Broadcast([&](int64_t I) { return Row[size_t(I)]; });
  if (!Cells.eval(Cell.data(), CellI.data(), Slope.data(), Counter, Err))
    return false;
  if (!Dac)
    Columns(Ideal);
  if (!Tiles[0].Solver.empty() && !solveWires(Counter, Threads, Read, Err))
    return false;
  std::fill(Col.begin(), Col.end(), 0.0);
  for (Tile &T : Tiles) {
    if (T.Solver.empty()) { // no wires: the cells' currents, summed per column
      std::fill(T.I.begin(), T.I.end(), 0.0);
      for (int64_t I = T.R0; I < T.R1; ++I)
        for (int64_t Jp = T.C0; Jp < T.C1; ++Jp)
          T.I[size_t(Jp - T.C0)] += CellI[size_t(I * Mp + Jp)];
    }
    collect(T, T.I);
  }
  return true;
}

bool ArrayReader::solveWires(int64_t Counter, int Threads, int64_t Read, std::string &Err) {
  const int MaxNewton = 50;
  double Mismatch = 0, Scale = 0;
  for (int It = 1; It <= MaxNewton; ++It) {
    for (size_t K = 0; K < Cell.size(); ++K) {
      Slope[K] = std::max(Slope[K], 0.0);
      Source[K] = CellI[K] - Slope[K] * Cell[K];
    }
    for (Tile &T : Tiles) {
      int64_t Cols = T.C1 - T.C0;
      for (int64_t I = T.R0; I < T.R1; ++I) {
        T.V[size_t(I - T.R0)] = Row[size_t(I)];
        for (int64_t Jp = T.C0; Jp < T.C1; ++Jp) {
          size_t L = size_t((I - T.R0) * Cols + Jp - T.C0), K = size_t(I * Mp + Jp);
          T.G[L] = Slope[K];
          T.J[L] = Source[K];
        }
      }
      T.Solver[0].setConductances(T.G.data());
      auto St = T.Solver[0].solve(T.V.data(), T.I.data(), T.Cell.data(), Threads, 1e-13, 10000,
                                  Cells.device() ? T.J.data() : nullptr);
      if (!St.Converged) {
        Err = format("array '%s', read %lld: the IR-drop solve did not converge (relative "
                     "residual %.1e after %d iterations)",
                     A.name, (long long)Read, St.Residual, St.Iterations);
        return false;
      }
      for (int64_t I = T.R0; I < T.R1; ++I)
        for (int64_t Jp = T.C0; Jp < T.C1; ++Jp)
          Cell[size_t(I * Mp + Jp)] = T.Cell[size_t((I - T.R0) * Cols + Jp - T.C0)];
    }
    if (!Cells.device()) { // linear cells: one solve is exact
      for (size_t K = 0; K < Cell.size(); ++K)
        CellI[K] = Slope[K] * Cell[K];
      return true;
    }
    for (size_t K = 0; K < Cell.size(); ++K)
      Linear[K] = Slope[K] * Cell[K] + Source[K];
    if (!Cells.eval(Cell.data(), CellI.data(), Slope.data(), Counter, Err))
      return false;
    Mismatch = Scale = 0;
    for (size_t K = 0; K < Cell.size(); ++K) {
      Mismatch = std::max(Mismatch, std::abs(CellI[K] - Linear[K]));
      Scale = std::max(Scale, std::abs(CellI[K]));
    }
    if (!(Mismatch > 1e-11 * Scale))
      return true;
  }
  Err = format("array '%s', read %lld: Newton on the non-linear cells did not converge (the "
               "cells' currents differ from their linearisation by %.3g A, %.1e of the largest, "
               "after %d iterations)",
               A.name, (long long)Read, Mismatch, Scale > 0 ? Mismatch / Scale : 0.0, MaxNewton);
  return false;
}

} // namespace nmc::rt
