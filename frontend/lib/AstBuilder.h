//===- AstBuilder.h - ANTLR parse tree to our AST --------------*- C++ -*-===//
//
// The only place that sees both the generated parse tree and the AST. It
// copies token positions into SourceRanges and makes no checks.
//
//===----------------------------------------------------------------------===//
#ifndef NMC_FRONTEND_ASTBUILDER_H
#define NMC_FRONTEND_ASTBUILDER_H

#include "NmcParser.h"
#include "nmc/frontend/Ast.h"

namespace nmc {

class AstBuilder {
public:
  explicit AstBuilder(uint32_t File) : File(File) {}
  std::unique_ptr<ast::File> build(nmcgen::NmcParser::FileContext *Ctx);
  static std::string unquote(const std::string &S);

private:
  ast::DeclPtr item(nmcgen::NmcParser::ItemContext *C);
  ast::DeclPtr component(ast::DeclKind K, antlr4::ParserRuleContext *C, antlr4::Token *Name,
                         const std::vector<nmcgen::NmcParser::MemberContext *> &Members);
  ast::DeclPtr circuit(nmcgen::NmcParser::CircuitDeclContext *C);
  ast::DeclPtr array(nmcgen::NmcParser::ArrayDeclContext *C);
  ast::VarDecl var(antlr4::ParserRuleContext *C, antlr4::Token *Name,
                   nmcgen::NmcParser::UnitExprContext *Unit, nmcgen::NmcParser::ExprContext *Value,
                   nmcgen::NmcParser::RangeContext *R);
  ast::VarDecl param(nmcgen::NmcParser::ParamDeclContext *P);
  ast::DeclPtr population(nmcgen::NmcParser::PopulationDeclContext *C);
  ast::DeclPtr probe(nmcgen::NmcParser::ProbeDeclContext *C);
  ast::DeclPtr projection(nmcgen::NmcParser::ProjectionDeclContext *C);
  ast::DeclPtr stimulus(nmcgen::NmcParser::StimulusDeclContext *C);
  ast::DeclPtr apply(nmcgen::NmcParser::ApplyDeclContext *C);
  ast::SpikeDecl spike(nmcgen::NmcParser::SpikeDeclContext *C);
  ast::Stmt stmt(nmcgen::NmcParser::AssignContext *C);
  std::vector<ast::Override> overrides(const std::vector<nmcgen::NmcParser::OverrideContext *> &O);
  ast::ExprPtr expr(nmcgen::NmcParser::ExprContext *C);
  ast::ExprPtr primary(nmcgen::NmcParser::PrimaryContext *C);
  ast::ExprPtr call(nmcgen::NmcParser::CallContext *C);
  std::vector<ast::CallArg> args(const std::vector<nmcgen::NmcParser::ArgContext *> &A);
  ast::UnitSpec unit(antlr4::ParserRuleContext *C);

  ast::Ident ident(antlr4::Token *T) const;
  SourceLoc loc(antlr4::Token *T) const;
  SourceLoc endLoc(antlr4::Token *T) const;
  SourceRange range(antlr4::ParserRuleContext *C) const;
  SourceRange range(antlr4::Token *T) const;

  uint32_t File;
};

} // namespace nmc

#endif
