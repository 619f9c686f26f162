//===- LowerPopulations.cpp - Checked populations to IR populations -------===//
//
// The lowering of devices and neurons: after every declaration is checked,
// each population instantiates its device's template into an
// ir::Population, renaming parameters to `population.name`, substituting
// its applied waveform for the voltage, and building its columns, states,
// observables, per-element draws, events, event sources, probes and
// monitors. Checking happens before (Sema*.cpp); this file reports only
// what needs instantiated values: a population's parameter outside its
// device's range, and a probe interval that is not a whole number of steps.
// Circuits lower in LowerCircuits.cpp; arrays and networks get their own
// Lower*.cpp as they run.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

#include <array>
#include <cmath>
#include <cstdio>
#include <functional>

namespace nmc {

namespace {

/// The read-current spread of `relax i ~ wan2022(Gmax, age)`, after
/// aihwkit's ReRamWan2022NoiseModel (a fit to HfOx arrays in Wan et al.,
/// Nature 2022): sigma(x) in uS, x = G / Gmax, is a quartic measured 1 s,
/// 1 day and 2 days after programming. Between those ages sigma is
/// interpolated linearly in log(age), held at the 1 s curve before and the
/// 2-day curve after (no extrapolation beyond the data). One normal draw z
/// per device makes its deviation persist and grow as the spread broadens,
/// so the spread over devices at each age is the measured one. The age is
/// `age` plus the time from the start of the run; G is the device's own
/// |i / v| at the applied voltage.
const ir::Expr *relaxation(ir::ExprContext &C, const DeviceTemplate::Relax &R,
                           const ir::Expr *Current) {
  auto K = [&](double V) { return C.constant(V); };
  const ir::Expr *V = C.voltage();
  const ir::Expr *G = C.div(C.call(ir::CallFn::Abs, Current),
                            C.binary(ir::BinaryOp::Max, C.call(ir::CallFn::Abs, V), K(1e-30)));
  const ir::Expr *X = C.binary(ir::BinaryOp::Min, C.div(G, R.Gmax), K(1));
  auto Quartic = [&](std::array<double, 5> A) {
    const ir::Expr *P = K(A[4]);
    for (int I = 3; I >= 0; --I)
      P = C.add(K(A[I]), C.mul(X, P));
    return P;
  };
  const ir::Expr *S1 = Quartic({0.348, 16.030, -43.853, 45.393, -16.815});
  const ir::Expr *SDay = Quartic({0.701, 22.086, -50.773, 47.095, -16.458});
  const ir::Expr *S2Day = Quartic({0.782, 20.274, -43.507, 37.062, -11.934});
  const double Day = 86400;
  const ir::Expr *LogAge =
      C.call(ir::CallFn::Log, C.binary(ir::BinaryOp::Max, C.add(R.Age, C.time()), K(1)));
  auto Ramp = [&](double From, double To) {
    const ir::Expr *W = C.div(C.sub(LogAge, K(std::log(From))), K(std::log(To / From)));
    return C.binary(ir::BinaryOp::Min, C.binary(ir::BinaryOp::Max, W, K(0)), K(1));
  };
  const ir::Expr *Sigma = C.add(S1, C.add(C.mul(C.sub(SDay, S1), Ramp(1, Day)),
                                          C.mul(C.sub(S2Day, SDay), Ramp(Day, 2 * Day))));
  const ir::Expr *Z = C.random(ir::RandomDist::Normal, R.Stream, K(0));
  return C.mul(C.mul(C.mul(Sigma, K(1e-6)), Z), V);
}

} // namespace

ir::Param SemaImpl::instanceParam(const std::string &Owner, const DeviceTemplate::P &DP,
                                  const ir::Expr *Default) {
  ir::Param IP;
  IP.Name = Owner + "." + DP.Decl->Name.Name;
  IP.UnitText = DP.Default.D.str();
  for (int K = 0; K < Dim::NumBase; ++K)
    IP.Dim[K] = DP.Default.D.twice(K);
  IP.Default = Default;
  IP.Lo = DP.Lo, IP.Hi = DP.Hi, IP.LoOpen = DP.LoOpen, IP.HiOpen = DP.HiOpen;
  IP.Line = DP.Decl->Name.Range.Begin.Line;
  return IP;
}

void SemaImpl::lowerTable(const std::string &Name, const char *Device, const char *Column,
                          const std::vector<double> &Data) {
  ir::Population Table;
  Table.Name = Name;
  Table.Device = Device;
  Table.Size = int64_t(Data.size());
  Table.Scheme = ir::Method::ExponentialEuler;
  Table.Columns.push_back({Column, "1", ir::ColumnKind::Param, Data});
  M.Populations.push_back(std::move(Table));
}

void SemaImpl::instantiate() {
  for (const std::string &Name : PopulationOrder) {
    PopulationInfo &Info = Populations.at(Name);
    if (Info.Circuit)
      instantiateCircuit(Info);
    else
      instantiateDevice(Name, Info, Info.Decl->Name.Range, false);
  }
  if (Diags.hasErrors())
    return; // a population was not lowered
  lowerProbesAndMonitors();
}

void SemaImpl::instantiateDevice(const std::string &Name, PopulationInfo &Info, SourceRange At,
                                 bool ArrayCells) {
  {
    DeviceTemplate &T = *Info.Device;
    ir::Population P;
    P.Name = Name;
    P.Device = T.Name;
    P.Scheme = T.Scheme;
    P.Size = Info.Size;

    // Parameters of this population, in dependency order.
    // Per-element trains load their amplitudes from a table population
    // placed right before this one (the IR names a population before use).
    if (!ArrayCells && Info.Pulses)
      lowerTable(Name + ".pulses", "PulseTable", "a", Info.Pulses->Amplitudes);
    unsigned PopIndex = unsigned(M.Populations.size());
    std::vector<unsigned> Global(T.Params.size(), ~0u);
    // An array's cells: the runtime writes each cell's voltage into a
    // column after the states (arrays refuse compliances).
    unsigned ArrayVoltage = unsigned(T.States.size());
    const ir::Expr *Applied = ArrayCells          ? C.column(ArrayVoltage)
                              : Info.Pulses       ? pulsesWave(*Info.Pulses, PopIndex - 1)
                              : Info.Voltage.ok() ? Info.Voltage.E
                                                  : C.constant(0);
    // With a compliance, the device sees its own voltage, an unknown of
    // the population: the applied one while the current stays below I_C,
    // else the one that passes exactly I_C (an ideal series limiter).
    unsigned CellColumn = ~0u;
    if (T.Compliance)
      CellColumn = unsigned(T.States.size());
    const ir::Expr *Voltage = T.Compliance ? C.column(CellColumn) : Applied;
    auto Map = [&](const ir::Expr *E) -> const ir::Expr * {
      if (E->kind() == ir::ExprKind::Param)
        return C.param(Global[E->index()]);
      if (E->kind() == ir::ExprKind::Voltage)
        return Voltage;
      if (E->kind() == ir::ExprKind::Random)
        // Streams are unique per (population, non-ideality).
        return C.random(E->randomDist(), (PopIndex << 16) | E->index(), E->operand(0));
      return nullptr;
    };
    for (unsigned L : T.ParamOrder) {
      auto &DP = T.Params[L];
      auto O = Info.Overrides.find(DP.Decl->Name.Name);
      ir::Param IP = instanceParam(
          Name, DP, O != Info.Overrides.end() ? O->second.E : ir::rewrite(C, DP.Default.E, Map));
      Global[L] = unsigned(M.Params.size());
      double Val = ir::evaluate(IP.Default, GlobalDefaults).value_or(NAN);
      if (!std::isnan(Val) && !inRange(Val, IP.Lo, IP.Hi, IP.LoOpen, IP.HiOpen) &&
          O == Info.Overrides.end())
        Diags
            .report(DiagId::err_out_of_range, At,
                    {"parameter", IP.Name, formatQuantity(Val, DP.Default.D),
                     rangeText(IP.LoOpen, IP.Lo, IP.Hi, IP.HiOpen, DP.Default.D)})
            .note(DiagId::note_range_here, DP.Decl->Range_->Range);
      M.Params.push_back(IP);
      GlobalDefaults.push_back(Val);
    }

    // Columns: states (at the template's state indices), the cell voltage
    // under a compliance, drawn parameters, then internal bookkeeping;
    // observables last.
    for (auto &S : T.States)
      P.Columns.push_back({S.Decl->Name.Name, S.Init.D.str(), ir::ColumnKind::State});
    if (T.Compliance)
      P.Columns.push_back({"v", "V", ir::ColumnKind::State});
    if (ArrayCells)
      P.Columns.push_back({"v", "V", ir::ColumnKind::Internal});
    std::map<unsigned, unsigned> Drawn; // template param -> column
    for (const DeviceTemplate::Vary &V : T.Varies) {
      Drawn[V.Param] = unsigned(P.Columns.size());
      P.Columns.push_back({T.Params[V.Param].Decl->Name.Name, T.Params[V.Param].Default.D.str(),
                           ir::ColumnKind::Param});
      P.Draws.push_back({Drawn[V.Param], ir::rewrite(C, V.Value, Map), V.PerCycle});
    }
    // Equations read the element's own draw of a varied parameter, scaled
    // by its drift: P (max(t, t0) / t0)^-nu.
    std::map<unsigned, const DeviceTemplate::Drift *> Drifting;
    for (const DeviceTemplate::Drift &D : T.Drifts)
      Drifting[D.Param] = &D;
    std::function<const ir::Expr *(const ir::Expr *)> MapBody;
    MapBody = [&](const ir::Expr *E) -> const ir::Expr * {
      if (E->kind() != ir::ExprKind::Param)
        return Map(E);
      const ir::Expr *V =
          Drawn.count(E->index()) ? C.column(Drawn[E->index()]) : C.param(Global[E->index()]);
      if (auto It = Drifting.find(E->index()); It != Drifting.end()) {
        const ir::Expr *T0 = ir::rewrite(C, It->second->T0, Map);
        const ir::Expr *Nu = ir::rewrite(C, It->second->Nu, Map);
        V = C.mul(V, C.binary(ir::BinaryOp::Pow,
                              C.div(C.binary(ir::BinaryOp::Max, C.time(), T0), T0), C.neg(Nu)));
      }
      return V;
    };
    for (unsigned K = 0; K < T.States.size(); ++K) {
      auto &S = T.States[K];
      ir::StateVar SV;
      SV.Column = K;
      SV.Init = ir::rewrite(C, S.Init.E, MapBody);
      SV.Lo = S.Lo.ok() ? ir::rewrite(C, S.Lo.E, MapBody) : nullptr;
      SV.Hi = S.Hi.ok() ? ir::rewrite(C, S.Hi.E, MapBody) : nullptr;
      SV.Deriv = S.Deriv ? ir::rewrite(C, S.Deriv, MapBody) : nullptr;
      P.States.push_back(SV);
    }
    if (T.Compliance) {
      // v = V while |i(V)| <= I_C, else i(v) = +-I_C: each branch of the
      // residual is regular (dr/dv = 1, or di/dv of a conducting device).
      const ir::Expr *Ic = ir::rewrite(C, T.Compliance, MapBody);
      const ir::Expr *Cell = C.column(CellColumn);
      const ir::Expr *AtApplied =
          ir::rewrite(C,
                      ir::rewrite(C, T.Current.E,
                                  [&](const ir::Expr *E) -> const ir::Expr * {
                                    return E->kind() == ir::ExprKind::Voltage ? Applied : nullptr;
                                  }),
                      MapBody);
      const ir::Expr *AtCell = ir::rewrite(C, T.Current.E, MapBody);
      const ir::Expr *Limited = C.binary(ir::BinaryOp::Gt, C.call(ir::CallFn::Abs, AtApplied), Ic);
      ir::Algebraic A;
      A.Column = CellColumn;
      A.Init = C.constant(0);
      A.Residual = C.select(Limited, C.sub(AtCell, C.mul(C.call(ir::CallFn::Sign, AtApplied), Ic)),
                            C.sub(Cell, Applied));
      A.AbsTol = 1e-9;
      P.Algebraics.push_back(A);
    }
    // Telegraph noise: each trap a two-state Markov process, started from
    // its stationary distribution and stepped with the exact switching
    // probabilities of the step, 1 - exp(-dt / tau).
    const ir::Expr *Telegraph = C.constant(0);
    for (size_t R = 0; R < T.Telegraphs.size(); ++R) {
      const DeviceTemplate::Telegraph &TG = T.Telegraphs[R];
      const ir::Expr *Up = ir::rewrite(C, TG.TauUp, Map), *Down = ir::rewrite(C, TG.TauDown, Map);
      for (unsigned K = 0; K < TG.Traps; ++K) {
        unsigned Stream = (PopIndex << 16) | (TG.Stream + K);
        auto Draw = [&](const ir::Expr *Counter) {
          return C.random(ir::RandomDist::Uniform, Stream, Counter);
        };
        auto Switch = [&](const ir::Expr *Tau) {
          return C.neg(C.call(ir::CallFn::Expm1, C.neg(C.div(C.dt(), Tau))));
        };
        unsigned Col = unsigned(P.Columns.size());
        P.Columns.push_back(
            {"rtn" + std::to_string(R) + "." + std::to_string(K), "1", ir::ColumnKind::State});
        ir::StateVar SV;
        SV.Column = Col;
        const ir::Expr *One = C.constant(1), *Zero = C.constant(0);
        SV.Init =
            C.select(C.binary(ir::BinaryOp::Lt, Draw(Zero), C.div(Up, C.add(Up, Down))), One, Zero);
        const ir::Expr *U = Draw(C.add(C.step(), One));
        const ir::Expr *S = C.column(Col);
        SV.Update = C.select(C.binary(ir::BinaryOp::Gt, S, C.constant(0.5)),
                             C.select(C.binary(ir::BinaryOp::Lt, U, Switch(Up)), Zero, One),
                             C.select(C.binary(ir::BinaryOp::Lt, U, Switch(Down)), One, Zero));
        P.States.push_back(SV);
        Telegraph = C.add(Telegraph, C.mul(ir::rewrite(C, TG.Amplitude, Map), S));
      }
    }
    for (const DeviceTemplate::Ev &E : T.Events) {
      ir::Event IE;
      IE.Cond = ir::rewrite(C, E.Cond, MapBody);
      IE.Edge = E.Edge;
      for (auto &[Col, V] : E.Assigns)
        IE.Assigns.push_back({Col, ir::rewrite(C, V, MapBody)});
      IE.Held = E.Held;
      if (E.Refractory) {
        IE.Refractory = ir::rewrite(C, E.Refractory, MapBody);
        IE.RefractoryColumn = unsigned(P.Columns.size());
        P.Columns.push_back({"refractory_end." + E.Name, "s", ir::ColumnKind::Internal});
      }
      bool Monitored = false;
      for (const MonitorInfo &Mo : Monitors)
        Monitored |= Mo.Population == Name && Mo.Event == E.Name;
      // A neuron's spikes also feed the projections from it.
      Monitored |= SpikeSources.count(Name) && T.Decl->Kind == ast::DeclKind::Neuron;
      if (Monitored) {
        // All of a device's events (each named "event") are one source, as
        // are spike outputs of one name.
        IE.Source = -1;
        for (unsigned S = 0; S < M.Sources.size(); ++S)
          if (M.Sources[S].Population == PopIndex && M.Sources[S].Name == E.Name)
            IE.Source = int(S);
        if (IE.Source < 0) {
          IE.Source = int(M.Sources.size());
          M.Sources.push_back({E.Name, PopIndex, {}, {}, {}});
        }
      }
      P.Events.push_back(IE);
    }
    for (auto &[Var, Range] : Info.Probed) {
      bool Have = false;
      for (auto &Col : P.Columns)
        Have |= Col.Name == Var && Col.Kind != ir::ColumnKind::Internal;
      if (Have)
        continue;
      Value V;
      if (Var == "i") {
        V = T.Current;
        if (T.Noise && V.ok())
          V.E = C.add(V.E, T.Noise); // read noise: on the observed current
        if (V.ok())
          V.E = C.add(V.E, Telegraph); // telegraph noise too
        for (const DeviceTemplate::Relax &RX : T.Relaxes)
          if (V.ok())
            V.E = C.add(V.E, relaxation(C, RX, T.Current.E)); // in template terms
      } else if (Var == "v") {
        V.K = Value::Real;
        V.D = unitOf("V");
        V.E = C.voltage();
      } else {
        for (auto &L : T.Lets)
          if (L.Decl->Name.Name == Var)
            V = L.V;
      }
      if (!V.ok() || V.K != Value::Real) {
        Diags.report(DiagId::err_expected_number, Range, {"a condition"});
        continue;
      }
      unsigned Col = unsigned(P.Columns.size());
      P.Columns.push_back({Var, V.D.str(), ir::ColumnKind::Observable});
      P.Observables.push_back({Col, ir::rewrite(C, V.E, MapBody)});
    }
    if (ArrayCells) {
      // di/dv of each cell, for Newton on the crossbar's wires.
      for (const ir::Observable &O : std::vector<ir::Observable>(P.Observables))
        if (P.Columns[O.Column].Name == "i") {
          P.Observables.push_back(
              {unsigned(P.Columns.size()), ir::differentiate(C, O.Value, ArrayVoltage)});
          P.Columns.push_back({"g", "S", ir::ColumnKind::Observable});
        }
    }
    Info.Index = unsigned(M.Populations.size());
    M.Populations.push_back(std::move(P));
  }
}

void SemaImpl::lowerProbesAndMonitors() {
  for (const ProbeInfo &PR : Probes) {
    const PopulationInfo &Info = Populations.at(PR.Population);
    const ir::Population &P = M.Populations[Info.Index];
    ir::Probe IP;
    IP.Name = PR.Decl->Name.Name;
    IP.Population = Info.Index;
    IP.First = PR.First;
    IP.Count = PR.Count;
    IP.Interval = PR.Interval;
    if (PR.Interval > 0 && M.Dt > 0) {
      // The runtime samples every round(interval / dt) steps.
      double Steps = PR.Interval / M.Dt;
      double Whole = std::max(1.0, std::round(Steps));
      if (std::fabs(Steps - Whole) > 1e-9 * Whole) {
        auto G = [](double V) {
          char Buf[32];
          std::snprintf(Buf, sizeof Buf, "%.6g", V);
          return std::string(Buf);
        };
        Diags.report(DiagId::warn_probe_interval_rounded, PR.Decl->Interval->Range,
                     {G(PR.Interval), G(M.Dt), G(Whole), G(Whole * M.Dt)});
      }
    }
    for (const ast::Ident &V : PR.Decl->Vars)
      for (unsigned K = 0; K < P.Columns.size(); ++K)
        if (P.Columns[K].Name == V.Name && P.Columns[K].Kind != ir::ColumnKind::Internal)
          IP.Columns.push_back(K);
    M.Probes.push_back(IP);
  }
  for (const MonitorInfo &Mo : Monitors) {
    unsigned Pop = Populations.at(Mo.Population).Index;
    ir::Monitor IM;
    IM.Name = Mo.Decl->Name.Name;
    if (Mo.Decl->Vars.size() > 1)
      IM.Name += "." + Mo.Event; // a rate monitor names one variable
    for (unsigned S = 0; S < M.Sources.size(); ++S)
      if (M.Sources[S].Population == Pop && M.Sources[S].Name == Mo.Event)
        IM.Source = S;
    IM.First = Mo.First;
    IM.Count = Mo.Count;
    IM.RateBin = Mo.RateBin < 0 ? M.Dt : Mo.RateBin;
    M.Monitors.push_back(IM);
  }
}

} // namespace nmc
