//===- LowerCircuits.cpp - Checked circuits to implicit populations -------===//
//
// A population of a circuit becomes one ir::Population whose unknowns are
// the flattened circuit's node voltages, inductor currents and device
// states, with the rows of modified nodal analysis as residuals in the
// fully implicit form sum_j m_j dy_j/dt + r(y, t) = 0 (Module.h,
// Algebraic), integrated by TR-BDF2 with Newton's method on the Jacobian
// the compiler derives. Per element of the population the system is the
// same, so N copies of a circuit are N small systems solved side by side.
//
//  - Subcircuits are flattened: their internal nodes are `X1.node`, their
//    elements `X1.R1`, their parameters `pop.X1.P`.
//  - KCL at node n: the currents leaving n through its elements, plus
//    GMIN v_n (1e-12 S to ground, as SPICE's gmin, so that a node held only
//    by a switched-off device keeps a regular Jacobian), plus the
//    capacitors' C (dv_n/dt - dv_m/dt) as mass terms.
//  - resistor(a, b): (v_a - v_b) / R, where R may read node voltages;
//    isource(a, b): I leaves a and enters b (SPICE: the current flows from
//    a through the source to b), I may be a waveform and read nodes;
//    inductor(a, b): its current i_L is an unknown, L di_L/dt = v_a - v_b;
//    a device: its law i(v) with v = v_a - v_b leaves a, and each state x
//    is an unknown with dx/dt - f(x, v) = 0.
//  - nmos(d, g, s), pmos(d, g, s): the EKV drain current from d to s (see
//    mos below).
//  - vsource(a, b) ties v_a = v_b + V(t): the nodes of a tree of sources
//    share one unknown (its root) and one KCL row (a supernode); a tree
//    that reaches ground is fixed. The sources' currents follow by KCL.
//  - A spike output is an event on the flattened node voltages; its reset
//    assigns node voltages, and a refractory period holds the reset nodes.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

#include <algorithm>
#include <functional>

namespace nmc {

namespace {

constexpr double Gmin = 1e-12; // S, SPICE's default
constexpr double NodeTol = 1e-9, CurrentTol = 1e-15;

/// "i_a_b": a multi-terminal device's branch current from a to b, as probes
/// name it.
std::string branchName(const DeviceTemplate &T, const DeviceTemplate::Branch &B) {
  return "i_" + T.Decl->Terminals[B.From].Name + "_" + T.Decl->Terminals[B.To].Name;
}

class CircuitLowering {
public:
  CircuitLowering(SemaImpl &S, SemaImpl::PopulationInfo &Info, ir::Population &P, unsigned Pop)
      : S(S), C(S.C), Info(Info), P(P), Pop(Pop) {}

  bool run();

private:
  /// One instance of a circuit template in the flattened netlist.
  struct Instance {
    const CircuitTemplate *T;
    std::string Prefix;                   // "" or "X1."
    std::vector<const ir::Expr *> Params; // Param(k) -> global
    std::vector<int> NodeMap;             // template node -> flat node; -1: ground
  };
  /// v = v(Root) + Offset: voltage sources tie nodes to a root node (an
  /// unknown) or to ground (Root -1; the node is then fixed).
  struct FlatNode {
    std::string Name;
    int Root = 0;                     // set by tieNodes
    const ir::Expr *Offset = nullptr; // waveform-valued
    std::string TiedBy;               // the source that tied it, for messages
    int Column = -1;                  // a root's unknown
    bool fixed() const { return Root < 0; }
  };
  struct FlatElement {
    const CircuitTemplate::Element *E;
    unsigned Inst;
    std::string Name; // with prefix
    std::vector<int> Nodes;
  };

  unsigned addParam(const std::string &Name, const Dim &D, const ir::Expr *Default,
                    const ast::VarDecl *Decl, double Lo = -INFINITY, double Hi = INFINITY,
                    bool LoOpen = false, bool HiOpen = false, SourceRange Report = {});
  void flatten(unsigned Inst);
  bool tieNodes();
  const ir::Expr *voltage(int Node);
  const ir::Expr *rate(int Node);
  const ir::Expr *timeDerivative(const ir::Expr *E);
  ir::Algebraic *row(int Node);
  void sourceCurrents();
  /// Template IR of instance Inst to population IR.
  const ir::Expr *map(unsigned Inst, const ir::Expr *E);
  bool device(const FlatElement &F, const DeviceTemplate &T);
  const ir::Expr *mos(const FlatElement &F, bool P);
  void current(int A, int B, const ir::Expr *I, const std::string &Element);
  void capacitor(int A, int B, const ir::Expr *Cap, const std::string &Element);
  unsigned unknown(const std::string &Name, const std::string &Unit, const ir::Expr *Init,
                   double Tol);
  void spikes();
  void observables();

