//===- ArrayCells.cpp - The cells of a crossbar: fixed or a device --------===//
#include "ArrayCells.h"

#include "Format.h"
#include "Simulation.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace nmc::rt {

ArrayCells::ArrayCells(const nmc_array_desc &Desc, Simulation &S, uint64_t Seed)
    : A(Desc), Sim(S), Cells(Desc.rows * physicalCols(Desc)),
      Selector(Desc.cells == NMC_CELLS_DEVICE && Desc.selector_population != UINT32_MAX),
      Transistor(Desc.cells == NMC_CELLS_DEVICE && Desc.transistor != 0),
      Fire(Transistor && Desc.transistor == 2) {
  bool Device = device();
  if (Device)
    Off.assign(size_t(Cells), 0);
  else
    G.assign(size_t(Cells), A.a);
  for (int64_t K = 0; K < Cells; ++K) {
    size_t K1 = size_t(K);
    if (A.cells == NMC_CELLS_NORMAL)
      G[K1] = std::max(0.0, A.a + A.b * nmc_rt_normal(Seed, A.stream, uint64_t(K), 0));
    else if (A.cells == NMC_CELLS_UNIFORM)
      G[K1] = A.a + (A.b - A.a) * nmc_rt_uniform(Seed, A.stream, uint64_t(K), 0);
    else if (A.cells == NMC_CELLS_DATA)
      G[K1] = A.data[K];
    if (A.sparsity > 0 && nmc_rt_uniform(Seed, A.stream, uint64_t(K), 1) < A.sparsity) {
      if (Device)
        Off[K1] = 1;
      else
        G[K1] = 0;
    }
  }
}

bool ArrayCells::observe(uint32_t Pop, uint32_t VCol, uint32_t ICol, uint32_t GCol, const double *V,
                         double *I, double *Slope, int64_t Begin, int64_t End, int64_t Counter,
                         std::string &Err) {
  auto *Volt = static_cast<double *>(Sim.column(Pop, VCol));
  std::copy(V + Begin, V + End, Volt + Begin);
  if (!Sim.observe(Pop, Begin, End, Counter, std::string("a read of array '") + A.name + "'", Err))
    return false;
  const auto *Cur = static_cast<const double *>(Sim.column(Pop, ICol));
  const auto *Sl = static_cast<const double *>(Sim.column(Pop, GCol));
  std::copy(Cur + Begin, Cur + End, I + Begin);
  if (Slope)
    std::copy(Sl + Begin, Sl + End, Slope + Begin);
  return true;
}

bool ArrayCells::series(const double *V, double *I, double *Slope, int64_t Begin, int64_t End,
                        int64_t Counter, std::string &Err) {
  for (auto *B : {&Lo, &Hi, &U, &Im, &Gm, &Is, &Gs})
    B->resize(size_t(Cells));
  SelV.resize(size_t(Cells));
  if (Fire)
    IFire.resize(size_t(Cells)), GFire.resize(size_t(Cells)), SFire.resize(size_t(Cells));
  for (int64_t K = Begin; K < End; ++K) {
    // The bottom node lies between the row node u and the column node c,
    // and with a fire gate also ground: U = u - bottom is bracketed.
    double C = Fire && ColumnNode ? ColumnNode[K] : 0.0, Row = V[K] + C;
    Lo[size_t(K)] = Row - std::max({0.0, C, Row});
    Hi[size_t(K)] = Row - std::min({0.0, C, Row});
    U[size_t(K)] = 0.5 * (Lo[size_t(K)] + Hi[size_t(K)]);
  }
  const int MaxIterations = 200;
  for (int It = 0;; ++It) {
    for (int64_t K = Begin; K < End; ++K)
      SelV[size_t(K)] = V[K] - U[size_t(K)];
    if (!observe(A.population, A.voltage_column, A.current_column, A.slope_column, U.data(),
                 Im.data(), Gm.data(), Begin, End, Counter, Err))
      return false;
    if (Transistor)
      transistors(SelV.data(), Is.data(), Gs.data(), Begin, End);
    else if (!observe(A.selector_population, A.selector_voltage_column, A.selector_current_column,
                      A.selector_slope_column, SelV.data(), Is.data(), Gs.data(), Begin, End,
                      Counter, Err))
      return false;
    int64_t Open = -1;
    for (int64_t K = Begin; K < End; ++K) {
      size_t K1 = size_t(K);
      // What leaves the bottom node: the access transistor (or selector),
      // and a 2T1R cell's fire gate.
      double Out = Is[K1] + (Fire ? IFire[K1] : 0.0);
      double R = Im[K1] - Out;
      if (std::abs(R) <= 1e-13 * std::max(std::abs(Im[K1]), std::abs(Out)) ||
          Hi[K1] - Lo[K1] <= 1e-15)
        continue;
      Open = K;
      (R > 0 ? Hi : Lo)[K1] = U[K1];
      double D = Gm[K1] + Gs[K1] + (Fire ? GFire[K1] : 0.0);
      double Next = D > 0 ? U[K1] - R / D : Lo[K1];
      // Past 20 iterations every other step bisects: where rounding keeps
      // the currents from agreeing to 1e-13, Newton steps inside the
      // bracket need not shrink it, and bisection ends at 1e-15 V.
      bool Bisect = It >= 20 && It % 2;
      U[K1] = !Bisect && Next > Lo[K1] && Next < Hi[K1] ? Next : 0.5 * (Lo[K1] + Hi[K1]);
    }
    if (Open < 0)
      break;
    if (It == MaxIterations) {
      Err = format("array '%s', cell %lld: its %s and memory device do not agree on a "
                   "current after %d iterations (at %.6g V across the cell)",
                   A.name, (long long)Open, Transistor ? "transistor" : "selector", MaxIterations,
                   V[Open]);
      return false;
    }
  }
  for (int64_t K = Begin; K < End; ++K) {
    size_t K1 = size_t(K);
    // The column takes the access transistor's share; the slope is
    // d i_access / dv with the bottom node following, g_s g_m / (g_m + g_s
    // + g_fire).
    I[K] = Fire ? Is[K1] : Im[K1];
    double D = Gm[K1] + Gs[K1] + (Fire ? GFire[K1] : 0.0);
    if (Slope)
      Slope[K] = D > 0 ? Gm[K1] * Gs[K1] / D : 0;
    if (Fire)
      SFire[K1] = D > 0 ? Gm[K1] * GFire[K1] / D : 0;
  }
  return true;
}

