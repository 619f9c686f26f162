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
  size_t Len =
      T->getStopIndex() >= T->getStartIndex() ? T->getStopIndex() - T->getStartIndex() + 1 : 1;
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

std::string AstBuilder::unquote(const std::string &S) {
  std::string Out;
  for (size_t I = 1; I + 1 < S.size(); ++I) {
    if (S[I] == '\\' && I + 2 < S.size())
      ++I;
    Out += S[I];
  }
  return Out;
}

std::unique_ptr<ast::File> AstBuilder::build(NmcParser::FileContext *Ctx) {
  auto F = std::make_unique<ast::File>();
  for (auto *I : Ctx->item()) {
    if (auto *Imp = I->importDecl()) {
      F->Imports.push_back({unquote(Imp->path->getText()), range(Imp)});
      continue;
    }
    if (auto D = item(I))
      F->Decls.push_back(std::move(D));
  }
  return F;
}

ast::VarDecl AstBuilder::param(NmcParser::ParamDeclContext *P) {
  return var(P, P->name, P->unitExpr(), P->expr(), P->range());
}

ast::DeclPtr AstBuilder::item(NmcParser::ItemContext *C) {
  if (auto *P = C->presetDecl()) {
    auto D = std::make_unique<ast::PresetDecl>(range(P));
    D->Name = ident(P->name);
    D->Base = ident(P->base);
    D->Neuron = P->kind->getText() == "neuron";
    D->Overrides = overrides(P->override());
    return D;
  }
  if (auto *D = C->deviceDecl())
    return component(ast::DeclKind::Device, D, D->name, D->member());
  if (auto *D = C->neuronDecl())
    return component(ast::DeclKind::Neuron, D, D->name, D->member());
  if (auto *D = C->ruleDecl())
    return component(ast::DeclKind::Rule, D, D->name, D->member());
  if (auto *D = C->circuitDecl())
    return circuit(D);
  if (auto *D = C->arrayDecl())
    return array(D);
  if (auto *P = C->paramDecl())
    return std::make_unique<ast::ParamDecl>(range(P), param(P));
  if (auto *P = C->populationDecl())
    return population(P);
  if (auto *W = C->waveformDecl()) {
    auto D = std::make_unique<ast::WaveformDecl>(range(W));
    D->Name = ident(W->name);
    D->Value = expr(W->expr());
    return D;
  }
  if (auto *Fn = C->functionDecl()) {
    auto D = std::make_unique<ast::FunctionDecl>(range(Fn));
    D->Name = ident(Fn->name);
    for (auto *P : Fn->ID())
      if (P->getSymbol() != Fn->name)
        D->Params.push_back(ident(P->getSymbol()));
    D->Body = expr(Fn->expr());
    return D;
  }
  if (auto *A = C->applyDecl())
    return apply(A);
  if (auto *P = C->probeDecl())
    return probe(P);
  if (auto *P = C->projectionDecl())
    return projection(P);
  if (auto *S = C->stimulusDecl())
    return stimulus(S);
  if (auto *N = C->networkDecl()) {
    auto D = std::make_unique<ast::NetworkDecl>(range(N));
    D->Name = ident(N->name);
    // Members in source order: the children list keeps it.
    for (auto *Child : N->children) {
      if (auto *P = dynamic_cast<NmcParser::PopulationDeclContext *>(Child))
        D->Members.push_back(population(P));
      else if (auto *ProjCtx = dynamic_cast<NmcParser::ProjectionDeclContext *>(Child))
        D->Members.push_back(projection(ProjCtx));
      else if (auto *S = dynamic_cast<NmcParser::StimulusDeclContext *>(Child))
        D->Members.push_back(stimulus(S));
      else if (auto *ProbeCtx = dynamic_cast<NmcParser::ProbeDeclContext *>(Child))
        D->Members.push_back(probe(ProbeCtx));
      else if (auto *A = dynamic_cast<NmcParser::ApplyDeclContext *>(Child))
        D->Members.push_back(apply(A));
    }
    return D;
  }
  if (auto *E = C->experimentDecl()) {
    auto D = std::make_unique<ast::ExperimentDecl>(range(E));
    for (auto *S : E->setting())
      D->Settings.push_back({ident(S->name), expr(S->expr())});
    for (auto *S : E->sweep())
      D->Sweeps.push_back({ident(S->name), expr(S->expr())});
    return D;
  }
  internalError("AstBuilder: unhandled item");
}

