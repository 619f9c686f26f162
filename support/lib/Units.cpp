//===- Units.cpp - SI dimensions and unit names ---------------------------===//
#include "nmc/support/Units.h"

#include <cctype>
#include <climits>
#include <cmath>
#include <cstdlib>
#include <numeric>
#include <vector>

namespace nmc {

namespace {
enum { M = 0, KG = 1, S = 2, A = 3, K = 4 };

// Builds a dimension from integer exponents (m, kg, s, A, K).
Dim dim(int m, int kg, int s, int a, int k) {
  int8_t E[Dim::NumBase] = {int8_t(2 * m), int8_t(2 * kg), int8_t(2 * s), int8_t(2 * a),
                            int8_t(2 * k)};
  return Dim::fromTwice(E);
}

struct NamedUnit {
  const char *Name;
  Dim D;
  double Scale;
};

const NamedUnit *unitTable(size_t &N) {
  static const NamedUnit Table[] = {
      {"m", dim(1, 0, 0, 0, 0), 1.0},     {"g", dim(0, 1, 0, 0, 0), 1.0}, // scaled by Pow10 below
      {"s", dim(0, 0, 1, 0, 0), 1.0},     {"A", dim(0, 0, 0, 1, 0), 1.0},
      {"K", dim(0, 0, 0, 0, 1), 1.0},     {"V", dim(2, 1, -3, -1, 0), 1.0},
      {"ohm", dim(2, 1, -3, -2, 0), 1.0}, {"Ohm", dim(2, 1, -3, -2, 0), 1.0},
      {"S", dim(-2, -1, 3, 2, 0), 1.0},   {"F", dim(-2, -1, 4, 2, 0), 1.0},
      {"H", dim(2, 1, -2, -2, 0), 1.0},   {"C", dim(0, 0, 1, 1, 0), 1.0},
      {"Hz", dim(0, 0, -1, 0, 0), 1.0},   {"W", dim(2, 1, -3, 0, 0), 1.0},
      {"J", dim(2, 1, -2, 0, 0), 1.0},    {"eV", dim(2, 1, -2, 0, 0), 1.602176634e-19},
      {"N", dim(1, 1, -2, 0, 0), 1.0},
  };
  N = sizeof(Table) / sizeof(Table[0]);
  return Table;
}

struct Prefix {
  char C;
  int Pow10;
};
constexpr Prefix Prefixes[] = {{'a', -18}, {'f', -15}, {'p', -12}, {'n', -9}, {'u', -6}, {'m', -3},
                               {'c', -2},  {'k', 3},   {'M', 6},   {'G', 9},  {'T', 12}};

const NamedUnit *findWhole(std::string_view Name) {
  size_t N;
  const NamedUnit *T = unitTable(N);
  for (size_t I = 0; I < N; ++I)
    if (Name == T[I].Name)
      return &T[I];
  return nullptr;
}
} // namespace

Dim Dim::operator*(const Dim &O) const {
  if (!isValid() || !O.isValid())
    return invalid();
  Dim R;
  for (int I = 0; I < NumBase; ++I) {
    int V = Exp[I] + O.Exp[I];
    if (V < -120 || V > 120)
      return invalid();
    R.Exp[I] = int8_t(V);
  }
  return R;
}

Dim Dim::operator/(const Dim &O) const {
  if (!isValid() || !O.isValid())
    return invalid();
  Dim R;
  for (int I = 0; I < NumBase; ++I) {
    int V = Exp[I] - O.Exp[I];
    if (V < -120 || V > 120)
      return invalid();
    R.Exp[I] = int8_t(V);
  }
  return R;
}

std::optional<Dim> Dim::pow(int Num, int Den) const {
  if (Den == 0 || !isValid())
    return std::nullopt;
  Dim R;
  for (int I = 0; I < NumBase; ++I) {
    long V = long(Exp[I]) * Num;
    if (V % Den != 0)
      return std::nullopt;
    V /= Den;
    if (V < -120 || V > 120)
      return std::nullopt;
    R.Exp[I] = int8_t(V);
  }
  return R;
}

std::string Dim::str() const {
  if (!isValid())
    return "(an exponent out of range)";
  if (isDimensionless())
    return "1";
  // Prefer a single named unit when the dimension is exactly one, then a
  // quotient or product of two (V/s, A/m^2, ohm*m) or a named unit squared,
  // which is how a physicist writes them; base units are the last resort.
  static const char *Preferred[] = {"V", "A", "S", "ohm", "F",  "s", "m",
                                    "W", "J", "C", "K",   "Hz", "H", "N"};
  for (const char *P : Preferred)
    if (findWhole(P)->D == *this)
      return P;
  static const char *Parts[] = {"V", "A", "S", "ohm", "F",  "s",   "m",   "W",  "J",
                                "C", "K", "H", "N",   "kg", "m^2", "m^3", "s^2"};
  static const std::vector<Dim> PartDims = [] {
    std::vector<Dim> Ds;
    for (const char *P : Parts) {
      std::string Error;
      Ds.push_back(parseUnitExpr(P, Error)->D);
    }
    return Ds;
  }();
  const size_t N = std::size(Parts);
  for (const char *P : Preferred)
    if (auto Sq = findWhole(P)->D.pow(2); Sq && *Sq == *this)
      return std::string(P) + "^2";
  for (size_t I = 0; I < N; ++I)
    if (Dim() / PartDims[I] == *this)
      return std::string("1/") + Parts[I];
  for (size_t I = 0; I < N; ++I)
    for (size_t J = I + 1; J < N; ++J)
      if (PartDims[I] * PartDims[J] == *this)
        return std::string(Parts[I]) + "*" + Parts[J];
  for (size_t I = 0; I < N; ++I)
    for (size_t J = 0; J < N; ++J)
      if (I != J && PartDims[I] / PartDims[J] == *this)
        return std::string(Parts[I]) + "/" + Parts[J];
  static const char *BaseNames[NumBase] = {"m", "kg", "s", "A", "K"};
  std::string Num, Den;
  auto Term = [&](std::string &Out, int I, int Twice) {
    if (!Out.empty())
      Out += "*";
    Out += BaseNames[I];
    if (Twice == 2)
      return;
    if (Twice % 2 == 0)
      Out += "^" + std::to_string(Twice / 2);
    else
      Out += "^(" + std::to_string(Twice) + "/2)";
  };
  for (int I = 0; I < NumBase; ++I) {
    if (Exp[I] > 0)
      Term(Num, I, Exp[I]);
    else if (Exp[I] < 0)
      Term(Den, I, -Exp[I]);
  }
  if (Num.empty())
    Num = "1";
  if (Den.empty())
    return Num;
  std::string Out = std::move(Num);
  Out += '/';
  bool Group = Den.find('*') != std::string::npos;
  if (Group)
    Out += '(';
  Out += Den;
  if (Group)
    Out += ')';
  return Out;
}

double Unit::factor() const { return Scale * std::pow(10.0, Pow10); }

double toSI(std::string_view Number, const Unit &U) {
  // Split off the decimal exponent, add the prefix's and read once.
  std::string S(Number);
  size_t E = S.find_first_of("eE");
  long Exp = 0;
  if (E != std::string::npos) {
    Exp = std::strtol(S.c_str() + E + 1, nullptr, 10);
    S.resize(E);
  }
  S += "e" + std::to_string(Exp + U.Pow10);
  return std::strtod(S.c_str(), nullptr) * U.Scale;
}

std::optional<Unit> lookupUnit(std::string_view Name) {
  if (Name.empty())
    return std::nullopt;
  // The gram is the one base unit whose SI form (kg) carries a prefix.
  auto Make = [](const NamedUnit *U, int Pow10) {
    return Unit{U->D, U->Scale, Pow10 + (std::string_view(U->Name) == "g" ? -3 : 0)};
  };
  if (const NamedUnit *U = findWhole(Name))
    return Make(U, 0);
  for (const Prefix &P : Prefixes)
    if (Name.size() > 1 && Name[0] == P.C)
      if (const NamedUnit *U = findWhole(Name.substr(1)))
        return Make(U, P.Pow10);
  return std::nullopt;
}

namespace {
// Recursive-descent parser for unit expressions:
//   expr := term (('*' | '/') term)*
//   term := atom ('^' ['-'] int)?
//   atom := name | '1' | '(' expr ')'
struct UnitParser {
  std::string_view T;
  size_t P = 0;
  std::string &Err;

