//===- Network.cpp - Projections: synapses and spike delivery -------------===//
#include "Network.h"

#include "Format.h"

#include <Random123/philox.h>

#include <algorithm>
#include <cmath>
#include <new>
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
/// increasing order, keyed by the row. Each thread builds a contiguous
/// block of rows; the blocks are then joined in row order, so the result
/// does not depend on the threads.
template <typename RowFn>
void buildRows(int64_t NPre, int Threads, double Expected, RowFn Row, std::vector<int64_t> &Start,
               std::vector<uint32_t> &Post) {
  int Blocks = Threads < 1 ? 1 : Threads;
  std::vector<std::vector<uint32_t>> Part(static_cast<size_t>(Blocks));
  Start.assign(size_t(NPre) + 1, 0);
#pragma omp parallel for num_threads(Blocks) schedule(static, 1)
  for (int B = 0; B < Blocks; ++B) {
    int64_t Lo = NPre * B / Blocks, Hi = NPre * (B + 1) / Blocks;
    // The expected count and some: growing by copies costs page faults.
    Part[size_t(B)].reserve(
        size_t(Expected * double(Hi - Lo) / double(NPre > 0 ? NPre : 1) * 1.05) + 64);
    adviseHugePages(Part[size_t(B)].data(), Part[size_t(B)].capacity() * sizeof(uint32_t));
    for (int64_t I = Lo; I < Hi; ++I) {
      size_t Before = Part[size_t(B)].size();
      Row(I, Part[size_t(B)]);
      Start[size_t(I) + 1] = int64_t(Part[size_t(B)].size() - Before);
    }
  }
  for (int64_t I = 0; I < NPre; ++I)
    Start[size_t(I) + 1] += Start[size_t(I)];
  if (Blocks == 1) {
    Post.swap(Part[0]);
    return;
  }
  Post.clear();
  Post.reserve(size_t(Start.back()));
  adviseHugePages(Post.data(), Post.capacity() * sizeof(uint32_t));
  for (auto &P : Part)
    Post.insert(Post.end(), P.begin(), P.end());
}

/// Uniforms in (0, 1) of one (stream, element), four per Philox block:
/// draw c is output c mod 4 of the block at counter c / 4.
class UniformStream {
public:
  UniformStream(uint64_t Seed, uint64_t Stream, uint64_t Element)
      : Key{{Seed, Stream}}, Element(Element) {}
  double next() {
    if (K % 4 == 0)
      Block = G(r123::Philox4x64::ctr_type{{Element, K / 4, 0, 0}}, Key);
    uint64_t X = Block[K++ % 4];
    return (double(X >> 11) + 0.5) * 0x1p-53;
  }

private:
  r123::Philox4x64 G;
  r123::Philox4x64::key_type Key;
  r123::Philox4x64::ctr_type Block;
  uint64_t Element, K = 0;
};

} // namespace

bool Network::build(uint64_t Seed, int Threads, std::vector<int64_t> &Sizes, std::string &Err) {
  try {
    return buildAll(Seed, Threads, Sizes, Err);
  } catch (const std::bad_alloc &) {
    Err = "out of memory while building the synapses of the projections";
    return false;
  }
}

