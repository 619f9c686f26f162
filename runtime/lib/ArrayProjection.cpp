//===- ArrayProjection.cpp - Spikes read through crossbar arrays ----------===//
#include "ArrayProjection.h"

#include "ArrayCells.h"
#include "ArrayProgram.h"
#include "ArrayRead.h"
#include "ArrayRun.h"
#include "Format.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace nmc::rt {

namespace {
/// Draw counters of projection reads: below the start-of-run reads
/// (ArrayRun.cpp, from -2^52 down) and apart per step and projection; the
/// pulses of learning projections count down from -2^54, 2^40 apart.
constexpr int64_t ProjectionCounters = -(int64_t(1) << 53);
constexpr int64_t LearningCounters = -(int64_t(1) << 54);
} // namespace

ArrayProjections::ArrayProjections(const nmc_model_desc &M, Simulation &S, uint64_t Seed)
    : Model(M), Sim(S) {
  for (uint32_t K = 0; K < M.num_array_projections; ++K) {
    const nmc_array_projection_desc &D = M.array_projections[K];
    const nmc_array_desc &A = M.arrays[D.array];
    Link L;
    L.Desc = &D;
    L.Cells = std::make_unique<ArrayCells>(A, S, Seed);
    L.Reader = std::make_unique<ArrayReader>(A, *L.Cells, false);
    L.X.assign(size_t(A.rows), 0.0);
    if (D.pulse_width > 0) {
      const double None = -std::numeric_limits<double>::infinity();
      L.LastPre.assign(size_t(A.rows), None);
      L.LastPost.assign(size_t(A.cols), None);
      L.Sets.assign(size_t(A.rows * A.cols), 0);
      L.Resets.assign(L.Sets.size(), 0);
      L.Counter = LearningCounters - int64_t(K) * (int64_t(1) << 40);
    }
    Links.push_back(std::move(L));
  }
}

ArrayProjections::~ArrayProjections() = default;

bool ArrayProjections::deliver(const std::vector<nmc_ctx::Event> &Events, int64_t Step, int Threads,
                               std::string &Err) {
  for (size_t K = 0; K < Links.size(); ++K) {
    Link &L = Links[K];
    const nmc_array_projection_desc &D = *L.Desc;
    std::fill(L.X.begin(), L.X.end(), 0.0);
    bool Any = false;
    for (const nmc_ctx::Event &E : Events)
      if (E.Source == D.source && E.Element >= 0 && E.Element < int64_t(L.X.size()))
        L.X[size_t(E.Element)] = 1, Any = true;
    if (Any) {
      int64_t Counter = ProjectionCounters - Step * int64_t(Links.size()) - int64_t(K);
      if (!L.Reader->read(L.X.data(), Counter, Threads, Step, Err))
        return false;
      L.Cells->rest();
      ++L.Reads;
      L.Energy += L.Reader->Power * Model.arrays[D.array].read_width;
      L.ConverterEnergy += L.Reader->ConverterEnergy;
      const std::vector<double> &Col = L.Reader->Out;
      for (uint32_t T = 0; T < D.num_targets; ++T) {
        auto *Target = static_cast<double *>(Sim.column(D.post, D.target_columns[T]));
        for (size_t J = 0; J < Col.size(); ++J)
          Target[J] += D.target_scales[T] * Col[J];
      }
    }
    if (D.pulse_width > 0 && !learn(L, Events, Threads, Err))
      return false;
  }
  return true;
}

bool ArrayProjections::pulse(Link &L, bool Column, int64_t Line, const std::vector<int64_t> &Others,
                             double Amp, int Threads, std::string &Err) {
  const nmc_array_desc &A = Model.arrays[L.Desc->array];
  const int64_t N = A.rows, M = A.cols;
  // The selected row at Amp / 2 and the crossing columns at -Amp / 2, or
  // the selected column at -Amp / 2 and the crossing rows at Amp / 2.
  std::vector<double> RowV(static_cast<size_t>(N), 0.0), ColV(static_cast<size_t>(M), 0.0);
  (Column ? ColV : RowV)[size_t(Line)] = Column ? -Amp / 2 : Amp / 2;
  for (int64_t O : Others) {
    (Column ? RowV : ColV)[size_t(O)] = Column ? Amp / 2 : -Amp / 2;
    ++(Amp > 0 ? L.Sets : L.Resets)[size_t(Column ? O * M + Line : Line * M + O)];
  }
  return pulseCells(A, *L.Cells, Sim, Threads, L.Counter, RowV, ColV, L.Desc->pulse_width,
                    L.PulseEnergy, L.PulseWireEnergy, Err);
}

