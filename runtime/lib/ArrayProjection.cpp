//===- ArrayProjection.cpp - Spikes read through crossbar arrays ----------===//
#include "ArrayProjection.h"

#include "ArrayCells.h"
#include "ArrayRead.h"
#include "Format.h"
#include "Simulation.h"

#include <algorithm>

namespace nmc::rt {

namespace {
/// Draw counters of projection reads: below the start-of-run reads
/// (ArrayRun.cpp, from -2^52 down) and apart per step and projection.
constexpr int64_t ProjectionCounters = -(int64_t(1) << 53);
} // namespace

ArrayProjections::ArrayProjections(const nmc_model_desc &M, Simulation &S, uint64_t Seed)
    : Model(M), Sim(S) {
  for (uint32_t K = 0; K < M.num_array_projections; ++K) {
    const nmc_array_projection_desc &D = M.array_projections[K];
    const nmc_array_desc &A = M.arrays[D.array];
    Link L{&D, std::make_unique<ArrayCells>(A, S, Seed), nullptr, {}, 0, 0};
    L.Reader = std::make_unique<ArrayReader>(A, *L.Cells, false);
    L.X.assign(size_t(A.rows), 0.0);
    Links.push_back(std::move(L));
  }
}

ArrayProjections::~ArrayProjections() = default;

bool ArrayProjections::deliver(const std::vector<std::pair<int64_t, uint32_t>> &Events,
                               int64_t Step, int Threads, std::string &Err) {
  for (size_t K = 0; K < Links.size(); ++K) {
    Link &L = Links[K];
    const nmc_array_projection_desc &D = *L.Desc;
    std::fill(L.X.begin(), L.X.end(), 0.0);
    bool Any = false;
    for (auto [Element, Source] : Events)
      if (Source == D.source && Element >= 0 && Element < int64_t(L.X.size()))
        L.X[size_t(Element)] = 1, Any = true;
    if (!Any)
      continue;
    int64_t Counter = ProjectionCounters - Step * int64_t(Links.size()) - int64_t(K);
    if (!L.Reader->read(L.X.data(), Counter, Threads, Step, Err))
      return false;
    L.Cells->rest();
    ++L.Reads;
    L.Energy += L.Reader->Power * Model.arrays[D.array].read_width;
    const std::vector<double> &Col = L.Reader->Out;
    for (uint32_t T = 0; T < D.num_targets; ++T) {
      auto *Target = static_cast<double *>(Sim.column(D.post, D.target_columns[T]));
      for (size_t J = 0; J < Col.size(); ++J)
        Target[J] += D.target_scales[T] * Col[J];
    }
  }
  return true;
}

std::string ArrayProjections::summary() const {
  std::string S;
  for (const Link &L : Links) {
    const nmc_array_desc &A = Model.arrays[L.Desc->array];
    if (A.read_width > 0)
      S += format("projection '%s': %lld reads of array '%s', %.4g J in its cells and wires\n",
                  L.Desc->name, (long long)L.Reads, A.name, L.Energy);
  }
  return S;
}

} // namespace nmc::rt
