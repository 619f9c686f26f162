//===- ArrayDrive.cpp - Arrays whose rows follow waveforms in time --------===//
#include "ArrayDrive.h"

#include "ArrayCells.h"
#include "ArrayRead.h"
#include "ArrayRun.h"
#include "Format.h"
#include "Simulation.h"

namespace nmc::rt {

namespace {
/// Draw counters of driven reads (cells' read noise), apart from those of
/// reads, programming and projections.
constexpr int64_t DriveCounters = -(int64_t(1) << 55);
} // namespace

ArrayDrives::ArrayDrives(const nmc_model_desc &Model, Simulation &S, uint64_t Seed) : Sim(S) {
  for (uint32_t K = 0; K < Model.num_arrays; ++K) {
    const nmc_array_desc &A = Model.arrays[K];
    if (A.drive_population == UINT32_MAX)
      continue;
    Drive D;
    D.A = &A;
    D.Cells = std::make_unique<ArrayCells>(A, Sim, Seed);
    D.Reader = std::make_unique<ArrayReader>(A, *D.Cells, false);
    D.X.resize(size_t(A.rows));
    D.Values.resize(A.num_probes);
    D.Width.assign(A.num_probes, 1);
    D.WantG = wantsConductances(A);
    Drives.push_back(std::move(D));
  }
}

ArrayDrives::~ArrayDrives() = default;

bool ArrayDrives::step(int64_t Step, double T, double Dt, int Threads, std::string &Err) {
  for (size_t K = 0; K < Drives.size(); ++K) {
    Drive &D = Drives[K];
    const nmc_array_desc &A = *D.A;
    if (!Sim.observeNow(A.drive_population, Err))
      return false;
    const auto *Row = static_cast<const double *>(Sim.column(A.drive_population, 0));
    for (int64_t I = 0; I < A.rows; ++I)
      D.X[size_t(I)] = Row[I] / A.read_voltage; // a read takes inputs in its units
    int64_t Counter = DriveCounters - Step * int64_t(Drives.size()) - int64_t(K);
    if (!D.Reader->read(D.X.data(), Counter, Threads, Step, Err))
      return false;
    ++D.Steps;
    D.Energy += D.Reader->Power * Dt;
    D.Converters += D.Reader->ConverterEnergy;
    if (D.Stride.empty()) // the step is known from the first one on
      for (uint32_t P = 0; P < A.num_probes; ++P)
        D.Stride.push_back(Simulation::probeStride(A.probes[P], Dt));
    for (uint32_t P = 0; P < A.num_probes; ++P) {
      if (Step % D.Stride[P])
        continue;
      // The read-back leaves the cells at the read voltage: after it, the
      // network's voltages go back for the update phase.
      if (D.WantG && D.G.empty()) {
        if (!readBack(A, *D.Cells, Counter, D.G, D.ReadV, Err))
          return false;
        D.Cells->setColumnNodes(A.transistor ? D.Reader->columnNodes().data() : nullptr);
        bool Ok =
            D.Cells->eval(D.Reader->Cell.data(), D.Reader->CellI.data(), nullptr, Counter, Err);
        D.Cells->setColumnNodes(nullptr);
        if (!Ok)
          return false;
      }
      D.Width[P] = sampleArrayProbe(A.probes[P], *D.Reader, D.G, T + 0.5 * Dt, D.Values[P]);
    }
    D.G.clear();
  }
  return true;
}

bool ArrayDrives::finish(const std::filesystem::path &Dir, bool Npy, std::string &Summary,
                         std::string &Err) {
  for (Drive &D : Drives) {
    const nmc_array_desc &A = *D.A;
    Summary += format("array '%s': driven for %lld step%s, %.4g J in its cells and wires\n", A.name,
                      (long long)D.Steps, D.Steps == 1 ? "" : "s", D.Energy);
    if (A.adc_energy > 0)
      Summary += format("array '%s': %lld read%s, %.4g J in its converters\n", A.name,
                        (long long)D.Steps, D.Steps == 1 ? "" : "s", D.Converters);
    for (uint32_t P = 0; P < A.num_probes; ++P)
      if (!writeFile(Dir / (std::string(A.probes[P].name) + (Npy ? ".npy" : ".csv")),
                     table(Npy, arrayProbeHeader(A, A.probes[P], "t"), D.Values[P], D.Width[P]),
                     Err))
        return false;
  }
  return true;
}

} // namespace nmc::rt