bool ArrayCells::eval(const double *V, double *I, double *Slope, int64_t Begin, int64_t End,
                      int64_t Counter, std::string &Err) {
  if (!device()) {
    for (int64_t K = Begin; K < End; ++K) {
      I[K] = G[size_t(K)] * V[K];
      if (Slope)
        Slope[K] = G[size_t(K)];
    }
    return true;
  }
  if (Selector || Transistor ? !series(V, I, Slope, Begin, End, Counter, Err)
                             : !observe(A.population, A.voltage_column, A.current_column,
                                        A.slope_column, V, I, Slope, Begin, End, Counter, Err))
    return false;
  for (int64_t K = Begin; K < End; ++K)
    if (Off[size_t(K)]) {
      I[K] = 0;
      if (Slope)
        Slope[K] = 0;
      if (Fire)
        IFire[size_t(K)] = SFire[size_t(K)] = 0;
    }
  return true;
}

namespace {
/// EKV, as the circuits' nmos (frontend/lib/LowerCircuits.cpp), bulk at
/// ground:
///   I_d = I_s [F(V_p - V_s) - F(V_p - V_d)],  F(x) = ln^2(1 + e^(x / 2 U_T)),
///   I_s = 2 n beta U_T^2,  V_p = (V_g - V_th) / n.
/// Leaves the drain current and dI/dV_d at gate Vg, source Vs and Vds.
void ekv(const nmc_array_desc &A, double Vg, double Vs, double Vds, double &I, double &Slope) {
  const double Ut = 1.380649e-23 * 300 / 1.602176634e-19;
  const double Is0 = 2 * A.transistor_n * A.transistor_beta * Ut * Ut;
  auto Soft = [&](double X) { // ln(1 + e^y), y = x / 2 U_T, without overflow
    double Y = X / (2 * Ut);
    return std::max(Y, 0.0) + std::log1p(std::exp(-std::abs(Y)));
  };
  double Vp = (Vg - A.transistor_vth) / A.transistor_n;
  double Vd = Vs + Vds;
  double Ls = Soft(Vp - Vs), Ld = Soft(Vp - Vd);
  double Y = (Vp - Vd) / (2 * Ut);
  double Sigma = Y >= 0 ? 1 / (1 + std::exp(-Y)) : std::exp(Y) / (1 + std::exp(Y));
  // F_s - F_d = (L_s - L_d)(L_s + L_d), and L_s - L_d = ln(1 + sigma(y_d)
  // (e^(V_ds / 2 U_T) - 1)) from V_ds itself: the difference of the two
  // squares would cancel to rounding noise larger than a small cell's
  // current, and the series solve would never agree on it.
  double Diff = std::log1p(Sigma * std::expm1(Vds / (2 * Ut)));
  I = Is0 * Diff * (Ls + Ld);
  // dF/dx = 2 ln(1 + e^y) sigma(y) / (2 U_T); dI/dV_d = I_s F'(V_p - V_d).
  Slope = Is0 * 2 * Ld * Sigma / (2 * Ut);
}
} // namespace

void ArrayCells::transistors(const double *Vds, double *I, double *Slope, int64_t Begin,
                             int64_t End) {
  const int64_t Mp = physicalCols(A);
  for (int64_t K = Begin; K < End; ++K) {
    double Vs = ColumnNode ? ColumnNode[K] : 0;
    ekv(A, RowGate ? RowGate[K / Mp] : A.gate_voltage, Vs, Vds[K], I[K], Slope[K]);
    if (Fire) // the same bottom node, Vs + Vds, to ground
      ekv(A, FireGate ? FireGate[K % Mp] : A.off_gate_voltage, 0, Vs + Vds[K], IFire[size_t(K)],
          GFire[size_t(K)]);
  }
}

std::vector<uint32_t> ArrayCells::populations() const {
  std::vector<uint32_t> P;
  if (device())
    P.push_back(A.population);
  if (Selector)
    P.push_back(A.selector_population);
  return P;
}

void ArrayCells::rest() {
  if (!device())
    return;
  for (auto [Pop, Col] : {std::pair{A.population, A.voltage_column},
                          std::pair{A.selector_population, A.selector_voltage_column}}) {
    if (Pop == UINT32_MAX)
      continue;
    auto *Volt = static_cast<double *>(Sim.column(Pop, Col));
    std::fill(Volt, Volt + Cells, 0.0);
  }
}

} // namespace nmc::rt
