//===- ParallelFor.h - Kernel launches over element ranges ------*- C++ -*-===//
//
// The only place the runtime runs kernels in parallel. A range is cut into
// chunks of a fixed size, independent of the thread count, so that anything
// a kernel computes per chunk (and the order the chunks' counts are summed
// in) is the same on 1 or 64 threads.
//
//===----------------------------------------------------------------------===//
#ifndef NMC_RUNTIME_PARALLELFOR_H
#define NMC_RUNTIME_PARALLELFOR_H

#include "nmc/abi.h"

#include <cstdint>

namespace nmc::rt {

/// Elements per kernel call: large enough that a call costs little next to
/// its work, small enough to balance 100k-element populations.
constexpr int64_t ParallelChunk = 4096;

/// The chunk the calling thread is running (for nmc_rt_emit_event).
extern thread_local int64_t CurrentChunk;

/// Runs Fn over [Begin, End) in chunks [Begin + k*ParallelChunk, ...) on
/// Ctx's thread count (OpenMP's default when Ctx is null). Returns the sum
/// of the kernel's non-finite counts.
int64_t parallelFor(nmc_ctx *Ctx, nmc_kernel_fn Fn, const nmc_kernel_args &Args,
                    int64_t Begin, int64_t End);

} // namespace nmc::rt

#endif
