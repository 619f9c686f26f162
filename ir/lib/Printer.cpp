//===- Printer.cpp - Stable text form of the model IR ---------------------===//
#include "nmc/ir/Printer.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <unordered_map>

namespace nmc::ir {

namespace {

/// Shortest decimal text that reads back to the same double.
std::string number(double V) {
  if (std::isinf(V))
    return V > 0 ? "inf" : "-inf";
  if (std::isnan(V))
    return "nan";
  char Buf[40];
  if (V == std::floor(V) && std::fabs(V) < 1e15) {
    std::snprintf(Buf, sizeof Buf, "%.0f", V);
    return Buf;
  }
  for (int P = 1; P <= 17; ++P) {
    std::snprintf(Buf, sizeof Buf, "%.*g", P, V);
    if (std::strtod(Buf, nullptr) == V)
      break;
  }
  return Buf;
}

/// Prints one equation: nodes used twice or more become `%n = ...` lines
/// before it, the rest print inline in prefix form.
class EquationPrinter {
public:
  EquationPrinter(const Module &M, const Population *P) : M(M), P(P) {}

  void print(std::ostream &OS, const std::string &Indent, const std::string &Head, const Expr *E,
             const std::string &Tail = "") {
    std::unordered_map<const Expr *, unsigned> Uses;
    visitPostOrder(E, [&](const Expr *N) {
      for (const Expr *O : N->operands())
        ++Uses[O];
    });
    visitPostOrder(E, [&](const Expr *N) {
      // A node named by an earlier equation of the same printer keeps its
      // name (one definition, then references).
      if (N != E && Uses[N] > 1 && !N->operands().empty() && !Names.count(N)) {
        std::string Id = "%" + std::to_string(Next++);
        OS << Indent << "  " << Id << " = " << text(N) << '\n';
        Names[N] = Id;
      }
    });
    OS << Indent << Head << text(E) << Tail << '\n';
  }

  /// E in prefix form with no named values.
  std::string inlineText(const Expr *E) { return text(E); }

private:
  std::string ref(const Expr *E) {
    auto It = Names.find(E);
    return It != Names.end() ? It->second : text(E);
  }

  std::string text(const Expr *E) {
    switch (E->kind()) {
    case ExprKind::Const:
      return E->type() == Type::Bool ? (E->value() != 0 ? "true" : "false") : number(E->value());
    case ExprKind::Param:
      return "@" + (E->index() < M.Params.size() ? M.Params[E->index()].Name
                                                 : std::to_string(E->index()));
    case ExprKind::Column:
      return "$" + (P && E->index() < P->Columns.size() ? P->Columns[E->index()].Name
                                                        : std::to_string(E->index()));
    case ExprKind::Local:
      return "%l" + std::to_string(E->index());
    case ExprKind::Time:
      return "t";
    case ExprKind::Dt:
      return "dt";
    case ExprKind::Step:
      return "n";
    case ExprKind::Element:
      return "i";
    case ExprKind::Voltage:
      return "v";
    case ExprKind::Random:
      return std::string("(random ") + name(E->randomDist()) + " " + std::to_string(E->index()) +
             " " + ref(E->operand(0)) + ")";
    case ExprKind::Unary:
      return std::string("(") + name(E->unaryOp()) + " " + ref(E->operand(0)) + ")";
    case ExprKind::Binary:
      return std::string("(") + name(E->binaryOp()) + " " + ref(E->operand(0)) + " " +
             ref(E->operand(1)) + ")";
    case ExprKind::Call:
      return std::string("(") + name(E->callFn()) + " " + ref(E->operand(0)) + ")";
    case ExprKind::Select:
      return "(select " + ref(E->operand(0)) + " " + ref(E->operand(1)) + " " + ref(E->operand(2)) +
             ")";
    case ExprKind::Load: {
      std::string Pop = "?", Col = std::to_string(E->index());
      if (E->population() < M.Populations.size()) {
        const Population &LP = M.Populations[E->population()];
        Pop = LP.Name;
        if (E->index() < LP.Columns.size())
          Col = LP.Columns[E->index()].Name;
      }
      return "(load @" + Pop + " $" + Col + " " + ref(E->operand(0)) + ")";
    }
    case ExprKind::Reduce:
      return std::string("(reduce ") + name(E->binaryOp()) + " k" + std::to_string(E->index()) +
             " " + ref(E->operand(0)) + " " + ref(E->operand(1)) + " " + ref(E->operand(2)) + ")";
    case ExprKind::Bound:
      return "k" + std::to_string(E->index());
    }
    return "?";
  }

