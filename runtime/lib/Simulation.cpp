//===- Simulation.cpp - State storage and the scheduled step loop ---------===//
#include "Simulation.h"

#include "ArrayDrive.h"
#include "ArrayProjection.h"

#include "Format.h"
#include "Network.h"
#include "ParallelFor.h"
#include "Progress.h"
#include "Recorder.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string_view>
#include <sys/mman.h>

namespace nmc::rt {

namespace {
// Cache-line alignment: vectorised kernels use aligned loads, and chunks of
// different threads never share a line (4096 elements is a whole number of
// lines for every type).
constexpr size_t Alignment = 64;

const char *nonFiniteName(double V) {
  if (std::isnan(V))
    return "nan";
  return V > 0 ? "inf" : "-inf";
}
} // namespace

double valueAt(const void *Col, uint32_t Type, int64_t I) {
  switch (Type) {
  case NMC_F32:
    return static_cast<const float *>(Col)[I];
  case NMC_I32:
    return static_cast<const int32_t *>(Col)[I];
  case NMC_I64:
    return double(static_cast<const int64_t *>(Col)[I]);
  default:
    return static_cast<const double *>(Col)[I];
  }
}

size_t typeSize(uint32_t Type) { return Type == NMC_F32 || Type == NMC_I32 ? 4 : 8; }

void adviseHugePages(void *P, size_t Bytes) {
  constexpr uintptr_t Huge = uintptr_t(2) << 20;
  uintptr_t B = (reinterpret_cast<uintptr_t>(P) + Huge - 1) & ~(Huge - 1);
  uintptr_t E = (reinterpret_cast<uintptr_t>(P) + Bytes) & ~(Huge - 1);
  if (E > B)
    madvise(reinterpret_cast<void *>(B), E - B, MADV_HUGEPAGE);
}

Simulation::Simulation(const nmc_model_desc &Model, const double *Params, nmc_ctx &Ctx)
    : Model(Model), Params(Params), Ctx(Ctx) {}

Simulation::~Simulation() = default;

void Simulation::FreeDeleter::operator()(void *P) const {
  if (Mapped)
    munmap(P, Mapped);
  else
    std::free(P);
}

bool Simulation::allocate(std::string &Err) {
  Storage.resize(Model.num_populations);
  Columns.resize(Model.num_populations);
  Sizes.resize(Model.num_populations);
  for (uint32_t P = 0; P < Model.num_populations; ++P)
    Sizes[P] = Model.populations[P].size;
  if (Model.num_projections) {
    Net = std::make_unique<Network>(Model);
    if (!Net->build(Ctx.Seed, Ctx.Threads, Sizes, Err))
      return false;
  }
  for (uint32_t I = 0; I < Model.num_probes; ++I) {
    const nmc_probe_desc &P = Model.probes[I];
    if (P.first + P.count > Sizes[P.population]) {
      Err = format("probe '%s' records synapses [%lld, %lld) of projection '%s', which has %lld",
                   P.name, (long long)P.first, (long long)(P.first + P.count),
                   Model.populations[P.population].name, (long long)Sizes[P.population]);
      return false;
    }
  }
  for (uint32_t P = 0; P < Model.num_populations; ++P) {
    const nmc_population_desc &Pop = Model.populations[P];
    size_t Size = size_t(Sizes[P]);
    for (uint32_t C = 0; C < Pop.num_columns; ++C) {
      size_t Elem = typeSize(Pop.columns[C].type);
      if (Size > (SIZE_MAX - Alignment) / Elem) {
        Err = format("population '%s' has too many elements (%lld)", Pop.name, (long long)Size);
        return false;
      }
      // Buffers of a megabyte or more are mapped: zero already, and on
      // huge pages where the kernel has them (no second zeroing pass).
      bool Large = Size * Elem >= (size_t(1) << 20);
      size_t Bytes = (Size * Elem + Alignment - 1) / Alignment * Alignment;
      if (Bytes == 0)
        Bytes = Alignment; // aligned_alloc(_, 0) may return null
      Array A;
      if (Large) {
        void *M = mmap(nullptr, Bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (M != MAP_FAILED) {
          adviseHugePages(M, Bytes);
          A = Array(M, FreeDeleter{Bytes});
        }
      } else {
        A = Array(std::aligned_alloc(Alignment, Bytes));
      }
      if (!A) {
        Err = format("out of memory: population '%s' needs %u columns of "
                     "%lld values",
                     Pop.name, Pop.num_columns, (long long)Size);
        return false;
      }
      if (!Large)
        std::memset(A.get(), 0, Bytes);
      const nmc_column_desc &CD = Pop.columns[C];
      if (CD.data) {
        if (CD.data_count != int64_t(Size) || CD.type != NMC_F64) {
          Err = format("column '%s' of '%s' has %lld values of data for %lld elements", CD.name,
                       Pop.name, (long long)CD.data_count, (long long)Size);
          return false;
        }
        std::memcpy(A.get(), CD.data, Size * sizeof(double));
      }
      Columns[P].push_back(A.get());
      Storage[P].push_back(std::move(A));
    }
  }
  for (auto &Cols : Columns)
    PopColumns.push_back(Cols.data());
  if (Model.num_array_projections)
    ArrayNet = std::make_unique<ArrayProjections>(Model, *this, Ctx.Seed);
  for (uint32_t K = 0; K < Model.num_arrays; ++K)
    if (Model.arrays[K].drive_population != UINT32_MAX && !Driven)
      Driven = std::make_unique<ArrayDrives>(Model, *this, Ctx.Seed);
  StepKernels.assign(NMC_NUM_PHASES, {});
  for (uint32_t I = 0; I < Model.num_kernels; ++I)
    if (!(Model.kernels[I].flags & NMC_KERNEL_EVENT))
      StepKernels[Model.kernels[I].phase].push_back(I);
  return true;
}

nmc_kernel_args Simulation::argsFor(uint32_t Pop, double T) const {
  return nmc_kernel_args{
      T, Dt, Params, Columns[Pop].data(), Ctx.Seed, N, PopColumns.data(), Sizes.data(), nullptr};
}

int64_t Simulation::probeStride(double Interval, double Dt) {
  double Ratio = Interval / Dt;
  // Beyond any run length: sample at step 0 only (and keep llround defined).
  if (Ratio > 1e15)
    return INT64_MAX;
  int64_t K = std::llround(Ratio);
  return K < 1 ? 1 : K;
}

// Finds the first element (then column) in [Begin, End) that is not finite
// and words the error; the scan is sequential and only runs once a kernel
// has reported a problem, so it costs nothing on good runs.
std::string Simulation::Moment::str() const {
  return Text ? std::string(Text) : format("step %lld", (long long)Step);
}

std::string Simulation::divergence(uint32_t Pop, bool Observables, int64_t Begin, int64_t End,
                                   int64_t Reported, double T, const Moment &When) const {
  const nmc_population_desc &PD = Model.populations[Pop];
  for (int64_t I = Begin; I < End; ++I)
    for (uint32_t C = 0; C < PD.num_columns; ++C) {
      uint32_t Kind = PD.columns[C].kind;
      if ((Kind == NMC_COLUMN_OBSERVABLE) != Observables || Kind == NMC_COLUMN_INTERNAL)
        continue;
      double V = valueAt(Columns[Pop][C], PD.columns[C].type, I);
      if (!std::isfinite(V))
        return format("simulation diverged: %s '%s' of %s[%lld] became %s at "
                      "t = %.6g s (%s)",
                      Kind == NMC_COLUMN_STATE   ? "state"
                      : Kind == NMC_COLUMN_PARAM ? "parameter"
                                                 : "observable",
                      PD.columns[C].name, PD.name, (long long)I, nonFiniteName(V), T,
                      When.str().c_str());
    }
  return format("simulation diverged: population '%s' reported %lld "
                "non-finite values at t = %.6g s (%s)",
                PD.name, (long long)Reported, T, When.str().c_str());
}

bool Simulation::launch(const nmc_kernel_desc &K, double T, int64_t Begin, int64_t End,
                        Recorder *Rec, const Moment &When, double ReportT, std::string &Err) {
  nmc_kernel_args Args = argsFor(K.population, T);
  if (int64_t Bad = parallelFor(&Ctx, K.fn, Args, Begin, End, (K.flags & NMC_KERNEL_SERIAL) != 0,
                                (K.flags & NMC_KERNEL_LIGHT) != 0)) {
    Err = divergence(K.population, K.phase == NMC_PHASE_RECORD, Begin, End, Bad, ReportT, When);
    return false;
  }
  if (Model.num_event_sources == 0)
    return true; // nothing can have been emitted
  // Chunks are fixed ranges of elements, so this order is thread-free.
  std::vector<nmc_ctx::Event> All;
  for (auto &Chunk : Ctx.ChunkEvents) {
    All.insert(All.end(), Chunk.begin(), Chunk.end());
    Chunk.clear();
  }
  return report(All, Rec, Err);
}

bool Simulation::scanEvents(Recorder *Rec, std::string &Err) {
  for (uint32_t S = 0; S < Model.num_event_sources; ++S) {
    const nmc_event_source_desc &D = Model.event_sources[S];
    if (D.num_spikes > 0) {
      // A spike list: those whose time falls in this step (up to rounding
      // of a time written as a multiple of the step).
      Scanned.clear();
      int64_t &K = ListCursor[S];
      double End = double(N + 1) * Dt - 1e-6 * Dt;
      for (; K < D.num_spikes && D.spike_times[K] < End; ++K)
        Scanned.push_back({D.spike_elements[K], D.spike_times[K], S});
      if (!report(Scanned, Rec, Err))
        return false;
    }
    if (D.num_time_columns == 0)
      continue;
    int64_t N = Sizes[D.population];
    Scanned.clear();
    for (uint32_t C = 0; C < D.num_time_columns; ++C) {
      const double *T = static_cast<const double *>(Columns[D.population][D.time_columns[C]]);
      // Times are -1 where nothing fired: a block of 32 whose sign bits are
      // all set holds no event, and the AND of the bits vectorises.
      const uint64_t *Bits =
          static_cast<const uint64_t *>(Columns[D.population][D.time_columns[C]]);
      int64_t I = 0;
      for (; I + 32 <= N; I += 32) {
        uint64_t All = ~uint64_t(0);
        for (int K = 0; K < 32; ++K)
          All &= Bits[I + K];
        if (!(All >> 63))
          for (int64_t K = I; K < I + 32; ++K)
            if (T[K] >= 0)
              Scanned.push_back({K, T[K], S});
      }
      for (; I < N; ++I)
        if (T[I] >= 0)
          Scanned.push_back({I, T[I], S});
    }
    // The events of several columns (a device's `on` blocks): by element
    // within a time, then column (report keeps this order within a time).
    if (D.num_time_columns > 1)
      std::stable_sort(Scanned.begin(), Scanned.end(),
                       [](const nmc_ctx::Event &A, const nmc_ctx::Event &B) {
                         return A.Time < B.Time || (A.Time == B.Time && A.Element < B.Element);
                       });
    if (!report(Scanned, Rec, Err))
      return false;
  }
  return true;
}

bool Simulation::report(std::vector<nmc_ctx::Event> &All, Recorder *Rec, std::string &Err) {
  if (All.empty() || (!Rec && !Net && !ArrayNet))
    return true;
  std::stable_sort(All.begin(), All.end(), [](const nmc_ctx::Event &A, const nmc_ctx::Event &B) {
    return A.Time < B.Time;
  });
  if (Net || ArrayNet)
    StepEvents.insert(StepEvents.end(), All.begin(), All.end());
  if (!Rec)
    return true;
  for (const nmc_ctx::Event &E : All)
    for (uint32_t M = 0; M < Model.num_monitors; ++M) {
      const nmc_monitor_desc &Mo = Model.monitors[M];
      if (Mo.source != E.Source || E.Element < Mo.first || E.Element >= Mo.first + Mo.count)
        continue;
      if (Mo.rate_bin > 0)
        ++RateCount[M];
      else if (!Rec->event(M, E.Element, E.Time, Err))
        return false;
    }
  return true;
}

bool Simulation::recordDue(Recorder *Rec, std::string &Err) {
  if (!Rec)
    return true;
  double T = double(N) * Dt;
  // Population rates: a row when a bin ends.
  for (uint32_t M = 0; M < Model.num_monitors; ++M) {
    const nmc_monitor_desc &Mo = Model.monitors[M];
    if (Mo.rate_bin <= 0 || N == 0)
      continue;
    int64_t Bin = std::max<int64_t>(1, std::llround(Mo.rate_bin / Dt));
    if (N % Bin != 0)
      continue;
    double Hz = double(RateCount[M]) / (double(Mo.count) * double(Bin) * Dt);
    RateCount[M] = 0;
    if (!Rec->rate(M, double(N - Bin) * Dt, Hz, Err))
      return false;
  }
  for (uint32_t I = 0; I < Model.num_probes; ++I) {
    if (N % Stride[I] != 0)
      continue;
    const nmc_probe_desc &Probe = Model.probes[I];
    for (uint32_t K = 0; K < Model.num_kernels; ++K) {
      const nmc_kernel_desc &KD = Model.kernels[K];
      if (KD.phase == NMC_PHASE_RECORD && KD.population == Probe.population &&
          !launch(KD, T, Probe.first, Probe.first + Probe.count, Rec, Moment{nullptr, N}, T, Err))
        return false;
    }
    if (!Rec->record(I, T, Columns[Probe.population].data(), Err))
      return false;
  }
  return true;
}

bool Simulation::init(double StepDt, Recorder *Rec, std::string &Err) {
  Dt = StepDt;
  N = 0;
  ListCursor.assign(Model.num_event_sources, 0);
  RateCount.assign(Model.num_monitors, 0);
  Stride.assign(Model.num_probes, 1);
  for (uint32_t I = 0; I < Model.num_probes; ++I)
    Stride[I] = probeStride(Model.probes[I], Dt);
  for (uint32_t K = 0; K < Model.num_kernels; ++K) {
    const nmc_kernel_desc &KD = Model.kernels[K];
    if (KD.phase == NMC_PHASE_INIT &&
        !launch(KD, 0.0, 0, Sizes[KD.population], Rec, Moment{"initial state"}, 0.0, Err))
      return false;
  }
  StepEvents.clear();
  if (Net && !Net->prepare(Dt, PopColumns.data(), Err))
    return false;
  return recordDue(Rec, Err);
}

bool Simulation::advance(int64_t Steps, Recorder *Rec, Progress *Prog, std::string &Err) {
  for (int64_t K = 0; K < Steps; ++K) {
    double T = double(N) * Dt;
    // The state that goes bad belongs to the end of this step.
    Moment When{nullptr, N + 1};
    if (Driven && !Driven->step(N, T, Dt, Ctx.Threads, Err))
      return false;
    for (uint32_t Phase = NMC_PHASE_DRIVE; Phase < NMC_PHASE_RECORD; ++Phase) {
      if (Phase == NMC_PHASE_EVENTS && !scanEvents(Rec, Err))
        return false;
      if (Phase == NMC_PHASE_DELIVERY && (Net || ArrayNet)) {
        // Events of several launches: ordered by time, then element.
        std::stable_sort(
            StepEvents.begin(), StepEvents.end(),
            [](const nmc_ctx::Event &A, const nmc_ctx::Event &B) { return A.Time < B.Time; });
        auto Launch = [&](uint32_t Kernel, const int64_t *Elements, int64_t Count,
                          std::string &Why) {
          const nmc_kernel_desc &KD = Model.kernels[Kernel];
          nmc_kernel_args Args = argsFor(KD.population, T);
          Args.elements = Elements;
          CurrentChunk = 0;
          if (int64_t Bad = KD.fn(&Ctx, &Args, 0, Count)) {
            Why = format("simulation diverged: plasticity rule '%s' made %lld weights or traces "
                         "of '%s' non-finite at t = %.6g s",
                         KD.name, (long long)Bad, Model.populations[KD.population].name, T);
            return false;
          }
          return true;
        };
        if (Net && !Net->deliver(StepEvents, N, PopColumns.data(), Ctx.Threads, Launch, Err))
          return false;
        if (ArrayNet && !ArrayNet->deliver(StepEvents, N, Ctx.Threads, Err))
          return false;
        StepEvents.clear();
      }
      for (uint32_t I : StepKernels[Phase]) {
        const nmc_kernel_desc &KD = Model.kernels[I];
        if (!launch(KD, T, 0, Sizes[KD.population], Rec, When, double(N + 1) * Dt, Err))
          return false;
      }
    }
    ++N;
    if (!recordDue(Rec, Err))
      return false;
    if (Prog)
      Prog->update(N, double(N) * Dt);
  }
  return true;
}

bool Simulation::stepAlone(uint32_t Pop, int64_t Steps, double StepDt, int64_t Counter,
                           const std::string &What, std::string &Err) {
  // The kernels read the step and its length from N and Dt.
  int64_t SavedN = N;
  double SavedDt = Dt;
  Dt = StepDt;
  bool Ok = true;
  for (int64_t K = 0; K < Steps && Ok; ++K) {
    N = Counter + K;
    for (uint32_t Phase = NMC_PHASE_DRIVE; Phase <= NMC_PHASE_EVENTS && Ok; ++Phase)
      for (uint32_t I = 0; I < Model.num_kernels && Ok; ++I) {
        const nmc_kernel_desc &KD = Model.kernels[I];
        if (KD.phase == Phase && KD.population == Pop && !(KD.flags & NMC_KERNEL_EVENT))
          Ok = launch(KD, 0, 0, Sizes[Pop], nullptr, Moment{What.c_str()}, 0, Err);
      }
  }
  N = SavedN, Dt = SavedDt;
  return Ok;
}

bool Simulation::remembersEvents(uint32_t Pop) const {
  const nmc_population_desc &P = Model.populations[Pop];
  for (uint32_t C = 0; C < P.num_columns; ++C) {
    std::string_view Name = P.columns[C].name;
    if (Name.size() > 5 && Name.substr(Name.size() - 5) == ".last")
      return true;
  }
  return false;
}

bool Simulation::observe(uint32_t Pop, int64_t Begin, int64_t End, int64_t Counter,
                         const std::string &What, std::string &Err) {
  int64_t SavedN = N;
  N = Counter;
  bool Ok = true;
  for (uint32_t I = 0; I < Model.num_kernels && Ok; ++I) {
    const nmc_kernel_desc &KD = Model.kernels[I];
    if (KD.phase == NMC_PHASE_RECORD && KD.population == Pop)
      Ok = launch(KD, 0, Begin, End, nullptr, Moment{What.c_str()}, 0, Err);
  }
  N = SavedN;
  return Ok;
}

bool Simulation::observeNow(uint32_t Pop, std::string &Err) {
  double T = double(N) * Dt;
  for (uint32_t I = 0; I < Model.num_kernels; ++I) {
    const nmc_kernel_desc &KD = Model.kernels[I];
    if (KD.phase == NMC_PHASE_RECORD && KD.population == Pop &&
        !launch(KD, T, 0, Model.populations[Pop].size, nullptr, Moment{nullptr, N}, T, Err))
      return false;
  }
  return true;
}

bool Simulation::finishArrays(const std::filesystem::path &Dir, bool Npy, std::string &Summary,
                              std::string &Err) {
  return (!Driven || Driven->finish(Dir, Npy, Summary, Err)) &&
         (!ArrayNet || ArrayNet->finish(Dir, Npy, Summary, Err));
}

} // namespace nmc::rt
