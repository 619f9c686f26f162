//===- Parser.cpp - Text to AST -------------------------------------------===//
//
// Drives the generated ANTLR lexer and parser and turns their error reports
// into our diagnostics ("expected ';'" rather than ANTLR's token sets).
//
//===----------------------------------------------------------------------===//
#include "nmc/frontend/Parser.h"

#include "AstBuilder.h"
#include "NmcLexer.h"
#include "NmcParser.h"
#include "antlr4-runtime.h"

#include <cctype>
#include <cstdio>
#include <optional>

using namespace nmcgen;

namespace nmc {

namespace {

std::string describeToken(const antlr4::dfa::Vocabulary &V, size_t Type) {
  if (Type == antlr4::Token::EOF)
    return "end of file";
  if (Type == NmcLexer::ID)
    return "a name";
  if (Type == NmcLexer::NUMBER)
    return "a number";
  if (Type == NmcLexer::STRING)
    return "a string";
  return V.getLiteralName(Type).empty() ? V.getDisplayName(Type) : V.getLiteralName(Type);
}

std::string quoteText(const std::string &Text) {
  std::string T = Text.size() > 24 ? Text.substr(0, 24) + "..." : Text;
  for (char &C : T)
    if (C == '\n' || C == '\r' || C == '\t')
      C = ' ';
  return "'" + T + "'";
}

/// Keeps the first syntax error only: ANTLR's recovery produces echoes.
class FirstErrorListener : public antlr4::BaseErrorListener {
public:
  explicit FirstErrorListener(uint32_t File) : File(File) {}

  void syntaxError(antlr4::Recognizer *Rec, antlr4::Token *Offending, size_t Line, size_t Col,
                   const std::string &Msg, std::exception_ptr) override {
    if (Error)
      return;
    SourceLoc L{File, uint32_t(Line), uint32_t(Col + 1)};
    SourceRange R(L);
    std::string Text;
    if (Offending && Offending->getType() != antlr4::Token::EOF) {
      size_t Len = Offending->getStopIndex() - Offending->getStartIndex() + 1;
      R.End.Col = L.Col + uint32_t(Len) - 1;
      Text = Offending->getText();
    }
    auto *P = dynamic_cast<antlr4::Parser *>(Rec);
    if (!P) {
      Error = {R, Msg};
      return;
    }
    std::string Expected;
    antlr4::misc::IntervalSet Set = P->getExpectedTokens();
    std::vector<std::string> Names;
    for (size_t T : Set.toList())
      Names.push_back(describeToken(P->getVocabulary(), T));
    if (!Names.empty() && Names.size() <= 4) {
      Expected = Names[0];
      for (size_t I = 1; I < Names.size(); ++I)
        Expected += (I + 1 == Names.size() ? " or " : ", ") + Names[I];
    }
    std::string Found =
        Offending && Offending->getType() == antlr4::Token::EOF ? "end of file" : quoteText(Text);
    std::string M =
        Expected.empty() ? "unexpected " + Found : "expected " + Expected + " before " + Found;
    // A keyword where a name belongs (`waveform spike = ...`): say so.
    bool Word =
        !Text.empty() && (std::isalpha(static_cast<unsigned char>(Text[0])) || Text[0] == '_');
    for (char C : Text)
      Word &= std::isalnum(static_cast<unsigned char>(C)) || C == '_';
    if (Word && Offending->getType() != NmcLexer::ID && Set.size() == 1 &&
        Set.contains(size_t(NmcLexer::ID)))
      M = "expected a name before " + Found + ", which is a keyword of the language";
    if (Msg.rfind("token recognition", 0) == 0)
      M = Msg;
    Error = {R, M};
  }

