//===- ModelCheck.cpp - Sanity checks on a model descriptor ---------------===//
#include "ModelCheck.h"

#include "ArrayCells.h"

#include "Format.h"

#include <cmath>
#include <set>
#include <string_view>

namespace nmc::rt {

namespace {

// Probe names become file names inside the output directory.
bool isSafeFileStem(std::string_view S) {
  if (S.empty() || S == "." || S == "..")
    return false;
  for (char C : S)
    if (C == '/' || C == '\\' || C == '\0' || C == '\n' || C == '\r')
      return false;
  return true;
}

bool checkPopulation(const nmc_population_desc &P, std::string &Err) {
  if (!P.name || !*P.name) {
    Err = "a population has no name";
    return false;
  }
  if (P.size < 0 || (P.num_columns && !P.columns)) {
    Err = format("population '%s': negative size or no columns", P.name);
    return false;
  }
  for (uint32_t C = 0; C < P.num_columns; ++C) {
    const nmc_column_desc &Col = P.columns[C];
    if (!Col.name || !Col.unit || Col.kind > NMC_COLUMN_INTERNAL || Col.type > NMC_I64) {
      Err = format("population '%s': column %u has no name, no unit or an "
                   "unknown kind or type",
                   P.name, C);
      return false;
    }
    // A dynamic population's data is checked when its size is known.
    if (Col.data && !(P.flags & NMC_POPULATION_DYNAMIC) && Col.data_count != P.size) {
      Err = format("population '%s': column '%s' has %lld values of data for %lld elements", P.name,
                   Col.name, (long long)Col.data_count, (long long)P.size);
      return false;
    }
  }
  return true;
}

bool checkProbe(const nmc_model_desc &M, const nmc_probe_desc &P, std::string &Err) {
  if (!P.name || !isSafeFileStem(P.name)) {
    Err = format("probe name '%s' cannot be a file name", P.name ? P.name : "(null)");
    return false;
  }
  if (P.population >= M.num_populations) {
    Err =
        format("probe '%s' refers to population %u of %u", P.name, P.population, M.num_populations);
    return false;
  }
  const nmc_population_desc &Pop = M.populations[P.population];
  // Synapses are counted when the run builds them (Simulation::allocate).
  bool Dynamic = Pop.flags & NMC_POPULATION_DYNAMIC;
  if (P.first < 0 || P.count < 0 ||
      (!Dynamic && (P.first > Pop.size || P.count > Pop.size - P.first))) {
    Err = format("probe '%s' records elements [%lld, %lld) of '%s', which "
                 "has %lld",
                 P.name, (long long)P.first, (long long)(P.first + P.count), Pop.name,
                 (long long)Pop.size);
    return false;
  }
  if (P.num_columns && !P.columns) {
    Err = format("probe '%s' has no column list", P.name);
    return false;
  }
  for (uint32_t C = 0; C < P.num_columns; ++C)
    if (P.columns[C] >= Pop.num_columns) {
      Err = format("probe '%s' records column %u of '%s', which has %u", P.name, P.columns[C],
                   Pop.name, Pop.num_columns);
      return false;
    }
  if (!(P.interval >= 0) || !std::isfinite(P.interval)) {
    Err = format("probe '%s' has interval %s", P.name, formatNumber(P.interval).c_str());
    return false;
  }
  return true;
}

/// A device array's cells (or selectors): one element per cell, columns
/// of doubles.
bool checkArrayCells(const nmc_model_desc &M, const nmc_array_desc &A, uint32_t Pop,
                     uint32_t Voltage, uint32_t Current, uint32_t Slope) {
  if (Pop >= M.num_populations)
    return false;
  const nmc_population_desc &P = M.populations[Pop];
  if (P.size != A.rows * physicalCols(A) || (P.flags & NMC_POPULATION_DYNAMIC))
    return false;
  for (uint32_t C : {Voltage, Current, Slope})
    if (C >= P.num_columns || P.columns[C].type != NMC_F64)
      return false;
  return true;
}

bool checkArray(const nmc_model_desc &M, const nmc_array_desc &A, std::string &Err) {
  bool Ok = A.name && A.rows >= 1 && A.cols >= 1 && A.rows <= (int64_t(1) << 31) / A.cols &&
            A.read_voltage > 0 && A.row_segment >= 0 && A.col_segment >= 0 && A.driver >= 0 &&
            A.sense >= 0 && (A.row_segment > 0) == (A.col_segment > 0) &&
            (A.row_segment > 0 || (A.driver == 0 && A.sense == 0)) && A.cells <= NMC_CELLS_DEVICE &&
            (A.cells != NMC_CELLS_DEVICE || checkArrayCells(M, A, A.population, A.voltage_column,
                                                            A.current_column, A.slope_column)) &&
            (A.selector_population == UINT32_MAX ||
             (A.cells == NMC_CELLS_DEVICE &&
              checkArrayCells(M, A, A.selector_population, A.selector_voltage_column,
                              A.selector_current_column, A.selector_slope_column))) &&
            (!A.program_targets ||
             (A.cells == NMC_CELLS_DEVICE && A.set_voltage > 0 && A.reset_voltage < 0 &&
              A.pulse_width > 0 && A.tolerance > 0 && A.max_pulses >= 1)) &&
            (A.num_updates == 0 ||
             (A.cells == NMC_CELLS_DEVICE && A.num_updates > 0 && A.updates && A.update_set > 0 &&
              A.update_reset < 0 && A.update_width > 0 && A.update_slots >= 1)) &&
            A.dac_bits >= 0 && A.dac_bits <= 24 && A.adc_bits >= 0 && A.adc_bits <= 24 &&
            A.dac_range > 0 && (A.adc_bits == 0 || A.adc_range > 0) && A.tile >= 0 &&
            (!A.differential || A.tile % 2 == 0) && A.read_width >= 0 && A.dac_energy >= 0 &&
            A.adc_energy >= 0 && (A.cells != NMC_CELLS_DATA || A.data) &&
            (A.drive_population == UINT32_MAX
                 ? A.inputs && A.num_inputs >= (A.transposed ? A.cols : A.rows) &&
                       A.num_inputs % (A.transposed ? A.cols : A.rows) == 0
                 : A.drive_population < M.num_populations &&
                       M.populations[A.drive_population].size == A.rows &&
                       M.populations[A.drive_population].num_columns >= 1 &&
                       M.populations[A.drive_population].columns[0].type == NMC_F64 &&
                       A.num_inputs == 0 && !A.transposed && A.dac_bits == 0 &&
                       A.solve == NMC_SOLVE_NONE) &&
            (!A.transistor ||
             (A.cells == NMC_CELLS_DEVICE && A.selector_population == UINT32_MAX && !A.transposed &&
              A.transistor_beta > 0 && A.transistor_n > 0 && std::isfinite(A.transistor_vth) &&
              std::isfinite(A.gate_voltage) && std::isfinite(A.program_gate_voltage) &&
              std::isfinite(A.off_gate_voltage))) &&
            A.sparsity >= 0 && A.sparsity <= 1 && (A.num_probes == 0 || A.probes) &&
            (A.solve == NMC_SOLVE_NONE ||
             ((A.solve == NMC_SOLVE_INVERSE
                   ? A.rows == A.cols
                   : A.solve == NMC_SOLVE_REGRESSION && A.rows >= A.cols && A.solve_feedback > 0) &&
              A.num_solves > 0 && A.solve_rhs && A.solve_gain >= 0 && A.tile == 0 &&
              A.dac_bits == 0 && A.adc_bits == 0 && !A.transposed));
  for (uint32_t P = 0; Ok && P < A.num_probes; ++P) {
    const nmc_array_probe_desc &PD = A.probes[P];
    Ok = PD.name && isSafeFileStem(PD.name) && (PD.num_vars == 0 || PD.vars) && PD.interval >= 0 &&
         (PD.interval == 0 || A.drive_population != UINT32_MAX);
    for (uint32_t V = 0; Ok && V < PD.num_vars; ++V)
      Ok = PD.vars[V] <= NMC_ARRAY_CONDUCTANCES;
  }
  if (!Ok)
    Err = format("array '%s' has a bad size, wire, read voltage, cells, inputs or probe",
                 A.name ? A.name : "(null)");
  return Ok;
}

/// A projection through an array: a source of the rows' population, a
/// target of one element per column, columns of doubles to add to.
bool checkArrayProjection(const nmc_model_desc &M, const nmc_array_projection_desc &D,
                          std::string &Err) {
  bool Ok = D.name && D.array < M.num_arrays && D.source < M.num_event_sources &&
            D.pre < M.num_populations && D.post < M.num_populations &&
            (D.num_targets == 0 || (D.target_columns && D.target_scales));
  if (Ok) {
    const nmc_array_desc &A = M.arrays[D.array];
    const nmc_population_desc &Post = M.populations[D.post];
    Ok = M.event_sources[D.source].population == D.pre && M.populations[D.pre].size == A.rows &&
         Post.size == A.cols && !(Post.flags & NMC_POPULATION_DYNAMIC);
    for (uint32_t T = 0; Ok && T < D.num_targets; ++T)
      Ok = D.target_columns[T] < Post.num_columns &&
           Post.columns[D.target_columns[T]].type == NMC_F64;
    if (Ok && D.pulse_width > 0)
      Ok = A.cells == NMC_CELLS_DEVICE && D.post_source < M.num_event_sources &&
           M.event_sources[D.post_source].population == D.post && D.window > 0 &&
           D.set_voltage > 0 && D.reset_voltage < 0;
  }
  if (!Ok)
    Err = format("projection '%s' through an array has a bad source, array or target",
                 D.name ? D.name : "(null)");
  return Ok;
}

} // namespace

bool checkModel(const nmc_model_desc &M, std::string &Err) {
  if ((M.num_params && (!M.params || !M.resolve_params)) || (M.num_populations && !M.populations) ||
      (M.num_probes && !M.probes) || (M.num_kernels && !M.kernels) ||
      (M.num_event_sources && !M.event_sources) || (M.num_monitors && !M.monitors) ||
      (M.num_sweep_values && !M.sweep_values) || (M.num_projections && !M.projections) ||
      (M.num_arrays && !M.arrays)) {
    Err = "a table or resolve_params is missing";
    return false;
  }
  for (uint32_t I = 0; I < M.num_kernels; ++I) {
    const nmc_kernel_desc &K = M.kernels[I];
    if (!K.fn || K.phase >= NMC_NUM_PHASES || K.population >= M.num_populations) {
      Err = format("kernel %u has no function, an unknown phase or population", I);
      return false;
    }
  }
  for (uint32_t I = 0; I < M.num_event_sources; ++I) {
    const nmc_event_source_desc &S = M.event_sources[I];
    bool Ok = (S.num_spikes == 0 || (S.spike_elements && S.spike_times)) &&
              S.population < M.num_populations && (S.num_time_columns == 0 || S.time_columns);
    for (uint32_t K = 0; Ok && K < S.num_time_columns; ++K)
      Ok = S.time_columns[K] < M.populations[S.population].num_columns;
    if (!Ok) {
      Err = format("event source %u names no population", I);
      return false;
    }
  }
  for (uint32_t I = 0; I < M.num_monitors; ++I) {
    const nmc_monitor_desc &Mo = M.monitors[I];
    if (!Mo.name || !isSafeFileStem(Mo.name) || Mo.source >= M.num_event_sources || Mo.first < 0 ||
        Mo.count < 0) {
      Err = format("monitor %u has a bad name, source or range", I);
      return false;
    }
  }
  for (uint32_t I = 0; I < M.num_projections; ++I) {
    const nmc_projection_desc &P = M.projections[I];
    uint32_t NP = M.num_populations;
    bool Ok = P.name && P.source < M.num_event_sources && P.pre < NP && P.post < NP &&
              P.synapses < NP && M.event_sources[P.source].population == P.pre &&
              ((M.populations[P.synapses].flags & NMC_POPULATION_DYNAMIC) ||
               M.populations[P.synapses].size == 1) &&
              M.populations[P.synapses].num_columns >= 2 && P.connect <= NMC_CONNECT_EDGES &&
              (P.num_edges == 0 || (P.edge_pre && P.edge_post)) &&
              (P.num_targets == 0 || (P.target_columns && P.target_scales));
    for (int64_t E = 0; Ok && E < P.num_edges; ++E)
      Ok = P.edge_pre[E] >= 0 && P.edge_pre[E] < M.populations[P.pre].size && P.edge_post[E] >= 0 &&
           P.edge_post[E] < M.populations[P.post].size;
    for (uint32_t T = 0; Ok && T < P.num_targets; ++T)
      Ok = P.target_columns[T] < M.populations[P.post].num_columns;
    if (P.connect == NMC_CONNECT_ONE_TO_ONE)
      Ok = Ok && M.populations[P.pre].size == M.populations[P.post].size;
    if (!Ok) {
      Err = format("projection %u names a missing source, population, column or edge", I);
      return false;
    }
  }
  if (M.num_sweep_values && M.sweep_param >= M.num_params) {
    Err = "the sweep names no parameter";
    return false;
  }
  for (uint32_t I = 0; I < M.num_params; ++I)
    if (!M.params[I].name || !*M.params[I].name) {
      Err = format("parameter %u has no name", I);
      return false;
    }
  for (uint32_t I = 0; I < M.num_populations; ++I)
    if (!checkPopulation(M.populations[I], Err))
      return false;
  std::set<std::string_view> Names;
  for (uint32_t I = 0; I < M.num_probes; ++I) {
    if (!checkProbe(M, M.probes[I], Err))
      return false;
    if (!Names.insert(M.probes[I].name).second) {
      Err = format("two probes are named '%s'", M.probes[I].name);
      return false;
    }
  }
  if (M.num_array_projections && !M.array_projections) {
    Err = "the model's array projections are missing";
    return false;
  }
  for (uint32_t I = 0; I < M.num_array_projections; ++I)
    if (!checkArrayProjection(M, M.array_projections[I], Err))
      return false;
  for (uint32_t I = 0; I < M.num_arrays; ++I) {
    if (!checkArray(M, M.arrays[I], Err))
      return false;
    for (uint32_t P = 0; P < M.arrays[I].num_probes; ++P)
      if (!Names.insert(M.arrays[I].probes[P].name).second) {
        Err = format("two probes are named '%s'", M.arrays[I].probes[P].name);
        return false;
      }
  }
  return true;
}

} // namespace nmc::rt