ast::VarDecl AstBuilder::var(antlr4::ParserRuleContext *C, antlr4::Token *Name,
                             NmcParser::UnitExprContext *Unit, NmcParser::ExprContext *Value,
                             NmcParser::RangeContext *R) {
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

ast::Stmt AstBuilder::stmt(NmcParser::AssignContext *C) {
  return {{C->target->getText(), range(C->target)}, C->op->getText(), expr(C->expr()), range(C)};
}

ast::SpikeDecl AstBuilder::spike(NmcParser::SpikeDeclContext *C) {
  ast::SpikeDecl S;
  if (C->name)
    S.Name = ident(C->name);
  S.Cond = expr(C->cond);
  for (auto *St : C->assign())
    S.Reset.push_back(stmt(St));
  if (C->refractory)
    S.Refractory = expr(C->refractory);
  S.Range = range(C);
  return S;
}

ast::DeclPtr AstBuilder::component(ast::DeclKind K, antlr4::ParserRuleContext *C,
                                   antlr4::Token *Name,
                                   const std::vector<NmcParser::MemberContext *> &Members) {
  auto D = std::make_unique<ast::ComponentDecl>(K, range(C));
  D->Name = ident(Name);
  for (auto *M : Members) {
    if (auto *P = dynamic_cast<NmcParser::ParamMemberContext *>(M)) {
      D->Params.push_back(param(P->paramDecl()));
    } else if (auto *S = dynamic_cast<NmcParser::StateMemberContext *>(M)) {
      auto *SD = S->stateDecl();
      D->States.push_back(var(SD, SD->name, SD->unitExpr(), SD->expr(), SD->range()));
    } else if (auto *L = dynamic_cast<NmcParser::LetMemberContext *>(M)) {
      D->Lets.push_back({ident(L->name), expr(L->expr())});
    } else if (auto *T = dynamic_cast<NmcParser::TerminalsMemberContext *>(M)) {
      for (auto *Id : T->ID())
        D->Terminals.push_back(ident(Id->getSymbol()));
    } else if (auto *In = dynamic_cast<NmcParser::InputMemberContext *>(M)) {
      ast::InputDecl I{ident(In->name), std::nullopt};
      if (In->unitExpr())
        I.Unit = unit(In->unitExpr());
      D->Inputs.push_back(std::move(I));
    } else if (auto *O = dynamic_cast<NmcParser::OdeMemberContext *>(M)) {
      D->Odes.push_back({ident(O->deriv), ident(O->dt), expr(O->expr())});
    } else if (auto *Law = dynamic_cast<NmcParser::LawMemberContext *>(M)) {
      ast::LawDecl LD{ident(Law->name), std::nullopt, std::nullopt, expr(Law->expr())};
      if (Law->from)
        LD.From = ident(Law->from), LD.To = ident(Law->to);
      D->Laws.push_back(std::move(LD));
    } else if (auto *E = dynamic_cast<NmcParser::EventMemberContext *>(M)) {
      ast::EventDecl Ev{expr(E->trigger()->expr()), {}, range(E)};
      for (auto *St : E->stmt())
        Ev.Body.push_back(stmt(St->assign()));
      D->Events.push_back(std::move(Ev));
    } else if (auto *Cm = dynamic_cast<NmcParser::ComplianceMemberContext *>(M)) {
      D->Compliance.push_back({expr(Cm->expr()), range(Cm)});
    } else if (auto *Me = dynamic_cast<NmcParser::MethodMemberContext *>(M)) {
      D->Methods.push_back(ident(Me->name));
    } else if (auto *N = dynamic_cast<NmcParser::NonidealityMemberContext *>(M)) {
      ast::NonidealityDecl ND{N->kind->getText(), ident(N->target), call(N->dist), std::nullopt,
                              range(N)};
      if (N->scope)
        ND.Scope = ident(N->scope);
      D->Nonidealities.push_back(std::move(ND));
    } else if (auto *Sp = dynamic_cast<NmcParser::SpikeMemberContext *>(M)) {
      D->Spikes.push_back(spike(Sp->spikeDecl()));
    } else {
      internalError("AstBuilder: unhandled member");
    }
  }
  return D;
}

ast::DeclPtr AstBuilder::circuit(NmcParser::CircuitDeclContext *C) {
  auto D = std::make_unique<ast::CircuitDecl>(range(C));
  D->Name = ident(C->name);
  for (auto *M : C->circuitMember()) {
    if (auto *P = dynamic_cast<NmcParser::CircuitParamContext *>(M)) {
      D->Params.push_back(param(P->paramDecl()));
    } else if (auto *N = dynamic_cast<NmcParser::CircuitNodesContext *>(M)) {
      for (auto *Id : N->ID())
        D->Nodes.push_back(ident(Id->getSymbol()));
    } else if (auto *Ports = dynamic_cast<NmcParser::CircuitPortsContext *>(M)) {
      for (auto *Id : Ports->ID())
        D->Ports.push_back(ident(Id->getSymbol()));
    } else if (auto *E = dynamic_cast<NmcParser::CircuitElementContext *>(M)) {
      D->Elements.push_back({ident(E->name), ident(E->kind), args(E->arg()), range(E)});
    } else if (auto *S = dynamic_cast<NmcParser::CircuitSpikeContext *>(M)) {
      D->Spikes.push_back(spike(S->spikeDecl()));
    } else {
      internalError("AstBuilder: unhandled circuit member");
    }
  }
  return D;
}

ast::DeclPtr AstBuilder::array(NmcParser::ArrayDeclContext *C) {
  auto D = std::make_unique<ast::ArrayDecl>(range(C));
  D->Name = ident(C->name);
  D->Device = ident(C->device);
  D->Rows = expr(C->rows);
  D->Cols = expr(C->cols);
  for (auto *S : C->setting())
    D->Settings.push_back({ident(S->name), expr(S->expr())});
  return D;
}

std::vector<ast::Override>
AstBuilder::overrides(const std::vector<NmcParser::OverrideContext *> &O) {
  std::vector<ast::Override> Out;
  for (auto *X : O)
    Out.push_back({ident(X->name), expr(X->expr())});
  return Out;
}

ast::DeclPtr AstBuilder::population(NmcParser::PopulationDeclContext *C) {
  auto D = std::make_unique<ast::PopulationDecl>(range(C));
  D->Name = ident(C->name);
  D->Device = ident(C->device);
  D->Size = expr(C->size);
  D->Overrides = overrides(C->override());
  return D;
}

ast::DeclPtr AstBuilder::apply(NmcParser::ApplyDeclContext *A) {
  auto D = std::make_unique<ast::ApplyDecl>(range(A));
  D->Wave = expr(A->expr());
  D->Target = ident(A->target);
  if (A->terminal)
    D->Terminal = ident(A->terminal);
  return D;
}

ast::DeclPtr AstBuilder::probe(NmcParser::ProbeDeclContext *C) {
  auto D = std::make_unique<ast::ProbeDecl>(range(C));
  D->Monitor = C->kw->getText() == "monitor";
  D->Name = ident(C->name);
  D->Target = ident(C->target);
  if (C->first)
    D->First = expr(C->first);
  if (C->last)
    D->Last = expr(C->last);
  // `spike` is a keyword elsewhere; here it names a neuron's spike output.
  for (NmcParser::ProbeVarContext *V : C->probeVar())
    D->Vars.push_back({V->getText(), range(V)});
  if (C->interval)
    D->Interval = expr(C->interval);
  return D;
}

ast::DeclPtr AstBuilder::projection(NmcParser::ProjectionDeclContext *C) {
  auto D = std::make_unique<ast::ProjectionDecl>(range(C));
  D->Name = ident(C->name);
  D->Source = ident(C->source);
  D->Dest = ident(C->dest);
  if (C->via)
    D->Via = ident(C->via);
  if (C->ruleName)
    D->Rule = ident(C->ruleName);
  D->Overrides = overrides(C->override());
  for (NmcParser::ProjectionMemberContext *M : C->projectionMember()) {
    if (auto *S = dynamic_cast<NmcParser::ProjectionSettingContext *>(M)) {
      D->Settings.push_back({ident(S->setting()->name), expr(S->setting()->expr())});
    } else if (auto *E = dynamic_cast<NmcParser::ProjectionEventContext *>(M)) {
      ast::EventDecl Ev{expr(E->trigger()->expr()), {}, range(E)};
      for (auto *St : E->stmt())
        Ev.Body.push_back(stmt(St->assign()));
      D->Events.push_back(std::move(Ev));
    }
  }
  return D;
}

ast::DeclPtr AstBuilder::stimulus(NmcParser::StimulusDeclContext *C) {
  auto D = std::make_unique<ast::StimulusDecl>(range(C));
  D->Name = ident(C->name);
  D->Source = call(C->call());
  return D;
}

ast::UnitSpec AstBuilder::unit(antlr4::ParserRuleContext *C) { return {C->getText(), range(C)}; }

static ast::BinaryOp binaryOp(const std::string &S) {
  using ast::BinaryOp;
  if (S == "+")
    return BinaryOp::Add;
  if (S == "-")
    return BinaryOp::Sub;
  if (S == "*")
    return BinaryOp::Mul;
  if (S == "/")
    return BinaryOp::Div;
  if (S == "^")
    return BinaryOp::Pow;
  if (S == "<")
    return BinaryOp::Lt;
  if (S == "<=")
    return BinaryOp::Le;
  if (S == ">")
    return BinaryOp::Gt;
  if (S == ">=")
    return BinaryOp::Ge;
  if (S == "==")
    return BinaryOp::Eq;
  if (S == "!=")
    return BinaryOp::Ne;
  if (S == "&&")
    return BinaryOp::And;
  if (S == "||")
    return BinaryOp::Or;
  internalError("AstBuilder: unknown operator " + S);
}

ast::ExprPtr AstBuilder::expr(NmcParser::ExprContext *C) {
  if (auto *P = dynamic_cast<NmcParser::PrimaryExprContext *>(C))
    return primary(P->primary());
  if (auto *U = dynamic_cast<NmcParser::UnaryExprContext *>(C)) {
    std::string Op = U->op->getText();
    ast::UnaryOp K = Op == "-"   ? ast::UnaryOp::Neg
                     : Op == "+" ? ast::UnaryOp::Plus
                                 : ast::UnaryOp::Not;
    return std::make_unique<ast::UnaryExpr>(range(C), K, expr(U->expr()));
  }
  if (auto *I = dynamic_cast<NmcParser::IfExprContext *>(C))
    return std::make_unique<ast::IfExpr>(range(C), expr(I->cond), expr(I->then), expr(I->other));
  // Every remaining alternative is `expr op expr`.
  antlr4::Token *Op = nullptr;
  std::vector<NmcParser::ExprContext *> Ops;
  if (auto *B = dynamic_cast<NmcParser::PowExprContext *>(C))
    Op = B->op, Ops = B->expr();
  else if (auto *Mul = dynamic_cast<NmcParser::MulExprContext *>(C))
    Op = Mul->op, Ops = Mul->expr();
  else if (auto *Add = dynamic_cast<NmcParser::AddExprContext *>(C))
    Op = Add->op, Ops = Add->expr();
  else if (auto *Cmp = dynamic_cast<NmcParser::CmpExprContext *>(C))
    Op = Cmp->op, Ops = Cmp->expr();
  else if (auto *Eq = dynamic_cast<NmcParser::EqExprContext *>(C))
    Op = Eq->op, Ops = Eq->expr();
  else if (auto *And = dynamic_cast<NmcParser::AndExprContext *>(C))
    Op = And->op, Ops = And->expr();
  else if (auto *Or = dynamic_cast<NmcParser::OrExprContext *>(C))
    Op = Or->op, Ops = Or->expr();
  if (!Op || Ops.size() != 2)
    internalError("AstBuilder: unhandled expression");
  return std::make_unique<ast::BinaryExpr>(range(C), binaryOp(Op->getText()), range(Op),
                                           expr(Ops[0]), expr(Ops[1]));
}

ast::ExprPtr AstBuilder::primary(NmcParser::PrimaryContext *C) {
  if (auto *N = dynamic_cast<NmcParser::NumberLitContext *>(C)) {
    std::string S = N->NUMBER(0)->getText();
    std::optional<ast::UnitSpec> U;
    if (N->ID() && N->NUMBER().size() > 1) {
      // The unit with its power: the text from the unit name to the end.
      std::string Text = N->getText().substr(N->NUMBER(0)->getText().size());
      U = ast::UnitSpec{Text, {range(N->ID()->getSymbol()).Begin, range(C).End}};
    } else if (N->ID())
      U = ast::UnitSpec{N->ID()->getText(), range(N->ID()->getSymbol())};
    else if (N->unitExpr())
      U = unit(N->unitExpr());
    return std::make_unique<ast::NumberExpr>(range(C), S, std::strtod(S.c_str(), nullptr),
                                             std::move(U));
  }
  if (auto *Call = dynamic_cast<NmcParser::CallExprContext *>(C))
    return call(Call->call());
  if (auto *S = dynamic_cast<NmcParser::StringLitContext *>(C))
    return std::make_unique<ast::StringExpr>(range(C), unquote(S->STRING()->getText()));
  if (auto *N = dynamic_cast<NmcParser::NameExprContext *>(C))
    return std::make_unique<ast::NameExpr>(range(C), N->ID()->getText());
  if (auto *P = dynamic_cast<NmcParser::ParenExprContext *>(C))
    return expr(P->expr());
  internalError("AstBuilder: unhandled primary");
}

std::vector<ast::CallArg> AstBuilder::args(const std::vector<NmcParser::ArgContext *> &A) {
  std::vector<ast::CallArg> Args;
  for (auto *X : A) {
    ast::CallArg CA;
    if (X->name) {
      CA.Name = X->name->getText();
      CA.NameRange = range(X->name);
    }
    CA.Value = expr(X->expr());
    Args.push_back(std::move(CA));
  }
  return Args;
}

ast::ExprPtr AstBuilder::call(NmcParser::CallContext *C) {
  return std::make_unique<ast::CallExpr>(range(C), C->callee->getText(), range(C->callee),
                                         args(C->arg()));
}

} // namespace nmc
