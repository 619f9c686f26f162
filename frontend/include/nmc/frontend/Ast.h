//===- Ast.h - The abstract syntax tree of .nmc ----------------*- C++ -*-===//
//
// Faithful to the source: names are unresolved strings, units are the text
// the user wrote, every node has a SourceRange. Sema annotates nothing here;
// it builds its own tables and lowering produces the IR. Never grow the AST
// with nodes that only code generation needs.
//
//===----------------------------------------------------------------------===//
#ifndef NMC_FRONTEND_AST_H
#define NMC_FRONTEND_AST_H

#include "nmc/frontend/SourceManager.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace nmc::ast {

/// LLVM-style RTTI over our kind enums.
template <class T, class B> bool isa(const B *N) { return N && T::classof(N); }
template <class T, class B> T *dyn_cast(B *N) { return isa<T>(N) ? static_cast<T *>(N) : nullptr; }
template <class T, class B> const T *dyn_cast(const B *N) {
  return isa<T>(N) ? static_cast<const T *>(N) : nullptr;
}

// ---- expressions ------------------------------------------------------------

enum class ExprKind { Number, String, Name, Unary, Binary, Call, If };

struct Expr {
  const ExprKind Kind;
  SourceRange Range;
  explicit Expr(ExprKind K, SourceRange R) : Kind(K), Range(R) {}
  virtual ~Expr() = default;
};
using ExprPtr = std::unique_ptr<Expr>;

/// A unit as written: "ms", "m^4/s". Sema resolves it.
struct UnitSpec {
  std::string Text;
  SourceRange Range;
};

struct NumberExpr : Expr {
  std::string Spelling;
  double Value;
  std::optional<UnitSpec> Unit;
  NumberExpr(SourceRange R, std::string S, double V, std::optional<UnitSpec> U)
      : Expr(ExprKind::Number, R), Spelling(std::move(S)), Value(V), Unit(std::move(U)) {}
  static bool classof(const Expr *E) { return E->Kind == ExprKind::Number; }
};

/// A string literal, e.g. a cell type "1T1R" (quotes removed).
struct StringExpr : Expr {
  std::string Value;
  StringExpr(SourceRange R, std::string V) : Expr(ExprKind::String, R), Value(std::move(V)) {}
  static bool classof(const Expr *E) { return E->Kind == ExprKind::String; }
};

struct NameExpr : Expr {
  std::string Name;
  NameExpr(SourceRange R, std::string N) : Expr(ExprKind::Name, R), Name(std::move(N)) {}
  static bool classof(const Expr *E) { return E->Kind == ExprKind::Name; }
};

enum class UnaryOp { Neg, Plus, Not };

struct UnaryExpr : Expr {
  UnaryOp Op;
  ExprPtr Sub;
  UnaryExpr(SourceRange R, UnaryOp O, ExprPtr S)
      : Expr(ExprKind::Unary, R), Op(O), Sub(std::move(S)) {}
  static bool classof(const Expr *E) { return E->Kind == ExprKind::Unary; }
};

enum class BinaryOp { Add, Sub, Mul, Div, Pow, Lt, Le, Gt, Ge, Eq, Ne, And, Or };
const char *spelling(BinaryOp Op);

struct BinaryExpr : Expr {
  BinaryOp Op;
  SourceRange OpRange;
  ExprPtr L, R;
  BinaryExpr(SourceRange Rg, BinaryOp O, SourceRange OR, ExprPtr A, ExprPtr B)
      : Expr(ExprKind::Binary, Rg), Op(O), OpRange(OR), L(std::move(A)), R(std::move(B)) {}
  static bool classof(const Expr *E) { return E->Kind == ExprKind::Binary; }
};

struct CallArg {
  std::string Name; // empty for a positional argument
  SourceRange NameRange;
  ExprPtr Value;
};

struct CallExpr : Expr {
  std::string Callee;
  SourceRange CalleeRange;
  std::vector<CallArg> Args;
  CallExpr(SourceRange R, std::string C, SourceRange CR, std::vector<CallArg> A)
      : Expr(ExprKind::Call, R), Callee(std::move(C)), CalleeRange(CR), Args(std::move(A)) {}
  static bool classof(const Expr *E) { return E->Kind == ExprKind::Call; }
};

struct IfExpr : Expr {
  ExprPtr Cond, Then, Else;
  IfExpr(SourceRange R, ExprPtr C, ExprPtr T, ExprPtr E)
      : Expr(ExprKind::If, R), Cond(std::move(C)), Then(std::move(T)), Else(std::move(E)) {}
  static bool classof(const Expr *E) { return E->Kind == ExprKind::If; }
};

// ---- declarations -----------------------------------------------------------

struct Ident {
  std::string Name;
  SourceRange Range;
};

