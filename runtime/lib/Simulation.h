//===- Simulation.h - State storage and the time-stepping loop --*- C++ -*-===//
//
// Owns the populations' state columns and drives the model's kernels: init
// at t = 0, then for each step the due probes (observe, record) and the
// step kernels. Time is always n * dt, never a running sum, so step n has
// the same t on every run and every thread count.
//
//===----------------------------------------------------------------------===//
#ifndef NMC_RUNTIME_SIMULATION_H
#define NMC_RUNTIME_SIMULATION_H

#include "nmc/abi.h"

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

/// What kernels get as their first argument. Generated code sees only a
/// pointer; the runtime services of later ABI versions (random streams,
/// event queues) will hang off it.
struct nmc_ctx {
  uint64_t Seed = 1; ///< --seed
  int Threads = 1;   ///< threads for parallelFor, >= 1
};

namespace nmc::rt {

class Recorder;
class Progress;

class Simulation {
public:
  Simulation(const nmc_model_desc &Model, const double *Params, nmc_ctx &Ctx);

  /// Allocates every column zero-filled and 64-byte aligned. False with Err
  /// when memory runs out (a population too large is a user error).
  bool allocate(std::string &Err);

  /// Runs init, then Steps steps of Dt, recording each probe when due. False
  /// with Err when a kernel reports a non-finite value or a write fails.
  bool run(int64_t Steps, double Dt, Recorder &Rec, Progress &Prog,
           std::string &Err);

  /// The column pointers of population Pop, in descriptor order.
  double *const *columns(uint32_t Pop) const { return Columns[Pop].data(); }

  /// Samples are taken every probeStride(P, Dt) steps.
  static int64_t probeStride(const nmc_probe_desc &P, double Dt);

private:
  struct FreeDeleter {
    void operator()(double *P) const { std::free(P); }
  };
  using Array = std::unique_ptr<double, FreeDeleter>;

  nmc_kernel_args argsFor(uint32_t Pop, double T, double Dt) const;
  std::string divergence(uint32_t Pop, uint32_t Kind, int64_t Begin,
                         int64_t End, int64_t Reported, double T,
                         const std::string &When) const;

  const nmc_model_desc &Model;
  const double *Params;
  nmc_ctx &Ctx;
  std::vector<std::vector<Array>> Storage;    // [population][column]
  std::vector<std::vector<double *>> Columns; // raw views of Storage
};

} // namespace nmc::rt

#endif
