//===- AstPrinter.cpp - Stable text dump of the AST -----------------------===//
#include "nmc/frontend/AstPrinter.h"

namespace nmc {

const char *ast::spelling(BinaryOp Op) {
  switch (Op) {
  case BinaryOp::Add:
    return "+";
  case BinaryOp::Sub:
    return "-";
  case BinaryOp::Mul:
    return "*";
  case BinaryOp::Div:
    return "/";
  case BinaryOp::Pow:
    return "^";
  case BinaryOp::Lt:
    return "<";
  case BinaryOp::Le:
    return "<=";
  case BinaryOp::Gt:
    return ">";
  case BinaryOp::Ge:
    return ">=";
  case BinaryOp::Eq:
    return "==";
  case BinaryOp::Ne:
    return "!=";
  case BinaryOp::And:
    return "&&";
  case BinaryOp::Or:
    return "||";
  }
  return "?";
}

namespace {

std::string loc(const SourceRange &R) {
  return "<" + std::to_string(R.Begin.Line) + ":" + std::to_string(R.Begin.Col) + ">";
}

std::string expr(const ast::Expr &E) {
  using namespace ast;
  if (auto *N = dyn_cast<NumberExpr>(&E))
    return N->Unit ? "(" + N->Spelling + " " + N->Unit->Text + ")" : N->Spelling;
  if (auto *N = dyn_cast<NameExpr>(&E))
    return N->Name;
  if (auto *Str = dyn_cast<StringExpr>(&E))
    return "\"" + Str->Value + "\"";
  if (auto *U = dyn_cast<UnaryExpr>(&E))
    return std::string("(") +
           (U->Op == UnaryOp::Neg    ? "-"
            : U->Op == UnaryOp::Plus ? "+"
                                     : "!") +
           " " + expr(*U->Sub) + ")";
  if (auto *B = dyn_cast<BinaryExpr>(&E))
    return std::string("(") + spelling(B->Op) + " " + expr(*B->L) + " " + expr(*B->R) + ")";
  if (auto *I = dyn_cast<IfExpr>(&E))
    return "(if " + expr(*I->Cond) + " " + expr(*I->Then) + " " + expr(*I->Else) + ")";
  auto &C = static_cast<const CallExpr &>(E);
  std::string S = "(call " + C.Callee;
  for (const CallArg &A : C.Args)
    S += " " + (A.Name.empty() ? "" : A.Name + "=") + expr(*A.Value);
  return S + ")";
}

void var(std::ostream &OS, const char *Kind, const ast::VarDecl &V, const char *Indent) {
  OS << Indent << Kind << " " << V.Name.Name << " " << loc(V.Name.Range);
  if (V.Unit)
    OS << " : " << V.Unit->Text;
  OS << " = " << expr(*V.Value);
  if (V.Range_)
    OS << " in " << (V.Range_->LoOpen ? "(" : "[") << expr(*V.Range_->Lo) << ", "
       << expr(*V.Range_->Hi) << (V.Range_->HiOpen ? ")" : "]");
  OS << '\n';
}

std::string stmt(const ast::Stmt &S) { return S.Target.Name + " " + S.Op + " " + expr(*S.Value); }

void spike(std::ostream &OS, const ast::SpikeDecl &S, const char *Indent) {
  OS << Indent << "Spike" << (S.Name ? " " + S.Name->Name : "") << " when " << expr(*S.Cond);
  for (const ast::Stmt &R : S.Reset)
    OS << " reset " << stmt(R);
  if (S.Refractory)
    OS << " refractory " << expr(*S.Refractory);
  OS << '\n';
}

void overrides(std::ostream &OS, const std::vector<ast::Override> &O) {
  for (auto &X : O)
    OS << " " << X.Name.Name << "=" << expr(*X.Value);
}

void decl(std::ostream &OS, const ast::Decl *D, const char *Indent) {
  using namespace ast;
  std::string In = std::string(Indent) + "  ";
  if (auto *Dev = dyn_cast<ComponentDecl>(D)) {
    const char *K = Dev->Kind == DeclKind::Device   ? "Device"
                    : Dev->Kind == DeclKind::Neuron ? "Neuron"
                                                    : "Rule";
    OS << Indent << K << " " << Dev->Name.Name << " " << loc(Dev->Range) << '\n';
    if (!Dev->Terminals.empty()) {
      OS << In << "Terminals";
      for (auto &T : Dev->Terminals)
        OS << " " << T.Name;
      OS << '\n';
    }
    for (auto &I : Dev->Inputs)
      OS << In << "Input " << I.Name.Name << (I.Unit ? " : " + I.Unit->Text : "") << '\n';
    for (auto &P : Dev->Params)
      var(OS, "Param", P, In.c_str());
    for (auto &S : Dev->States)
      var(OS, "State", S, In.c_str());
    for (auto &L : Dev->Lets)
      OS << In << "Let " << L.Name.Name << " = " << expr(*L.Value) << '\n';
    for (auto &L : Dev->Laws)
      OS << In << "Law " << L.Name.Name
         << (L.From ? "(" + L.From->Name + ", " + L.To->Name + ")" : "") << " = " << expr(*L.Value)
         << '\n';
    for (auto &O : Dev->Odes)
      OS << In << "Ode " << O.Deriv.Name << "/" << O.Dt.Name << " = " << expr(*O.Rhs) << '\n';
    for (auto &E : Dev->Events) {
      OS << In << "On " << expr(*E.Trigger);
      for (auto &S : E.Body)
        OS << " {" << stmt(S) << "}";
      OS << '\n';
    }
    for (auto &C : Dev->Compliance)
      OS << In << "Compliance " << expr(*C.first) << '\n';
    for (auto &Me : Dev->Methods)
      OS << In << "Method " << Me.Name << '\n';
    for (auto &N : Dev->Nonidealities)
      OS << In << "Nonideality " << N.Kind << " " << N.Target.Name << " ~ " << expr(*N.Dist)
         << (N.Scope ? " per " + N.Scope->Name : "") << '\n';
    for (auto &S : Dev->Spikes)
      spike(OS, S, In.c_str());
  } else if (auto *Pre = dyn_cast<PresetDecl>(D)) {
    OS << Indent << "Preset " << Pre->kindName() << " " << Pre->Name.Name << " " << loc(Pre->Range)
       << " = " << Pre->Base.Name;
    overrides(OS, Pre->Overrides);
    OS << '\n';
  } else if (auto *C = dyn_cast<CircuitDecl>(D)) {
    OS << Indent << "Circuit " << C->Name.Name << " " << loc(C->Range) << '\n';
    for (auto &P : C->Params)
      var(OS, "Param", P, In.c_str());
    if (!C->Nodes.empty()) {
      OS << In << "Nodes";
      for (auto &N : C->Nodes)
        OS << " " << N.Name;
      OS << '\n';
    }
    if (!C->Ports.empty()) {
      OS << In << "Ports";
      for (auto &N : C->Ports)
        OS << " " << N.Name;
      OS << '\n';
    }
    for (auto &E : C->Elements) {
      OS << In << "Element " << E.Name.Name << " : " << E.Kind.Name << "(";
      for (size_t I = 0; I < E.Args.size(); ++I)
        OS << (I ? ", " : "") << (E.Args[I].Name.empty() ? "" : E.Args[I].Name + "=")
           << expr(*E.Args[I].Value);
      OS << ")\n";
    }
    for (auto &S : C->Spikes)
      spike(OS, S, In.c_str());
  } else if (auto *A = dyn_cast<ArrayDecl>(D)) {
    OS << Indent << "Array " << A->Name.Name << " " << loc(A->Range) << " = " << A->Device.Name
       << "[" << expr(*A->Rows) << ", " << expr(*A->Cols) << "]\n";
    for (auto &S : A->Settings)
      OS << In << S.Name.Name << " = " << expr(*S.Value) << '\n';
  } else if (auto *P = dyn_cast<ParamDecl>(D)) {
    var(OS, "Param", P->Var, Indent);
  } else if (auto *Pop = dyn_cast<PopulationDecl>(D)) {
    OS << Indent << "Population " << Pop->Name.Name << " " << loc(Pop->Range) << " = "
       << Pop->Device.Name << "[" << expr(*Pop->Size) << "]";
    overrides(OS, Pop->Overrides);
    OS << '\n';
  } else if (auto *W = dyn_cast<WaveformDecl>(D)) {
    OS << Indent << "Waveform " << W->Name.Name << " " << loc(W->Range) << " = " << expr(*W->Value)
       << '\n';
  } else if (auto *Fn = dyn_cast<FunctionDecl>(D)) {
    OS << Indent << "Function " << Fn->Name.Name << "(";
    for (size_t I = 0; I < Fn->Params.size(); ++I)
      OS << (I ? ", " : "") << Fn->Params[I].Name;
    OS << ") " << loc(Fn->Range) << " = " << expr(*Fn->Body) << '\n';
  } else if (auto *Ap = dyn_cast<ApplyDecl>(D)) {
    OS << Indent << "Apply " << expr(*Ap->Wave) << " to " << Ap->Target.Name
       << (Ap->Terminal ? "." + Ap->Terminal->Name : "") << '\n';
  } else if (auto *Pr = dyn_cast<ProbeDecl>(D)) {
    OS << Indent << (Pr->Monitor ? "Monitor " : "Probe ") << Pr->Name.Name << " " << loc(Pr->Range)
       << " = " << Pr->Target.Name;
    if (Pr->First)
      OS << "[" << expr(*Pr->First) << (Pr->Last ? ":" + expr(*Pr->Last) : "") << "]";
    OS << " (";
    for (size_t I = 0; I < Pr->Vars.size(); ++I)
      OS << (I ? ", " : "") << Pr->Vars[I].Name;
    OS << ")";
    if (Pr->Interval)
      OS << " every " << expr(*Pr->Interval);
    OS << '\n';
  } else if (auto *Proj = dyn_cast<ProjectionDecl>(D)) {
    OS << Indent << "Projection " << Proj->Name.Name << " " << loc(Proj->Range) << " = "
       << Proj->Source.Name << " -> " << Proj->Dest.Name;
    if (Proj->Via)
      OS << " through " << Proj->Via->Name;
    if (Proj->Rule)
      OS << " with " << Proj->Rule->Name;
    overrides(OS, Proj->Overrides);
    for (const Setting &S : Proj->Settings)
      OS << " {" << S.Name.Name << " = " << expr(*S.Value) << "}";
    for (auto &E : Proj->Events) {
      OS << " on " << expr(*E.Trigger);
      for (auto &S : E.Body)
        OS << " {" << stmt(S) << "}";
    }
    OS << '\n';
  } else if (auto *S = dyn_cast<StimulusDecl>(D)) {
    OS << Indent << "Stimulus " << S->Name.Name << " " << loc(S->Range) << " = " << expr(*S->Source)
       << '\n';
  } else if (auto *N = dyn_cast<NetworkDecl>(D)) {
    OS << Indent << "Network " << N->Name.Name << " " << loc(N->Range) << '\n';
    for (auto &M : N->Members)
      decl(OS, M.get(), In.c_str());
  } else if (auto *E = dyn_cast<ExperimentDecl>(D)) {
    OS << Indent << "Experiment " << loc(E->Range) << '\n';
    for (auto &S6 : E->Settings)
      OS << In << S6.Name.Name << " = " << expr(*S6.Value) << '\n';
    for (auto &S7 : E->Sweeps)
      OS << In << "sweep " << S7.Name.Name << " = " << expr(*S7.Value) << '\n';
  }
}

} // namespace

void printAst(const ast::File &F, std::ostream &OS) {
  OS << "File " << F.Path << '\n';
  for (const ast::ImportDecl &I : F.Imports)
    OS << "  Import \"" << I.Path << "\" " << loc(I.Range) << '\n';
  for (const ast::DeclPtr &D : F.Decls)
    decl(OS, D.get(), "  ");
}

} // namespace nmc
