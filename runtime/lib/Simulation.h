//===- Simulation.h - State storage and the scheduled step loop -*- C++ -*-===//
//
// Owns the populations' buffers and runs the model's kernels by phase (abi.h):
// the init kernels at t = 0, then for each step the kernels of the drive,
// solve, update, events, delivery and learning phases in that order, and,
// whenever a probe is due, the record kernels over the probe's elements
// before the probe samples. Time is always n * dt, never a running sum, so
// step n has the same t on every run and every thread count.
//
// Events that kernels report (nmc_rt_emit_event) are kept per chunk of the
// launch, so their order depends on the chunks, never on the threads; after
// each launch they are ordered by time (then element) and handed to the
// monitors.
//
//===----------------------------------------------------------------------===//
#ifndef NMC_RUNTIME_SIMULATION_H
#define NMC_RUNTIME_SIMULATION_H

#include "nmc/abi.h"

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

/// What kernels get as their first argument. Generated code sees only a
/// pointer and hands it back to runtime services.
struct nmc_ctx {
  uint64_t Seed = 1; ///< --seed
  int Threads = 1;   ///< threads for parallelFor, >= 1
  struct Event {
    int64_t Element;
    double Time;
    uint32_t Source;
  };
  /// Events of the current launch, one list per chunk of parallelFor.
  std::vector<std::vector<Event>> ChunkEvents;
};

namespace nmc::rt {

class Recorder;
class Progress;
class Network;
class ArrayProjections;
class ArrayDrives;

class Simulation {
public:
  Simulation(const nmc_model_desc &Model, const double *Params, nmc_ctx &Ctx);
  ~Simulation();

  /// Builds the projections' synapses (which size their populations), then
  /// allocates every buffer zero-filled and 64-byte aligned. False with Err
  /// when memory runs out (a population too large is a user error).
  bool allocate(std::string &Err);

  /// Runs the init kernels (t = 0) and records the due probes.
  bool init(double Dt, Recorder *Rec, std::string &Err);

  /// Advances Steps steps of Dt from the current step, recording each probe
  /// (and every event) when due. False with Err when a kernel reports a
  /// non-finite value or a write fails.
  bool advance(int64_t Steps, Recorder *Rec, Progress *Prog, std::string &Err);

  /// init, then advance by Steps.
  bool run(int64_t Steps, double Dt, Recorder &Rec, Progress &Prog, std::string &Err) {
    return init(Dt, &Rec, Err) && advance(Steps, &Rec, &Prog, Err);
  }

  /// The index n of the current step (t = n * dt).
  int64_t stepIndex() const { return N; }
  double dt() const { return Dt; }

  /// Elements of population Pop (synapse populations are sized at run time).
  int64_t size(uint32_t Pop) const { return Sizes[Pop]; }

  /// The buffers of population Pop, in descriptor order.
  void *const *columns(uint32_t Pop) const { return Columns[Pop].data(); }

  /// A writable buffer (the runtime's own inputs, e.g. an array's cell
  /// voltages).
  void *column(uint32_t Pop, uint32_t Col) { return Columns[Pop][Col]; }

  /// Runs population Pop's own kernels of the drive to events phases alone,
  /// outside the run's clock (an array's programming before t = 0): Steps
  /// steps of StepDt at t = 0, with step counters Counter, Counter + 1, ...,
  /// which the caller keeps apart from the run's (>= 0) by passing negative
  /// ones, so that per-step draws never repeat. What names it in errors.
  bool stepAlone(uint32_t Pop, int64_t Steps, double StepDt, int64_t Counter,
                 const std::string &What, std::string &Err);

  /// Whether population Pop remembers its edge events' conditions between
  /// steps (columns "eventK.last", written by its kernels).
  bool remembersEvents(uint32_t Pop) const;

  /// Runs Pop's observe kernels over elements [Begin, End) at t = 0 with
  /// step counter Counter.
  bool observe(uint32_t Pop, int64_t Begin, int64_t End, int64_t Counter, const std::string &What,
               std::string &Err);

