//===- ParallelFor.cpp - Kernel launches over element ranges --------------===//
#include "ParallelFor.h"

#include "Simulation.h"

#include <omp.h>

namespace nmc::rt {

thread_local int64_t CurrentChunk = 0;

int64_t chunkLength(int64_t N, int Threads) {
  int64_t T = Threads < 1 ? 1 : Threads;
  int64_t Rounds = (N + T * ParallelChunk - 1) / (T * ParallelChunk);
  int64_t Chunks = Rounds * T;
  int64_t Len = (N + Chunks - 1) / Chunks;
  return (Len + 63) / 64 * 64;
}

int64_t parallelFor(nmc_ctx *Ctx, nmc_kernel_fn Fn, const nmc_kernel_args &Args, int64_t Begin,
                    int64_t End, bool Serial, bool Light) {
  if (End <= Begin)
    return 0;
  int Threads = Ctx ? Ctx->Threads : omp_get_max_threads();
  // Below 64 elements per thread a team costs more than it saves.
  int64_t Least = Light ? LightPerThread : 64;
  int64_t Len = Serial || End - Begin < Least * int64_t(Threads)
                    ? End - Begin
                    : chunkLength(End - Begin, Threads);
  int64_t NumChunks = (End - Begin + Len - 1) / Len;
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
  int64_t Bad = 0;
#pragma omp parallel for schedule(static) num_threads(Threads) reduction(+ : Bad)
  for (int64_t C = 0; C < NumChunks; ++C) {
    int64_t B = Begin + C * Len;
    int64_t E = End - B < Len ? End : B + Len;
    CurrentChunk = C;
    Bad += Fn(Ctx, &Args, B, E);
  }
  return Bad;
}

} // namespace nmc::rt
