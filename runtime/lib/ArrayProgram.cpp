//===- ArrayProgram.cpp - Programming a crossbar's device cells -----------===//
#include "ArrayProgram.h"

#include "ArrayCells.h"
#include "ArrayRead.h"
#include "Format.h"
#include "Simulation.h"

#include <algorithm>
#include <cmath>
#include <memory>

namespace nmc::rt {

namespace {

/// Sets a 1T1R or 2T1R array's word lines (and a 2T1R array's fire gates,
/// where given) while a pulse or a verify read lasts; every gate at the
/// read's voltage after.
struct GatesOn {
  ArrayCells &C;
  GatesOn(ArrayCells &Cells, const nmc_array_desc &A, const std::vector<double> &G,
          const double *Fire = nullptr)
      : C(Cells) {
    C.setRowGates(A.transistor ? G.data() : nullptr);
    C.setFireGates(Fire);
  }
  ~GatesOn() {
    C.setRowGates(nullptr);
    C.setFireGates(nullptr);
  }
  GatesOn(const GatesOn &) = delete;
  GatesOn &operator=(const GatesOn &) = delete;
};

/// The instant a pulse's fall takes (s): short enough that no dynamics move.
constexpr double FallTime = 1e-15;

/// Applies pulses to every cell of an array and keeps each cell's energy.
class Pulser {
public:
  Pulser(const nmc_array_desc &Desc, ArrayCells &C, Simulation &S, int64_t &Ctr,
         std::vector<double> &E, double &WireE, int Thr)
      : A(Desc), Cells(C), Sim(S), Counter(Ctr), Energy(E), WireEnergy(WireE), Threads(Thr),
        What(format("programming array '%s'", Desc.name)) {
    size_t Size = static_cast<size_t>(A.rows * physicalCols(A));
    I.resize(Size), P0.resize(Size), P1.resize(Size), V.resize(Size);
    Energy.resize(Size, 0.0); // adds to what the caller holds
    if (A.row_segment > 0 || A.col_segment > 0)
      Wired = std::make_unique<ArrayReader>(A, Cells, false);
  }

  /// Row i driven at RowV[i] and column j at ColV[j] (its sense end) for
  /// Width seconds: each cell at RowV[i] - ColV[j], or, through wires, at
  /// what the network gives it, solved again at every step.
  bool apply(const std::vector<double> &GivenRowV, const std::vector<double> &GivenColV,
             double Width, std::string &Err) {
    // A pulse takes whole steps of at most the run's step.
    int64_t Steps = std::max<int64_t>(1, int64_t(std::ceil(Width / Sim.dt() - 1e-9)));
    double StepDt = Width / double(Steps);
    // 1T1R: the word lines of driven rows on, the others off.
    Gates.resize(GivenRowV.size());
    for (size_t R = 0; R < GivenRowV.size(); ++R)
      Gates[R] = GivenRowV[R] != 0 ? A.program_gate_voltage : A.off_gate_voltage;
    // 2T1R: the V/2 scheme's selection by fire gates instead. A driven row
    // takes the full pulse on its top electrodes, a selected column opens
    // its fire gates to ground, every access gate is off and the columns
    // rest at 0 V, so a cell sees the pulse only where both are selected.
    const bool Two = Cells.twoTransistors();
    if (Two) {
      std::fill(Gates.begin(), Gates.end(), A.off_gate_voltage);
      FullRowV.resize(GivenRowV.size());
      for (size_t R = 0; R < GivenRowV.size(); ++R)
        FullRowV[R] = 2 * GivenRowV[R];
      FireGates.resize(GivenColV.size());
      for (size_t J = 0; J < GivenColV.size(); ++J)
        FireGates[J] = GivenColV[J] != 0 ? A.program_gate_voltage : A.off_gate_voltage;
      Grounded.assign(GivenColV.size(), 0.0);
    }
    const std::vector<double> &RowV = Two ? FullRowV : GivenRowV;
    const std::vector<double> &ColV = Two ? Grounded : GivenColV;
    GatesOn On(Cells, A, Gates, Two ? FireGates.data() : nullptr);
    if (!power(RowV, ColV, P0, Err))
      return false;
    double W0 = Wired ? Wired->WirePower : 0;
    for (int64_t S = 0; S < Steps; ++S) {
      for (uint32_t Pop : Cells.populations())
        if (!Sim.stepAlone(Pop, 1, StepDt, Counter, What, Err))
          return false;
      --Counter;
      if (!power(RowV, ColV, P1, Err))
        return false;
      for (size_t K = 0; K < P1.size(); ++K)
        Energy[K] += 0.5 * StepDt * (P0[K] + P1[K]);
      std::swap(P0, P1);
      double W1 = Wired ? Wired->WirePower : 0;
      WireEnergy += 0.5 * StepDt * (W0 + W1);
      W0 = W1;
    }
    // The pulse's falling edge: the cells step for an instant at 0 V, so
    // that edge events remember their conditions as they stand at rest (a
    // second pulse of a write-verify then fires `on v > V_th` again) and
    // those that the fall makes true fire.
    Cells.rest();
    for (uint32_t Pop : Cells.populations())
      if (Sim.remembersEvents(Pop) && !Sim.stepAlone(Pop, 1, FallTime, Counter--, What, Err))
        return false;
    return true;
  }

