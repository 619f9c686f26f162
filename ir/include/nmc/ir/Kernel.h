//===- Kernel.h - Kernels and the schedule of a step ------------*- C++ -*-===//
//
// A kernel is a loop over an index space (the elements of one population)
// whose body is a list of statements run in order for each element i:
//  - let %k = e        computes local k (read later as Local(k));
//  - store $c = e      writes column c at element i; a Column(c) read after
//                      it in the same body sees the new value;
//  - emit src at e     records an event of source src at element i and
//                      time e (s), when the enclosing `if` holds;
//  - if c { ... }      runs its statements only where c holds;
//  - repeat n until c { ... }  runs its statements (lets, unchecked stores
//                      and nested repeats) at least once and at most n
//                      times, until c holds after them (Newton iterations,
//                      adaptive substeps; Column reads see the stores, and
//                      a let is the value of the last iteration);
//  - for kd from to { ... }  runs its statements (scatters) for the bound
//                      index kd = from, ..., to - 1 (d its nesting depth, as
//                      in Reduce), in increasing order;
//  - scatter @p $c at k add e  adds e to column c of population p at element
//                      round(k): spike delivery through a CSR row. A kernel
//                      with a scatter writes other elements, so the runtime
//                      runs it on one thread, in element order, and the sums
//                      do not depend on threads.
// Elements are independent: a body reads and writes only element i (but
// for scatters, see below), so the runtime may split the index space over
// threads in any way. A store marked
// `checked` counts toward the kernel's result when its value is not finite
// (the runtime then names the element and time).
//
// The schedule is the phase of each kernel: a step runs the phases in the
// order of nmc::ir::Phase, each phase its kernels in module order.
//
//===----------------------------------------------------------------------===//
#ifndef NMC_IR_KERNEL_H
#define NMC_IR_KERNEL_H

#include "nmc/ir/Expr.h"

#include <string>
#include <vector>

namespace nmc::ir {

/// Same order and numbering as NMC_PHASE_* in the runtime ABI.
enum class Phase { Init, Drive, Solve, Update, Events, Delivery, Learning, Record };
const char *name(Phase P);

struct Stmt {
  enum class Kind { Let, Store, Emit, If, Repeat, For, Scatter };
  Kind K = Kind::Let;
  unsigned Index = 0;          // Let: local; Store, Scatter: column; Emit: event source;
                               // Repeat: at most; For: depth
  const Expr *Value = nullptr; // Let/Store/Scatter: value; Emit: time; If: condition;
                               // Repeat: until; For: from
  const Expr *At = nullptr;    // Scatter: element; For: to
  unsigned Target = 0;         // Scatter: population
  bool Checked = false;        // Store: count non-finite values
  std::vector<Stmt> Body;      // If, Repeat, For

  static Stmt make(Kind K, unsigned I, const Expr *V, std::vector<Stmt> B = {}) {
    Stmt S;
    S.K = K, S.Index = I, S.Value = V, S.Body = std::move(B);
    return S;
  }
  static Stmt let(unsigned L, const Expr *E) { return make(Kind::Let, L, E); }
  static Stmt store(unsigned C, const Expr *E, bool Check) {
    Stmt S = make(Kind::Store, C, E);
    S.Checked = Check;
    return S;
  }
  static Stmt emit(unsigned Src, const Expr *T) { return make(Kind::Emit, Src, T); }
  static Stmt when(const Expr *C, std::vector<Stmt> B) {
    return make(Kind::If, 0, C, std::move(B));
  }
  static Stmt repeat(unsigned Max, const Expr *Until, std::vector<Stmt> B) {
    return make(Kind::Repeat, Max, Until, std::move(B));
  }
  static Stmt loop(unsigned Depth, const Expr *From, const Expr *To, std::vector<Stmt> B) {
    Stmt S = make(Kind::For, Depth, From, std::move(B));
    S.At = To;
    return S;
  }
  static Stmt scatter(unsigned Pop, unsigned Col, const Expr *At, const Expr *V) {
    Stmt S = make(Kind::Scatter, Col, V);
    S.At = At, S.Target = Pop;
    return S;
  }
};

struct Kernel {
  std::string Name; // "nmc_step_cells"
  Phase Ph = Phase::Update;
  unsigned Population = 0;
  unsigned NumLocals = 0;
  std::vector<Stmt> Body;
  /// Run by the runtime on the synapses of a spike (a plasticity rule's
  /// `on pre` or `on post`), never by the phase loop; the elements may be
  /// given as a list (abi.h, nmc_kernel_args::elements).
  bool OnEvent = false;
  /// Whether the body scatters (the runtime then runs it serially).
  bool scatters() const;
  /// Whether the body runs no loops (no Newton iterations or substeps): a
  /// few operations per element, which only large ranges repay splitting.
  bool light() const;
};

/// A population whose kernels report events (spikes, device events). All
/// the events of one population with one name (a device's `on` blocks,
/// all named "event") are one source.
struct EventSource {
  std::string Name; // "spike", "event"
  unsigned Population = 0;
  /// Columns where the update kernel leaves each element's event time in
  /// the step (-1: none), one per event of the source in declaration order,
  /// which the runtime scans after the update phase (a loop without calls
  /// vectorises) and orders by (time, element, column); none: kernels emit
  /// the events.
  std::vector<unsigned> TimeColumns = {};
  /// A spike list (a stimulus read from a file): element SpikeElements[k]
  /// fires at SpikeTimes[k], ordered by time then element; the runtime
  /// reports each in the step that holds its time.
  std::vector<int64_t> SpikeElements;
  std::vector<double> SpikeTimes;
};

/// Writes every event of a source, for elements [First, First + Count).
struct Monitor {
  std::string Name;
  unsigned Source = 0;
  int64_t First = 0, Count = 0;
  /// > 0: a population-rate monitor; it writes the mean rate (Hz) of the
  /// elements over each bin of RateBin seconds instead of the events.
  double RateBin = 0;
};

} // namespace nmc::ir

#endif