  void skip() {
    while (P < T.size() && std::isspace(static_cast<unsigned char>(T[P])))
      ++P;
  }
  std::optional<Unit> expr() {
    auto L = term();
    if (!L)
      return L;
    for (;;) {
      skip();
      if (P >= T.size() || (T[P] != '*' && T[P] != '/'))
        return L;
      char Op = T[P++];
      auto R = term();
      if (!R)
        return R;
      if (Op == '*')
        L = Unit{L->D * R->D, L->Scale * R->Scale, L->Pow10 + R->Pow10};
      else
        L = Unit{L->D / R->D, L->Scale / R->Scale, L->Pow10 - R->Pow10};
      if (!L->D.isValid() || L->Pow10 < -300 || L->Pow10 > 300) {
        Err = "unit exponent out of range";
        return std::nullopt;
      }
    }
  }
  std::optional<Unit> term() {
    auto A = atom();
    if (!A)
      return A;
    skip();
    if (P < T.size() && T[P] == '^') {
      ++P;
      skip();
      bool Neg = false;
      if (P < T.size() && T[P] == '-') {
        Neg = true;
        ++P;
      }
      size_t Start = P;
      while (P < T.size() && std::isdigit(static_cast<unsigned char>(T[P])))
        ++P;
      if (Start == P || P - Start > 3) {
        Err = "expected a small integer exponent after '^'";
        return std::nullopt;
      }
      int N = std::atoi(std::string(T.substr(Start, P - Start)).c_str());
      if (Neg)
        N = -N;
      auto D = A->D.pow(N);
      if (!D) {
        Err = "unit exponent out of range";
        return std::nullopt;
      }
      return Unit{*D, std::pow(A->Scale, N), A->Pow10 * N};
    }
    return A;
  }
  std::optional<Unit> atom() {
    skip();
    if (P >= T.size()) {
      Err = "expected a unit";
      return std::nullopt;
    }
    if (T[P] == '(') {
      ++P;
      auto E = expr();
      skip();
      if (!E)
        return E;
      if (P >= T.size() || T[P] != ')') {
        Err = "expected ')' in unit";
        return std::nullopt;
      }
      ++P;
      return E;
    }
    if (T[P] == '1') {
      ++P;
      return Unit{};
    }
    size_t Start = P;
    while (P < T.size() && std::isalpha(static_cast<unsigned char>(T[P])))
      ++P;
    std::string_view Name = T.substr(Start, P - Start);
    if (Name.empty()) {
      Err = "expected a unit";
      return std::nullopt;
    }
    auto U = lookupUnit(Name);
    if (!U)
      Err = "unknown unit '" + std::string(Name) + "'";
    return U;
  }
};
} // namespace

std::optional<Unit> parseUnitExpr(std::string_view Text, std::string &Error) {
  UnitParser P{Text, 0, Error};
  auto U = P.expr();
  if (!U)
    return U;
  P.skip();
  if (P.P != Text.size()) {
    Error = "unexpected '" + std::string(Text.substr(P.P)) + "' in unit";
    return std::nullopt;
  }
  return U;
}

std::optional<std::pair<double, Dim>> parseQuantity(std::string_view Text, std::string &Error) {
  std::string S(Text);
  const char *Begin = S.c_str();
  char *End = nullptr;
  double V = std::strtod(Begin, &End);
  if (End == Begin) {
    Error = "expected a number";
    return std::nullopt;
  }
  if (!std::isfinite(V)) {
    Error = "the number is not finite";
    return std::nullopt;
  }
  std::string_view Rest(End);
  while (!Rest.empty() && std::isspace(static_cast<unsigned char>(Rest[0])))
    Rest.remove_prefix(1);
  if (Rest.empty())
    return std::make_pair(V, Dim());
  // Accept the source syntax for compound units too: "2 [m/s]".
  if (Rest.size() >= 2 && Rest.front() == '[' && Rest.back() == ']')
    Rest = Rest.substr(1, Rest.size() - 2);
  auto U = parseUnitExpr(Rest, Error);
  if (!U)
    return std::nullopt;
  return std::make_pair(toSI(std::string_view(Begin, size_t(End - Begin)), *U), U->D);
}

} // namespace nmc
