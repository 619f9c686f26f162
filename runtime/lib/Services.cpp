//===- Services.cpp - Runtime entry points that generated code calls ------===//
//
// Random numbers: Philox4x64-10 from Random123 (Debian librandom123-dev),
// chosen over a hand-written generator because it is the published
// counter-based generator (Salmon et al., SC'11) that passes BigCrush and
// needs no state: a draw is a function of its key (seed, stream) and
// counter (element, counter), so it is the same on any thread count and in
// any order. Uniforms take the top 53 bits, shifted into (0, 1); normals use
// Box-Muller on two uniforms of one block.
//
//===----------------------------------------------------------------------===//
#include "nmc/abi.h"

#include "ParallelFor.h"
#include "Simulation.h"

#include <Random123/philox.h>

#include <cmath>

namespace {

r123::Philox4x64::ctr_type block(uint64_t Seed, uint64_t Stream, uint64_t Element,
                                 uint64_t Counter) {
  r123::Philox4x64 G;
  r123::Philox4x64::key_type K = {{Seed, Stream}};
  r123::Philox4x64::ctr_type C = {{Element, Counter, 0, 0}};
  return G(C, K);
}

/// (0, 1): never 0 (log) and never 1.
double open01(uint64_t X) { return (double(X >> 11) + 0.5) * 0x1p-53; }

} // namespace

extern "C" double nmc_rt_uniform(uint64_t Seed, uint64_t Stream, uint64_t Element,
                                 uint64_t Counter) {
  return open01(block(Seed, Stream, Element, Counter)[0]);
}

extern "C" double nmc_rt_normal(uint64_t Seed, uint64_t Stream, uint64_t Element,
                                uint64_t Counter) {
  auto R = block(Seed, Stream, Element, Counter);
  double U1 = open01(R[0]), U2 = open01(R[1]);
  return std::sqrt(-2.0 * std::log(U1)) * std::cos(2.0 * M_PI * U2);
}

extern "C" void nmc_rt_emit_event(nmc_ctx *Ctx, uint32_t Source, int64_t Element, double Time) {
  Ctx->ChunkEvents[size_t(nmc::rt::CurrentChunk)].push_back({Element, Time, Source});
}
