//===- ParallelForTest.cpp - Even chunks that tile the range ---------===//
#include "ParallelFor.h"
#include "Simulation.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <mutex>
#include <utility>
#include <vector>

using namespace nmc::rt;

namespace {

std::mutex Lock;
std::vector<std::pair<int64_t, int64_t>> Calls;

// Records its range; reports one bad element per multiple of 1000.
int64_t recordingKernel(nmc_ctx *, const nmc_kernel_args *A, int64_t B, int64_t E) {
  for (int64_t I = B; I < E; ++I)
    static_cast<double *>(A->columns[0])[I] += 1;
  std::lock_guard<std::mutex> G(Lock);
  Calls.emplace_back(B, E);
  return (E - 1) / 1000 - (B - 1) / 1000;
}

std::vector<std::pair<int64_t, int64_t>> chunks(int Threads, int64_t Begin, int64_t End,
                                                int64_t &Bad, std::vector<double> &Data) {
  Calls.clear();
  nmc_ctx Ctx;
  Ctx.Threads = Threads;
  void *Cols[] = {Data.data()};
  nmc_kernel_args Args{0, 1, nullptr, Cols, 1, 0, nullptr, nullptr, nullptr};
  Bad = parallelFor(&Ctx, recordingKernel, Args, Begin, End);
  auto C = Calls;
  std::sort(C.begin(), C.end());
  return C;
}

/// Chunks are contiguous, ascending and cover [Begin, End) once.
void expectTiling(const std::vector<std::pair<int64_t, int64_t>> &C, int64_t Begin, int64_t End) {
  ASSERT_FALSE(C.empty());
  EXPECT_EQ(C.front().first, Begin);
  EXPECT_EQ(C.back().second, End);
  for (size_t K = 1; K < C.size(); ++K)
    EXPECT_EQ(C[K].first, C[K - 1].second);
}

TEST(ParallelFor, ChunksTileTheRangeOnAnyThreadCount) {
  const int64_t N = 10 * ParallelChunk + 123;
  std::vector<double> Data(N, 0.0);
  int64_t Bad1, Bad3, Bad8;
  auto One = chunks(1, 5, N, Bad1, Data);
  auto Three = chunks(3, 5, N, Bad3, Data);
  auto Eight = chunks(8, 5, N, Bad8, Data);
  expectTiling(One, 5, N);
  expectTiling(Three, 5, N);
  expectTiling(Eight, 5, N);
  EXPECT_EQ(Three.size() % 3, 0u);
  EXPECT_EQ(Eight.size() % 8, 0u);
  for (const auto &[B, E] : Eight) {
    EXPECT_LE(E - B, ParallelChunk);
    EXPECT_EQ((B - 5) % 64, 0);
  }
  // Every element visited once per launch, none twice.
  EXPECT_EQ(std::count(Data.begin() + 5, Data.end(), 3.0), N - 5);
  EXPECT_EQ(Data[4], 0.0);
  EXPECT_EQ(Bad1, (N - 1) / 1000);
  EXPECT_EQ(Bad1, Bad3);
  EXPECT_EQ(Bad1, Bad8);
}

TEST(ParallelFor, TenThousandElementsSplitEvenlyOverTwoThreads) {
  EXPECT_EQ(chunkLength(10000, 2), 2560);   // 4 chunks, 2 per thread
  EXPECT_EQ(chunkLength(10000, 1), 3392);   // 3 chunks within 4096
  EXPECT_EQ(chunkLength(1000000, 2), 4096); // 245 chunks
  std::vector<double> Data(10000, 0.0);
  int64_t Bad;
  auto Two = chunks(2, 0, 10000, Bad, Data);
  ASSERT_EQ(Two.size(), 4u);
  EXPECT_EQ(Two[0], std::make_pair(int64_t(0), int64_t(2560)));
  EXPECT_EQ(Two[3], std::make_pair(int64_t(7680), int64_t(10000)));
}

TEST(ParallelFor, SmallAndEmptyRanges) {
  std::vector<double> Data(10, 0.0);
  int64_t Bad;
  EXPECT_TRUE(chunks(4, 3, 3, Bad, Data).empty());
  EXPECT_EQ(Bad, 0);
  auto C = chunks(4, 2, 10, Bad, Data);
  ASSERT_EQ(C.size(), 1u);
  EXPECT_EQ(C[0], std::make_pair(int64_t(2), int64_t(10)));
}

TEST(ParallelFor, NullContextUsesDefaultThreads) {
  std::vector<double> Data(3 * ParallelChunk, 0.0);
  void *Cols[] = {Data.data()};
  nmc_kernel_args Args{0, 1, nullptr, Cols, 1, 0, nullptr, nullptr, nullptr};
  Calls.clear();
  parallelFor(nullptr, recordingKernel, Args, 0, int64_t(Data.size()));
  EXPECT_GE(Calls.size(), 1u);
  EXPECT_EQ(std::count(Data.begin(), Data.end(), 1.0), int64_t(Data.size()));
}

} // namespace
