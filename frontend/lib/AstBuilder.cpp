//===- AstBuilder.cpp - ANTLR parse tree to our AST -----------------------===//
#include "AstBuilder.h"

#include "nmc/frontend/Diagnostics.h"

#include <cstdlib>

using namespace nmcgen;

namespace nmc {

SourceLoc AstBuilder::loc(antlr4::Token *T) const {
  return {File, uint32_t(T->getLine()), uint32_t(T->getCharPositionInLine() + 1)};
}

SourceLoc AstBuilder::endLoc(antlr4::Token *T) const {
  SourceLoc L = loc(T);
  size_t Len = T->getStopIndex() >= T->getStartIndex()
                   ? T->getStopIndex() - T->getStartIndex() + 1
                   : 1;
  L.Col += uint32_t(Len - 1);
  return L;
}

SourceRange AstBuilder::range(antlr4::Token *T) const { return {loc(T), endLoc(T)}; }

SourceRange AstBuilder::range(antlr4::ParserRuleContext *C) const {
  antlr4::Token *Stop = C->getStop() ? C->getStop() : C->getStart();
  // A rule that matched nothing has its stop before its start.
  if (Stop->getTokenIndex() < C->getStart()->getTokenIndex())
    Stop = C->getStart();
  return {loc(C->getStart()), endLoc(Stop)};
}

ast::Ident AstBuilder::ident(antlr4::Token *T) const { return {T->getText(), range(T)}; }

std::unique_ptr<ast::File> AstBuilder::build(NmcParser::FileContext *Ctx) {
  auto F = std::make_unique<ast::File>();
  for (auto *I : Ctx->item())
    if (auto D = item(I))
      F->Decls.push_back(std::move(D));
  return F;
}

ast::DeclPtr AstBuilder::item(NmcParser::ItemContext *C) {
  if (auto *D = C->deviceDecl())
    return device(D);
  if (auto *P = C->paramDecl())
    return std::make_unique<ast::ParamDecl>(
        range(P), var(P, P->name, P->unitExpr(), P->expr(), P->range()));
  if (auto *P = C->populationDecl())
    return population(P);
  if (auto *W = C->waveformDecl()) {
    auto D = std::make_unique<ast::WaveformDecl>(range(W));
    D->Name = ident(W->name);
    D->Value = expr(W->expr());
    return D;
  }
  if (auto *A = C->applyDecl()) {
    auto D = std::make_unique<ast::ApplyDecl>(range(A));
    D->Wave = expr(A->expr());
    D->Target = ident(A->target);
    return D;
  }
  if (auto *P = C->probeDecl())
    return probe(P);
  if (auto *E = C->experimentDecl()) {
    auto D = std::make_unique<ast::ExperimentDecl>(range(E));
    for (auto *S : E->setting())
      D->Settings.push_back({ident(S->name), expr(S->expr())});
    return D;
  }
  internalError("AstBuilder: unhandled item");
}

ast::VarDecl AstBuilder::var(antlr4::ParserRuleContext *C, antlr4::Token *Name,
                             NmcParser::UnitExprContext *Unit,
                             NmcParser::ExprContext *Value, NmcParser::RangeContext *R) {
  ast::VarDecl V;
  V.Name = ident(Name);
  V.Range = range(C);
  if (Unit)
    V.Unit = unit(Unit);
  V.Value = expr(Value);
  if (R) {
    ast::Bounds B;
    B.LoOpen = R->lo->getText() == "(";
    B.HiOpen = R->hi->getText() == ")";
    B.Lo = expr(R->lower);
    B.Hi = expr(R->upper);
    B.Range = range(R);
    V.Range_ = std::move(B);
  }
  return V;
}

ast::DeclPtr AstBuilder::device(NmcParser::DeviceDeclContext *C) {
  auto D = std::make_unique<ast::DeviceDecl>(range(C));
  D->Name = ident(C->name);
  for (auto *M : C->deviceMember()) {
    if (auto *P = dynamic_cast<NmcParser::DeviceParamContext *>(M)) {
      auto *PD = P->paramDecl();
      D->Params.push_back(var(PD, PD->name, PD->unitExpr(), PD->expr(), PD->range()));
    } else if (auto *S = dynamic_cast<NmcParser::DeviceStateContext *>(M)) {
      auto *SD = S->stateDecl();
      D->States.push_back(var(SD, SD->name, SD->unitExpr(), SD->expr(), SD->range()));
    } else if (auto *L = dynamic_cast<NmcParser::DeviceLetContext *>(M)) {
      D->Lets.push_back({ident(L->name), expr(L->expr())});
    } else if (auto *O = dynamic_cast<NmcParser::DeviceOdeContext *>(M)) {
      D->Odes.push_back({ident(O->deriv), ident(O->dt), expr(O->expr())});
    } else if (auto *Law = dynamic_cast<NmcParser::DeviceLawContext *>(M)) {
      D->Laws.push_back({ident(Law->name), expr(Law->expr())});
    } else {
      internalError("AstBuilder: unhandled device member");
    }
  }
  return D;
}

ast::DeclPtr AstBuilder::population(NmcParser::PopulationDeclContext *C) {
  auto D = std::make_unique<ast::PopulationDecl>(range(C));
  D->Name = ident(C->name);
  D->Device = ident(C->device);
  D->Size = expr(C->size);
  for (auto *O : C->override())
    D->Overrides.push_back({ident(O->name), expr(O->expr())});
  return D;
}

ast::DeclPtr AstBuilder::probe(NmcParser::ProbeDeclContext *C) {
  auto D = std::make_unique<ast::ProbeDecl>(range(C));
  D->Name = ident(C->name);
  D->Target = ident(C->target);
  if (C->first)
    D->First = expr(C->first);
  if (C->last)
    D->Last = expr(C->last);
  // ID() lists every identifier token of the rule: name, target, then vars.
  auto Ids = C->ID();
  for (size_t I = 2; I < Ids.size(); ++I)
    D->Vars.push_back(ident(Ids[I]->getSymbol()));
  if (C->interval)
    D->Interval = expr(C->interval);
  return D;
}

ast::UnitSpec AstBuilder::unit(antlr4::ParserRuleContext *C) {
  return {C->getText(), range(C)};
}

static ast::BinaryOp binaryOp(const std::string &S) {
  using ast::BinaryOp;
  if (S == "+") return BinaryOp::Add;
  if (S == "-") return BinaryOp::Sub;
  if (S == "*") return BinaryOp::Mul;
  if (S == "/") return BinaryOp::Div;
  if (S == "^") return BinaryOp::Pow;
  if (S == "<") return BinaryOp::Lt;
  if (S == "<=") return BinaryOp::Le;
  if (S == ">") return BinaryOp::Gt;
  if (S == ">=") return BinaryOp::Ge;
  if (S == "==") return BinaryOp::Eq;
  if (S == "!=") return BinaryOp::Ne;
  if (S == "&&") return BinaryOp::And;
  if (S == "||") return BinaryOp::Or;
  internalError("AstBuilder: unknown operator " + S);
}

ast::ExprPtr AstBuilder::expr(NmcParser::ExprContext *C) {
  if (auto *P = dynamic_cast<NmcParser::PrimaryExprContext *>(C))
    return primary(P->primary());
  if (auto *U = dynamic_cast<NmcParser::UnaryExprContext *>(C)) {
    std::string Op = U->op->getText();
    ast::UnaryOp K = Op == "-" ? ast::UnaryOp::Neg
                     : Op == "+" ? ast::UnaryOp::Plus
                                 : ast::UnaryOp::Not;
    return std::make_unique<ast::UnaryExpr>(range(C), K, expr(U->expr()));
  }
  if (auto *I = dynamic_cast<NmcParser::IfExprContext *>(C))
    return std::make_unique<ast::IfExpr>(range(C), expr(I->cond), expr(I->then),
                                         expr(I->other));
  // Every remaining alternative is `expr op expr`.
  antlr4::Token *Op = nullptr;
  std::vector<NmcParser::ExprContext *> Ops;
  if (auto *B = dynamic_cast<NmcParser::PowExprContext *>(C)) Op = B->op, Ops = B->expr();
  else if (auto *B = dynamic_cast<NmcParser::MulExprContext *>(C)) Op = B->op, Ops = B->expr();
  else if (auto *B = dynamic_cast<NmcParser::AddExprContext *>(C)) Op = B->op, Ops = B->expr();
  else if (auto *B = dynamic_cast<NmcParser::CmpExprContext *>(C)) Op = B->op, Ops = B->expr();
  else if (auto *B = dynamic_cast<NmcParser::EqExprContext *>(C)) Op = B->op, Ops = B->expr();
  else if (auto *B = dynamic_cast<NmcParser::AndExprContext *>(C)) Op = B->op, Ops = B->expr();
  else if (auto *B = dynamic_cast<NmcParser::OrExprContext *>(C)) Op = B->op, Ops = B->expr();
  if (!Op || Ops.size() != 2)
    internalError("AstBuilder: unhandled expression");
  return std::make_unique<ast::BinaryExpr>(range(C), binaryOp(Op->getText()), range(Op),
                                           expr(Ops[0]), expr(Ops[1]));
}

ast::ExprPtr AstBuilder::primary(NmcParser::PrimaryContext *C) {
  if (auto *N = dynamic_cast<NmcParser::NumberLitContext *>(C)) {
    std::string S = N->NUMBER()->getText();
    std::optional<ast::UnitSpec> U;
    if (N->ID())
      U = ast::UnitSpec{N->ID()->getText(), range(N->ID()->getSymbol())};
    else if (N->unitExpr())
      U = unit(N->unitExpr());
    return std::make_unique<ast::NumberExpr>(range(C), S, std::strtod(S.c_str(), nullptr),
                                             std::move(U));
  }
  if (auto *Call = dynamic_cast<NmcParser::CallExprContext *>(C)) {
    std::vector<ast::CallArg> Args;
    for (auto *A : Call->arg()) {
      ast::CallArg CA;
      if (A->name) {
        CA.Name = A->name->getText();
        CA.NameRange = range(A->name);
      }
      CA.Value = expr(A->expr());
      Args.push_back(std::move(CA));
    }
    return std::make_unique<ast::CallExpr>(range(C), Call->callee->getText(),
                                           range(Call->callee), std::move(Args));
  }
  if (auto *N = dynamic_cast<NmcParser::NameExprContext *>(C))
    return std::make_unique<ast::NameExpr>(range(C), N->ID()->getText());
  if (auto *P = dynamic_cast<NmcParser::ParenExprContext *>(C))
    return expr(P->expr());
  internalError("AstBuilder: unhandled primary");
}

} // namespace nmc
