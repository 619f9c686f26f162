//===- AbiLayoutTest.cpp - codegen's mirrors of abi.h match the C layout --===//
#include "AbiTypes.h"

#include "nmc/abi.h"

#include "llvm/IR/DataLayout.h"
#include "llvm/IR/LLVMContext.h"

#include <cstddef>
#include <gtest/gtest.h>

namespace {

// The x86-64 SysV layout that generated code uses (the JIT and AOT target).
const char *HostLayout =
    "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128";

void expectLayout(llvm::StructType *T, size_t Size, std::vector<size_t> Offsets) {
  llvm::DataLayout DL(HostLayout);
  const llvm::StructLayout *L = DL.getStructLayout(T);
  EXPECT_EQ(L->getSizeInBytes(), Size);
  ASSERT_EQ(T->getNumElements(), Offsets.size());
  for (unsigned I = 0; I < Offsets.size(); ++I)
    EXPECT_EQ(L->getElementOffset(I), Offsets[I]) << "field " << I;
}

TEST(AbiLayout, StructsMatchTheHeader) {
  llvm::LLVMContext C;
  nmc::codegen::AbiTypes T(C);
  expectLayout(T.KernelArgs, sizeof(nmc_kernel_args),
               {offsetof(nmc_kernel_args, t), offsetof(nmc_kernel_args, dt),
                offsetof(nmc_kernel_args, params), offsetof(nmc_kernel_args, columns),
                offsetof(nmc_kernel_args, seed), offsetof(nmc_kernel_args, step),
                offsetof(nmc_kernel_args, populations), offsetof(nmc_kernel_args, sizes),
                offsetof(nmc_kernel_args, elements)});
  expectLayout(T.ParamDesc, sizeof(nmc_param_desc),
               {offsetof(nmc_param_desc, name), offsetof(nmc_param_desc, unit),
                offsetof(nmc_param_desc, dim), offsetof(nmc_param_desc, lo),
                offsetof(nmc_param_desc, hi), offsetof(nmc_param_desc, bound_flags),
                offsetof(nmc_param_desc, line)});
  expectLayout(T.ColumnDesc, sizeof(nmc_column_desc),
               {offsetof(nmc_column_desc, name), offsetof(nmc_column_desc, unit),
                offsetof(nmc_column_desc, kind), offsetof(nmc_column_desc, type),
                offsetof(nmc_column_desc, data), offsetof(nmc_column_desc, data_count)});
  expectLayout(T.PopulationDesc, sizeof(nmc_population_desc),
               {offsetof(nmc_population_desc, name), offsetof(nmc_population_desc, device),
                offsetof(nmc_population_desc, size), offsetof(nmc_population_desc, num_columns),
                offsetof(nmc_population_desc, columns), offsetof(nmc_population_desc, flags)});
  expectLayout(T.KernelDesc, sizeof(nmc_kernel_desc),
               {offsetof(nmc_kernel_desc, name), offsetof(nmc_kernel_desc, phase),
                offsetof(nmc_kernel_desc, population), offsetof(nmc_kernel_desc, fn),
                offsetof(nmc_kernel_desc, flags)});
  expectLayout(T.EventSourceDesc, sizeof(nmc_event_source_desc),
               {offsetof(nmc_event_source_desc, name), offsetof(nmc_event_source_desc, population),
                offsetof(nmc_event_source_desc, num_time_columns),
                offsetof(nmc_event_source_desc, time_columns),
                offsetof(nmc_event_source_desc, num_spikes),
                offsetof(nmc_event_source_desc, spike_elements),
                offsetof(nmc_event_source_desc, spike_times)});
  expectLayout(T.MonitorDesc, sizeof(nmc_monitor_desc),
               {offsetof(nmc_monitor_desc, name), offsetof(nmc_monitor_desc, source),
                offsetof(nmc_monitor_desc, first), offsetof(nmc_monitor_desc, count),
                offsetof(nmc_monitor_desc, rate_bin)});
  expectLayout(T.ProbeDesc, sizeof(nmc_probe_desc),
               {offsetof(nmc_probe_desc, name), offsetof(nmc_probe_desc, population),
                offsetof(nmc_probe_desc, first), offsetof(nmc_probe_desc, count),
                offsetof(nmc_probe_desc, num_columns), offsetof(nmc_probe_desc, columns),
                offsetof(nmc_probe_desc, interval)});
  expectLayout(T.ProjectionDesc, sizeof(nmc_projection_desc),
               {offsetof(nmc_projection_desc, name),
                offsetof(nmc_projection_desc, source),
                offsetof(nmc_projection_desc, pre),
                offsetof(nmc_projection_desc, post),
                offsetof(nmc_projection_desc, synapses),
                offsetof(nmc_projection_desc, connect),
                offsetof(nmc_projection_desc, p),
                offsetof(nmc_projection_desc, k),
                offsetof(nmc_projection_desc, allow_self),
                offsetof(nmc_projection_desc, num_edges),
                offsetof(nmc_projection_desc, edge_pre),
                offsetof(nmc_projection_desc, edge_post),
                offsetof(nmc_projection_desc, stream),
                offsetof(nmc_projection_desc, num_targets),
                offsetof(nmc_projection_desc, target_columns),
                offsetof(nmc_projection_desc, target_scales),
                offsetof(nmc_projection_desc, pre_kernel),
                offsetof(nmc_projection_desc, post_kernel),
                offsetof(nmc_projection_desc, post_source),
                offsetof(nmc_projection_desc, target_factors)});
  expectLayout(T.ModelDesc, sizeof(nmc_model_desc),
               {offsetof(nmc_model_desc, abi_version),
                offsetof(nmc_model_desc, name),
                offsetof(nmc_model_desc, source),
                offsetof(nmc_model_desc, compiler_version),
                offsetof(nmc_model_desc, t_stop),
                offsetof(nmc_model_desc, dt),
                offsetof(nmc_model_desc, num_params),
                offsetof(nmc_model_desc, params),
                offsetof(nmc_model_desc, resolve_params),
                offsetof(nmc_model_desc, num_populations),
                offsetof(nmc_model_desc, populations),
                offsetof(nmc_model_desc, num_probes),
                offsetof(nmc_model_desc, probes),
                offsetof(nmc_model_desc, num_kernels),
                offsetof(nmc_model_desc, kernels),
                offsetof(nmc_model_desc, num_event_sources),
                offsetof(nmc_model_desc, event_sources),
                offsetof(nmc_model_desc, num_monitors),
                offsetof(nmc_model_desc, monitors),
                offsetof(nmc_model_desc, num_projections),
                offsetof(nmc_model_desc, projections),
                offsetof(nmc_model_desc, sweep_param),
                offsetof(nmc_model_desc, num_sweep_values),
                offsetof(nmc_model_desc, sweep_values),
                offsetof(nmc_model_desc, num_arrays),
                offsetof(nmc_model_desc, arrays),
                offsetof(nmc_model_desc, num_array_projections),
                offsetof(nmc_model_desc, array_projections)});
  expectLayout(
      T.ArrayProjectionDesc, sizeof(nmc_array_projection_desc),
      {offsetof(nmc_array_projection_desc, name), offsetof(nmc_array_projection_desc, source),
       offsetof(nmc_array_projection_desc, pre), offsetof(nmc_array_projection_desc, post),
       offsetof(nmc_array_projection_desc, array), offsetof(nmc_array_projection_desc, num_targets),
       offsetof(nmc_array_projection_desc, target_columns),
       offsetof(nmc_array_projection_desc, target_scales),
       offsetof(nmc_array_projection_desc, post_source),
       offsetof(nmc_array_projection_desc, window),
       offsetof(nmc_array_projection_desc, set_voltage),
       offsetof(nmc_array_projection_desc, reset_voltage),
       offsetof(nmc_array_projection_desc, pulse_width),
       offsetof(nmc_array_projection_desc, learn_until),
       offsetof(nmc_array_projection_desc, learn_mode)});
  expectLayout(T.ArrayProbeDesc, sizeof(nmc_array_probe_desc),
               {offsetof(nmc_array_probe_desc, name), offsetof(nmc_array_probe_desc, num_vars),
                offsetof(nmc_array_probe_desc, vars), offsetof(nmc_array_probe_desc, interval)});
  expectLayout(T.ArrayDesc, sizeof(nmc_array_desc),
               {offsetof(nmc_array_desc, name),
                offsetof(nmc_array_desc, rows),
                offsetof(nmc_array_desc, cols),
                offsetof(nmc_array_desc, row_segment),
                offsetof(nmc_array_desc, col_segment),
                offsetof(nmc_array_desc, driver),
                offsetof(nmc_array_desc, sense),
                offsetof(nmc_array_desc, read_voltage),
                offsetof(nmc_array_desc, cells),
                offsetof(nmc_array_desc, a),
                offsetof(nmc_array_desc, b),
                offsetof(nmc_array_desc, data),
                offsetof(nmc_array_desc, num_inputs),
                offsetof(nmc_array_desc, inputs),
                offsetof(nmc_array_desc, stream),
                offsetof(nmc_array_desc, sparsity),
                offsetof(nmc_array_desc, num_probes),
                offsetof(nmc_array_desc, probes),
                offsetof(nmc_array_desc, population),
                offsetof(nmc_array_desc, voltage_column),
                offsetof(nmc_array_desc, current_column),
                offsetof(nmc_array_desc, slope_column),
                offsetof(nmc_array_desc, program_targets),
                offsetof(nmc_array_desc, set_voltage),
                offsetof(nmc_array_desc, reset_voltage),
                offsetof(nmc_array_desc, pulse_width),
                offsetof(nmc_array_desc, tolerance),
                offsetof(nmc_array_desc, max_pulses),
                offsetof(nmc_array_desc, num_updates),
                offsetof(nmc_array_desc, updates),
                offsetof(nmc_array_desc, update_set),
                offsetof(nmc_array_desc, update_reset),
                offsetof(nmc_array_desc, update_width),
                offsetof(nmc_array_desc, update_slots),
                offsetof(nmc_array_desc, differential),
                offsetof(nmc_array_desc, dac_bits),
                offsetof(nmc_array_desc, adc_bits),
                offsetof(nmc_array_desc, dac_range),
                offsetof(nmc_array_desc, adc_range),
                offsetof(nmc_array_desc, tile),
                offsetof(nmc_array_desc, selector_population),
                offsetof(nmc_array_desc, selector_voltage_column),
                offsetof(nmc_array_desc, selector_current_column),
                offsetof(nmc_array_desc, selector_slope_column),
                offsetof(nmc_array_desc, transposed),
                offsetof(nmc_array_desc, read_width),
                offsetof(nmc_array_desc, solve),
                offsetof(nmc_array_desc, num_solves),
                offsetof(nmc_array_desc, solve_rhs),
                offsetof(nmc_array_desc, solve_gain),
                offsetof(nmc_array_desc, solve_feedback),
                offsetof(nmc_array_desc, dac_energy),
                offsetof(nmc_array_desc, adc_energy),
                offsetof(nmc_array_desc, drive_population),
                offsetof(nmc_array_desc, transistor),
                offsetof(nmc_array_desc, transistor_beta),
                offsetof(nmc_array_desc, transistor_vth),
                offsetof(nmc_array_desc, transistor_n),
                offsetof(nmc_array_desc, gate_voltage),
                offsetof(nmc_array_desc, program_gate_voltage),
                offsetof(nmc_array_desc, off_gate_voltage)});
}

} // namespace
