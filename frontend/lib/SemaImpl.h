//===- SemaImpl.h - Internals shared by the Sema*.cpp files ----*- C++ -*-===//
//
// Sema checks and lowers in one walk: checking an expression yields its unit
// and its IR. Device bodies are checked once into a template whose IR reads
// device-local parameter indices and a voltage placeholder; each population
// instantiates the template by rewriting those.
//
//===----------------------------------------------------------------------===//
#ifndef NMC_FRONTEND_SEMAIMPL_H
#define NMC_FRONTEND_SEMAIMPL_H

#include "nmc/frontend/Ast.h"
#include "nmc/frontend/Diagnostics.h"
#include "nmc/ir/Module.h"
#include "nmc/support/Units.h"

#include <cmath>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace nmc {

/// The checked form of an expression.
struct Value {
  enum Kind { Real, Bool, Error } K = Error;
  Dim D;
  bool TimeVarying = false; // reads model time: a waveform
  bool AnyUnit = false;     // a bare `0` or `inf`, which fit any unit
  const ir::Expr *E = nullptr;
  bool ok() const { return K != Error; }
  static Value error() { return {}; }
};

/// Name lookup for one scope. Returns nullopt when the name is unknown;
/// an Error value when the name is known but broken (already reported).
/// "[lo, hi)" with units, for range messages (SemaModel.cpp).
std::string rangeText(bool LoOpen, double Lo, double Hi, bool HiOpen, const Dim &U);

/// Whether Name is a built-in function or waveform (SemaCall.cpp).
bool isBuiltinFunction(const std::string &Name);

class Resolver {
public:
  virtual ~Resolver() = default;
  virtual std::optional<Value> resolve(const std::string &Name, SourceRange R) = 0;
  virtual std::vector<std::string> names() const = 0;
  /// Calls that mean something only in this scope, such as v(a, b) across
  /// two terminals or v(node) in a circuit; nullopt when not one of them.
  virtual std::optional<Value> resolveCall(const ast::CallExpr &) { return std::nullopt; }
  /// What the scope is called in messages ("a device equation").
  virtual bool allowsTime() const { return true; }
};

/// One `param` or `state` or `let` being checked lazily, so that order of
/// declaration does not matter and cycles are reported.
enum class LazyState { Pending, InProgress, Done };

