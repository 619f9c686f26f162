//===- Network.h - Projections: synapses and spike delivery -----*- C++ -*-===//
//
// Builds the synapses of every projection (abi.h, nmc_projection_desc)
// before init, in CSR order by presynaptic element, from counter-based
// draws keyed by element: the same synapses on any thread count. After the
// init kernels have set each synapse's weight and delay, it turns delays
// into whole steps and, each step, adds the weights of the synapses of the
// step's spikes into their targets' columns, directly when no synapse is
// delayed and through a ring of per-step accumulators otherwise.
//
// Memory per synapse: 4 bytes of target index here, 4 more for its delay
// in steps when delays differ, plus 8 per column of the synapse population
// (weight and delay), unless all synapses share them. Each target adds its
// synapses in (time, element) order of the spikes, whichever thread owns
// it, so sums never depend on threads; delivery costs O(spikes x fan-out)
// per step, split over threads by ranges of targets.
//
//===----------------------------------------------------------------------===//
#ifndef NMC_RUNTIME_NETWORK_H
#define NMC_RUNTIME_NETWORK_H

#include "Simulation.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace nmc::rt {

class Network {
public:
  explicit Network(const nmc_model_desc &Model) : Model(Model) {}

  bool empty() const { return Model.num_projections == 0; }

  /// Draws the synapses and sets Sizes[p] of each projection's synapse
  /// population. False with Err when a projection cannot be built.
  bool build(uint64_t Seed, int Threads, std::vector<int64_t> &Sizes, std::string &Err);

  /// After init: delays (column 1 of the synapses, s) to steps of Dt.
  bool prepare(double Dt, void *const *const *Pops, std::string &Err);

  /// Runs event kernel K on Count synapses (Elements); false with Err when
  /// it made values non-finite.
  using Launcher =
      std::function<bool(uint32_t K, const int64_t *Elements, int64_t Count, std::string &Err)>;

  /// Delivers the spikes of step N (ordered by time, then element) and runs
  /// plasticity rules on the synapses of each spike, source spikes first.
  bool deliver(const std::vector<nmc_ctx::Event> &Events, int64_t N, void *const *const *Pops,
               int Threads, const Launcher &Launch, std::string &Err);

  /// Synapses of projection P (for messages and tests).
  int64_t synapses(uint32_t P) const { return int64_t(Projs[P].Post.size()); }

private:
  struct Proj {
    std::vector<int64_t> Start;       // CSR row starts, one per pre element, plus one
    std::vector<uint32_t> Post;       // target element of each synapse
    std::vector<int32_t> Delay;       // steps, when they differ
    int32_t Slots = 1;                // ring length: the longest delay in steps, plus one
    int32_t Uniform = 0;              // the delay of every synapse, when they agree
    std::vector<double> Ring;         // [target][slot][post element]
    std::vector<int64_t> InStart, In; // synapses into each target (on post), by source
  };
  std::vector<int64_t> Elements; // the synapses a rule kernel runs on
  /// build without the out-of-memory guard.
  bool buildAll(uint64_t Seed, int Threads, std::vector<int64_t> &Sizes, std::string &Err);
  /// A projection's synapses, at most (4 bytes each for the target, more
  /// with their own weights): 2^33, 32 GiB of targets.
  static constexpr double MaxSynapses = 8589934592.0;

  /// Adds this step's slot of the ring of projection P into its targets.
  void arrive(uint32_t P, int64_t N, void *const *const *Pops, int Threads);

  /// Adds the synapses of Rows (spiking pre elements, in order) whose
  /// targets lie in [Lo, Hi).
  void deliverRows(uint32_t P, const std::vector<int64_t> &Rows, int64_t N,
                   void *const *const *Pops, uint32_t Lo, uint32_t Hi);

  const nmc_model_desc &Model;
  std::vector<Proj> Projs;
  std::vector<int64_t> Rows; // this step's spiking pre elements of one projection
};

} // namespace nmc::rt

#endif
