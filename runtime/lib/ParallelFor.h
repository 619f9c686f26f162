//===- ParallelFor.h - Kernel launches over element ranges ------*- C++ -*-===//
//
// The only place the runtime runs kernels in parallel. A range is cut into
// contiguous chunks, as many per thread, of nearly equal size (multiples of
// 64 elements: a vector loop that interleaves four 8-wide vectors runs no
// scalar remainder, which cost the flagship kernel 14%), so that 10^4
// elements split evenly over 2 threads. Chunking may depend on the thread
// count because nothing a kernel computes does: every value is a function
// of its element alone (the vector body and the scalar remainder of a loop
// compute the same bits), the non-finite counts are integers, and events
// are collected per chunk in element order and then ordered by time.
//
//===----------------------------------------------------------------------===//
#ifndef NMC_RUNTIME_PARALLELFOR_H
#define NMC_RUNTIME_PARALLELFOR_H

#include "nmc/abi.h"

#include <cstdint>

namespace nmc::rt {

/// Elements per kernel call at most: large enough that a call costs little
/// next to its work, small enough to balance 100k-element populations.
constexpr int64_t ParallelChunk = 4096;

/// Chunk length for N elements on Threads threads: ceil(N / C) rounded up
/// to a multiple of 64, where C is the smallest multiple of Threads that
/// keeps chunks within ParallelChunk.
int64_t chunkLength(int64_t N, int Threads);

/// The chunk the calling thread is running (for nmc_rt_emit_event).
extern thread_local int64_t CurrentChunk;

/// Runs Fn over [Begin, End) in chunks [Begin + k*chunkLength, ...) on
/// Ctx's thread count (OpenMP's default when Ctx is null). Returns the sum
/// of the kernel's non-finite counts. Serial runs the whole range as one
/// chunk on the calling thread (kernels that scatter).
/// Light kernels (NMC_KERNEL_LIGHT) run as one chunk below LightPerThread
/// elements per thread: waking a team costs 40 to 150 us on the virtual
/// machines this was measured on (futex hand-offs), more than 10^5 cheap
/// element updates; COBA at 64,000 neurons ran 1.5 times slower on 2
/// threads than on 1 with a threshold of 4096.
int64_t parallelFor(nmc_ctx *Ctx, nmc_kernel_fn Fn, const nmc_kernel_args &Args, int64_t Begin,
                    int64_t End, bool Serial = false, bool Light = false);
constexpr int64_t LightPerThread = int64_t(1) << 17;

} // namespace nmc::rt

#endif