/// A checked device, neuron or rule.
struct DeviceTemplate {
  /// The members; a preset's template shares its base's.
  const ast::ComponentDecl *Decl = nullptr;
  std::string Name; // the declared name: a preset's own
  ir::Method Scheme = ir::Method::ExponentialMidpoint;
  std::vector<std::pair<std::string, Dim>> Inputs; // neurons
  struct P {
    const ast::VarDecl *Decl;
    Value Default; // reads local params only
    double Lo = -INFINITY, Hi = INFINITY;
    bool LoOpen = false, HiOpen = false;
    bool Used = false;
    LazyState St = LazyState::Pending;
  };
  std::vector<P> Params;            // declaration order
  std::vector<unsigned> ParamOrder; // topological
  struct S {
    const ast::VarDecl *Decl;
    Value Init, Lo, Hi;
    const ir::Expr *Deriv = nullptr;
    bool Used = false;
  };
  std::vector<S> States;
  struct L {
    const ast::LetDecl *Decl;
    Value V;
    LazyState St = LazyState::Pending;
  };
  std::vector<L> Lets;
  /// An `on` event or a spike output, as IR over the template's indices.
  struct Ev {
    std::string Name; // "event" or the spike's name ("spike" by default)
    const ir::Expr *Cond = nullptr;
    bool Edge = true;
    std::vector<std::pair<unsigned, const ir::Expr *>> Assigns; // state, new value
    std::vector<unsigned> Held; // states reset with '=' (held while refractory)
    const ir::Expr *Refractory = nullptr;
  };
  std::vector<Ev> Events;
  /// `vary P ~ dist per device|cycle`: Value reads Param(P) (the nominal
  /// value) and Random nodes of a template-local stream.
  struct Vary {
    unsigned Param;
    const ir::Expr *Value;
    bool PerCycle;
  };
  std::vector<Vary> Varies;
  const ir::Expr *Noise = nullptr; // read noise added to the observed i
  /// `compliance I_C;`: an ideal current limiter in series (LowerPopulations).
  const ir::Expr *Compliance = nullptr;
  /// `rtn i ~ telegraph(...)`: Traps two-state Markov processes, trap k
  /// drawing from template-local stream Stream + k.
  struct Telegraph {
    const ir::Expr *Amplitude, *TauUp, *TauDown;
    unsigned Traps, Stream;
  };
  std::vector<Telegraph> Telegraphs;
  /// A device with three or more terminals: v(a, b) reads template column
  /// TerminalBase + a minus TerminalBase + b (terminal indices), and each
  /// law `i(a, b) = ...` is a branch current from a to b. It runs inside a
  /// circuit, which maps the terminals to nodes.
  static constexpr unsigned TerminalBase = 1u << 21;
  struct Branch {
    unsigned From, To;
    const ir::Expr *Current;
  };
  std::vector<Branch> Branches;
  /// `drift P ~ power(nu, t0)`: the equations read P (max(t, t0) / t0)^-nu.
  struct Drift {
    unsigned Param;
    const ir::Expr *Nu, *T0;
  };
  std::vector<Drift> Drifts;
  /// Rules: `w` reads and writes template column WeightColumn (the
  /// synapse's weight); `on pre` and `on post` assign states or w in order.
  static constexpr unsigned WeightColumn = 1u << 20;
  struct RuleEvent {
    bool Post = false;
    std::vector<std::pair<unsigned, const ir::Expr *>> Assigns;
  };
  std::vector<RuleEvent> RuleEvents;
  /// `relax i ~ wan2022(Gmax, age)`: the read conductance spreads with the
  /// time since programming (ReRamWan2022 fit); one normal draw per device
  /// from template-local stream Stream.
  struct Relax {
    const ir::Expr *Gmax, *Age;
    unsigned Stream;
  };
  std::vector<Relax> Relaxes;
  unsigned Streams = 0; // template-local random streams used
  const ast::LawDecl *Law = nullptr;
  int CurrentOde = -1; // the state whose own dynamics are being checked
  Value Current;
  LazyState LawSt = LazyState::Pending;
  bool Ok = true;
};

/// A checked circuit, which LowerCircuits.cpp flattens into a population.
/// Node voltages are Column(k) of the template, k the node's index in Nodes
/// (declared nodes, then ports that are not also nodes); ground is the
/// constant 0 V. Param(k) reads the circuit's k-th parameter. Element
/// arguments and spikes are checked IR over those and t.
struct CircuitTemplate {
  /// i(ELEMENT) in a spike output reads template column CurrentBase + k,
  /// k the element's index.
  static constexpr unsigned CurrentBase = 1u << 20;
  const ast::CircuitDecl *Decl = nullptr;
  std::vector<std::string> Nodes;
  struct Param {
    const ast::VarDecl *Decl;
    Value Default; // reads earlier parameters only
  };
  std::vector<Param> Params;
  struct Element {
    std::string Name, Kind; // Kind: a builtin (resistor, ...), a device or a circuit
    std::vector<int> Nodes; // indices into Nodes; -1 is ground
    std::map<std::string, Value> Args;
    std::map<std::string, SourceRange> ArgRanges;
    SourceRange Range;
  };
  std::vector<Element> Elements;
  /// A spike output: Cond over node columns; resets assign node columns.
  std::vector<DeviceTemplate::Ev> Spikes;
  bool Ok = false;
};

class SemaImpl {
public:
  SemaImpl(DiagEngine &D, ir::Module &M) : Diags(D), M(M), C(M.ctx()) {}
  bool ObserveAll = false; // analyze(): columns for every recordable value

  void run(const std::vector<const ast::File *> &Files);

