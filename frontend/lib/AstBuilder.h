//===- AstBuilder.h - ANTLR parse tree to our AST --------------*- C++ -*-===//
//
// The only place that sees both the generated parse tree and the AST. It
// copies token positions into SourceRanges and makes no checks.
//
//===----------------------------------------------------------------------===//
#ifndef NMC_FRONTEND_ASTBUILDER_H
#define NMC_FRONTEND_ASTBUILDER_H

#include "nmc/frontend/Ast.h"
#include "NmcParser.h"

namespace nmc {

class AstBuilder {
public:
  explicit AstBuilder(uint32_t File) : File(File) {}
  std::unique_ptr<ast::File> build(nmcgen::NmcParser::FileContext *Ctx);

private:
  ast::DeclPtr item(nmcgen::NmcParser::ItemContext *C);
  ast::DeclPtr device(nmcgen::NmcParser::DeviceDeclContext *C);
  ast::VarDecl var(antlr4::ParserRuleContext *C, antlr4::Token *Name,
                   nmcgen::NmcParser::UnitExprContext *Unit,
                   nmcgen::NmcParser::ExprContext *Value,
                   nmcgen::NmcParser::RangeContext *R);
  ast::DeclPtr population(nmcgen::NmcParser::PopulationDeclContext *C);
  ast::DeclPtr probe(nmcgen::NmcParser::ProbeDeclContext *C);
  ast::ExprPtr expr(nmcgen::NmcParser::ExprContext *C);
  ast::ExprPtr primary(nmcgen::NmcParser::PrimaryContext *C);
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