  SemaImpl &S;
  ir::ExprContext &C;
  SemaImpl::PopulationInfo &Info;
  ir::Population &P;
  unsigned Pop;
  std::vector<Instance> Instances;
  std::vector<FlatNode> Nodes;
  std::vector<FlatElement> Elements;
  std::map<unsigned, ir::Algebraic> Rows;                  // by unknown column
  std::map<std::string, const ir::Expr *> ElementCurrent;  // leaving its first node
  std::map<std::string, std::pair<int, int>> ElementNodes; // two-terminal elements
  std::map<int, std::vector<const ir::Expr *>> Leaving;    // node -> currents out through elements
  std::map<std::string, std::map<std::string, unsigned>> DeviceStates; // element -> state -> column
};

unsigned CircuitLowering::addParam(const std::string &Name, const Dim &D, const ir::Expr *Default,
                                   const ast::VarDecl *Decl, double Lo, double Hi, bool LoOpen,
                                   bool HiOpen, SourceRange Report) {
  ir::Param IP;
  IP.Name = Name;
  IP.UnitText = D.str();
  for (int K = 0; K < Dim::NumBase; ++K)
    IP.Dim[K] = D.twice(K);
  IP.Default = Default;
  IP.Lo = Lo, IP.Hi = Hi, IP.LoOpen = LoOpen, IP.HiOpen = HiOpen;
  IP.Line = Decl ? Decl->Name.Range.Begin.Line : 0;
  double Val = ir::evaluate(Default, S.GlobalDefaults).value_or(NAN);
  if (!std::isnan(Val) && !inRange(Val, Lo, Hi, LoOpen, HiOpen) && Decl && Decl->Range_)
    S.Diags
        .report(DiagId::err_out_of_range, Report,
                {"parameter", Name, formatQuantity(Val, D), rangeText(LoOpen, Lo, Hi, HiOpen, D)})
        .note(DiagId::note_range_here, Decl->Range_->Range);
  S.M.Params.push_back(IP);
  S.GlobalDefaults.push_back(Val);
  return unsigned(S.M.Params.size() - 1);
}

/// Instance Inst's nodes, elements and subcircuits, depth first.
void CircuitLowering::flatten(unsigned Inst) {
  const CircuitTemplate &T = *Instances[Inst].T;
  for (size_t K = 0; K < T.Nodes.size(); ++K)
    if (Instances[Inst].NodeMap[K] == -2) { // not a port bound by the parent
      Instances[Inst].NodeMap[K] = int(Nodes.size());
      FlatNode N;
      N.Name = Instances[Inst].Prefix + T.Nodes[K];
      Nodes.push_back(N);
    }
  for (const CircuitTemplate::Element &E : T.Elements) {
    std::string Name = Instances[Inst].Prefix + E.Name;
    std::vector<int> Flat;
    for (int N : E.Nodes)
      Flat.push_back(N < 0 ? -1 : Instances[Inst].NodeMap[N]);
    auto Sub = S.Circuits.find(E.Kind);
    if (Sub == S.Circuits.end() || S.Devices.count(E.Kind)) {
      Elements.push_back({&E, Inst, Name, Flat});
      continue;
    }
    // A subcircuit: its ports are the parent's nodes, its parameters are
    // new globals (the element's arguments, else the defaults).
    const CircuitTemplate &ST = Sub->second;
    Instance I{&ST, Name + ".", {}, std::vector<int>(ST.Nodes.size(), -2)};
    for (size_t K = 0; K < ST.Decl->Ports.size(); ++K) {
      auto It = std::find(ST.Nodes.begin(), ST.Nodes.end(), ST.Decl->Ports[K].Name);
      I.NodeMap[size_t(It - ST.Nodes.begin())] = Flat[K];
    }
    for (const CircuitTemplate::Param &SP : ST.Params) {
      auto A = E.Args.find(SP.Decl->Name.Name);
      const ir::Expr *Default = nullptr;
      if (A != E.Args.end())
        Default = map(Inst, A->second.E);
      else
        Default = ir::rewrite(C, SP.Default.E, [&](const ir::Expr *X) -> const ir::Expr * {
          return X->kind() == ir::ExprKind::Param ? I.Params[X->index()] : nullptr;
        });
      I.Params.push_back(C.param(addParam(P.Name + "." + Name + "." + SP.Decl->Name.Name,
                                          SP.Default.D, Default, SP.Decl)));
    }
    Instances.push_back(std::move(I));
    flatten(unsigned(Instances.size() - 1));
  }
}

const ir::Expr *CircuitLowering::voltage(int Node) {
  if (Node < 0)
    return C.constant(0);
  const FlatNode &N = Nodes[size_t(Node)];
  if (N.fixed())
    return N.Offset;
  const ir::Expr *Base = C.column(unsigned(Nodes[size_t(N.Root)].Column));
  return N.Offset->isConst(0) ? Base : C.add(Base, N.Offset);
}

/// d E / dt of a waveform-valued expression (time as a pseudo-column past
/// every real one, differentiated symbolically).
const ir::Expr *CircuitLowering::timeDerivative(const ir::Expr *E) {
  unsigned TimeCol = 1u << 30;
  const ir::Expr *Timed = ir::rewrite(C, E, [&](const ir::Expr *X) -> const ir::Expr * {
    return X->kind() == ir::ExprKind::Time ? C.column(TimeCol) : nullptr;
  });
  return ir::rewrite(
      C, ir::differentiate(C, Timed, TimeCol), [&](const ir::Expr *X) -> const ir::Expr * {
        return X->kind() == ir::ExprKind::Column && X->index() == TimeCol ? C.time() : nullptr;
      });
}

/// dv/dt of a node: its root's rate column plus its offset's derivative.
const ir::Expr *CircuitLowering::rate(int Node) {
  if (Node < 0)
    return C.constant(0);
  const FlatNode &N = Nodes[size_t(Node)];
  const ir::Expr *Own = timeDerivative(N.Offset);
  if (N.fixed())
    return Own;
  unsigned RateCol = Rows.at(unsigned(Nodes[size_t(N.Root)].Column)).RateColumn;
  const ir::Expr *Base = RateCol == ~0u ? C.constant(0) : C.column(RateCol);
  return Own->isConst(0) ? Base : C.add(Base, Own);
}

/// The row that a node's currents enter: its root's; null when fixed.
ir::Algebraic *CircuitLowering::row(int Node) {
  if (Node < 0 || Nodes[size_t(Node)].fixed())
    return nullptr;
  return &Rows.at(unsigned(Nodes[size_t(Nodes[size_t(Node)].Root)].Column));
}

const ir::Expr *CircuitLowering::map(unsigned Inst, const ir::Expr *E) {
  const Instance &I = Instances[Inst];
  return ir::rewrite(C, E, [&](const ir::Expr *X) -> const ir::Expr * {
    if (X->kind() == ir::ExprKind::Param)
      return I.Params[X->index()];
    if (X->kind() == ir::ExprKind::Column && X->index() >= CircuitTemplate::CurrentBase)
      return ElementCurrent.at(I.Prefix +
                               I.T->Elements[X->index() - CircuitTemplate::CurrentBase].Name);
    if (X->kind() == ir::ExprKind::Column)
      return voltage(I.NodeMap[X->index()]);
    return nullptr;
  });
}

/// Voltage sources tie nodes together: v_a - v_b = V joins the two trees
/// of nodes (union-find with offsets, v = v(parent) + offset), so that each
/// tree has one root, which is an unknown (its row is the KCL of all its
/// nodes: a supernode), or ground (every node of the tree is fixed). A
/// source closing a loop of sources is an error.
bool CircuitLowering::tieNodes() {
  std::vector<int> Parent(Nodes.size());
  std::vector<const ir::Expr *> Off(Nodes.size(), C.constant(0));
  for (size_t N = 0; N < Nodes.size(); ++N)
    Parent[N] = int(N);
  auto Find = [&](int N) {
    const ir::Expr *O = C.constant(0);
    while (N >= 0 && Parent[size_t(N)] != N) {
      O = C.add(O, Off[size_t(N)]);
      N = Parent[size_t(N)];
    }
    return std::pair{N, O};
  };
  bool Ok = true;
  for (const FlatElement &F : Elements) {
    if (F.E->Kind != "vsource")
      continue;
    int A = F.Nodes[0], B = F.Nodes[1];
    auto [Ra, Oa] = Find(A);
    auto [Rb, Ob] = Find(B);
    if (Ra == Rb) {
      if (A < 0 && B < 0)
        continue; // gnd to gnd: no effect, no current
      int N = A >= 0 ? A : B;
      S.Diags.report(
          DiagId::err_circuit_node_fixed, F.E->Range,
          {Nodes[size_t(N)].Name,
           "in a loop of voltage sources, closed by '" + F.Name + "'" +
               (Nodes[size_t(N)].TiedBy.empty() ? std::string()
                                                : " (with '" + Nodes[size_t(N)].TiedBy + "')")});
      Ok = false;
      continue;
    }
    // Its value reads parameters and t only (Sema), so mapping is safe.
    const ir::Expr *V = map(F.Inst, F.E->Args.at("V").E);
    // v_Ra + Oa - v_Rb - Ob = V: hang one root under the other.
    if (Ra >= 0) {
      Parent[size_t(Ra)] = Rb;
      Off[size_t(Ra)] = C.sub(C.add(Ob, V), Oa);
    } else {
      Parent[size_t(Rb)] = Ra;
      Off[size_t(Rb)] = C.sub(C.sub(Oa, V), Ob);
    }
    for (int N : {A, B})
      if (N >= 0)
        Nodes[size_t(N)].TiedBy = F.Name;
  }
  for (size_t N = 0; N < Nodes.size(); ++N) {
    auto [R, O] = Find(int(N));
    Nodes[N].Root = R;
    Nodes[N].Offset = O;
  }
  return Ok;
}

unsigned CircuitLowering::unknown(const std::string &Name, const std::string &Unit,
                                  const ir::Expr *Init, double Tol) {
  unsigned Col = unsigned(P.Columns.size());
  P.Columns.push_back({Name, Unit, ir::ColumnKind::State});
  ir::Algebraic A;
  A.Column = Col;
  A.Init = Init;
  A.Residual = C.constant(0);
  A.AbsTol = Tol;
  Rows[Col] = A;
  return Col;
}

void CircuitLowering::current(int A, int B, const ir::Expr *I, const std::string &Element) {
  ElementCurrent[Element] = I;
  for (auto [N, Sign] : {std::pair{A, 1}, std::pair{B, -1}}) {
    if (N < 0)
      continue;
    Leaving[N].push_back(Sign > 0 ? I : C.neg(I));
    if (ir::Algebraic *Row = row(N))
      Row->Residual = Sign > 0 ? C.add(Row->Residual, I) : C.sub(Row->Residual, I);
  }
}

/// C (dv_a/dt - dv_b/dt) leaves a: mass terms on the roots' columns, and
/// the known derivative of the offsets (waveforms) in the residual.
void CircuitLowering::capacitor(int A, int B, const ir::Expr *Cap, const std::string &Element) {
  ElementCurrent[Element] = C.mul(Cap, C.sub(rate(A), rate(B)));
  auto Offset = [&](int N) {
    return N < 0 ? C.constant(0) : timeDerivative(Nodes[size_t(N)].Offset);
  };
  for (auto [N, M] : {std::pair{A, B}, std::pair{B, A}}) {
    if (N < 0)
      continue;
    Leaving[N].push_back(C.mul(Cap, C.sub(rate(N), rate(M))));
    ir::Algebraic *Row = row(N);
    if (!Row)
      continue;
    Row->Mass.push_back({Row->Column, Cap});
    if (ir::Algebraic *Other = row(M))
      Row->Mass.push_back({Other->Column, C.neg(Cap)});
    const ir::Expr *Known = C.sub(Offset(N), Offset(M));
    if (!Known->isConst(0))
      Row->Residual = C.add(Row->Residual, C.mul(Cap, Known));
  }
}

/// A voltage source's current (from its first node through it to its
/// second) by KCL at one of its nodes, once every other source there is
/// known: sources form a forest, so leaves first.
void CircuitLowering::sourceCurrents() {
  std::vector<const FlatElement *> Sources;
  for (const FlatElement &F : Elements)
    if (F.E->Kind == "vsource")
      Sources.push_back(&F);
  std::map<const FlatElement *, const ir::Expr *> Known;
  bool Progress = true;
  while (Progress) {
    Progress = false;
    for (const FlatElement *F : Sources) {
      if (Known.count(F))
        continue;
      for (int End = 0; End < 2 && !Known.count(F); ++End) {
        int N = F->Nodes[size_t(End)];
        if (N < 0)
          continue;
        const ir::Expr *Sum = C.constant(0);
        bool Ready = true;
        for (const ir::Expr *I : Leaving[N])
          Sum = C.add(Sum, I);
        for (const FlatElement *G : Sources) {
          if (G == F || (G->Nodes[0] != N && G->Nodes[1] != N))
            continue;
          if (!Known.count(G)) {
            Ready = false;
            break;
          }
          Sum = G->Nodes[0] == N ? C.add(Sum, Known[G]) : C.sub(Sum, Known[G]);
        }
        if (!Ready)
          continue;
        Known[F] = End == 0 ? C.neg(Sum) : Sum;
        Progress = true;
      }
    }
  }
  for (auto &[F, I] : Known)
    ElementCurrent[F->Name] = I;
}

/// The drain current of a MOS transistor (drain, gate, source), from drain
/// to source, by the EKV model (Enz, Krummenacher and Vittoz, Analog Integr.
/// Circuits Signal Process. 8, 83, 1995):
///   I_s = 2 n beta U_T^2,   U_T = kT/q at 300 K,   F(x) = ln^2(1 + e^(x / 2 U_T))
///   nmos, bulk at ground:   V_p = (V_g - V_th) / n
///                           I_d = I_s [F(V_p - V_s) - F(V_p - V_d)]
///   pmos, bulk at its source (the usual pull-up, source at the supply),
///   voltages mirrored, V_th its magnitude:
///                           V_p = (V_s - V_g - V_th) / n
///                           I_d = -I_s [F(V_p) - F(V_p - (V_s - V_d))]
/// One expression from weak to strong inversion, smooth (Newton needs
/// that); the nmos is symmetric in drain and source (a 1T1R cell conducts
/// both ways). In strong inversion and saturation it is the square law
/// beta (V_ov)^2 / (2 n): the gate voltage sets the saturation current,
/// which is how a series transistor limits the current of a cell.
const ir::Expr *CircuitLowering::mos(const FlatElement &F, bool P) {
  const double Ut = 1.380649e-23 * 300 / 1.602176634e-19;
  auto Arg = [&](const char *N, double Default) {
    auto It = F.E->Args.find(N);
    return It == F.E->Args.end() ? C.constant(Default) : map(F.Inst, It->second.E);
  };
  const ir::Expr *N = Arg("n", 1.3);
  const ir::Expr *Is = C.mul(C.mul(C.constant(2 * Ut * Ut), N), Arg("beta", 0));
  // ln(1 + e^y) as max(y, 0) + ln(1 + e^-|y|): a Newton iterate far from
  // the solution (a floating node between two transistors that are off)
  // must not overflow e^y into inf - inf = NaN.
  auto Fn = [&](const ir::Expr *X) {
    const ir::Expr *Y = C.mul(C.constant(0.5 / Ut), X);
    const ir::Expr *Tail =
        C.call(ir::CallFn::Log,
               C.add(C.constant(1), C.call(ir::CallFn::Exp, C.neg(C.call(ir::CallFn::Abs, Y)))));
    const ir::Expr *L = C.add(C.binary(ir::BinaryOp::Max, Y, C.constant(0)), Tail);
    return C.mul(L, L);
  };
  const ir::Expr *Vd = voltage(F.Nodes[0]), *Vg = voltage(F.Nodes[1]), *Vs = voltage(F.Nodes[2]);
  if (P) {
    const ir::Expr *Vp = C.div(C.sub(C.sub(Vs, Vg), Arg("V_th", 0)), N);
    return C.neg(C.mul(Is, C.sub(Fn(Vp), Fn(C.sub(Vp, C.sub(Vs, Vd))))));
  }
  const ir::Expr *Vp = C.div(C.sub(Vg, Arg("V_th", 0)), N);
  return C.mul(Is, C.sub(Fn(C.sub(Vp, Vs)), Fn(C.sub(Vp, Vd))));
}

/// A device between two nodes: its parameters become globals
/// (`pop.M1.G`), its states unknowns (`M1.s`), its law a branch current.
bool CircuitLowering::device(const FlatElement &F, const DeviceTemplate &T) {
  std::string Missing;
  if (!T.Events.empty())
    Missing = "events ('on')";
  else if (!T.Varies.empty())
    Missing = "variability ('vary')";
  else if (T.Noise)
    Missing = "read noise ('noise')";
  else if (!T.Telegraphs.empty())
    Missing = "telegraph noise ('rtn')";
  else if (!T.Drifts.empty())
    Missing = "drift ('drift')";
  else if (!T.Relaxes.empty())
    Missing = "relaxation ('relax')";
  else if (T.Compliance)
    Missing = "compliance member (in a circuit, put an nmos in series)";
  else if (!T.Law && T.Branches.empty())
    Missing = "a current law (i = ...)";
  if (!Missing.empty()) {
    S.Diags.report(DiagId::err_not_executable, F.E->Range,
                   {"device '" + F.Name + "' in a circuit",
                    "its " + Missing + " inside circuits are not built yet"});
    return false;
  }
  std::vector<const ir::Expr *> Global(T.Params.size());
  std::map<unsigned, unsigned> State; // template state -> column
  const ir::Expr *V = C.sub(voltage(F.Nodes[0]), voltage(F.Nodes[1]));
  auto Map = [&](const ir::Expr *E) {
    return ir::rewrite(C, E, [&](const ir::Expr *X) -> const ir::Expr * {
      if (X->kind() == ir::ExprKind::Param)
        return Global[X->index()];
      if (X->kind() == ir::ExprKind::Voltage)
        return V;
      if (X->kind() == ir::ExprKind::Column && X->index() >= DeviceTemplate::TerminalBase)
        return voltage(F.Nodes[X->index() - DeviceTemplate::TerminalBase]);
      if (X->kind() == ir::ExprKind::Column)
        return C.column(State.at(X->index()));
      return nullptr;
    });
  };
  for (unsigned L : T.ParamOrder) {
    auto &DP = T.Params[L];
    auto A = F.E->Args.find(DP.Decl->Name.Name);
    const ir::Expr *Default = A != F.E->Args.end() ? map(F.Inst, A->second.E) : Map(DP.Default.E);
    SourceRange Report = A != F.E->Args.end() ? F.E->ArgRanges.at(A->first) : F.E->Range;
    Global[L] = C.param(addParam(P.Name + "." + F.Name + "." + DP.Decl->Name.Name, DP.Default.D,
                                 Default, DP.Decl, DP.Lo, DP.Hi, DP.LoOpen, DP.HiOpen, Report));
  }
  for (unsigned K = 0; K < T.States.size(); ++K) {
    const auto &St = T.States[K];
    std::string Name = F.Name + "." + St.Decl->Name.Name;
    if (!St.Deriv) {
      // A constant state: a column that keeps its initial value.
      State[K] = unsigned(P.Columns.size());
      P.Columns.push_back({Name, St.Init.D.str(), ir::ColumnKind::State});
      continue;
    }
    State[K] = unknown(Name, St.Init.D.str(), nullptr, 0);
    DeviceStates[F.Name][St.Decl->Name.Name] = State[K];
  }
  for (unsigned K = 0; K < T.States.size(); ++K) {
    const auto &St = T.States[K];
    if (!St.Deriv) {
      ir::StateVar SV;
      SV.Column = State[K];
      SV.Init = Map(St.Init.E);
      P.States.push_back(SV);
      continue;
    }
    ir::Algebraic &Row = Rows.at(State[K]);
    Row.Init = Map(St.Init.E);
    Row.Lo = St.Lo.ok() ? Map(St.Lo.E) : nullptr;
    Row.Hi = St.Hi.ok() ? Map(St.Hi.E) : nullptr;
    Row.Residual = C.neg(Map(St.Deriv));
    Row.Mass.push_back({Row.Column, C.constant(1)});
    ir::StateVar Scale;
    Scale.Init = Row.Init, Scale.Lo = Row.Lo, Scale.Hi = Row.Hi;
    Row.AbsTol = ir::stateTolerance(Scale, S.GlobalDefaults);
  }
  if (T.Branches.empty()) {
    current(F.Nodes[0], F.Nodes[1], Map(T.Current.E), F.Name);
    return true;
  }
  // A device with three or more terminals: one current per law i(a, b).
  for (const DeviceTemplate::Branch &B : T.Branches)
    current(F.Nodes[B.From], F.Nodes[B.To], Map(B.Current), F.Name + "." + branchName(T, B));
  return true;
}

void CircuitLowering::spikes() {
  const Instance &Top = Instances[0];
  for (const DeviceTemplate::Ev &E : Top.T->Spikes) {
    ir::Event IE;
    IE.Cond = map(0, E.Cond);
    IE.Edge = E.Edge;
    bool Ok = true;
    auto Column = [&](unsigned TemplateNode) -> int {
      int N = Top.NodeMap[TemplateNode];
      if (Nodes[size_t(N)].Root != N) {
        S.Diags.report(DiagId::err_circuit_node_fixed, Top.T->Decl->Name.Range,
                       {Nodes[size_t(N)].Name, "tied by voltage source '" +
                                                   Nodes[size_t(N)].TiedBy +
                                                   "', so a spike cannot reset it"});
        Ok = false;
        return -1;
      }
      return Nodes[size_t(N)].Column;
    };
    for (auto &[Node, V] : E.Assigns) {
      int Col = Column(Node);
      if (Col >= 0)
        IE.Assigns.push_back({unsigned(Col), map(0, V)});
    }
    if (!Ok)
      continue;
    for (unsigned H : E.Held)
      IE.Held.push_back(unsigned(Column(H)));
    if (E.Refractory) {
      IE.Refractory = map(0, E.Refractory);
      IE.RefractoryColumn = unsigned(P.Columns.size());
      P.Columns.push_back({"refractory_end." + E.Name, "s", ir::ColumnKind::Internal});
    }
    bool Monitored = false;
    for (const SemaImpl::MonitorInfo &Mo : S.Monitors)
      Monitored |= Mo.Population == P.Name && Mo.Event == E.Name;
    // The first spike output also feeds the projections from the circuit.
    Monitored |= S.SpikeSources.count(P.Name) && &E == &Top.T->Spikes.front();
    if (Monitored) {
      // Outputs of one name (two unnamed ones) are one source.
      IE.Source = -1;
      for (unsigned Src = 0; Src < S.M.Sources.size(); ++Src)
        if (S.M.Sources[Src].Population == Pop && S.M.Sources[Src].Name == E.Name)
          IE.Source = int(Src);
      if (IE.Source < 0) {
        IE.Source = int(S.M.Sources.size());
        S.M.Sources.push_back({E.Name, Pop, {}, {}, {}});
      }
    }
    P.Events.push_back(IE);
  }
}

/// What the probes name and no column holds: fixed nodes, element
/// currents and voltages.
void CircuitLowering::observables() {
  for (auto &[Var, Range] : Info.Probed) {
    bool Have = false;
    for (auto &Col : P.Columns)
      Have |= Col.Name == Var && Col.Kind != ir::ColumnKind::Internal;
    if (Have)
      continue;
    const ir::Expr *E = nullptr;
    Dim D = unitOf("V");
    for (size_t N = 0; N < Nodes.size(); ++N)
      if (Nodes[N].Name == Var)
        E = voltage(int(N));
    size_t Dot = Var.rfind('.');
    std::string Element = Dot == std::string::npos ? "" : Var.substr(0, Dot);
    std::string What = Dot == std::string::npos ? "" : Var.substr(Dot + 1);
    if (!E && What == "v" && ElementNodes.count(Element))
      E = C.sub(voltage(ElementNodes[Element].first), voltage(ElementNodes[Element].second));
    if (!E && What == "i" && ElementCurrent.count(Element)) {
      E = ElementCurrent[Element];
      D = unitOf("A");
    }
    if (!E && ElementCurrent.count(Var)) { // a branch of a multi-terminal device
      E = ElementCurrent[Var];
      D = unitOf("A");
    }
    if (!E)
      internalError("LowerCircuits: a checked probe name has no value");
    unsigned Col = unsigned(P.Columns.size());
    P.Columns.push_back({Var, D.str(), ir::ColumnKind::Observable});
    P.Observables.push_back({Col, E});
  }
}

bool CircuitLowering::run() {
  const CircuitTemplate &T = *Info.Circuit;
  P.Scheme = ir::Method::TRBDF2;
  Instances.push_back({&T, "", {}, std::vector<int>(T.Nodes.size(), -2)});
  for (const CircuitTemplate::Param &CP : T.Params) {
    auto O = Info.Overrides.find(CP.Decl->Name.Name);
    const ir::Expr *Default =
        O != Info.Overrides.end()
            ? O->second.E
            : ir::rewrite(C, CP.Default.E, [&](const ir::Expr *X) -> const ir::Expr * {
                return X->kind() == ir::ExprKind::Param ? Instances[0].Params[X->index()] : nullptr;
              });
    Instances[0].Params.push_back(
        C.param(addParam(P.Name + "." + CP.Decl->Name.Name, CP.Default.D, Default, CP.Decl)));
  }
  flatten(0);
  if (!tieNodes())
    return false;
  for (size_t N = 0; N < Nodes.size(); ++N)
    if (Nodes[N].Root == int(N))
      Nodes[N].Column = int(unknown(Nodes[N].Name, "V", C.constant(0), NodeTol));
  // Inductor currents first, so that their columns follow the nodes.
  std::map<std::string, unsigned> InductorColumn;
  for (const FlatElement &F : Elements)
    if (F.E->Kind == "inductor")
      InductorColumn[F.Name] = unknown(F.Name + ".i", "A", C.constant(0), CurrentTol);
  // Differential rows need their rate columns before capacitor currents
  // read them: every node with a capacitor gets one.
  for (const FlatElement &F : Elements)
    if (F.E->Kind == "capacitor")
      for (int N : F.Nodes)
        if (ir::Algebraic *Row = row(N); Row && Row->RateColumn == ~0u) {
          Row->RateColumn = unsigned(P.Columns.size());
          P.Columns.push_back(
              {P.Columns[Row->Column].Name + ".rate", "V/s", ir::ColumnKind::Internal});
        }
  bool Ok = true;
  for (const FlatElement &F : Elements) {
    const std::string &K = F.E->Kind;
    auto Arg = [&](const char *N) { return map(F.Inst, F.E->Args.at(N).E); };
    if (F.Nodes.size() == 2)
      ElementNodes[F.Name] = {F.Nodes[0], F.Nodes[1]};
    if (K == "resistor") {
      current(F.Nodes[0], F.Nodes[1],
              C.div(C.sub(voltage(F.Nodes[0]), voltage(F.Nodes[1])), Arg("R")), F.Name);
    } else if (K == "capacitor") {
      capacitor(F.Nodes[0], F.Nodes[1], Arg("C"), F.Name);
    } else if (K == "isource") {
      current(F.Nodes[0], F.Nodes[1], Arg("I"), F.Name);
    } else if (K == "inductor") {
      unsigned Col = InductorColumn.at(F.Name);
      ir::Algebraic &Row = Rows.at(Col);
      Row.Mass.push_back({Col, Arg("L")});
      Row.Residual = C.neg(C.sub(voltage(F.Nodes[0]), voltage(F.Nodes[1])));
      current(F.Nodes[0], F.Nodes[1], C.column(Col), F.Name);
    } else if (K == "nmos") {
      current(F.Nodes[0], F.Nodes[2], mos(F, false), F.Name);
    } else if (K == "pmos") {
      current(F.Nodes[0], F.Nodes[2], mos(F, true), F.Name);
    } else if (K == "vsource") {
      continue; // after every other current is known
    } else if (auto D = S.Devices.find(K); D != S.Devices.end()) {
      Ok &= device(F, D->second);
    } else {
      internalError("LowerCircuits: unhandled element kind '" + K + "'");
    }
  }
  sourceCurrents();
  // gmin from every node to ground, into its root's row.
  for (size_t N = 0; N < Nodes.size(); ++N)
    if (ir::Algebraic *Row = row(int(N)))
      Row->Residual = C.add(Row->Residual, C.mul(C.constant(Gmin), voltage(int(N))));
  // One mass coefficient per column; a capacitor inside a supernode cancels.
  for (auto &[Col, Row] : Rows) {
    std::map<unsigned, const ir::Expr *> Sum;
    for (auto &[MC, M] : Row.Mass)
      Sum[MC] = Sum.count(MC) ? C.add(Sum[MC], M) : M;
    Row.Mass.clear();
    for (auto &[MC, M] : Sum)
      if (!M->isConst(0))
        Row.Mass.push_back({MC, M});
  }
  if (!Ok)
    return false;
  for (auto &[Col, Row] : Rows)
    P.Algebraics.push_back(Row);
  spikes();
  observables();
  return true;
}

/// The probe-able names of T under Prefix (see circuitProbeNames).
void probeNames(const SemaImpl &S, const CircuitTemplate &T, const std::string &Prefix,
                std::vector<std::string> &Out) {
  for (const std::string &N : T.Nodes) {
    bool Port = false;
    for (const ast::Ident &Pt : T.Decl->Ports)
      Port |= Pt.Name == N;
    if (Prefix.empty() || !Port)
      Out.push_back(Prefix + N);
  }
  for (const CircuitTemplate::Element &E : T.Elements) {
    std::string Name = Prefix + E.Name;
    auto Sub = S.Circuits.find(E.Kind);
    if (Sub != S.Circuits.end() && !S.Devices.count(E.Kind)) {
      probeNames(S, Sub->second, Name + ".", Out);
      continue;
    }
    if (E.Nodes.size() == 2) {
      Out.push_back(Name + ".i");
      Out.push_back(Name + ".v");
    }
    if (E.Kind == "nmos" || E.Kind == "pmos")
      Out.push_back(Name + ".i"); // the drain current
    auto D = S.Devices.find(E.Kind);
    if (D != S.Devices.end()) {
      for (auto &St : D->second.States)
        Out.push_back(Name + "." + St.Decl->Name.Name);
      for (const DeviceTemplate::Branch &B : D->second.Branches)
        Out.push_back(Name + "." + branchName(D->second, B));
    }
  }
}

} // namespace

std::vector<std::string> SemaImpl::circuitProbeNames(const CircuitTemplate &T) {
  std::vector<std::string> Out;
  probeNames(*this, T, "", Out);
  return Out;
}

void SemaImpl::instantiateCircuit(PopulationInfo &Info) {
  ir::Population P;
  P.Name = Info.Decl->Name.Name;
  P.Device = Info.Circuit->Decl->Name.Name;
  P.Size = Info.Size;
  unsigned Index = unsigned(M.Populations.size());
  CircuitLowering L(*this, Info, P, Index);
  if (!L.run())
    return;
  Info.Index = Index;
  M.Populations.push_back(std::move(P));
}

} // namespace nmc