  // ---- expressions (SemaExpr.cpp) ----
  Value check(const ast::Expr &E, Resolver &R);
  /// Checks that V is a number in Want (a bare 0 fits any unit).
  bool expectUnit(const Value &V, const Dim &Want, SourceRange R, DiagId Id,
                  const std::vector<std::string> &Args);
  std::optional<Unit> resolveUnit(const ast::UnitSpec &U);
  /// Folds V to a constant; reports err_not_constant with What.
  std::optional<double> constant(const Value &V, SourceRange R, const std::string &What);
  void reportUndefined(const std::string &Name, SourceRange R, Resolver &Res);
  Value constantValue(const std::string &Name);

  // ---- devices (SemaDevice.cpp) ----
  void checkDevice(const ast::ComponentDecl &D);
  void checkPreset(const ast::PresetDecl &P);   // SemaPreset.cpp
  void checkComponentExtras(DeviceTemplate &T); // SemaComponent.cpp
  /// A member that this kind of component may not have.
  void notAllowed(DeviceTemplate &T, SourceRange R, const std::string &What);
  void checkMethod(DeviceTemplate &T);
  bool checkTerminals(DeviceTemplate &T, Resolver &Body);
  bool checkEventsAndSpikes(DeviceTemplate &T, Resolver &Body);
  void checkNonidealities(DeviceTemplate &T, Resolver &Body);
  void refuseUnbuilt(DeviceTemplate &T);
  /// Checks `x op= e`; returns the state index and the new value of x.
  std::optional<std::pair<unsigned, const ir::Expr *>>
  checkStmt(const ast::Stmt &S, DeviceTemplate &T, Resolver &R, bool AllowWeight);
  /// Checks a spike output; with Out, also builds it (Target then names
  /// states by index through StateIndex).
  void checkSpike(const ast::SpikeDecl &S, Resolver &R,
                  const std::function<std::optional<Dim>(const std::string &)> &Target,
                  const char *What, DeviceTemplate *Out = nullptr);
  void checkNonideality(DeviceTemplate &T, const ast::NonidealityDecl &N, Resolver &Body);

