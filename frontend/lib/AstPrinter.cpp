//===- AstPrinter.cpp - Stable text dump of the AST -----------------------===//
#include "nmc/frontend/AstPrinter.h"

namespace nmc {

const char *ast::spelling(BinaryOp Op) {
  switch (Op) {
  case BinaryOp::Add: return "+";
  case BinaryOp::Sub: return "-";
  case BinaryOp::Mul: return "*";
  case BinaryOp::Div: return "/";
  case BinaryOp::Pow: return "^";
  case BinaryOp::Lt: return "<";
  case BinaryOp::Le: return "<=";
  case BinaryOp::Gt: return ">";
  case BinaryOp::Ge: return ">=";
  case BinaryOp::Eq: return "==";
  case BinaryOp::Ne: return "!=";
  case BinaryOp::And: return "&&";
  case BinaryOp::Or: return "||";
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
  if (auto *U = dyn_cast<UnaryExpr>(&E))
    return std::string("(") + (U->Op == UnaryOp::Neg ? "-" : U->Op == UnaryOp::Plus ? "+" : "!") +
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

} // namespace

void printAst(const ast::File &F, std::ostream &OS) {
  using namespace ast;
  OS << "File " << F.Path << '\n';
  for (const DeclPtr &D : F.Decls) {
    if (auto *Dev = dyn_cast<DeviceDecl>(D.get())) {
      OS << "  Device " << Dev->Name.Name << " " << loc(Dev->Range) << '\n';
      for (auto &P : Dev->Params) var(OS, "Param", P, "    ");
      for (auto &S : Dev->States) var(OS, "State", S, "    ");
      for (auto &L : Dev->Lets)
        OS << "    Let " << L.Name.Name << " = " << expr(*L.Value) << '\n';
      for (auto &L : Dev->Laws)
        OS << "    Law " << L.Name.Name << " = " << expr(*L.Value) << '\n';
      for (auto &O : Dev->Odes)
        OS << "    Ode " << O.Deriv.Name << "/" << O.Dt.Name << " = " << expr(*O.Rhs) << '\n';
    } else if (auto *P = dyn_cast<ParamDecl>(D.get())) {
      var(OS, "Param", P->Var, "  ");
    } else if (auto *P = dyn_cast<PopulationDecl>(D.get())) {
      OS << "  Population " << P->Name.Name << " " << loc(P->Range) << " = " << P->Device.Name
         << "[" << expr(*P->Size) << "]";
      for (auto &O : P->Overrides)
        OS << " " << O.Name.Name << "=" << expr(*O.Value);
      OS << '\n';
    } else if (auto *W = dyn_cast<WaveformDecl>(D.get())) {
      OS << "  Waveform " << W->Name.Name << " " << loc(W->Range) << " = " << expr(*W->Value)
         << '\n';
    } else if (auto *A = dyn_cast<ApplyDecl>(D.get())) {
      OS << "  Apply " << expr(*A->Wave) << " to " << A->Target.Name << '\n';
    } else if (auto *P = dyn_cast<ProbeDecl>(D.get())) {
      OS << "  Probe " << P->Name.Name << " " << loc(P->Range) << " = " << P->Target.Name;
      if (P->First)
        OS << "[" << expr(*P->First) << (P->Last ? ":" + expr(*P->Last) : "") << "]";
      OS << " (";
      for (size_t I = 0; I < P->Vars.size(); ++I)
        OS << (I ? ", " : "") << P->Vars[I].Name;
      OS << ")";
      if (P->Interval)
        OS << " every " << expr(*P->Interval);
      OS << '\n';
    } else if (auto *E = dyn_cast<ExperimentDecl>(D.get())) {
      OS << "  Experiment " << loc(E->Range) << '\n';
      for (auto &S : E->Settings)
        OS << "    " << S.Name.Name << " = " << expr(*S.Value) << '\n';
    }
  }
}

} // namespace nmc
