//===- ParallelFor.cpp - Kernel launches over element ranges --------------===//
#include "ParallelFor.h"

#include "Simulation.h"

#include <omp.h>

namespace nmc::rt {

thread_local int64_t CurrentChunk = 0;

int64_t parallelFor(nmc_ctx *Ctx, nmc_kernel_fn Fn, const nmc_kernel_args &Args,
                    int64_t Begin, int64_t End) {
  if (End <= Begin)
    return 0;
  int64_t NumChunks = (End - Begin + ParallelChunk - 1) / ParallelChunk;
  if (Ctx && Ctx->ChunkEvents.size() < size_t(NumChunks))
    Ctx->ChunkEvents.resize(size_t(NumChunks));
  // A single chunk runs on the calling thread: no team to start, and small
  // populations are common.
  if (NumChunks == 1) {
    CurrentChunk = 0;
    return Fn(Ctx, &Args, Begin, End);
  }
  // num_threads rather than omp_set_num_threads: the JIT and the REPL call
  // nmc_main many times in one process, which must not change its defaults.
  int Threads = Ctx ? Ctx->Threads : omp_get_max_threads();
  int64_t Bad = 0;
#pragma omp parallel for schedule(static) num_threads(Threads) reduction(+ : Bad)
  for (int64_t C = 0; C < NumChunks; ++C) {
    int64_t B = Begin + C * ParallelChunk;
    int64_t E = End - B < ParallelChunk ? End : B + ParallelChunk;
    CurrentChunk = C;
    Bad += Fn(Ctx, &Args, B, E);
  }
  return Bad;
}

} // namespace nmc::rt