  // ---- circuits, arrays, networks, sweeps (SemaStructure.cpp) ----
  void checkCircuit(const ast::CircuitDecl &C);
  bool checkCircuitSpike(const ast::SpikeDecl &Sp, Resolver &R, CircuitTemplate &T,
                         const std::string &What);
  void checkArray(const ast::ArrayDecl &A); // SemaArray.cpp
  struct ArrayInfo {
    const ast::ArrayDecl *Decl = nullptr;
    int64_t Rows = 0, Cols = 0;
    double RowSegment = 0, ColSegment = 0, Driver = 0, Sense = 0, ReadVoltage = 0; // SI
    enum class Cells { FromDevice, Value, Normal, UniformDraw, Data } Kind = Cells::FromDevice;
    double A = 0, B = 0; // value; mean and sigma; lo and hi
    double Sparsity = 0;
    std::vector<double> Data; // Rows x Cols, S
    const ast::StringExpr *DataFile = nullptr, *InputFile = nullptr;
    std::vector<double> Inputs; // reads x Rows, in units of ReadVoltage
    int64_t InputWidth = 0;
    /// `drive = ...`: each row's voltage in time (V, model scope), the array
    /// solved at every step of the run; empty: reads of Inputs.
    std::vector<const ir::Expr *> Drive;
    std::vector<ir::Array::Probe> Probes;
    DeviceTemplate *Device = nullptr; // Cells::FromDevice: the cells' device
    bool Differential = false;        // cols pairs of physical columns
    int DacBits = 0, AdcBits = 0;     // 0: no converter
    double DacRange = 1, AdcRange = 0;
    int64_t Tile = 0; // rows and columns per tile; 0: one tile
    std::string CellType = "1R";
    bool Transposed = false;                     // the reads of Inputs drive the columns
    double ReadWidth = 0;                        // s; > 0: reads count their energy
    double DacEnergy = 0, AdcEnergy = 0;         // J per conversion
    DeviceTemplate *Selector = nullptr;          // 1S1R: in series with each cell
    std::optional<ir::Array::Access> Transistor; // 1T1R: in series with each cell
    std::optional<ir::Array::WriteVerify> Program;
    std::optional<ir::Array::OuterProduct> Update;
    std::optional<ir::Array::FeedbackSolve> Solve;
    const ast::StringExpr *SolveFile = nullptr;
  };
  std::vector<ArrayInfo> Arrays;
  std::vector<const ast::ProbeDecl *> ArrayProbes;
  bool checkArrayConductance(const ast::Expr &E, ArrayInfo &Info);
  bool checkArrayInput(const ast::Expr &E, ArrayInfo &Info);
  bool checkArrayDrive(const ast::Expr &E, ArrayInfo &Info);
  bool checkArrayTransistor(const ast::Expr &E, ArrayInfo &Info);
  unsigned lowerArrayDrive(const std::string &Name, const std::vector<const ir::Expr *> &Rows);
  // Programming pulses (SemaArrayPulses.cpp).
  bool checkWriteVerify(const ast::Expr &E, ArrayInfo &Info);
  bool checkOuterProduct(const ast::Expr &E, ArrayInfo &Info);
  bool checkFeedbackSolve(const ast::Expr &E, ArrayInfo &Info); // SemaArraySolve.cpp
  /// The array's shape and periphery fit its solve's circuit.
  bool checkSolveFits(const ArrayInfo &Info, SourceRange At);
  struct PulseArg {
    const char *Name, *Unit, *Expected; // "set_voltage", "V", "a voltage above 0 V"
    std::function<bool(double)> Good;
    double *Out;
    bool Required;
  };
  /// `CALLEE(file("F"), NAME = VALUE, ...)`: reads the file with Read (no
  /// file where Read is empty) and the named constant arguments of Args;
  /// false after reporting.
  bool checkPulseCall(const ast::Expr &E, const char *Setting, const char *Callee,
                      const char *Shape, std::vector<PulseArg> Args,
                      const std::function<bool(const ast::StringExpr &)> &Read);
  void checkArrayProbe(const ast::ProbeDecl &P);
  void lowerArrays(); // LowerArray.cpp
  void checkSweeps(const ast::ExperimentDecl &E);
  /// The declaration a model-level name refers to, or null.
  const ast::Decl *findTop(const std::string &Name) const;
  Value checkLocalParam(DeviceTemplate &T, unsigned I);
  Value checkLet(DeviceTemplate &T, unsigned I);
  Value checkLaw(DeviceTemplate &T);