  const Module &M;
  const Population *P;
  std::unordered_map<const Expr *, std::string> Names;
  unsigned Next = 0;
};

void printBody(const Module &M, const Population &P, const std::vector<Stmt> &Body,
               const std::string &Indent, std::ostream &OS) {
  for (const Stmt &S : Body) {
    EquationPrinter EP(M, &P);
    switch (S.K) {
    case Stmt::Kind::Let:
      EP.print(OS, Indent, "let %l" + std::to_string(S.Index) + " = ", S.Value);
      break;
    case Stmt::Kind::Store:
      EP.print(OS, Indent,
               std::string("store ") + (S.Checked ? "checked " : "") + "$" +
                   P.Columns[S.Index].Name + " = ",
               S.Value);
      break;
    case Stmt::Kind::Emit:
      EP.print(OS, Indent, "emit " + std::to_string(S.Index) + " at ", S.Value);
      break;
    case Stmt::Kind::If:
      EP.print(OS, Indent, "if ", S.Value);
      printBody(M, P, S.Body, Indent + "  ", OS);
      OS << Indent << "end\n";
      break;
    case Stmt::Kind::Repeat:
      EP.print(OS, Indent, "repeat " + std::to_string(S.Index) + " until ", S.Value);
      printBody(M, P, S.Body, Indent + "  ", OS);
      OS << Indent << "end\n";
      break;
    case Stmt::Kind::For: {
      // The bounds print inline: a `%n` line would belong to one of them.
      EquationPrinter IP(M, &P);
      OS << Indent << "for k" << S.Index << " " << IP.inlineText(S.Value) << " to "
         << IP.inlineText(S.At) << '\n';
      printBody(M, P, S.Body, Indent + "  ", OS);
      OS << Indent << "end\n";
      break;
    }
    case Stmt::Kind::Scatter: {
      const Population &TP = M.Populations[S.Target];
      EquationPrinter IP(M, &P);
      EP.print(OS, Indent,
               "scatter @" + TP.Name + " $" + TP.Columns[S.Index].Name + " at " +
                   IP.inlineText(S.At) + " add ",
               S.Value);
      break;
    }
    }
  }
}

std::string range(const Param &P) {
  if (std::isinf(P.Lo) && std::isinf(P.Hi))
    return "";
  return std::string(" in ") + (P.LoOpen ? "(" : "[") + number(P.Lo) + ", " + number(P.Hi) +
         (P.HiOpen ? ")" : "]");
}

} // namespace

void print(const Module &M, std::ostream &OS) {
  OS << "model \"" << M.Name << "\" source \"" << M.Source << "\"\n";
  OS << "experiment t_stop = " << number(M.TStop) << " s, dt = " << number(M.Dt) << " s";
  if (M.RelTol != 1e-6)
    OS << ", rtol = " << number(M.RelTol);
  OS << "\n";
  for (const Param &P : M.Params) {
    EquationPrinter EP(M, nullptr);
    // The declaring line (for run-time messages) follows the value.
    EP.print(OS, "", "param @" + P.Name + " : " + P.UnitText + range(P) + " = ", P.Default,
             P.Line ? " line " + std::to_string(P.Line) : "");
  }
  for (const Population &P : M.Populations) {
    OS << "population @" << P.Name << " : " << P.Device << "["
       << (P.Dynamic ? std::string("dynamic") : std::to_string(P.Size)) << "] method "
       << name(P.Scheme) << "\n";
    for (size_t I = 0; I < P.Columns.size(); ++I) {
      OS << "  column " << I << " $" << P.Columns[I].Name << " : " << P.Columns[I].UnitText << " "
         << name(P.Columns[I].Kind);
      if (!P.Columns[I].Data.empty()) {
        OS << " data " << P.Columns[I].Data.size();
        for (double V : P.Columns[I].Data)
          OS << " " << number(V);
      }
      OS << '\n';
    }
    for (const StateVar &S : P.States) {
      EquationPrinter EP(M, &P);
      const std::string &N = P.Columns[S.Column].Name;
      EP.print(OS, "  ", "init $" + N + " = ", S.Init);
      if (S.Lo)
        EP.print(OS, "  ", "lower $" + N + " = ", S.Lo);
      if (S.Hi)
        EP.print(OS, "  ", "upper $" + N + " = ", S.Hi);
      if (S.Deriv)
        EP.print(OS, "  ", "ode d$" + N + "/dt = ", S.Deriv);
      if (S.Update)
        EP.print(OS, "  ", "update $" + N + " = ", S.Update);
    }
    for (const Observable &O : P.Observables) {
      EquationPrinter EP(M, &P);
      EP.print(OS, "  ", "observe $" + P.Columns[O.Column].Name + " = ", O.Value);
    }
    for (const Draw &D : P.Draws) {
      EquationPrinter EP(M, &P);
      EP.print(OS, "  ",
               std::string("draw ") + (D.PerCycle ? "per cycle" : "per element") + " $" +
                   P.Columns[D.Column].Name + " = ",
               D.Value);
    }
    for (const Algebraic &A : P.Algebraics) {
      EquationPrinter EP(M, &P);
      std::string Head = "algebraic $" + P.Columns[A.Column].Name;
      if (A.DeltaColumn < P.Columns.size())
        Head += " delta $" + P.Columns[A.DeltaColumn].Name;
      if (A.RateColumn < P.Columns.size())
        Head += " rate $" + P.Columns[A.RateColumn].Name;
      Head += " tol " + number(A.AbsTol);
      EquationPrinter IP(M, &P);
      // The first guess, bounds and masses are uniform and short: inline.
      Head += " init " + IP.inlineText(A.Init);
      if (A.Lo)
        Head += " lower " + IP.inlineText(A.Lo);
      if (A.Hi)
        Head += " upper " + IP.inlineText(A.Hi);
      for (auto &[Col, Mass] : A.Mass)
        Head += " mass $" + P.Columns[Col].Name + " " + IP.inlineText(Mass);
      Head += " = ";
      EP.print(OS, "  ", Head, A.Residual);
    }
    for (const Event &E : P.Events) {
      EquationPrinter EP(M, &P);
      EP.print(OS, "  ", std::string("event ") + (E.Edge ? "on " : "when "), E.Cond);
      for (const Assign &A : E.Assigns)
        EP.print(OS, "    ", "set $" + P.Columns[A.Column].Name + " = ", A.Value);
      if (E.Refractory)
        EP.print(OS, "    ", "refractory $" + P.Columns[E.RefractoryColumn].Name + " = ",
                 E.Refractory);
      if (!E.Held.empty()) {
        OS << "    hold";
        for (unsigned H : E.Held)
          OS << " $" << P.Columns[H].Name;
        OS << '\n';
      }
      if (E.Source >= 0)
        OS << "    emit " << E.Source << '\n';
    }
  }
  for (const Kernel &K : M.Kernels) {
    const Population &P = M.Populations[K.Population];
    OS << "kernel @" << K.Name << " " << name(K.Ph) << " over @" << P.Name
       << (K.OnEvent ? " on-event" : "") << " {\n";
    printBody(M, P, K.Body, "  ", OS);
    OS << "}\n";
  }
  for (const EventSource &S : M.Sources) {
    OS << "source \"" << S.Name << "\" @" << M.Populations[S.Population].Name;
    for (size_t K = 0; K < S.TimeColumns.size(); ++K)
      OS << (K ? ", $" : " time $") << M.Populations[S.Population].Columns[S.TimeColumns[K]].Name;
    if (!S.SpikeTimes.empty()) {
      OS << " spikes " << S.SpikeTimes.size();
      for (size_t K = 0; K < S.SpikeTimes.size(); ++K)
        OS << " " << S.SpikeElements[K] << ":" << number(S.SpikeTimes[K]);
    }
    OS << '\n';
  }
  for (const Monitor &Mo : M.Monitors) {
    OS << "monitor \"" << Mo.Name << "\" source " << Mo.Source << " [" << Mo.First << ", "
       << Mo.First + Mo.Count << ")";
    if (Mo.RateBin > 0)
      OS << " rate every " << number(Mo.RateBin) << " s";
    OS << "\n";
  }
  for (const Projection &Pr : M.Projections) {
    OS << "projection \"" << Pr.Name << "\" source " << Pr.Source << " @"
       << M.Populations[Pr.Pre].Name << " -> @" << M.Populations[Pr.Post].Name << " synapses @"
       << M.Populations[Pr.Synapses].Name << " connect " << name(Pr.Kind);
    if (Pr.Kind == Projection::Connect::Probability)
      OS << " " << number(Pr.P);
    if (Pr.Kind == Projection::Connect::InDegree)
      OS << " " << Pr.K;
    if (Pr.Kind == Projection::Connect::Edges) {
      OS << " " << Pr.EdgePre.size();
      for (size_t I = 0; I < Pr.EdgePre.size(); ++I)
        OS << " " << Pr.EdgePre[I] << ":" << Pr.EdgePost[I];
    }
    OS << " self " << (Pr.AllowSelf ? 1 : 0) << " stream " << Pr.Stream;
    for (const Projection::Target &T : Pr.Targets) {
      OS << " add $" << M.Populations[Pr.Post].Columns[T.Column].Name << " " << number(T.Scale);
      if (T.Factor >= 0)
        OS << " times $" << M.Populations[Pr.Synapses].Columns[size_t(T.Factor)].Name;
    }
    if (Pr.plastic()) {
      const Population &S = M.Populations[Pr.Synapses];
      EquationPrinter EP(M, &S);
      OS << " rule last $" << S.Columns[Pr.LastColumn].Name;
      if (Pr.PostSource >= 0)
        OS << " post-source " << Pr.PostSource;
      if (Pr.PreKernel >= 0)
        OS << " pre-kernel " << Pr.PreKernel;
      if (Pr.PostKernel >= 0)
        OS << " post-kernel " << Pr.PostKernel;
      for (const Projection::Trace &T : Pr.Traces)
        OS << " trace $" << S.Columns[T.Column].Name << " a " << EP.inlineText(T.A) << " b "
           << EP.inlineText(T.B);
      for (bool Post : {false, true})
        for (const Assign &A : Post ? Pr.OnPost : Pr.OnPre)
          OS << (Post ? " on-post $" : " on-pre $") << S.Columns[A.Column].Name << " = "
             << EP.inlineText(A.Value);
    }
    OS << '\n';
  }
  for (const Array &A : M.Arrays) {
    OS << "array \"" << A.Name << "\" " << A.Rows << " x " << A.Cols << " wires "
       << number(A.RowSegment) << " " << number(A.ColSegment) << " " << number(A.Driver) << " "
       << number(A.Sense) << " read " << number(A.ReadVoltage) << " cells " << name(A.Kind) << " "
       << number(A.A) << " " << number(A.B) << " stream " << A.Stream << " sparsity "
       << number(A.Sparsity) << " differential " << A.Differential << " dac " << A.DacBits << " "
       << number(A.DacRange) << " adc " << A.AdcBits << " " << number(A.AdcRange) << " tile "
       << A.Tile << " transposed " << A.Transposed << " read-width " << number(A.ReadWidth)
       << " converter-energy " << number(A.DacEnergy) << " " << number(A.AdcEnergy);
    if (A.Kind == Array::Cells::Device)
      OS << " population " << A.CellsOf.Population << " " << A.CellsOf.Voltage << " "
         << A.CellsOf.Current << " " << A.CellsOf.Slope;
    if (A.SelectorOf)
      OS << " selector " << A.SelectorOf->Population << " " << A.SelectorOf->Voltage << " "
         << A.SelectorOf->Current << " " << A.SelectorOf->Slope;
    if (A.Drive)
      OS << " drive " << *A.Drive;
    if (A.Transistor)
      OS << " transistor " << number(A.Transistor->Beta) << " " << number(A.Transistor->Vth) << " "
         << number(A.Transistor->N) << " gate " << number(A.Transistor->Gate) << " "
         << number(A.Transistor->ProgramGate) << " " << number(A.Transistor->OffGate)
         << (A.Transistor->Fire ? " fire" : "");
    if (A.Program) {
      const Array::WriteVerify &W = *A.Program;
      OS << " program " << number(W.Set) << " " << number(W.Reset) << " " << number(W.Width) << " "
         << number(W.Tolerance) << " " << W.MaxPulses << " " << W.Targets.size();
      for (double V : W.Targets)
        OS << " " << number(V);
    }
    if (A.Update) {
      const Array::OuterProduct &U = *A.Update;
      OS << " update " << number(U.Set) << " " << number(U.Reset) << " " << number(U.Width) << " "
         << U.Slots << " " << U.Updates.size();
      for (double V : U.Updates)
        OS << " " << number(V);
    }
    if (A.Solve) {
      const Array::FeedbackSolve &F = *A.Solve;
      OS << " solve " << (F.K == Array::FeedbackSolve::Kind::Inverse ? "inverse" : "regression")
         << " " << number(F.Gain) << " " << number(F.Feedback) << " " << F.Rhs.size();
      for (double V : F.Rhs)
        OS << " " << number(V);
    }
    OS << " data " << A.Data.size();
    for (double V : A.Data)
      OS << " " << number(V);
    OS << " inputs " << A.Inputs.size();
    for (double V : A.Inputs)
      OS << " " << number(V);
    for (const Array::Probe &P : A.Probes) {
      OS << " probe \"" << P.Name << "\" " << P.Vars.size();
      for (const std::string &V : P.Vars)
        OS << " " << V;
      if (P.Interval > 0)
        OS << " every " << number(P.Interval);
    }
    OS << '\n';
  }
  for (const ArrayProjection &AP : M.ArrayProjections) {
    OS << "array-projection \"" << AP.Name << "\" source " << AP.Source << " @"
       << M.Populations[AP.Pre].Name << " -> @" << M.Populations[AP.Post].Name << " array "
       << AP.Array;
    for (const ArrayProjection::Target &T : AP.Targets)
      OS << " target $" << M.Populations[AP.Post].Columns[T.Column].Name << " " << number(T.Scale);
    if (AP.Learn)
      OS << (AP.Learn->Mode == ArrayProjection::PulseStdp::Winner ? " learn-winner " : " learn ")
         << AP.PostSource << " " << number(AP.Learn->Window) << " " << number(AP.Learn->Set) << " "
         << number(AP.Learn->Reset) << " " << number(AP.Learn->Width) << " "
         << number(AP.Learn->Until);
    OS << '\n';
  }
  if (!M.SweepValues.empty()) {
    OS << "sweep @" << M.Params[M.SweepParam].Name << " =";
    for (double V : M.SweepValues)
      OS << " " << number(V);
    OS << '\n';
  }
  for (const Probe &Pr : M.Probes) {
    const Population &P = M.Populations[Pr.Population];
    OS << "probe \"" << Pr.Name << "\" @" << P.Name << "[" << Pr.First << ", "
       << Pr.First + Pr.Count << ") (";
    for (size_t I = 0; I < Pr.Columns.size(); ++I)
      OS << (I ? ", $" : "$") << P.Columns[Pr.Columns[I]].Name;
    OS << ") every " << number(Pr.Interval) << " s\n";
  }
}

} // namespace nmc::ir