/// `in [lo, hi]`, `in (lo, hi]`, ...
struct Bounds {
  bool LoOpen = false, HiOpen = false;
  ExprPtr Lo, Hi;
  SourceRange Range;
};

/// `param` or `state`: a name with an optional unit, a value and a range.
struct VarDecl {
  Ident Name;
  SourceRange Range;
  std::optional<UnitSpec> Unit;
  ExprPtr Value;
  std::optional<Bounds> Range_;
};

struct LetDecl {
  Ident Name;
  ExprPtr Value;
};

/// `i = f(v, state)` or `i(a, b) = ...`: a terminal law.
struct LawDecl {
  Ident Name;
  std::optional<Ident> From, To; // terminals of a multi-terminal device
  ExprPtr Value;
};

/// `dphi/dt = g(v, state)`; Deriv is the spelling "dphi".
struct OdeDecl {
  Ident Deriv;
  Ident Dt;
  ExprPtr Rhs;
};

/// `x = e;`, `x += e;` ... inside an event or a reset.
struct Stmt {
  Ident Target;
  std::string Op; // "=", "+=", "-=", "*=", "/="
  ExprPtr Value;
  SourceRange Range;
};

/// `on TRIGGER { stmts }`: a threshold crossing, or `pre`/`post` in rules.
struct EventDecl {
  ExprPtr Trigger;
  std::vector<Stmt> Body;
  SourceRange Range;
};

/// `spike [name] when COND reset x = ...; refractory T;`
struct SpikeDecl {
  std::optional<Ident> Name;
  ExprPtr Cond;
  std::vector<Stmt> Reset;
  ExprPtr Refractory; // may be null
  SourceRange Range;
};

/// `vary G0 ~ lognormal(sigma = 0.2) per device;` and noise, rtn, drift, relax.
struct NonidealityDecl {
  std::string Kind; // vary, noise, rtn, drift, relax
  Ident Target;
  ExprPtr Dist; // a CallExpr
  std::optional<Ident> Scope;
  SourceRange Range;
};

struct InputDecl {
  Ident Name;
  std::optional<UnitSpec> Unit;
};

/// One element of a circuit: `R1: resistor(a, b, R = 1 kohm);`.
struct ElementDecl {
  Ident Name, Kind;
  std::vector<CallArg> Args;
  SourceRange Range;
};

struct Setting {
  Ident Name;
  ExprPtr Value;
};

struct Override {
  Ident Name;
  ExprPtr Value;
};

enum class DeclKind {
  Device,
  Neuron,
  Rule,
  Preset,
  Circuit,
  Array,
  Param,
  Population,
  Waveform,
  Function,
  Apply,
  Probe,
  Projection,
  Stimulus,
  Network,
  Experiment
};

struct Decl {
  const DeclKind Kind;
  SourceRange Range;
  Decl(DeclKind K, SourceRange R) : Kind(K), Range(R) {}
  virtual ~Decl() = default;
};
using DeclPtr = std::unique_ptr<Decl>;

/// A device, a neuron or a plasticity rule: the same members, checked
/// differently (Sema says which members each kind may have).
struct ComponentDecl : Decl {
  Ident Name;
  std::vector<VarDecl> Params, States;
  std::vector<LetDecl> Lets;
  std::vector<LawDecl> Laws;
  std::vector<OdeDecl> Odes;
  std::vector<Ident> Terminals;
  std::vector<InputDecl> Inputs;
  std::vector<EventDecl> Events;
  std::vector<std::pair<ExprPtr, SourceRange>> Compliance;
  std::vector<Ident> Methods; // `method rk4;` (at most one is allowed)
  std::vector<NonidealityDecl> Nonidealities;
  std::vector<SpikeDecl> Spikes;
  ComponentDecl(DeclKind K, SourceRange R) : Decl(K, R) {}
  static bool classof(const Decl *D) {
    return D->Kind == DeclKind::Device || D->Kind == DeclKind::Neuron || D->Kind == DeclKind::Rule;
  }
  const char *kindName() const {
    return Kind == DeclKind::Device ? "device" : Kind == DeclKind::Neuron ? "neuron" : "rule";
  }
};
using DeviceDecl = ComponentDecl;

/// `device NAME = BASE(overrides);`: BASE's members with other parameter
/// defaults, checked in BASE's parameter scope (Sema builds its template).
struct PresetDecl : Decl {
  Ident Name, Base;
  bool Neuron = false; // declared with `neuron`, not `device`
  std::vector<Override> Overrides;
  explicit PresetDecl(SourceRange R) : Decl(DeclKind::Preset, R) {}
  static bool classof(const Decl *D) { return D->Kind == DeclKind::Preset; }
  const char *kindName() const { return Neuron ? "neuron" : "device"; }
};