  // ---- networks (SemaNetwork.cpp; lowered in LowerNetwork.cpp) ----
  struct StimulusInfo {
    const ast::StimulusDecl *Decl = nullptr;
    std::string Kind;                  // poisson, regular, spikes, image, sequence, bar
    std::map<std::string, Value> Args; // rate, angle, ... (model scope)
    int64_t Count = 1;
    std::vector<int64_t> SpikeElements; // spikes, sequence: sorted by time
    std::vector<double> SpikeTimes;
    std::vector<double> Levels; // image: one per pixel, row-major
    int64_t Rows = 0, Cols = 0; // image, bar
  };
  bool readSpikes(const ast::StringExpr &File, StimulusInfo &Info);
  const ir::Expr *stimulusFires(const StimulusInfo &S, ir::Population &P, unsigned PopIndex);
  bool readImage(const ast::StringExpr &File, StimulusInfo &Info);
  bool readSequence(const ast::StringExpr &File, double Slot, StimulusInfo &Info);
  std::optional<std::vector<std::vector<double>>>
  readRows(const ast::StringExpr &File, DiagId Id, const std::string &Shape,
           const std::function<bool(const std::vector<double> &)> &Valid);
  /// A CSV file of rows of one width, as one row-major vector.
  struct Matrix {
    std::vector<double> Values;
    int64_t Rows = 0, Width = 0;
  };
  std::optional<Matrix> readMatrix(const ast::StringExpr &File, DiagId Id, const std::string &What,
                                   bool NonNegative);
  std::optional<std::vector<std::pair<double, double>>>
  readPairs(const ast::StringExpr &File, DiagId Id, const std::string &Shape,
            const std::function<bool(double, double)> &Valid);
  struct ProjectionInfo {
    const ast::ProjectionDecl *Decl = nullptr;
    bool FromStimulus = false;
    ir::Projection::Connect Kind = ir::Projection::Connect::AllToAll;
    double P = 0;
    int64_t K = 0;
    bool AllowSelf = true;
    const ast::StringExpr *EdgesFile = nullptr;
    std::vector<int64_t> EdgePre, EdgePost; // in synapse order
    /// The edge list's third and fourth columns (NaN where a line has
    /// none), in synapse order; `listed(scale)` reads them.
    std::vector<double> EdgeWeight, EdgeDelay;
    Value Weight, Delay;                       // model scope; draws read Random streams 0 and 1
    std::vector<double> WeightData, DelayData; // listed: per synapse, SI
    struct Target {
      unsigned State; // of the target's template
      double Scale;
      int Factor;       // a state of the rule that multiplies w, or -1
      std::string Path; // a circuit target: the column's name (S1.I), else empty
    };
    std::vector<Target> Targets;
    DeviceTemplate *Rule = nullptr;
    std::map<std::string, Value> RuleOverrides; // rule parameter -> model-scope value
  };
  void checkStimulus(const ast::StimulusDecl &S);
  void checkProjection(const ast::ProjectionDecl &P);
  bool checkPreTrigger(const ast::EventDecl &E);
  bool checkConnect(const ast::Expr &E, int64_t NPre, int64_t NPost, bool Same,
                    ProjectionInfo &Info);
  bool readEdges(const ast::StringExpr &File, int64_t NPre, int64_t NPost, bool NoSelf,
                 ProjectionInfo &Info);
  std::optional<Dim> circuitStateUnit(const CircuitTemplate &T, const std::string &Path);
  bool checkListed(const ast::CallExpr &Call, const std::string &What, std::optional<Dim> Want,
                   ProjectionInfo &Info);
  std::optional<Value> checkSynapseValue(const ast::Expr &E, const std::string &What,
                                         std::optional<Dim> Want, unsigned Stream);
  /// The factor c (with its unit D) of `c * w`, `w * c`, `w / c`, `-w`, `w`.
  std::optional<std::pair<double, Dim>> weightScale(const ast::Expr &E);
  const DeviceTemplate *ScaleRule = nullptr; // rule states weightScale may read
  int ScaleState = -1;                       // the one it read
  const char *ScaleSymbol = "w";             // what weightScale scales (i: a column current)
  // Projections through crossbar arrays (SemaArrayProjection.cpp).
  struct ArrayProjectionInfo {
    const ast::ProjectionDecl *Decl = nullptr;
    size_t Array = 0; // in Arrays
    struct Target {
      unsigned State; // of the target's template
      double Scale;
    };
    std::vector<Target> Targets;
    std::optional<ir::ArrayProjection::PulseStdp> Learn;
  };
  std::vector<ArrayProjectionInfo> ArrayProjectionInfos;
  void checkArrayProjection(const ast::ProjectionDecl &P, int64_t NPre, int64_t NPost,
                            DeviceTemplate *Dest, bool FromStimulus);
  void lowerArrayProjections(); // LowerArray.cpp
  std::optional<ir::ArrayProjection::PulseStdp> checkPulseStdp(const ast::Expr &E);
  void lowerNetwork();
  /// Template parameter DP as model parameter `Owner.name` (SI unit, range,
  /// line), whose default is Default (an override or the mapped default).
  ir::Param instanceParam(const std::string &Owner, const DeviceTemplate::P &DP,
                          const ir::Expr *Default);
  void lowerRule(const ProjectionInfo &PI, ir::Population &S, ir::Projection &Pr);
  /// An expression in the model scope (parameters, waveforms, t).
  Value checkModelExpr(const ast::Expr &E);
  std::map<std::string, StimulusInfo> Stimuli;
  std::vector<std::string> StimulusOrder;
  std::vector<const ast::ProbeDecl *> StimulusMonitors; // `monitor m = stimulus(spike)`
  std::vector<const ast::ProbeDecl *> ProjectionProbes; // `probe p = proj[a:b](w)`
  struct SynapseProbe {
    const ast::ProbeDecl *Decl;
    size_t Projection; // in ProjectionInfos
    int64_t First = 0, Count = 0;
    double Interval = 0;
    std::vector<std::string> Vars;
  };
  std::vector<SynapseProbe> SynapseProbes;
  void checkProjectionProbe(const ast::ProbeDecl &P);
  std::vector<ProjectionInfo> ProjectionInfos;
  std::set<std::string> SpikeSources;        // populations whose spikes feed projections
  std::set<std::string> Projected;           // populations that projections drive
  std::map<uint32_t, std::string> FilePaths; // file id -> path

