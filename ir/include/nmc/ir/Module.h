//===- Module.h - The model IR ---------------------------------*- C++ -*-===//
//
// One Module is one simulation: parameters (SI, resolved at run time so that
// `--set` needs no recompile), populations with structure-of-arrays columns,
// and probes. Both the AOT and the JIT path start from it.
//
// A population's dynamics arrive as ODE right-hand sides (StateVar::Deriv);
// the discretisation pass turns them into explicit per-step updates
// (StateVar::Update), which is all codegen reads. Kernel semantics:
//  - init:    Column(s) := Init_s           at t = 0, for every state s;
//  - observe: Column(o) := Value_o(state, t) for every observable o;
//  - step:    Column(s) := Update_s(old state, t, dt) for every state s,
//             all right-hand sides reading the state before the step.
// Parameters are ordered so that a default reads only earlier parameters.
//
// Events (a device's `on`, a neuron's `spike when`) are checked in the step
// that crosses their condition: the crossing time is interpolated linearly
// on the condition's margin between the states before and after the step,
// the assignments act on the state after the step, and a refractory period
// holds the reset states (they resume integrating from its end, inside the
// step). An edge event (Event::Edge) also fires where its condition did not
// hold at the end of the last step and holds at this step's start: a jump
// made between steps, by a delivery (which comes after the update) or a
// column the runtime writes; it fires at the step's start. Schedule keeps
// each element's condition as it stood at the end of the last step (and at
// init), before the deliveries, in the Internal column "eventK.last" (1 or
// 0), which init and every update write after their other stores.
// Per-element parameters (ColumnKind::Param) are drawn at init and,
// per cycle, again at each event of their population.
// The `schedule` pass turns all of this into Kernels (Kernel.h), which is
// all codegen reads.
//
//===----------------------------------------------------------------------===//
#ifndef NMC_IR_MODULE_H
#define NMC_IR_MODULE_H