bool ArrayProjections::learn(Link &L, const std::vector<nmc_ctx::Event> &Events, int Threads,
                             std::string &Err) {
  const nmc_array_projection_desc &D = *L.Desc;
  std::vector<int64_t> Hit, Rest;
  const bool Winner = D.learn_mode == NMC_LEARN_WINNER;
  // Pre spikes first: RESET against the post spikes of earlier steps.
  for (const nmc_ctx::Event &E : Events) {
    if (E.Source != D.source || E.Element < 0 || E.Element >= int64_t(L.LastPre.size()) ||
        E.Time >= D.learn_until)
      continue;
    if (Winner) { // pre spikes only mark the rows as active
      L.LastPre[size_t(E.Element)] = E.Time;
      continue;
    }
    Hit.clear();
    for (size_t J = 0; J < L.LastPost.size(); ++J)
      if (E.Time - L.LastPost[J] > 0 && E.Time - L.LastPost[J] <= D.window)
        Hit.push_back(int64_t(J));
    if (!Hit.empty() && !pulse(L, false, E.Element, Hit, D.reset_voltage, Threads, Err))
      return false;
    L.LastPre[size_t(E.Element)] = E.Time;
  }
  for (const nmc_ctx::Event &E : Events) {
    if (E.Source != D.post_source || E.Element < 0 || E.Element >= int64_t(L.LastPost.size()) ||
        E.Time >= D.learn_until)
      continue;
    Hit.clear();
    Rest.clear();
    for (size_t I = 0; I < L.LastPre.size(); ++I)
      (E.Time - L.LastPre[I] >= 0 && E.Time - L.LastPre[I] <= D.window ? Hit : Rest)
          .push_back(int64_t(I));
    if (!Hit.empty() && !pulse(L, true, E.Element, Hit, D.set_voltage, Threads, Err))
      return false;
    // The winner's silent rows: depressed, so its column learns the pattern.
    if (Winner && !Rest.empty() && !pulse(L, true, E.Element, Rest, D.reset_voltage, Threads, Err))
      return false;
    L.LastPost[size_t(E.Element)] = E.Time;
  }
  return true;
}

bool ArrayProjections::finish(const std::filesystem::path &Dir, bool Npy, std::string &Summary,
                              std::string &Err) {
  for (Link &L : Links) {
    const nmc_array_projection_desc &D = *L.Desc;
    const nmc_array_desc &A = Model.arrays[D.array];
    if (A.read_width > 0)
      Summary += format("projection '%s': %lld reads of array '%s', %.4g J in its cells and "
                        "wires\n",
                        D.name, (long long)L.Reads, A.name, L.Energy);
    if (A.dac_energy > 0 || A.adc_energy > 0)
      Summary += format("projection '%s': %lld reads of array '%s', %.4g J in its converters\n",
                        D.name, (long long)L.Reads, A.name, L.ConverterEnergy);
    if (!(D.pulse_width > 0))
      continue;
    const int64_t Size = A.rows * A.cols;
    std::vector<double> Read(static_cast<size_t>(Size), A.read_voltage), I(Read.size());
    if (!L.Cells->eval(Read.data(), I.data(), nullptr, L.Counter--, Err))
      return false;
    L.Cells->rest();
    L.PulseEnergy.resize(Read.size(), 0.0);
    std::vector<double> Rows;
    int64_t Sets = 0, Resets = 0;
    double Energy = 0;
    for (int64_t R = 0; R < A.rows; ++R)
      for (int64_t C = 0; C < A.cols; ++C) {
        size_t K = size_t(R * A.cols + C);
        Rows.insert(Rows.end(), {double(R), double(C), double(L.Sets[K]), double(L.Resets[K]),
                                 I[K] / A.read_voltage, L.PulseEnergy[K]});
        Sets += L.Sets[K], Resets += L.Resets[K];
        Energy += L.PulseEnergy[K];
      }
    Summary += format("projection '%s': learning programmed %lld SET and %lld RESET pulses on "
                      "cells of array '%s', %.4g J%s\n",
                      D.name, (long long)Sets, (long long)Resets, A.name, Energy,
                      wireShare(A, L.PulseWireEnergy).c_str());
    if (!writeFile(Dir / (std::string(D.name) + ".learn" + (Npy ? ".npy" : ".csv")),
                   table(Npy, "row,col,set,reset,g,energy", Rows, 6), Err))
      return false;
  }
  return true;
}

} // namespace nmc::rt