  /// Cells [Begin, End) alone at the read voltage: G = i / v. With wires,
  /// a row's verify read goes through the array as a chip's does: the row
  /// at the read voltage, the others and the columns at 0 V, G the column
  /// current over the read voltage.
  bool read(std::vector<double> &G, int64_t Begin, int64_t End, std::string &Err) {
    const int64_t Mp = physicalCols(A);
    if (Wired && End - Begin == Mp && Begin % Mp == 0) {
      std::vector<double> RowV(static_cast<size_t>(A.rows), 0.0),
          ColV(static_cast<size_t>(Mp), 0.0);
      RowV[size_t(Begin / Mp)] = A.read_voltage;
      // 1T1R: the read row's word line on, the others off.
      Gates.assign(RowV.size(), A.off_gate_voltage);
      Gates[size_t(Begin / Mp)] = A.gate_voltage;
      GatesOn On(Cells, A, Gates);
      if (!Wired->drive(RowV, ColV, Counter--, Threads, Err))
        return false;
      G.resize(I.size());
      for (int64_t J = 0; J < Mp; ++J) {
        double Column = 0;
        for (int64_t R = 0; R < A.rows; ++R)
          Column += Wired->CellI[size_t(R * Mp + J)];
        G[size_t(Begin + J)] = Column / A.read_voltage;
      }
      return true;
    }
    Read.resize(I.size(), A.read_voltage);
    if (!Cells.eval(Read.data(), I.data(), nullptr, Begin, End, Counter--, Err))
      return false;
    G.resize(I.size());
    for (int64_t K = Begin; K < End; ++K)
      G[size_t(K)] = I[size_t(K)] / A.read_voltage;
    return true;
  }

private:
  /// Every cell's power under the drives; leaves each cell's voltage in
  /// its device's voltage column for the next step.
  bool power(const std::vector<double> &RowV, const std::vector<double> &ColV,
             std::vector<double> &Out, std::string &Err) {
    const int64_t Mp = int64_t(ColV.size());
    if (Wired) {
      if (!Wired->drive(RowV, ColV, Counter--, Threads, Err))
        return false;
      Out = Wired->CellPower;
      return true;
    }
    for (size_t K = 0; K < V.size(); ++K)
      V[K] = RowV[K / size_t(Mp)] - ColV[K % size_t(Mp)];
    // 1T1R: each transistor's source at its column's drive.
    if (A.transistor) {
      Nodes.resize(V.size());
      for (size_t K = 0; K < V.size(); ++K)
        Nodes[K] = ColV[K % size_t(Mp)];
      Cells.setColumnNodes(Nodes.data());
    }
    bool Ok = Cells.eval(V.data(), I.data(), nullptr, Counter--, Err);
    Cells.setColumnNodes(nullptr);
    if (!Ok)
      return false;
    // A 2T1R cell also passes its fire gate's current, to ground; its
    // column is at 0 V, so the cell takes v (i + i_fire).
    const double *Ground = Cells.ground();
    for (size_t K = 0; K < Out.size(); ++K)
      Out[K] = V[K] * (I[K] + (Ground ? Ground[K] : 0.0));
    return true;
  }