  // ---- model (SemaModel.cpp) ----
  void collect(const ast::File &F, bool IsModule);
  Value checkModelParam(unsigned I);
  Value checkWaveform(const std::string &Name);
  void checkPopulation(const ast::PopulationDecl &P);
  void checkApply(const ast::ApplyDecl &A);
  void checkProbe(const ast::ProbeDecl &P);
  struct PopulationInfo;
  /// RateBin: 0 for events, else a population-rate monitor (-1: every step).
  void checkMonitor(const ast::ProbeDecl &P, PopulationInfo &Info, int64_t First, int64_t Count,
                    double RateBin);
  void checkExperiment(const ast::ExperimentDecl *E);
  void instantiate();
  /// A population of device Info.Device; ArrayCells: an array's cells,
  /// whose voltage the runtime writes (and whose di/dv it reads).
  void instantiateDevice(const std::string &Name, PopulationInfo &Info, SourceRange At,
                         bool ArrayCells);
  void lowerProbesAndMonitors();
  void instantiateCircuit(PopulationInfo &Info); // LowerCircuits.cpp
  /// What a probe may name in a circuit: nodes, ELEMENT.i and ELEMENT.v,
  /// device states (DEVICE.state), and the same inside subcircuits.
  std::vector<std::string> circuitProbeNames(const CircuitTemplate &T);
  void checkCircuitOverrides(const ast::PopulationDecl &P, PopulationInfo &Info);
  Value checkOverride(const ast::Override &O, Value V, const std::string &Owner,
                      const Value *Default, const std::vector<std::string> &Names,
                      const std::map<std::string, Value> &Done, bool &Ok);
  void warnUnused();

  DiagEngine &Diags;
  ir::Module &M;
  ir::ExprContext &C;