struct CircuitDecl : Decl {
  Ident Name;
  std::vector<VarDecl> Params;
  std::vector<Ident> Nodes, Ports;
  std::vector<ElementDecl> Elements;
  std::vector<SpikeDecl> Spikes;
  explicit CircuitDecl(SourceRange R) : Decl(DeclKind::Circuit, R) {}
  static bool classof(const Decl *D) { return D->Kind == DeclKind::Circuit; }
};

struct ArrayDecl : Decl {
  Ident Name, Device;
  ExprPtr Rows, Cols;
  std::vector<Setting> Settings;
  explicit ArrayDecl(SourceRange R) : Decl(DeclKind::Array, R) {}
  static bool classof(const Decl *D) { return D->Kind == DeclKind::Array; }
};

/// A model-level `param`.
struct ParamDecl : Decl {
  VarDecl Var;
  ParamDecl(SourceRange R, VarDecl V) : Decl(DeclKind::Param, R), Var(std::move(V)) {}
  static bool classof(const Decl *D) { return D->Kind == DeclKind::Param; }
};

struct PopulationDecl : Decl {
  Ident Name, Device;
  ExprPtr Size;
  std::vector<Override> Overrides;
  explicit PopulationDecl(SourceRange R) : Decl(DeclKind::Population, R) {}
  static bool classof(const Decl *D) { return D->Kind == DeclKind::Population; }
};

struct WaveformDecl : Decl {
  Ident Name;
  ExprPtr Value;
  explicit WaveformDecl(SourceRange R) : Decl(DeclKind::Waveform, R) {}
  static bool classof(const Decl *D) { return D->Kind == DeclKind::Waveform; }
};

/// `function name(a, b) = expr;`: pure, expanded at each call.
struct FunctionDecl : Decl {
  Ident Name;
  std::vector<Ident> Params;
  ExprPtr Body;
  explicit FunctionDecl(SourceRange R) : Decl(DeclKind::Function, R) {}
  static bool classof(const Decl *D) { return D->Kind == DeclKind::Function; }
};

struct ApplyDecl : Decl {
  ExprPtr Wave;
  Ident Target;
  std::optional<Ident> Terminal; // `to cells.top`
  explicit ApplyDecl(SourceRange R) : Decl(DeclKind::Apply, R) {}
  static bool classof(const Decl *D) { return D->Kind == DeclKind::Apply; }
};

struct ProbeDecl : Decl {
  bool Monitor = false; // written `monitor`
  Ident Name, Target;
  ExprPtr First, Last; // both null: every element; Last null: one element
  std::vector<Ident> Vars;
  ExprPtr Interval; // null: every step
  explicit ProbeDecl(SourceRange R) : Decl(DeclKind::Probe, R) {}
  static bool classof(const Decl *D) { return D->Kind == DeclKind::Probe; }
};

struct ProjectionDecl : Decl {
  Ident Name, Source, Dest;
  std::optional<Ident> Via, Rule;
  std::vector<Override> Overrides;
  std::vector<Setting> Settings; // connect, weight, delay
  std::vector<EventDecl> Events; // on pre { ... }
  explicit ProjectionDecl(SourceRange R) : Decl(DeclKind::Projection, R) {}
  static bool classof(const Decl *D) { return D->Kind == DeclKind::Projection; }
};

struct StimulusDecl : Decl {
  Ident Name;
  ExprPtr Source; // a CallExpr: poisson(...), spikes(...), image(...)
  explicit StimulusDecl(SourceRange R) : Decl(DeclKind::Stimulus, R) {}
  static bool classof(const Decl *D) { return D->Kind == DeclKind::Stimulus; }
};

/// `network NAME { ... }`: groups populations, projections, stimuli and
/// monitors; its members are model-level declarations.
struct NetworkDecl : Decl {
  Ident Name;
  std::vector<DeclPtr> Members;
  explicit NetworkDecl(SourceRange R) : Decl(DeclKind::Network, R) {}
  static bool classof(const Decl *D) { return D->Kind == DeclKind::Network; }
};

struct ExperimentDecl : Decl {
  std::vector<Setting> Settings;
  std::vector<Setting> Sweeps; // `sweep NAME = values(...);`
  explicit ExperimentDecl(SourceRange R) : Decl(DeclKind::Experiment, R) {}
  static bool classof(const Decl *D) { return D->Kind == DeclKind::Experiment; }
};

/// The name a declaration introduces at model level; null for those that
/// introduce none (apply, experiment).
const Ident *declaredName(const Decl *D);

struct ImportDecl {
  std::string Path; // as written, without quotes
  SourceRange Range;
};

struct File {
  std::string Path;
  uint32_t FileId = 0;
  std::vector<ImportDecl> Imports;
  std::vector<DeclPtr> Decls;
};

} // namespace nmc::ast

#endif
