//===- ArrayProgram.cpp - Write-verify of a crossbar's device cells -------===//
#include "ArrayProgram.h"

#include "ArrayCells.h"
#include "Format.h"
#include "Simulation.h"

#include <algorithm>
#include <cmath>

namespace nmc::rt {

bool writeVerify(const nmc_array_desc &A, ArrayCells &Cells, Simulation &Sim, int64_t &Counter,
                 ProgramReport &R, std::string &Err) {
  const int64_t N = A.rows, M = A.cols, Size = N * M;
  R.Pulses.assign(size_t(Size), 0);
  R.Energy.assign(size_t(Size), 0.0);
  R.G.assign(size_t(Size), 0.0);
  // A pulse takes whole steps of at most the run's step.
  int64_t Steps = std::max<int64_t>(1, int64_t(std::ceil(A.pulse_width / Sim.dt() - 1e-9)));
  double StepDt = A.pulse_width / double(Steps);
  std::string What = format("programming array '%s'", A.name);
  const size_t Cells1 = static_cast<size_t>(Size);
  std::vector<double> Read(Cells1, A.read_voltage), V(Cells1), I(Cells1), P0(Cells1), P1(Cells1);

  auto Conductances = [&](int64_t Begin, int64_t End) {
    if (!Cells.eval(Read.data(), I.data(), nullptr, Begin, End, Counter--, Err))
      return false;
    for (int64_t K = Begin; K < End; ++K)
      R.G[size_t(K)] = I[size_t(K)] / A.read_voltage;
    return true;
  };
  auto Power = [&](std::vector<double> &Out) {
    if (!Cells.eval(V.data(), I.data(), nullptr, Counter--, Err))
      return false;
    for (size_t K = 0; K < Out.size(); ++K)
      Out[K] = V[K] * I[K];
    return true;
  };
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
      if (!Conductances(Row * M, (Row + 1) * M))
        return false;
      bool Any = false;
      for (int64_t J = 0; J < M; ++J)
        Any |= (Need[size_t(J)] = Side(Row * M + J)) != 0;
      if (!Any || Pass == A.max_pulses)
        break;
      for (int Want : {-1, 1}) {
        double Amp = Want < 0 ? A.set_voltage : A.reset_voltage;
        std::fill(V.begin(), V.end(), 0.0);
        std::fill(V.begin() + Row * M, V.begin() + (Row + 1) * M, Amp / 2);
        bool Selected = false;
        for (int64_t J = 0; J < M; ++J) {
          if (Need[size_t(J)] != Want)
            continue;
          Selected = true;
          for (int64_t I1 = 0; I1 < N; ++I1)
            V[size_t(I1 * M + J)] = Amp / 2;
          V[size_t(Row * M + J)] = Amp;
          ++R.Pulses[size_t(Row * M + J)];
        }
        if (!Selected)
          continue;
        if (!Power(P0))
          return false;
        for (int64_t S = 0; S < Steps; ++S) {
          if (!Sim.stepAlone(A.population, 1, StepDt, Counter--, What, Err) || !Power(P1))
            return false;
          for (size_t K = 0; K < P1.size(); ++K)
            R.Energy[K] += 0.5 * StepDt * (P0[K] + P1[K]);
          std::swap(P0, P1);
        }
        R.Time += A.pulse_width;
      }
    }
  }
  if (!Conductances(0, Size))
    return false;
  R.Outside = 0;
  for (int64_t K = 0; K < Size; ++K)
    R.Outside += Side(K) != 0;
  Cells.rest();
  return true;
}

} // namespace nmc::rt
