//===- ArrayRun.cpp - The reads of a model's crossbar arrays --------------===//
#include "ArrayRun.h"

#include "Crossbar.h"
#include "Format.h"
#include "Npy.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <vector>

namespace nmc::rt {

namespace {

std::vector<double> conductances(const nmc_array_desc &A, uint64_t Seed) {
  size_t Cells = size_t(A.rows * A.cols);
  std::vector<double> G(Cells, A.a);
  for (size_t K = 0; K < Cells; ++K) {
    if (A.cells == NMC_CELLS_NORMAL)
      G[K] = std::max(0.0, A.a + A.b * nmc_rt_normal(Seed, A.stream, K, 0));
    else if (A.cells == NMC_CELLS_UNIFORM)
      G[K] = A.a + (A.b - A.a) * nmc_rt_uniform(Seed, A.stream, K, 0);
    else if (A.cells == NMC_CELLS_DATA)
      G[K] = A.data[K];
    if (A.sparsity > 0 && nmc_rt_uniform(Seed, A.stream, K, 1) < A.sparsity)
      G[K] = 0;
  }
  return G;
}

std::string header(const nmc_array_desc &A, const nmc_array_probe_desc &P) {
  std::string H = "read";
  for (uint32_t V = 0; V < P.num_vars; ++V) {
    if (P.vars[V] == NMC_ARRAY_DROP || P.vars[V] == NMC_ARRAY_POWER ||
        P.vars[V] == NMC_ARRAY_WIRE_POWER) {
      H += format(",%s.%s", A.name,
                  P.vars[V] == NMC_ARRAY_DROP    ? "drop"
                  : P.vars[V] == NMC_ARRAY_POWER ? "power"
                                                 : "wire_power");
      continue;
    }
    if (P.vars[V] == NMC_ARRAY_VOLTAGES) {
      for (int64_t I = 0; I < A.rows; ++I)
        for (int64_t J = 0; J < A.cols; ++J)
          H += format(",%s[%lld][%lld].v", A.name, (long long)I, (long long)J);
      continue;
    }
    const char *What = P.vars[V] == NMC_ARRAY_IDEAL ? "ideal" : "i";
    for (int64_t J = 0; J < A.cols; ++J)
      H += format(",%s[%lld].%s", A.name, (long long)J, What);
  }
  return H;
}

bool writeFile(const std::filesystem::path &Path, const std::string &Bytes, std::string &Err) {
  std::ofstream Out(Path, std::ios::binary);
  Out << Bytes;
  Out.close();
  if (!Out) {
    Err = format("cannot write '%s': %s", Path.c_str(), std::strerror(errno));
    return false;
  }
  return true;
}

} // namespace

bool runArrays(const nmc_model_desc &Model, const RunOptions &Opts,
               const std::filesystem::path &Dir, std::string &Err) {
  bool Npy = Opts.Format == "npy";
  for (uint32_t K = 0; K < Model.num_arrays; ++K) {
    const nmc_array_desc &A = Model.arrays[K];
    std::vector<double> G = conductances(A, Opts.Seed);
    int64_t Reads = A.num_inputs / A.rows;
    bool Wires = A.row_segment > 0 || A.col_segment > 0;
    std::vector<CrossbarSolver> Solver;
    if (Wires) {
      Solver.emplace_back(A.rows, A.cols,
                          CrossbarWires{A.row_segment, A.col_segment, A.driver, A.sense});
      Solver[0].setConductances(G.data());
    }
    std::vector<std::string> Text(A.num_probes);
    std::vector<std::vector<double>> Values(A.num_probes);
    std::vector<int64_t> Width(A.num_probes, 1);
    std::vector<double> V(size_t(A.rows)), I(size_t(A.cols)), Ideal(size_t(A.cols)),
        Cell(size_t(A.rows * A.cols));
    for (int64_t R = 0; R < Reads; ++R) {
      for (int64_t Row = 0; Row < A.rows; ++Row)
        V[size_t(Row)] = A.inputs[R * A.rows + Row] * A.read_voltage;
      idealMvm(G.data(), A.rows, A.cols, V.data(), Ideal.data());
      if (Wires) {
        auto St = Solver[0].solve(V.data(), I.data(), Cell.data(), Opts.Threads);
        if (!St.Converged) {
          Err = format("array '%s', read %lld: the IR-drop solve did not converge (relative "
                       "residual %.1e after %d iterations)",
                       A.name, (long long)R, St.Residual, St.Iterations);
          return false;
        }
      } else {
        I = Ideal;
        for (int64_t Row = 0; Row < A.rows; ++Row)
          std::fill(Cell.begin() + Row * A.cols, Cell.begin() + (Row + 1) * A.cols, V[size_t(Row)]);
      }
      // What enters row i leaves through its cells: the drivers deliver
      // sum_i V_i sum_j G_ij v_ij; the cells take sum G v^2, the wires the rest.
      double Drop = 0, Power = 0, CellPower = 0;
      for (int64_t Row = 0; Row < A.rows; ++Row) {
        double In = 0;
        for (int64_t J = 0; J < A.cols; ++J) {
          size_t K1 = size_t(Row * A.cols + J);
          Drop = std::max(Drop, std::abs(V[size_t(Row)] - Cell[K1]));
          In += G[K1] * Cell[K1];
          CellPower += G[K1] * Cell[K1] * Cell[K1];
        }
        Power += V[size_t(Row)] * In;
      }
      for (uint32_t P = 0; P < A.num_probes; ++P) {
        const nmc_array_probe_desc &PD = A.probes[P];
        std::vector<double> Row{double(R)};
        for (uint32_t X = 0; X < PD.num_vars; ++X) {
          const std::vector<double> *Src = PD.vars[X] == NMC_ARRAY_CURRENTS   ? &I
                                           : PD.vars[X] == NMC_ARRAY_IDEAL    ? &Ideal
                                           : PD.vars[X] == NMC_ARRAY_VOLTAGES ? &Cell
                                                                              : nullptr;
          if (Src)
            Row.insert(Row.end(), Src->begin(), Src->end());
          else
            Row.push_back(PD.vars[X] == NMC_ARRAY_DROP    ? Drop
                          : PD.vars[X] == NMC_ARRAY_POWER ? Power
                                                          : Power - CellPower);
        }
        Width[P] = int64_t(Row.size());
        if (Npy) {
          Values[P].insert(Values[P].end(), Row.begin(), Row.end());
          continue;
        }
        for (size_t C = 0; C < Row.size(); ++C) {
          if (C)
            Text[P] += ',';
          appendCsvNumber(Text[P], Row[C]);
        }
        Text[P] += '\n';
      }
    }
    for (uint32_t P = 0; P < A.num_probes; ++P) {
      std::string Bytes;
      if (Npy) {
        Bytes = npyHeader("'<f8'", Reads, Width[P]);
        Bytes.append(reinterpret_cast<const char *>(Values[P].data()),
                     Values[P].size() * sizeof(double));
      } else {
        Bytes = header(A, A.probes[P]) + "\n" + Text[P];
      }
      if (!writeFile(Dir / (std::string(A.probes[P].name) + (Npy ? ".npy" : ".csv")), Bytes, Err))
        return false;
    }
  }
  return true;
}

} // namespace nmc::rt
