//===- ParserImpl.h - The textual IR reader's pieces ------------*- C++ -*-===//
//
// Shared by the reader's files: a cursor over one line (Line) and the
// reader of a whole module (Reader), whose line kinds are read in
// Parser.cpp (parameters, populations, kernels, probes), ParserExpr.cpp
// (expressions) and ParserNetwork.cpp (projections and arrays).
//
//===----------------------------------------------------------------------===//
#ifndef NMC_IR_PARSERIMPL_H
#define NMC_IR_PARSERIMPL_H

#include "nmc/ir/Module.h"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <map>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace nmc::ir::text {

struct ParseError {
  size_t Col;
  std::string Message;
};

/// The cursor over one line.
class Line {
public:
  explicit Line(const std::string &Text) : S(Text) {}

  void skipSpace() {
    while (P < S.size() && std::isspace(static_cast<unsigned char>(S[P])))
      ++P;
  }
  bool atEnd() {
    skipSpace();
    return P >= S.size();
  }
  [[noreturn]] void fail(const std::string &Message) { throw ParseError{P, Message}; }

  bool accept(const std::string &Tok) {
    skipSpace();
    if (S.compare(P, Tok.size(), Tok) != 0)
      return false;
    size_t End = P + Tok.size();
    // A keyword must not run into a longer word.
    if (std::isalpha(static_cast<unsigned char>(Tok.back())) && End < S.size() &&
        isWordChar(S[End]))
      return false;
    P = End;
    return true;
  }
  /// A sigil such as %l, which a number follows directly.
  bool acceptSigil(const std::string &Tok) {
    skipSpace();
    if (S.compare(P, Tok.size(), Tok) != 0)
      return false;
    P += Tok.size();
    return true;
  }
  void expect(const std::string &Tok) {
    if (!accept(Tok))
      fail("expected '" + Tok + "'");
  }
  /// A name: letters, digits and _ . - (after a sigil or as a keyword).
  std::string word() {
    skipSpace();
    size_t B = P;
    while (P < S.size() && isWordChar(S[P]))
      ++P;
    if (B == P)
      fail("expected a name");
    return S.substr(B, P - B);
  }
  /// Everything up to the next space (a unit text).
  std::string token() {
    skipSpace();
    size_t B = P;
    while (P < S.size() && !std::isspace(static_cast<unsigned char>(S[P])))
      ++P;
    if (B == P)
      fail("expected a unit");
    return S.substr(B, P - B);
  }
  std::string quoted() {
    skipSpace();
    if (P >= S.size() || S[P] != '"')
      fail("expected a string");
    size_t B = ++P;
    while (P < S.size() && S[P] != '"')
      ++P;
    if (P >= S.size())
      fail("unterminated string");
    return S.substr(B, P++ - B);
  }
  double number() {
    skipSpace();
    for (const char *Special : {"inf", "-inf", "nan"})
      if (accept(Special))
        return std::string(Special) == "inf"    ? INFINITY
               : std::string(Special) == "-inf" ? -INFINITY
                                                : NAN;
    const char *B = S.c_str() + P;
    char *E = nullptr;
    double V = std::strtod(B, &E);
    if (E == B)
      fail("expected a number");
    P += size_t(E - B);
    return V;
  }
  int64_t integer() {
    skipSpace();
    size_t At = P;
    double V = number();
    // Checked before the conversion, which is undefined out of range.
    if (!(std::fabs(V) <= 9007199254740992.0) || V != std::floor(V))
      throw ParseError{At, "expected a whole number"};
    return int64_t(V);
  }
  /// A column, local, stream, source or depth index.
  unsigned index() {
    skipSpace();
    size_t At = P;
    int64_t V = integer();
    if (V < 0 || V > (int64_t(1) << 24))
      throw ParseError{At, "expected an index from 0 to 2^24"};
    return unsigned(V);
  }
  bool peek(char C) {
    skipSpace();
    return P < S.size() && S[P] == C;
  }
  size_t pos() const { return P; }

private:
  static bool isWordChar(char C) {
    return std::isalnum(static_cast<unsigned char>(C)) || C == '_' || C == '.' || C == '-';
  }
  const std::string &S;
  size_t P = 0;
};

class Reader {
public:
  Reader(Module &M) : M(M), C(M.ctx()) {}

  void line(Line &L);
  void finish(Line &L) {
    if (CurKernel)
      L.fail("kernel '" + CurKernel->Name + "' has no closing '}'");
  }

private:
  void param(Line &L);
  static Array::CellColumns cellColumns(Line &L);
  void array(Line &L);
  void projection(Line &L);
  void arrayProjection(Line &L);
  /// A projection's `source S @pre -> @post`.
  std::tuple<unsigned, unsigned, unsigned> ends(Line &L);
  void population(Line &L);
  void column(Line &L);
  void kernel(Line &L);
  void statement(Line &L);
  void probe(Line &L);

  /// `[a, b)`.
  std::pair<int64_t, int64_t> span(Line &L) {
    L.expect("[");
    int64_t A = L.integer();
    L.expect(",");
    int64_t B = L.integer();
    L.expect(")");
    if (B < A)
      L.fail("empty or reversed range");
    return {A, B};
  }

  Population &pop(Line &L) {
    if (!CurPop)
      L.fail("this line belongs to a population; none was declared");
    return *CurPop;
  }

  StateVar &state(Line &L) {
    Population &P = pop(L);
    unsigned Col = col(L, P);
    for (StateVar &S : P.States)
      if (S.Column == Col)
        return S;
    L.fail("'$" + P.Columns[Col].Name + "' has no 'init' line before this one");
  }

  Event &event(Line &L) {
    Population &P = pop(L);
    if (P.Events.empty())
      L.fail("this line belongs to an event; none was declared");
    return P.Events.back();
  }

  // References: the caret goes under the sigil of a name not found.
  template <typename T>
  static unsigned ref(Line &L, const char *Sigil, const std::vector<T> &List,
                      const std::string &Missing) {
    L.skipSpace();
    size_t At = L.pos();
    L.expect(Sigil);
    std::string N = L.word();
    for (size_t I = 0; I < List.size(); ++I)
      if (List[I].Name == N)
        return unsigned(I);
    throw ParseError{At, Missing + " '" + Sigil + N + "'"};
  }
  unsigned popRef(Line &L) { return ref(L, "@", M.Populations, "no population"); }
  unsigned col(Line &L, Population &P) {
    return ref(L, "$", P.Columns, "population '@" + P.Name + "' has no column");
  }
  unsigned paramRef(Line &L) { return ref(L, "@", M.Params, "no parameter"); }

  const Expr *uniform(Line &L, const std::string &What) {
    const Expr *E = expr(L);
    if (!E->isUniform())
      L.fail(What + " must be uniform");
    return E;
  }

  const Expr *rhs(Line &L) {
    L.expect("=");
    return expr(L);
  }

  const Expr *expr(Line &L);
  const Expr *boolConst(bool V) {
    // The factories have no Bool constant; a comparison of constants folds.
    return C.binary(BinaryOp::Lt, C.constant(V ? 0 : 1), C.constant(1));
  }
  const Expr *operation(Line &L, const std::string &Op);

  Module &M;
  ExprContext &C;
  Population *CurPop = nullptr;
  Kernel *CurKernel = nullptr;
  std::vector<Stmt *> Blocks; // open `if`s of the current kernel
  std::map<std::string, const Expr *> Values;
  std::map<unsigned, Type> LocalTypes;
};

} // namespace nmc::ir::text

#endif