  const nmc_array_desc &A;
  ArrayCells &Cells;
  Simulation &Sim;
  int64_t &Counter;
  std::vector<double> &Energy;
  double &WireEnergy; // J in the wires, drivers' and sense resistors
  int Threads;
  std::string What;
  std::vector<double> I, P0, P1, Read, V, Nodes, Gates;
  std::vector<double> FullRowV, FireGates, Grounded; // 2T1R pulses
  std::unique_ptr<ArrayReader> Wired;                // with wires: solves each pulse's network
};

} // namespace

bool writeVerify(const nmc_array_desc &A, ArrayCells &Cells, Simulation &Sim, int Threads,
                 int64_t &Counter, ProgramReport &R, std::string &Err) {
  const int64_t N = A.rows, M = physicalCols(A), Size = N * M;
  Pulser Pulse(A, Cells, Sim, Counter, R.Energy, R.WireEnergy, Threads);
  R.Pulses.assign(size_t(Size), 0);
  R.G.assign(size_t(Size), 0.0);
  std::vector<double> RowV(static_cast<size_t>(N)), ColV(static_cast<size_t>(M));
  // -1: below tolerance (SET), +1: above (RESET), 0: within, or off.
  auto Side = [&](int64_t K) {
    double T = A.program_targets[K], G = R.G[size_t(K)];
    if (Cells.off(K))
      return 0;
    return G < T * (1 - A.tolerance) ? -1 : G > T * (1 + A.tolerance) ? 1 : 0;
  };
  std::vector<int> Need(static_cast<size_t>(M));
  for (int64_t Row = 0; Row < N; ++Row) {
    for (int64_t Pass = 0;; ++Pass) {
      if (!Pulse.read(R.G, Row * M, (Row + 1) * M, Err))
        return false;
      bool Any = false;
      for (int64_t J = 0; J < M; ++J)
        Any |= (Need[size_t(J)] = Side(Row * M + J)) != 0;
      if (!Any || Pass == A.max_pulses)
        break;
      for (int Want : {-1, 1}) {
        double Amp = Want < 0 ? A.set_voltage : A.reset_voltage;
        std::fill(RowV.begin(), RowV.end(), 0.0);
        std::fill(ColV.begin(), ColV.end(), 0.0);
        RowV[size_t(Row)] = Amp / 2;
        bool Selected = false;
        for (int64_t J = 0; J < M; ++J) {
          if (Need[size_t(J)] != Want)
            continue;
          Selected = true;
          ColV[size_t(J)] = -Amp / 2;
          ++R.Pulses[size_t(Row * M + J)];
        }
        if (!Selected)
          continue;
        if (!Pulse.apply(RowV, ColV, A.pulse_width, Err))
          return false;
        R.Time += A.pulse_width;
      }
    }
  }
  if (!Pulse.read(R.G, 0, Size, Err))
    return false;
  R.Outside = 0;
  for (int64_t K = 0; K < Size; ++K)
    R.Outside += Side(K) != 0;
  Cells.rest();
  return true;
}

bool outerProduct(const nmc_array_desc &A, ArrayCells &Cells, Simulation &Sim, uint64_t Seed,
                  int Threads, int64_t &Counter, UpdateReport &R, std::string &Err) {
  // A differential pair's G+ column takes d_j and its G- column -d_j, so
  // that G+ - G- moves with x d.
  const int64_t N = A.rows, M = physicalCols(A), Size = N * M, Line = N + M;
  // Draws of their own, apart from the array's cells (stream | 2^42).
  const uint64_t Stream = A.stream | (uint64_t(1) << 42);
  Pulser Pulse(A, Cells, Sim, Counter, R.Energy, R.WireEnergy, Threads);
  R.Full.assign(size_t(Size), 0);
  R.Half.assign(size_t(Size), 0);
  std::vector<double> RowV(static_cast<size_t>(N)), ColV(static_cast<size_t>(M));
  std::vector<uint8_t> Fires(static_cast<size_t>(Line));
  const int Signs[4][2] = {{1, 1}, {-1, -1}, {1, -1}, {-1, 1}};
  std::vector<double> Physical(static_cast<size_t>(Line));
  for (int64_t U = 0; U < A.num_updates; ++U) {
    const double *Given = A.updates + U * (N + A.cols); // x, then d
    std::copy(Given, Given + N, Physical.begin());
    for (int64_t J = 0; J < M; ++J)
      Physical[size_t(N + J)] = A.differential ? (J % 2 ? -1 : 1) * Given[N + J / 2] : Given[N + J];
    const double *X = Physical.data();
    for (int Phase = 0; Phase < 4; ++Phase) {
      auto Active = [&](int64_t L) {
        int Sign = Signs[Phase][L < N ? 0 : 1];
        return Sign > 0 ? X[L] > 0 : X[L] < 0;
      };
      bool Rows = false, Cols = false;
      for (int64_t L = 0; L < Line; ++L)
        (L < N ? Rows : Cols) |= Active(L);
      if (!Rows || !Cols)
        continue;
      double Amp = Phase < 2 ? A.update_set : A.update_reset;
      for (int64_t S = 0; S < A.update_slots; ++S) {
        uint64_t Draw = uint64_t((U * 4 + Phase) * A.update_slots + S);
        for (int64_t L = 0; L < Line; ++L)
          Fires[size_t(L)] =
              Active(L) && nmc_rt_uniform(Seed, Stream, uint64_t(L), Draw) < std::abs(X[L]);
        for (int64_t I = 0; I < N; ++I)
          for (int64_t J = 0; J < M; ++J) {
            size_t K = size_t(I * M + J);
            int Count = Fires[size_t(I)] + Fires[size_t(N + J)];
            R.Full[K] += Count == 2;
            R.Half[K] += Count == 1;
          }
        // A firing row at V/2, a firing column at -V/2.
        for (int64_t I = 0; I < N; ++I)
          RowV[size_t(I)] = Fires[size_t(I)] ? Amp / 2 : 0;
        for (int64_t J = 0; J < M; ++J)
          ColV[size_t(J)] = Fires[size_t(N + J)] ? -Amp / 2 : 0;
        if (!Pulse.apply(RowV, ColV, A.update_width, Err))
          return false;
        R.Time += A.update_width;
      }
    }
  }
  if (!Pulse.read(R.G, 0, Size, Err))
    return false;
  Cells.rest();
  return true;
}

std::string wireShare(const nmc_array_desc &A, double WireEnergy) {
  if (!(A.row_segment > 0 || A.col_segment > 0))
    return "";
  return format(" in its cells, %.4g J in its wires", WireEnergy);
}

bool pulseCells(const nmc_array_desc &A, ArrayCells &Cells, Simulation &Sim, int Threads,
                int64_t &Counter, const std::vector<double> &RowV, const std::vector<double> &ColV,
                double Width, std::vector<double> &Energy, double &WireEnergy, std::string &Err) {
  Pulser Pulse(A, Cells, Sim, Counter, Energy, WireEnergy, Threads);
  bool Ok = Pulse.apply(RowV, ColV, Width, Err);
  Cells.rest();
  return Ok;
}

} // namespace nmc::rt