#include "nmc/ir/Expr.h"
#include "nmc/ir/Kernel.h"

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace nmc::ir {

struct Param {
  std::string Name;              // "tau" or "cells.tau"
  std::string UnitText;          // SI unit text, e.g. "m^4/s"
  int8_t Dim[5] = {};            // exponents times two (m kg s A K)
  const Expr *Default = nullptr; // reads only earlier Params
  double Lo = -INFINITY, Hi = INFINITY;
  bool LoOpen = false, HiOpen = false;
  uint32_t Line = 0;
};

/// Same numbering as NMC_COLUMN_* in the runtime ABI.
enum class ColumnKind { State, Observable, Param, Internal };
const char *name(ColumnKind K);

/// Data, when not empty, holds one value per element (in the unit's SI
/// value; a Dynamic population's in synapse order): the runtime writes it
/// into the column before the init kernel, which leaves such a column as
/// it is (an image's pixel levels, weights listed in a file).
struct Column {
  std::string Name;
  std::string UnitText;
  ColumnKind Kind;
  std::vector<double> Data = {};
};

struct StateVar {
  unsigned Column = 0;
  const Expr *Init = nullptr;              // uniform
  const Expr *Deriv = nullptr;             // dX/dt; null: the state is constant
  const Expr *Lo = nullptr, *Hi = nullptr; // clamp bounds, uniform; may be null
  const Expr *Update = nullptr;            // set by discretisation
};

struct Observable {
  unsigned Column = 0;
  const Expr *Value = nullptr;
};

/// A per-element parameter drawn from the counter-based generator. Value
/// reads Random nodes whose counter is 0; a per-cycle draw at an event uses
/// the step index plus one instead.
struct Draw {
  unsigned Column = 0; // ColumnKind::Param
  const Expr *Value = nullptr;
  bool PerCycle = false;
};

/// An unknown u with residual r(u, states, drive, t) = 0, solved per
/// element by Newton's method with the Jacobian dr/du of all of the
/// population's unknowns derived symbolically: at init after the initial
/// states, and in every step after the new states, starting from u's last
/// value (Init at first). It stops when every |du| <= 1e-12 |u| + AbsTol,
/// within 50 iterations; an unknown that has not converged becomes NaN,
/// which the runtime reports with the element and time.
///
/// With Mass terms the row is a differential equation
///     sum_j m_j dy_j/dt + r(y, t) = 0       (m_j uniform)
/// over the population's unknowns (the fully implicit form of modified
/// nodal analysis: capacitor and inductor rows, a device state as
/// dx/dt - f = 0). Such a population integrates with Method::TRBDF2: every
/// step solves the whole system twice by Newton, once per stage (Schedule.cpp).
/// An unknown is differential when its own row has mass; every column in a
/// mass term must be differential. At init only the rows without mass are
/// solved, for their own unknowns, with the differential ones at Init.
/// Lo and Hi (uniform, may be null) clamp the solution of each stage.
struct Algebraic {
  unsigned Column = 0;        // ColumnKind::State
  const Expr *Init = nullptr; // uniform: the first guess
  const Expr *Residual = nullptr;
  double AbsTol = 0;          // in u's unit
  unsigned DeltaColumn = ~0u; // Internal: the last Newton step, set by schedule
  std::vector<std::pair<unsigned, const Expr *>> Mass; // (column, m)
  const Expr *Lo = nullptr, *Hi = nullptr;
  unsigned RateColumn = ~0u; // Internal: du/dt at the end of the step, set by schedule
  bool differential() const { return !Mass.empty(); }
};

struct Assign {
  unsigned Column = 0;
  const Expr *Value = nullptr; // reads the state after the step (Column)
};

struct Event {
  const Expr *Cond = nullptr;       // Bool over state, drive and time
  bool Edge = true;                 // fire when Cond becomes true; else while true
  std::vector<Assign> Assigns;      // in order; each sees the previous ones
  int Source = -1;                  // index into Module::Sources, or -1
  const Expr *Refractory = nullptr; // uniform, s; null: none
  unsigned RefractoryColumn = 0;    // Internal: end of the refractory period
  std::vector<unsigned> Held;       // states held while refractory
};

/// Newton's absolute tolerance for a state integrated implicitly: 1e-9 of
/// its scale (its bounds' span, else its initial value, else 1e-12 in its
/// unit), with Params the values of the module's parameters (Discretise.cpp).
double stateTolerance(const StateVar &S, const std::vector<double> &Params);

/// Integration methods of a population's ODE states (Discretise.cpp).
enum class Method { Euler, ExponentialEuler, ExponentialMidpoint, RK4, Rosenbrock, TRBDF2 };
const char *name(Method M);

struct Population {
  std::string Name, Device;
  int64_t Size = 0;
  /// The synapses of a projection: the runtime sets the size when it has
  /// built the connectivity (Size is then 0 here).
  bool Dynamic = false;
  Method Scheme = Method::ExponentialMidpoint;
  std::vector<Column> Columns;
  std::vector<StateVar> States;
  std::vector<Observable> Observables;
  std::vector<Draw> Draws;
  std::vector<Event> Events;
  std::vector<Algebraic> Algebraics;
};

struct Probe {
  std::string Name;
  unsigned Population = 0;
  int64_t First = 0, Count = 0;
  std::vector<unsigned> Columns;
  double Interval = 0; // s; 0: every step
};

/// Spikes of the elements of population Pre (event source Source) reach
/// population Post through synapses. The runtime builds them before init:
///  - AllToAll: every (pre, post) pair; OneToOne: (i, i);
///  - Probability: each pair with probability P, independently, from draws
///    of stream Stream keyed by the pre element (geometric gaps);
///  - InDegree: K distinct pre elements for each post element, from draws
///    of stream Stream keyed by the post element (Floyd's sampling);
///  - Edges: the (EdgePre[k], EdgePost[k]) pairs as listed.
/// AllowSelf false drops (i, i) pairs (the draws stay the same for the
/// others). Synapses are numbered in CSR order, by pre element, then post
/// element (Edges: listed order within a pre element), so their number
/// and order depend on the seed only. Population Synapses (Dynamic) gets
/// one element per synapse; its init kernel sets column 0, the weight w,
/// and column 1, the delay (s). A spike of pre element i in step n adds
/// Scale * w of each of its synapses to column Column of the synapse's post
/// element at the start of the delivery phase of step n + round(delay /
/// dt), summed in the order (spike time, pre element, synapse): the same
/// bits on any thread count. A target with a Factor adds Scale * w * factor;
/// the rule's OnPre then runs before the delivery (short-term plasticity
/// delivers the efficacy the spike itself sets), else after.
struct Projection {
  enum class Connect { AllToAll, OneToOne, Probability, InDegree, Edges };
  struct Target {
    unsigned Column = 0; // of Post
    double Scale = 1;
    int Factor = -1; // a column of Synapses that multiplies w (a rule's state), or -1
  };
  std::string Name;
  unsigned Source = 0, Pre = 0, Post = 0, Synapses = 0;
  Connect Kind = Connect::AllToAll;
  double P = 0;  // Probability
  int64_t K = 0; // InDegree
  bool AllowSelf = true;
  std::vector<int64_t> EdgePre, EdgePost;
  uint64_t Stream = 0;
  std::vector<Target> Targets;
  /// A plasticity rule, event-driven: its states (Traces, columns of
  /// Synapses) follow dx/dt = A x + B between spikes and advance exactly
  /// from the time in column LastColumn to the spike's step time; then the
  /// assignments of OnPre (a spike of the synapse's source, after its weight
  /// was delivered) or OnPost (a spike of its target, event source
  /// PostSource) run in order, each reading the values before it. Schedule
  /// builds one kernel per non-empty list (PreKernel, PostKernel), which
  /// the runtime calls on the synapses of each spike.
  struct Trace {
    unsigned Column = 0;
    const Expr *A = nullptr, *B = nullptr; // uniform
  };
  std::vector<Trace> Traces;
  std::vector<Assign> OnPre, OnPost;
  unsigned LastColumn = 0;
  int PostSource = -1;
  int PreKernel = -1, PostKernel = -1; // set by schedule
  bool plastic() const { return !OnPre.empty() || !OnPost.empty(); }
};
const char *name(Projection::Connect K);

/// A crossbar of Rows x Cols cells, read once per input vector at the
/// start of the run: row i is driven by Inputs[k * Rows + i] times
/// ReadVoltage through Driver and one RowSegment, then one RowSegment
/// between neighbouring cells; column j is sensed at its bottom through one
/// ColSegment and Sense by a virtual ground (runtime/lib/Crossbar.h). Cell
/// conductances: A (Value), mean A and sigma B (Normal) or lo A and hi B
/// (UniformDraw) drawn per cell from stream Stream, or Data (row-major, S).
/// Device cells are population CellsOf.Population, one element per cell
/// (row-major) with the device's states: the runtime writes each cell's
/// voltage into column CellsOf.Voltage and runs the population's observe
/// kernel for its current (CellsOf.Current) and di/dv (CellsOf.Slope); a
/// selector (SelectorOf) is a second such population in series; with
/// wires, Newton solves the non-linear network. Program: write-verify
/// before the reads, row by row in the V/2 scheme; Update: stochastic
/// outer-product updates after it (runtime/lib/ArrayProgram.h).
/// Each probe writes one row per read of the named variables: i (column
/// currents), ideal (the same without wires), drop (the largest fall of a
/// cell's voltage below its row's input), v (every cell's voltage), power,
/// wire_power, g (every cell's i / v at the read voltage).
struct Array {
  enum class Cells { Value, Normal, UniformDraw, Data, Device };
  struct Probe {
    std::string Name;
    std::vector<std::string> Vars;
    double Interval = 0; // s, of a driven array's probe; 0: every step (or read)
  };
  struct WriteVerify {
    std::vector<double> Targets; // Rows x Cols, S, > 0
    double Set = 0, Reset = 0;   // pulse amplitudes, V (Set > 0 > Reset)
    double Width = 0;            // s
    double Tolerance = 0;        // relative
    int64_t MaxPulses = 0;       // per cell
  };
  struct OuterProduct {
    std::vector<double> Updates; // per update, Rows values x then Cols values d, in [-1, 1]
    double Set = 0, Reset = 0;   // pulse amplitudes, V (Set > 0 > Reset)
    double Width = 0;            // s, per slot
    int64_t Slots = 0;           // per update and sign pair
  };
  /// In-memory linear algebra: the array in an op-amp feedback loop,
  /// solved for its steady state (runtime/lib/ArraySolve.h). Inverse (a
  /// square array, Sun et al. 2019): each right-hand side b (Rows values, A)
  /// is injected into the rows, whose drivers are the inverting inputs of
  /// op-amps that drive the columns, so that the outputs settle at -x with
  /// A x = b. Regression (Rows >= Cols, Sun et al. 2020): each y (Rows
  /// values, A) is injected into transimpedance amplifiers of feedback
  /// conductance Feedback on the rows, whose outputs drive the rows of a
  /// second read of the same cells, whose columns feed op-amps that drive
  /// the first read's columns, settling at -w with X^T (X w - y) = 0. Gain:
  /// the op-amps' open-loop gain; 0 is an ideal op-amp.
  struct FeedbackSolve {
    enum class Kind { Inverse, Regression };
    Kind K = Kind::Inverse;
    std::vector<double> Rhs; // Rows values per solve, A
    double Gain = 0;         // open-loop gain, 0: infinite
    double Feedback = 0;     // S, regression only
  };
  std::string Name;
  int64_t Rows = 0, Cols = 0;
  double RowSegment = 0, ColSegment = 0, Driver = 0, Sense = 0, ReadVoltage = 0;
  Cells Kind = Cells::Value;
  double A = 0, B = 0;
  std::vector<double> Data;
  std::vector<double> Inputs;
  uint64_t Stream = 0;
  double Sparsity = 0; // the probability that a cell is off (G = 0), drawn per cell
  /// A population of cells (or selectors) and its voltage, current and
  /// di/dv columns.
  struct CellColumns {
    unsigned Population = 0, Voltage = 0, Current = 0, Slope = 0;
  };
  CellColumns CellsOf;
  /// 1S1R: a selector in series with each cell, one element per cell.
  std::optional<CellColumns> SelectorOf;
  /// A driven array: population Drive has one element per row, whose
  /// column 0 holds the row's voltage for the coming step (its init and
  /// update kernels set it to the drive at that step's middle). The array
  /// is then solved at every step of the run, with its columns at 0 V, and
  /// its cells step at the voltages it gives them; it has no Inputs.
  std::optional<unsigned> Drive;
  /// 1T1R: each cell is the device in series with an access nmos (EKV,
  /// bulk at ground) from the device's bottom node (drain) to the column
  /// node (source), its gate at Gate in reads; in programming pulses the
  /// word lines of driven rows are at ProgramGate, the others at OffGate.
  /// 2T1R (Fire): a second nmos of the same kind, the fire gate, joins the
  /// bottom node to ground. Reads: the access (communication) gates at
  /// Gate, the fire gates at OffGate, the column passing the access
  /// transistor's current. Programming pulses: every access gate at
  /// OffGate, the rows' top electrodes at the full pulse and the fire gates
  /// of the selected columns at ProgramGate (the others at OffGate), the
  /// columns at 0 V: the programming current flows to ground through the
  /// fire gate, which limits it, and no cell is half-selected. With wires,
  /// the fire gate's current leaves the row line at the cell.
  struct Access {
    double Beta = 0, Vth = 0, N = 1.3;             // A/V^2, V, slope factor
    double Gate = 0, ProgramGate = 0, OffGate = 0; // V
    bool Fire = false;                             // 2T1R
  };
  std::optional<Access> Transistor;
  std::optional<WriteVerify> Program;
  std::optional<OuterProduct> Update;
  std::optional<FeedbackSolve> Solve;
  /// Differential: each of the Cols columns is a pair of physical columns
  /// (2j: G+, 2j + 1: G-), read as their difference; cells, data, targets
  /// and probes of cells count physical columns. Converters quantise with
  /// 2^bits - 1 levels over [-range, range] (DacRange in units of the read
  /// voltage, AdcRange in A); 0 bits: none. Tile: square tiles of Tile rows
  /// and physical columns, each with its own wires, drivers and ADCs, their
  /// column currents added digitally; 0: one tile.
  bool Differential = false;
  int DacBits = 0, AdcBits = 0;
  double DacRange = 1, AdcRange = 0;
  int64_t Tile = 0;
  /// The reads of Inputs drive the columns (Cols values each; a
  /// differential pair at +x and -x) and sense the rows.
  bool Transposed = false;
  /// The duration of a read, s: each read adds Power * ReadWidth to the
  /// array's energy; 0: reads count none.
  double ReadWidth = 0;
  /// Energy per conversion of each DAC and ADC, J (0: not counted): every
  /// read adds them for the inputs it converts and the currents it senses.
  double DacEnergy = 0, AdcEnergy = 0;
  int64_t physicalCols() const { return Differential ? 2 * Cols : Cols; }
  std::vector<Probe> Probes;
};
const char *name(Array::Cells K);

/// Spikes of Source (elements of population Pre, one per row of Array)
/// read the array in the delivery phase of their step: the row of each
/// element that spiked is driven at the read voltage, the others at 0 V,
/// and column j's current (through the array's wires, cells and periphery)
/// times Scale is added to column Column of Post's element j. The read
/// does not change the cells.
struct ArrayProjection {
  struct Target {
    unsigned Column = 0; // of Post
    double Scale = 1;    // applied to the column current, A
  };
  /// Spike-driven programming of the cells (runtime/lib/ArrayProjection.h):
  /// a post spike SETs the cells of its column whose row spiked within
  /// Window before; a pre spike RESETs the cells of its row whose column
  /// spiked within Window before; pulses of Width in the V/2 scheme.
  /// Winner (Querlioz et al. 2013): only post spikes program, SETting the
  /// cells of the rows that spiked within Window before and RESETting the
  /// rest of the column. Spikes at Until or later program nothing
  /// (training, then testing).
  struct PulseStdp {
    enum Kind { Pair, Winner } Mode = Pair;
    double Window = 0, Set = 0, Reset = 0, Width = 0, Until = INFINITY;
  };
  std::string Name;
  unsigned Source = 0, Pre = 0, Post = 0, Array = 0;
  std::vector<Target> Targets;
  std::optional<PulseStdp> Learn;
  unsigned PostSource = 0; // with Learn: the spikes of Post
};

class Module {
public:
  std::string Name, Source;
  double TStop = 0, Dt = 0;
  /// Relative local-error tolerance of adaptive substeps (Method::TRBDF2).
  double RelTol = 1e-6;
  std::vector<Param> Params;
  std::vector<Population> Populations;
  std::vector<Probe> Probes;
  std::vector<EventSource> Sources;
  std::vector<Monitor> Monitors;
  std::vector<Projection> Projections;
  std::vector<Array> Arrays;
  std::vector<ArrayProjection> ArrayProjections;
  std::vector<Kernel> Kernels; // built by the schedule pass
  /// `sweep P = ...`: one instance per value of parameter SweepParam.
  unsigned SweepParam = 0;
  std::vector<double> SweepValues;

  ExprContext &ctx() { return Ctx; }

private:
  ExprContext Ctx;
};

} // namespace nmc::ir

#endif