bool Network::buildAll(uint64_t Seed, int Threads, std::vector<int64_t> &Sizes, std::string &Err) {
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
    // The expected number of synapses, before any memory is asked for.
    double Expected = D.connect == NMC_CONNECT_ALL_TO_ALL    ? double(NPre) * double(NPost)
                      : D.connect == NMC_CONNECT_PROBABILITY ? double(NPre) * double(NPost) * D.p
                      : D.connect == NMC_CONNECT_IN_DEGREE   ? double(NPost) * double(D.k)
                      : D.connect == NMC_CONNECT_ONE_TO_ONE  ? double(NPre)
                                                             : double(D.num_edges);
    if (Expected > MaxSynapses) {
      Err = format("projection '%s' would hold %.3g synapses (about %.3g GB); at most %.3g are "
                   "built",
                   D.name, Expected, Expected * 4e-9, MaxSynapses);
      return false;
    }
    switch (D.connect) {
    case NMC_CONNECT_ALL_TO_ALL:
    case NMC_CONNECT_ONE_TO_ONE:
    case NMC_CONNECT_PROBABILITY: {
      bool All = D.connect == NMC_CONNECT_ALL_TO_ALL, One = D.connect == NMC_CONNECT_ONE_TO_ONE;
      double LogQ = std::log1p(-D.p);
      auto Row = [&](int64_t I, std::vector<uint32_t> &Out) {
        auto Add = [&](int64_t J2) {
          if (!(NoSelf && J2 == I))
            Out.push_back(uint32_t(J2));
        };
        if (One) {
          Add(I);
        } else if (All || D.p >= 1) {
          for (int64_t J2 = 0; J2 < NPost; ++J2)
            Add(J2);
        } else if (D.p > 0) {
          // Gaps between successes of Bernoulli(p) trials are geometric.
          UniformStream Draws(Seed, D.stream, uint64_t(I));
          for (int64_t J2 = -1;;) {
            double U = Draws.next();
            double Gap = std::floor(std::log(U) / LogQ);
            if (!(Gap < double(NPost)))
              break;
            J2 += int64_t(Gap) + 1;
            if (J2 >= NPost)
              break;
            Add(J2);
          }
        }
      };
      buildRows(NPre, Threads, Expected, Row, J.Start, J.Post);
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
        UniformStream Draws(Seed, D.stream, uint64_t(J2));
        for (int64_t R = Pool - D.k; R < Pool; ++R) {
          int64_t T = int64_t(Draws.next() * double(R + 1));
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
    if (Model.populations[D.synapses].flags & NMC_POPULATION_DYNAMIC)
      Sizes[D.synapses] = int64_t(J.Post.size());
  }
  return true;
}

bool Network::prepare(double Dt, void *const *const *Pops, std::string &Err) {
  for (uint32_t P = 0; P < Model.num_projections; ++P) {
    const nmc_projection_desc &D = Model.projections[P];
    Proj &J = Projs[P];
    const double *Delay = static_cast<const double *>(Pops[D.synapses][1]);
    bool Shared = !(Model.populations[D.synapses].flags & NMC_POPULATION_DYNAMIC);
    size_t N = Shared ? 1 : J.Post.size();
    double Lo = INFINITY, Hi = -INFINITY;
    for (size_t S = 0; S < N; ++S) {
      double Steps = Delay[S] / Dt;
      if (!(Steps >= 0) || Steps > 1e6) {
        Err = format("projection '%s': synapse %lld has delay %g s; delays lie in [0, 1e6 steps]",
                     D.name, (long long)S, Delay[S]);
        return false;
      }
      Lo = std::min(Lo, Steps), Hi = std::max(Hi, Steps);
    }
    int32_t Max = N ? int32_t(std::llround(Hi)) : 0;
    J.Uniform = Max;
    J.Delay.clear();
    if (N && std::llround(Lo) != std::llround(Hi)) {
      J.Delay.resize(N);
      for (size_t S = 0; S < N; ++S)
        J.Delay[S] = int32_t(std::llround(Delay[S] / Dt));
    }
    J.Slots = Max + 1;
    if (D.post_kernel >= 0) {
      // The synapses into each target, in CSR order (by source).
      size_t NPost = size_t(Model.populations[D.post].size);
      J.InStart.assign(NPost + 1, 0);
      for (uint32_t T : J.Post)
        ++J.InStart[T + 1];
      for (size_t I = 0; I < NPost; ++I)
        J.InStart[I + 1] += J.InStart[I];
      std::vector<int64_t> Fill(J.InStart.begin(), J.InStart.end() - 1);
      J.In.resize(J.Post.size());
      for (size_t S = 0; S < J.Post.size(); ++S)
        J.In[size_t(Fill[J.Post[S]]++)] = int64_t(S);
    }
    if (J.Slots > 1)
      J.Ring.assign(
          size_t(D.num_targets) * size_t(J.Slots) * size_t(Model.populations[D.post].size), 0.0);
  }
  return true;
}

void Network::deliverRows(uint32_t P, const std::vector<int64_t> &Rows, int64_t N,
                          void *const *const *Pops, uint32_t Lo, uint32_t Hi) {
  const nmc_projection_desc &D = Model.projections[P];
  Proj &J = Projs[P];
  const double *W = static_cast<const double *>(Pops[D.synapses][0]);
  bool Shared = !(Model.populations[D.synapses].flags & NMC_POPULATION_DYNAMIC);
  size_t NPost = size_t(Model.populations[D.post].size);
  bool Whole = Lo == 0 && Hi == NPost;
  // Rows are far apart in memory: fetch a few ahead while adding this one.
  constexpr size_t Ahead = 8;
  auto Prefetch = [&](size_t K) {
    int64_t B = J.Start[size_t(Rows[K])], E = J.Start[size_t(Rows[K]) + 1];
    for (int64_t S = B; S < E; S += 16)
      __builtin_prefetch(J.Post.data() + S);
    if (!Shared)
      for (int64_t S = B; S < E; S += 8)
        __builtin_prefetch(W + S);
  };
  for (size_t K = 0; K < Rows.size() && K < Ahead; ++K)
    Prefetch(K);
  for (size_t K = 0; K < Rows.size(); ++K) {
    if (K + Ahead < Rows.size())
      Prefetch(K + Ahead);
    int64_t B = J.Start[size_t(Rows[K])], End = J.Start[size_t(Rows[K]) + 1];
    if (!Whole) {
      // A row's targets increase: this thread's part of it.
      const uint32_t *First = J.Post.data() + B, *Last = J.Post.data() + End;
      const uint32_t *From = std::lower_bound(First, Last, Lo);
      B = From - J.Post.data();
      End = std::lower_bound(From, Last, Hi) - J.Post.data();
    }
    for (uint32_t T = 0; T < D.num_targets; ++T) {
      double Scale = D.target_scales[T];
      int32_t Factor = D.target_factors ? D.target_factors[T] : -1;
      if (Factor >= 0) {
        // w times a rule's state (short-term plasticity); synapses are
        // never shared then.
        const double *F = static_cast<const double *>(Pops[D.synapses][Factor]);
        double *Col = static_cast<double *>(Pops[D.post][D.target_columns[T]]);
        double *Ring = J.Ring.data() + size_t(T) * size_t(J.Slots) * NPost;
        for (int64_t S = B; S < End; ++S) {
          double Add = Scale * W[S] * F[S];
          if (J.Slots == 1) {
            Col[J.Post[size_t(S)]] += Add;
          } else {
            int64_t Slot = (N + (J.Delay.empty() ? J.Uniform : J.Delay[size_t(S)])) % J.Slots;
            Ring[size_t(Slot) * NPost + J.Post[size_t(S)]] += Add;
          }
        }
        continue;
      }
      if (J.Slots == 1) {
        double *Col = static_cast<double *>(Pops[D.post][D.target_columns[T]]);
        if (Shared) {
          double Add = Scale * W[0];
          for (int64_t S = B; S < End; ++S)
            Col[J.Post[size_t(S)]] += Add;
        } else {
          for (int64_t S = B; S < End; ++S)
            Col[J.Post[size_t(S)]] += Scale * W[S];
        }
        continue;
      }
      double *Ring = J.Ring.data() + size_t(T) * size_t(J.Slots) * NPost;
      for (int64_t S = B; S < End; ++S) {
        int64_t Slot = (N + (J.Delay.empty() ? J.Uniform : J.Delay[size_t(S)])) % J.Slots;
        Ring[size_t(Slot) * NPost + J.Post[size_t(S)]] += Scale * W[Shared ? 0 : S];
      }
    }
  }
}

bool Network::deliver(const std::vector<nmc_ctx::Event> &Events, int64_t N,
                      void *const *const *Pops, int Threads, const Launcher &Launch,
                      std::string &Err) {
  for (uint32_t P = 0; P < Model.num_projections; ++P) {
    const nmc_projection_desc &D = Model.projections[P];
    Proj &J = Projs[P];
    uint32_t NPost = uint32_t(Model.populations[D.post].size);
    if (D.pre_kernel >= 0 || D.post_kernel >= 0) {
      // Plastic: each spike's row is delivered with the weights as they
      // are, then its rule runs; one thread, in spike order.
      // A delivery that reads the rule's state comes after the rule.
      bool RuleFirst = false;
      for (uint32_t T = 0; D.target_factors && T < D.num_targets; ++T)
        RuleFirst |= D.target_factors[T] >= 0;
      for (const nmc_ctx::Event &E : Events) {
        if (E.Source != D.source)
          continue;
        Rows.assign(1, E.Element);
        if (!RuleFirst)
          deliverRows(P, Rows, N, Pops, 0, NPost);
        if (D.pre_kernel >= 0) {
          int64_t B = J.Start[size_t(E.Element)], End = J.Start[size_t(E.Element) + 1];
          Elements.resize(size_t(End - B));
          for (int64_t S = B; S < End; ++S)
            Elements[size_t(S - B)] = S;
          if (End > B && !Launch(uint32_t(D.pre_kernel), Elements.data(), End - B, Err))
            return false;
        }
        if (RuleFirst)
          deliverRows(P, Rows, N, Pops, 0, NPost);
      }
      if (D.post_kernel >= 0)
        for (const nmc_ctx::Event &E : Events)
          if (int32_t(E.Source) == D.post_source) {
            int64_t B = J.InStart[size_t(E.Element)], End = J.InStart[size_t(E.Element) + 1];
            if (End > B && !Launch(uint32_t(D.post_kernel), J.In.data() + B, End - B, Err))
              return false;
          }
      if (J.Slots > 1)
        arrive(P, N, Pops, Threads);
      continue;
    }
    Rows.clear();
    int64_t Work = 0;
    for (const nmc_ctx::Event &E : Events)
      if (E.Source == D.source) {
        Rows.push_back(E.Element);
        Work += J.Start[size_t(E.Element) + 1] - J.Start[size_t(E.Element)];
      }
    // Threads own disjoint ranges of targets, each adding in spike order:
    // the same sums as on one thread. Worth a team only for very many
    // synapses per step (a team costs 40 to 150 us to wake; ParallelFor.h).
    int Teams = Threads > 1 && Work >= (int64_t(1) << 18) && NPost >= 1024 ? Threads : 1;
    if (Teams == 1) {
      deliverRows(P, Rows, N, Pops, 0, NPost);
    } else {
#pragma omp parallel for num_threads(Teams) schedule(static, 1)
      for (int T = 0; T < Teams; ++T)
        deliverRows(P, Rows, N, Pops, uint32_t(uint64_t(NPost) * T / Teams),
                    uint32_t(uint64_t(NPost) * (T + 1) / Teams));
    }
    if (J.Slots > 1)
      arrive(P, N, Pops, Threads);
  }
  return true;
}

void Network::arrive(uint32_t P, int64_t N, void *const *const *Pops, int Threads) {
  const nmc_projection_desc &D = Model.projections[P];
  Proj &J = Projs[P];
  uint32_t NPost = uint32_t(Model.populations[D.post].size);
  {
    // What arrives now: this step's slot of the ring, then cleared.
    for (uint32_t T = 0; T < D.num_targets; ++T) {
      double *Col = static_cast<double *>(Pops[D.post][D.target_columns[T]]);
      double *Now =
          J.Ring.data() + (size_t(T) * size_t(J.Slots) + size_t(N % J.Slots)) * size_t(NPost);
      int Clear = Threads > 1 && NPost >= 65536 ? Threads : 1;
#pragma omp parallel for num_threads(Clear) schedule(static)
      for (int64_t I = 0; I < int64_t(NPost); ++I) {
        Col[I] += Now[I];
        Now[I] = 0;
      }
    }
  }
}

} // namespace nmc::rt