  std::optional<std::pair<SourceRange, std::string>> Error;

private:
  uint32_t File;
};

/// Refuses bracket nesting beyond MaxNesting before the recursive parser
/// sees it.
bool checkNesting(antlr4::CommonTokenStream &Tokens, uint32_t File, DiagEngine &Diags) {
  unsigned Depth = 0;
  for (antlr4::Token *T : Tokens.getTokens()) {
    std::string S = T->getType() == antlr4::Token::EOF ? "" : T->getText();
    if (S == "(" || S == "[" || S == "{") {
      if (++Depth > MaxNesting) {
        SourceLoc L{File, uint32_t(T->getLine()), uint32_t(T->getCharPositionInLine() + 1)};
        Diags.report(DiagId::err_too_deep, L, {std::to_string(MaxNesting)});
        return false;
      }
    } else if ((S == ")" || S == "]" || S == "}") && Depth > 0) {
      --Depth;
    }
  }
  return true;
}

} // namespace

/// The lexer decodes UTF-8 and throws on anything else; find the first
/// invalid sequence ourselves and report where it is.
static bool checkUtf8(const std::string &Text, uint32_t File, DiagEngine &Diags) {
  uint32_t Line = 1, Col = 1;
  for (size_t I = 0; I < Text.size();) {
    // Well-formed sequences only (Unicode table 3-7): no overlong forms, no
    // surrogates, nothing above U+10FFFF.
    auto Byte = [&](size_t K) { return static_cast<unsigned char>(Text[I + K]); };
    unsigned char C = Byte(0);
    size_t Len = C < 0x80                 ? 1
                 : C >= 0xC2 && C <= 0xDF ? 2
                 : C >= 0xE0 && C <= 0xEF ? 3
                 : C >= 0xF0 && C <= 0xF4 ? 4
                                          : 0;
    bool Ok = Len != 0 && I + Len <= Text.size();
    if (Ok && Len > 1) {
      unsigned char Lo = 0x80, Hi = 0xBF;
      if (C == 0xE0)
        Lo = 0xA0;
      if (C == 0xED)
        Hi = 0x9F;
      if (C == 0xF0)
        Lo = 0x90;
      if (C == 0xF4)
        Hi = 0x8F;
      Ok = Byte(1) >= Lo && Byte(1) <= Hi;
      for (size_t K = 2; Ok && K < Len; ++K)
        Ok = (Byte(K) & 0xC0) == 0x80;
    }
    if (!Ok) {
      char Buf[64];
      std::snprintf(Buf, sizeof Buf, "invalid UTF-8 byte 0x%02x", C);
      Diags.report(DiagId::err_syntax, SourceLoc{File, Line, Col}, {Buf});
      return false;
    }
    if (C == '\n')
      ++Line, Col = 1;
    else
      ++Col;
    I += Len;
  }
  return true;
}

std::unique_ptr<ast::File> parseFile(uint32_t File, const SourceManager &SM, DiagEngine &Diags) {
  if (!checkUtf8(SM.text(File), File, Diags))
    return nullptr;
  antlr4::ANTLRInputStream Input(SM.text(File));
  NmcLexer Lexer(&Input);
  FirstErrorListener Listener(File);
  Lexer.removeErrorListeners();
  Lexer.addErrorListener(&Listener);
  antlr4::CommonTokenStream Tokens(&Lexer);
  Tokens.fill();
  if (!checkNesting(Tokens, File, Diags))
    return nullptr;

  // The lexer turns stray characters into ERROR_CHAR tokens; report the
  // first one plainly instead of as a parser mismatch.
  for (antlr4::Token *T : Tokens.getTokens())
    if (T->getType() == NmcLexer::ERROR_CHAR) {
      SourceLoc L{File, uint32_t(T->getLine()), uint32_t(T->getCharPositionInLine() + 1)};
      std::string C = T->getText();
      bool Printable = C.size() == 1 && C[0] >= 0x20 && C[0] < 0x7f;
      Diags.report(
          DiagId::err_syntax, L,
          {Printable ? "unexpected character '" + C + "'" : std::string("unexpected character")});
      return nullptr;
    }

  NmcParser Parser(&Tokens);
  Parser.removeErrorListeners();
  Parser.addErrorListener(&Listener);
  NmcParser::FileContext *Tree = Parser.file();
  if (Listener.Error) {
    Diags.report(DiagId::err_syntax, Listener.Error->first, {Listener.Error->second});
    return nullptr;
  }
  auto Ast = AstBuilder(File).build(Tree);
  Ast->Path = SM.path(File);
  Ast->FileId = File;
  return Ast;
}

} // namespace nmc