  // Model-level tables. Declarations are referenced, not copied.
  struct ModelParam {
    const ast::ParamDecl *Decl;
    Value Default;
    unsigned Global = ~0u; // index in M.Params once lowered
    bool Used = false;
    LazyState St = LazyState::Pending;
  };
  std::vector<ModelParam> ModelParams;
  std::map<std::string, unsigned> ModelParamIndex;
  std::map<std::string, DeviceTemplate> Devices;   // components and presets
  std::map<std::string, LazyState> PresetsChecked; // presets, by name
  std::map<std::string, CircuitTemplate> Circuits; // checked, kept for lowering
  std::set<std::string> CircuitsInProgress;        // being checked: recursion is an error
  struct WaveformInfo {
    const ast::WaveformDecl *Decl;
    Value V;
    LazyState St = LazyState::Pending;
  };
  std::map<std::string, WaveformInfo> Waveforms;
  std::map<std::string, const ast::FunctionDecl *> Functions;
  std::set<std::string> ActiveFunctions; // being expanded: recursion is an error
  /// `apply pulses(file, slot, wave)`: element i's amplitude in slot k is
  /// Amplitudes[i * Slots + k] (SemaPulses.cpp).
  struct PulsesInfo {
    std::vector<double> Amplitudes; // slot-major: slot k of element i at k * Elements + i
    int64_t Slots = 0, Elements = 0;
    const ir::Expr *Slot = nullptr, *Wave = nullptr;
  };
  struct PopulationInfo {
    const ast::PopulationDecl *Decl;
    DeviceTemplate *Device = nullptr;
    CircuitTemplate *Circuit = nullptr;
    int64_t Size = 0;
    std::map<std::string, Value> Overrides; // device param -> model-scope value
    Value Voltage;                          // the applied waveform, if any
    std::optional<PulsesInfo> Pulses;       // per-element trains, if applied
    const ast::ApplyDecl *Apply = nullptr;
    std::vector<std::pair<std::string, SourceRange>> Probed; // names to observe
    unsigned Index = 0;                                      // in M.Populations
    bool Ok = true;
  };
  std::map<std::string, PopulationInfo> Populations;
  std::vector<std::string> PopulationOrder;
  /// `pulses(...)` applied to Info's population; Out gets the pulse's value
  /// (for its unit) and Info.Pulses the table.
  bool checkPulses(const ast::CallExpr &Call, PopulationInfo &Info, Value &Out);
  /// Element-wise waveform of P, loading amplitudes from population Table.
  const ir::Expr *pulsesWave(const PulsesInfo &P, unsigned Table);
  /// A table population: one dimensionless Param column of Data, read by
  /// the kernels of the population lowered next (LowerPopulations.cpp).
  void lowerTable(const std::string &Name, const char *Device, const char *Column,
                  const std::vector<double> &Data);
  struct MonitorInfo {
    const ast::ProbeDecl *Decl;
    std::string Population, Event;
    int64_t First = 0, Count = 0;
    double RateBin = 0; // > 0 or -1 (every step): a population rate
  };
  std::vector<MonitorInfo> Monitors;
  struct ProbeInfo {
    const ast::ProbeDecl *Decl;
    std::string Population;
    int64_t First = 0, Count = 0;
    double Interval = 0;
  };
  std::vector<ProbeInfo> Probes;
  std::map<std::string, SourceRange> TopNames; // every model-level name
  std::map<std::string, const ast::Decl *> TopDecls;
  std::vector<const ast::Decl *> Order; // every declaration, files in order
  std::map<std::string, Dim> StimulusNames;
  std::vector<double> GlobalDefaults; // folded defaults of M.Params
};

/// Closest candidate within a small edit distance, or "".
std::string closestName(const std::string &Name, const std::vector<std::string> &Candidates);

/// Names that no declaration may take (InDevice: also v and i).
bool isReservedName(const std::string &Name, std::string &Why, bool InDevice = true);

/// "unit V" or "no unit", for messages.
inline std::string describe(const Dim &D) {
  return D.isDimensionless() ? "no unit" : "unit " + D.str();
}

/// The dimension of a unit written in the compiler's own source.
inline Dim unitOf(const char *U) {
  std::string E;
  return parseUnitExpr(U, E)->D;
}

/// `t` at model level: the simulation time, which makes a value a waveform.
inline Value modelTime(ir::ExprContext &C) {
  Value V;
  V.K = Value::Real;
  V.D = unitOf("s");
  V.E = C.time();
  V.TimeVarying = true;
  return V;
}

/// A scope with no names: settings whose values are plain constants.
class EmptyScope : public Resolver {
public:
  std::optional<Value> resolve(const std::string &, SourceRange) override { return std::nullopt; }
  std::vector<std::string> names() const override { return {}; }
};

/// Names visible inside a device, neuron or rule (SemaDevice.cpp).
/// Parameter defaults, bounds and initial values see parameters only; laws,
/// lets, dynamics, events and spikes see everything.
class DeviceResolver : public Resolver {
public:
  DeviceResolver(SemaImpl &S, DeviceTemplate &T, bool ParamsOnly)
      : S(S), T(T), ParamsOnly(ParamsOnly) {}
  std::optional<Value> resolve(const std::string &Name, SourceRange) override;
  std::vector<std::string> names() const override;
  std::optional<Value> resolveCall(const ast::CallExpr &E) override;

private:
  SemaImpl &S;
  DeviceTemplate &T;
  bool ParamsOnly;
};

/// Whether V lies in the range (open or closed ends).
bool inRange(double V, double Lo, double Hi, bool LoOpen, bool HiOpen);

/// Readable quantity: "1.5e-3 s" from an SI value and its dimension.
std::string formatQuantity(double V, const Dim &D);

} // namespace nmc

#endif