  /// Runs Pop's observe kernels over every element at the current time and
  /// step (the REPL's prints of observables).
  bool observeNow(uint32_t Pop, std::string &Err);

  /// Writes what the projections through arrays did (learning) and adds
  /// lines for the user (the energy of reads and pulses).
  bool finishArrays(const std::filesystem::path &Dir, bool Npy, std::string &Summary,
                    std::string &Err);

  /// Samples are taken every probeStride(P, Dt) steps.
  static int64_t probeStride(const nmc_probe_desc &P, double Dt) {
    return probeStride(P.interval, Dt);
  }
  static int64_t probeStride(const nmc_array_probe_desc &P, double Dt) {
    return probeStride(P.interval, Dt);
  }
  static int64_t probeStride(double Interval, double Dt);

private:
  /// Small buffers come from aligned_alloc, large ones from mmap (Mapped
  /// bytes), which the kernel hands out zeroed.
  struct FreeDeleter {
    size_t Mapped = 0;
    void operator()(void *P) const;
  };
  using Array = std::unique_ptr<void, FreeDeleter>;

  nmc_kernel_args argsFor(uint32_t Pop, double T) const;
  /// When a launch happens, for its errors only: a text, or "step N"
  /// (formatted when an error needs it, not on every step).
  struct Moment {
    const char *Text = nullptr;
    int64_t Step = 0;
    std::string str() const;
  };
  bool launch(const nmc_kernel_desc &K, double T, int64_t Begin, int64_t End, Recorder *Rec,
              const Moment &When, double ReportT, std::string &Err);
  bool recordDue(Recorder *Rec, std::string &Err);
  /// Reports the events that update kernels left in time columns.
  bool scanEvents(Recorder *Rec, std::string &Err);
  /// Orders events by time (then element, as given) and hands them to the
  /// monitors and, for delivery, to StepEvents.
  bool report(std::vector<nmc_ctx::Event> &All, Recorder *Rec, std::string &Err);
  std::string divergence(uint32_t Pop, bool Observables, int64_t Begin, int64_t End,
                         int64_t Reported, double T, const Moment &When) const;

  const nmc_model_desc &Model;
  const double *Params;
  nmc_ctx &Ctx;
  double Dt = 0;
  int64_t N = 0;
  std::vector<int64_t> Stride;
  std::vector<std::vector<Array>> Storage;    // [population][column]
  std::vector<std::vector<void *>> Columns;   // raw views of Storage
  std::vector<void *const *> PopColumns;      // Columns[p].data(), for loads
  std::vector<int64_t> Sizes;                 // every population's size
  std::unique_ptr<Network> Net;               // projections, when there are any
  std::unique_ptr<ArrayProjections> ArrayNet; // projections through arrays, when any
  std::unique_ptr<ArrayDrives> Driven;        // arrays driven by waveforms, when any
  /// The kernels each step launches, by phase (not the event kernels):
  /// found once, not by scanning every kernel in every phase of every step.
  std::vector<std::vector<uint32_t>> StepKernels;
  std::vector<nmc_ctx::Event> StepEvents; // this step's events, for delivery
  std::vector<nmc_ctx::Event> Scanned;    // scratch of scanEvents
  std::vector<int64_t> ListCursor;        // per source: the next listed spike
  std::vector<int64_t> RateCount;         // per rate monitor: events in this bin
};

/// Element size of an NMC_F64, ... buffer type.
size_t typeSize(uint32_t Type);

/// Element I of a column of type Type (NMC_F64, ...), as a double.
double valueAt(const void *Col, uint32_t Type, int64_t I);

/// Asks for transparent huge pages over the whole 2 MiB pages inside
/// [P, P + Bytes): large buffers then fault in 512 times less often, which
/// dominated setting up networks of 10^5 synapses.
void adviseHugePages(void *P, size_t Bytes);

} // namespace nmc::rt

#endif
