//===- ArrayRun.cpp - The reads of a model's crossbar arrays --------------===//
#include "ArrayRun.h"

#include "ArrayCells.h"
#include "ArrayProgram.h"
#include "ArrayRead.h"
#include "ArraySolve.h"
#include "Format.h"
#include "IdealMvm.h"
#include "Npy.h"
#include "Simulation.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <vector>

namespace nmc::rt {

namespace {

/// Draw counters of reads, far below those of programming (which count
/// down from -1), so that read noise is drawn afresh for every read.
constexpr int64_t ReadCounters = -(int64_t(1) << 52);

} // namespace

std::string arrayProbeHeader(const nmc_array_desc &A, const nmc_array_probe_desc &P,
                             const char *Key) {
  std::string H = Key;
  for (uint32_t V = 0; V < P.num_vars; ++V) {
    if (P.vars[V] == NMC_ARRAY_DROP || P.vars[V] == NMC_ARRAY_POWER ||
        P.vars[V] == NMC_ARRAY_WIRE_POWER) {
      H += format(",%s.%s", A.name,
                  P.vars[V] == NMC_ARRAY_DROP    ? "drop"
                  : P.vars[V] == NMC_ARRAY_POWER ? "power"
                                                 : "wire_power");
      continue;
    }
    if (P.vars[V] == NMC_ARRAY_VOLTAGES || P.vars[V] == NMC_ARRAY_CONDUCTANCES) {
      const char *What = P.vars[V] == NMC_ARRAY_VOLTAGES ? "v" : "g";
      for (int64_t I = 0; I < A.rows; ++I)
        for (int64_t J = 0; J < physicalCols(A); ++J)
          H += format(",%s[%lld][%lld].%s", A.name, (long long)I, (long long)J, What);
      continue;
    }
    const char *What = P.vars[V] == NMC_ARRAY_IDEAL ? "ideal" : "i";
    for (int64_t J = 0; J < (A.transposed ? A.rows : A.cols); ++J)
      H += format(",%s[%lld].%s", A.name, (long long)J, What);
  }
  return H;
}

int64_t sampleArrayProbe(const nmc_array_probe_desc &PD, const ArrayReader &R,
                         const std::vector<double> &G, double Key, std::vector<double> &Out) {
  size_t Before = Out.size();
  Out.push_back(Key);
  for (uint32_t X = 0; X < PD.num_vars; ++X) {
    const std::vector<double> *Src = PD.vars[X] == NMC_ARRAY_CURRENTS       ? &R.Out
                                     : PD.vars[X] == NMC_ARRAY_IDEAL        ? &R.Ideal
                                     : PD.vars[X] == NMC_ARRAY_VOLTAGES     ? &R.Cell
                                     : PD.vars[X] == NMC_ARRAY_CONDUCTANCES ? &G
                                                                            : nullptr;
    if (Src)
      Out.insert(Out.end(), Src->begin(), Src->end());
    else
      Out.push_back(PD.vars[X] == NMC_ARRAY_DROP    ? R.Drop
                    : PD.vars[X] == NMC_ARRAY_POWER ? R.Power
                                                    : R.WirePower);
  }
  return int64_t(Out.size() - Before);
}

bool readBack(const nmc_array_desc &A, ArrayCells &Cells, int64_t Counter, std::vector<double> &G,
              std::vector<double> &ReadV, std::string &Err) {
  ReadV.assign(size_t(A.rows * physicalCols(A)), A.read_voltage);
  G.resize(ReadV.size());
  if (!Cells.eval(ReadV.data(), G.data(), nullptr, Counter, Err))
    return false;
  for (double &X : G)
    X /= A.read_voltage;
  return true;
}

bool wantsConductances(const nmc_array_desc &A) {
  for (uint32_t P = 0; P < A.num_probes; ++P)
    for (uint32_t X = 0; X < A.probes[P].num_vars; ++X)
      if (A.probes[P].vars[X] == NMC_ARRAY_CONDUCTANCES)
        return true;
  return false;
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

std::string table(bool Npy, const std::string &Header, const std::vector<double> &Values,
                  int64_t Width) {
  int64_t Rows = Width ? int64_t(Values.size()) / Width : 0;
  if (Npy) {
    std::string Bytes = npyHeader("'<f8'", Rows, Width);
    Bytes.append(reinterpret_cast<const char *>(Values.data()), Values.size() * sizeof(double));
    return Bytes;
  }
  std::string Text = Header + "\n";
  for (int64_t R = 0; R < Rows; ++R) {
    for (int64_t C = 0; C < Width; ++C) {
      if (C)
        Text += ',';
      appendCsvNumber(Text, Values[size_t(R * Width + C)]);
    }
    Text += '\n';
  }
  return Text;
}

namespace {

bool programArray(const nmc_array_desc &A, ArrayCells &Cells, Simulation &Sim, int Threads,
                  int64_t &Counter, bool Npy, const std::filesystem::path &Dir,
                  std::string &Summary, std::string &Err) {
  ProgramReport R;
  if (!writeVerify(A, Cells, Sim, Threads, Counter, R, Err))
    return false;
  std::vector<double> Rows;
  int64_t Total = 0, Most = 0;
  double Energy = 0;
  const int64_t Mp = physicalCols(A);
  for (int64_t I = 0; I < A.rows; ++I)
    for (int64_t J = 0; J < Mp; ++J) {
      size_t K = size_t(I * Mp + J);
      Rows.insert(Rows.end(), {double(I), double(J), A.program_targets[K], R.G[K],
                               double(R.Pulses[K]), R.Energy[K]});
      Total += R.Pulses[K];
      Most = std::max(Most, R.Pulses[K]);
      Energy += R.Energy[K];
    }
  Summary += format("array '%s': write-verify of %lld cells in %lld pulses (at most %lld on a "
                    "cell), %lld outside %.3g%%, %.4g J%s, %.4g s of pulses\n",
                    A.name, (long long)(A.rows * Mp), (long long)Total, (long long)Most,
                    (long long)R.Outside, 100 * A.tolerance, Energy,
                    wireShare(A, R.WireEnergy).c_str(), R.Time);
  return writeFile(Dir / (std::string(A.name) + ".program" + (Npy ? ".npy" : ".csv")),
                   table(Npy, "row,col,target,g,pulses,energy", Rows, 6), Err);
}

bool updateArray(const nmc_array_desc &A, ArrayCells &Cells, Simulation &Sim, uint64_t Seed,
                 int Threads, int64_t &Counter, bool Npy, const std::filesystem::path &Dir,
                 std::string &Summary, std::string &Err) {
  UpdateReport R;
  if (!outerProduct(A, Cells, Sim, Seed, Threads, Counter, R, Err))
    return false;
  std::vector<double> Rows;
  int64_t Full = 0, Half = 0;
  double Energy = 0;
  const int64_t Mp = physicalCols(A);
  for (int64_t I = 0; I < A.rows; ++I)
    for (int64_t J = 0; J < Mp; ++J) {
      size_t K = size_t(I * Mp + J);
      Rows.insert(Rows.end(), {double(I), double(J), double(R.Full[K]), double(R.Half[K]), R.G[K],
                               R.Energy[K]});
      Full += R.Full[K];
      Half += R.Half[K];
      Energy += R.Energy[K];
    }
  Summary +=
      format("array '%s': %lld outer-product update%s, %lld full pulses on cells and %lld "
             "half-selected, %.4g J%s, %.4g s of pulses\n",
             A.name, (long long)A.num_updates, A.num_updates == 1 ? "" : "s", (long long)Full,
             (long long)Half, Energy, wireShare(A, R.WireEnergy).c_str(), R.Time);
  return writeFile(Dir / (std::string(A.name) + ".update" + (Npy ? ".npy" : ".csv")),
                   table(Npy, "row,col,full,half,g,energy", Rows, 6), Err);
}

/// The reads of an ideal array of fixed cells whose probes ask only for
/// currents: all at once, as one matrix product (IdealMvm.h). False where
/// the array needs the general read.
bool idealBatch(const nmc_array_desc &A, const ArrayCells &Cells, int64_t Reads, int Threads,
                std::vector<std::vector<double>> &Values, std::vector<int64_t> &Width) {
  if (Cells.device() || A.row_segment > 0 || A.col_segment > 0 || A.dac_bits || A.adc_bits ||
      A.read_width > 0)
    return false;
  for (uint32_t P = 0; P < A.num_probes; ++P)
    for (uint32_t X = 0; X < A.probes[P].num_vars; ++X)
      if (A.probes[P].vars[X] != NMC_ARRAY_CURRENTS && A.probes[P].vars[X] != NMC_ARRAY_IDEAL)
        return false;
  // The weights: G, or G+ - G- per differential pair.
  const int64_t N = A.rows, M = A.cols, Mp = physicalCols(A);
  const std::vector<double> &G = Cells.conductances();
  std::vector<double> W(static_cast<size_t>(N * M));
  for (int64_t I = 0; I < N; ++I)
    for (int64_t J = 0; J < M; ++J)
      W[size_t(I * M + J)] = A.differential
                                 ? G[size_t(I * Mp + 2 * J)] - G[size_t(I * Mp + 2 * J + 1)]
                                 : G[size_t(I * Mp + J)];
  const int64_t Sensed = A.transposed ? N : M;
  std::vector<double> Out(static_cast<size_t>(Reads * Sensed));
  idealReads(A.inputs, Reads, W, N, M, A.transposed != 0, A.read_voltage, Out.data(), Threads);
  for (uint32_t P = 0; P < A.num_probes; ++P) {
    Width[P] = 1 + int64_t(A.probes[P].num_vars) * Sensed;
    Values[P].reserve(size_t(Reads * Width[P]));
    for (int64_t R = 0; R < Reads; ++R) {
      Values[P].push_back(double(R));
      for (uint32_t X = 0; X < A.probes[P].num_vars; ++X) // i and ideal are the same
        Values[P].insert(Values[P].end(), Out.begin() + R * Sensed, Out.begin() + (R + 1) * Sensed);
    }
  }
  return true;
}

} // namespace

bool runArrays(const nmc_model_desc &Model, const RunOptions &Opts,
               const std::filesystem::path &Dir, Simulation &Sim, std::string &Summary,
               std::string &Err) {
  bool Npy = Opts.Format == "npy";
  for (uint32_t K = 0; K < Model.num_arrays; ++K) {
    const nmc_array_desc &A = Model.arrays[K];
    ArrayCells Cells(A, Sim, Opts.Seed);
    int64_t Counter = -1; // draw counters of programming steps and reads, counting down
    if (A.program_targets &&
        !programArray(A, Cells, Sim, Opts.Threads, Counter, Npy, Dir, Summary, Err))
      return false;
    if (A.num_updates &&
        !updateArray(A, Cells, Sim, Opts.Seed, Opts.Threads, Counter, Npy, Dir, Summary, Err))
      return false;
    if (A.solve != NMC_SOLVE_NONE && !solveArray(A, Cells, Opts.Threads, Npy, Dir, Summary, Err))
      return false;
    if (A.drive_population != UINT32_MAX) { // read at every step of the run (ArrayDrive.h)
      Cells.rest();
      continue;
    }
    ArrayReader Reader(A, Cells, A.transposed != 0);
    int64_t Reads = A.num_inputs / Reader.inputs();
    std::vector<std::vector<double>> Values(A.num_probes);
    std::vector<int64_t> Width(A.num_probes, 1);
    if (idealBatch(A, Cells, Reads, Opts.Threads, Values, Width)) {
      for (uint32_t P = 0; P < A.num_probes; ++P)
        if (!writeFile(Dir / (std::string(A.probes[P].name) + (Npy ? ".npy" : ".csv")),
                       table(Npy, arrayProbeHeader(A, A.probes[P], "read"), Values[P], Width[P]),
                       Err))
          return false;
      continue;
    }
    bool WantG = wantsConductances(A);
    std::vector<double> G, ReadV;
    double Energy = 0, Converters = 0;
    for (int64_t R = 0; R < Reads; ++R) {
      int64_t ReadCounter = ReadCounters - R;
      if (!Reader.read(A.inputs + R * Reader.inputs(), ReadCounter, Opts.Threads, R, Err))
        return false;
      Energy += Reader.Power * A.read_width;
      Converters += Reader.ConverterEnergy;
      // Read-back: every cell alone at the read voltage.
      if (WantG && !readBack(A, Cells, ReadCounter, G, ReadV, Err))
        return false;
      for (uint32_t P = 0; P < A.num_probes; ++P)
        Width[P] = sampleArrayProbe(A.probes[P], Reader, G, double(R), Values[P]);
    }
    Cells.rest();
    if (A.read_width > 0)
      Summary += format("array '%s': %lld read%s of %.4g s, %.4g J in its cells and wires\n",
                        A.name, (long long)Reads, Reads == 1 ? "" : "s", A.read_width, Energy);
    if (A.dac_energy > 0 || A.adc_energy > 0)
      Summary += format("array '%s': %lld read%s, %.4g J in its converters\n", A.name,
                        (long long)Reads, Reads == 1 ? "" : "s", Converters);
    for (uint32_t P = 0; P < A.num_probes; ++P)
      if (!writeFile(Dir / (std::string(A.probes[P].name) + (Npy ? ".npy" : ".csv")),
                     table(Npy, arrayProbeHeader(A, A.probes[P], "read"), Values[P], Width[P]),
                     Err))
        return false;
  }
  return true;
}

} // namespace nmc::rt
