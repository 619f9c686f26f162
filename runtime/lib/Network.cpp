//===- Network.cpp - Projections: synapses and spike delivery -------------===//
#include "Network.h"

#include "Format.h"

#include <algorithm>
#include <cmath>
#include <unordered_set>

namespace nmc::rt {

namespace {

/// Counting sort of (pre, post) pairs into CSR rows by pre, keeping the
/// given order within each row.
void toCsr(int64_t NPre, const std::vector<int64_t> &Pre, const std::vector<uint32_t> &Post,
           std::vector<int64_t> &Start, std::vector<uint32_t> &Out) {
  Start.assign(size_t(NPre) + 1, 0);
  for (int64_t I : Pre)
    ++Start[size_t(I) + 1];
  for (size_t I = 0; I < size_t(NPre); ++I)
    Start[I + 1] += Start[I];
  std::vector<int64_t> Fill(Start.begin(), Start.end() - 1);
  Out.resize(Post.size());
  for (size_t K = 0; K < Pre.size(); ++K)
    Out[size_t(Fill[size_t(Pre[K])]++)] = Post[K];
}

/// Rows drawn independently (probability): each row's targets, in
/// increasing order, from geometric gaps between successes, keyed by the
/// row. Two passes (count, then fill) so that rows can run on any thread.
template <typename RowFn>
void buildRows(int64_t NPre, int Threads, RowFn Row, std::vector<int64_t> &Start,
               std::vector<uint32_t> &Post) {
  std::vector<int64_t> Count(size_t(NPre), 0);
#pragma omp parallel for num_threads(Threads) schedule(static)
  for (int64_t I = 0; I < NPre; ++I)
    Count[size_t(I)] = Row(I, nullptr);
  Start.assign(size_t(NPre) + 1, 0);
  for (int64_t I = 0; I < NPre; ++I)
    Start[size_t(I) + 1] = Start[size_t(I)] + Count[size_t(I)];
  Post.resize(size_t(Start.back()));
#pragma omp parallel for num_threads(Threads) schedule(static)
  for (int64_t I = 0; I < NPre; ++I)
    Row(I, Post.data() + Start[size_t(I)]);
}

} // namespace

bool Network::build(uint64_t Seed, int Threads, std::vector<int64_t> &Sizes, std::string &Err) {
  Projs.assign(Model.num_projections, Proj());
  for (uint32_t P = 0; P < Model.num_projections; ++P) {
    const nmc_projection_desc &D = Model.projections[P];
    Proj &J = Projs[P];
    int64_t NPre = Model.populations[D.pre].size, NPost = Model.populations[D.post].size;
    bool Same = D.pre == D.post;
    bool NoSelf = Same && !D.allow_self;
    if (NPost > int64_t(UINT32_MAX)) {
      Err = format("projection '%s': its target has more than 2^32 elements", D.name);
      return false;
    }
    switch (D.connect) {
    case NMC_CONNECT_ALL_TO_ALL:
    case NMC_CONNECT_ONE_TO_ONE:
    case NMC_CONNECT_PROBABILITY: {
      bool All = D.connect == NMC_CONNECT_ALL_TO_ALL, One = D.connect == NMC_CONNECT_ONE_TO_ONE;
      double LogQ = std::log1p(-D.p);
      auto Row = [&](int64_t I, uint32_t *Out) -> int64_t {
        int64_t N = 0;
        auto Add = [&](int64_t J2) {
          if (NoSelf && J2 == I)
            return;
          if (Out)
            Out[N] = uint32_t(J2);
          ++N;
        };
        if (One) {
          Add(I);
        } else if (All || D.p >= 1) {
          for (int64_t J2 = 0; J2 < NPost; ++J2)
            Add(J2);
        } else if (D.p > 0) {
          // Gaps between successes of Bernoulli(p) trials are geometric.
          int64_t J2 = -1;
          for (uint64_t C = 0;; ++C) {
            double U = nmc_rt_uniform(Seed, D.stream, uint64_t(I), C);
            double Gap = std::floor(std::log(U) / LogQ);
            if (!(Gap < double(NPost)))
              break;
            J2 += int64_t(Gap) + 1;
            if (J2 >= NPost)
              break;
            Add(J2);
          }
        }
        return N;
      };
      buildRows(NPre, Threads, Row, J.Start, J.Post);
      break;
    }
    case NMC_CONNECT_IN_DEGREE: {
      // Floyd's sampling of k distinct sources per target, keyed by the
      // target; without self-connections it samples n - 1 and skips j.
      int64_t Pool = NPre - (NoSelf ? 1 : 0);
      if (D.k > Pool) {
        Err = format("projection '%s': in-degree %lld exceeds the %lld possible sources", D.name,
                     (long long)D.k, (long long)Pool);
        return false;
      }
      std::vector<std::vector<int64_t>> From(static_cast<size_t>(NPost));
#pragma omp parallel for num_threads(Threads) schedule(static)
      for (int64_t J2 = 0; J2 < NPost; ++J2) {
        std::unordered_set<int64_t> Chosen;
        Chosen.reserve(size_t(D.k) * 2);
        std::vector<int64_t> &F = From[size_t(J2)];
        uint64_t C = 0;
        for (int64_t R = Pool - D.k; R < Pool; ++R) {
          int64_t T = int64_t(nmc_rt_uniform(Seed, D.stream, uint64_t(J2), C++) * double(R + 1));
          T = std::min(T, R);
          int64_t Pick = Chosen.insert(T).second ? T : (Chosen.insert(R), R);
          F.push_back(NoSelf && Pick >= J2 ? Pick + 1 : Pick);
        }
        std::sort(F.begin(), F.end());
      }
      std::vector<int64_t> Pre;
      std::vector<uint32_t> Post;
      for (int64_t J2 = 0; J2 < NPost; ++J2)
        for (int64_t I : From[size_t(J2)])
          Pre.push_back(I), Post.push_back(uint32_t(J2));
      toCsr(NPre, Pre, Post, J.Start, J.Post);
      break;
    }
    case NMC_CONNECT_EDGES: {
      std::vector<int64_t> Pre;
      std::vector<uint32_t> Post;
      for (int64_t E = 0; E < D.num_edges; ++E) {
        if (NoSelf && D.edge_pre[E] == D.edge_post[E])
          continue;
        Pre.push_back(D.edge_pre[E]);
        Post.push_back(uint32_t(D.edge_post[E]));
      }
      toCsr(NPre, Pre, Post, J.Start, J.Post);
      break;
    }
    default:
      Err = format("projection '%s': unknown connectivity %u", D.name, D.connect);
      return false;
    }
    Sizes[D.synapses] = int64_t(J.Post.size());
  }
  return true;
}

bool Network::prepare(double Dt, void *const *const *Pops, std::string &Err) {
  for (uint32_t P = 0; P < Model.num_projections; ++P) {
    const nmc_projection_desc &D = Model.projections[P];
    Proj &J = Projs[P];
    const double *Delay = static_cast<const double *>(Pops[D.synapses][1]);
    size_t N = J.Post.size();
    J.Delay.assign(N, 0);
    int32_t Max = 0, Min = INT32_MAX;
    for (size_t S = 0; S < N; ++S) {
      double Steps = Delay[S] / Dt;
      if (!(Steps >= 0) || Steps > 1e6) {
        Err = format("projection '%s': synapse %lld has delay %g s; delays lie in [0, 1e6 steps]",
                     D.name, (long long)S, Delay[S]);
        return false;
      }
      J.Delay[S] = int32_t(std::llround(Steps));
      Max = std::max(Max, J.Delay[S]);
      Min = std::min(Min, J.Delay[S]);
    }
    if (N == 0 || Min == Max) {
      J.Uniform = N ? Max : 0;
      J.Delay.clear();
      J.Delay.shrink_to_fit();
    }
    J.Slots = Max + 1;
    if (J.Slots > 1)
      J.Ring.assign(
          size_t(D.num_targets) * size_t(J.Slots) * size_t(Model.populations[D.post].size), 0.0);
  }
  return true;
}

void Network::deliver(const std::vector<nmc_ctx::Event> &Events, int64_t N,
                      void *const *const *Pops, int Threads) {
  for (uint32_t P = 0; P < Model.num_projections; ++P) {
    const nmc_projection_desc &D = Model.projections[P];
    Proj &J = Projs[P];
    const double *W = static_cast<const double *>(Pops[D.synapses][0]);
    int64_t NPost = Model.populations[D.post].size;
    for (const nmc_ctx::Event &E : Events) {
      if (E.Source != D.source)
        continue;
      int64_t B = J.Start[size_t(E.Element)], End = J.Start[size_t(E.Element) + 1];
      for (uint32_t T = 0; T < D.num_targets; ++T) {
        double Scale = D.target_scales[T];
        if (J.Slots == 1) {
          double *Col = static_cast<double *>(Pops[D.post][D.target_columns[T]]);
          for (int64_t S = B; S < End; ++S)
            Col[J.Post[size_t(S)]] += Scale * W[S];
          continue;
        }
        double *Ring = J.Ring.data() + size_t(T) * size_t(J.Slots) * size_t(NPost);
        for (int64_t S = B; S < End; ++S) {
          int64_t Slot = (N + (J.Delay.empty() ? J.Uniform : J.Delay[size_t(S)])) % J.Slots;
          Ring[size_t(Slot) * size_t(NPost) + J.Post[size_t(S)]] += Scale * W[S];
        }
      }
    }
    if (J.Slots == 1)
      continue;
    // What arrives now: this step's slot of the ring, then cleared.
    for (uint32_t T = 0; T < D.num_targets; ++T) {
      double *Col = static_cast<double *>(Pops[D.post][D.target_columns[T]]);
      double *Now =
          J.Ring.data() + (size_t(T) * size_t(J.Slots) + size_t(N % J.Slots)) * size_t(NPost);
#pragma omp parallel for num_threads(Threads) schedule(static)
      for (int64_t I = 0; I < NPost; ++I) {
        Col[I] += Now[I];
        Now[I] = 0;
      }
    }
  }
}

} // namespace nmc::rt
