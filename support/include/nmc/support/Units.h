//===- Units.h - SI dimensions and unit names ------------------*- C++ -*-===//
//
// Physical units, shared by the compiler (checking `.nmc` sources) and the
// runtime (checking `--set NAME=VALUE`). Knows nothing of the language.
// A dimension is a vector of exponents of the SI base units m, kg, s, A, K,
// each stored times two so that sqrt() of any quantity stays exact.
//
//===----------------------------------------------------------------------===//
#ifndef NMC_SUPPORT_UNITS_H
#define NMC_SUPPORT_UNITS_H

#include <array>
#include <climits>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace nmc {

class Dim {
public:
  static constexpr int NumBase = 5; // m kg s A K
  constexpr Dim() = default;
  static Dim base(int Index) {
    Dim D;
    D.Exp[Index] = 2;
    return D;
  }
  static Dim fromTwice(const int8_t *E) {
    Dim D;
    for (int I = 0; I < NumBase; ++I)
      D.Exp[I] = E[I];
    return D;
  }
  bool isDimensionless() const {
    for (int8_t E : Exp)
      if (E)
        return false;
    return true;
  }
  /// False once a product or quotient pushed an exponent beyond +-60: such
  /// a dimension equals no other and prints as out of range.
  bool isValid() const { return Exp[0] != Invalid; }
  Dim operator*(const Dim &O) const;
  Dim operator/(const Dim &O) const;
  /// Raises to Num/Den; returns nullopt when an exponent would not be a
  /// multiple of one half.
  std::optional<Dim> pow(int Num, int Den = 1) const;
  bool operator==(const Dim &O) const { return Exp == O.Exp; }
  bool operator!=(const Dim &O) const { return !(*this == O); }
  int8_t twice(int I) const { return Exp[I]; }
  const int8_t *data() const { return Exp.data(); }
  /// Readable SI form: "V", "A", "m^4/s", "1" for dimensionless. Named
  /// derived units are used when the dimension is exactly one of them.
  std::string str() const;

private:
  static constexpr int8_t Invalid = INT8_MIN;
  static Dim invalid() {
    Dim D;
    D.Exp.fill(Invalid);
    return D;
  }
  std::array<int8_t, NumBase> Exp{};
};

/// A unit: a dimension and the factor that converts it to SI, kept as a
/// power of ten (the SI prefixes) times a residual factor (eV, g), so that
/// "10 uS" becomes exactly the double nearest 1e-5.
struct Unit {
  Dim D;
  double Scale = 1.0;
  int Pow10 = 0;
  double factor() const;
};

/// Converts a decimal number as written ("1.5", "2e-3") in unit U to SI,
/// rounding once: the prefix is folded into the decimal exponent.
double toSI(std::string_view Number, const Unit &U);

/// Looks up one unit name with an optional SI prefix ("ms", "uS", "kohm",
/// "eV", "m"). Whole names win over prefix+name, so "m" is the metre.
std::optional<Unit> lookupUnit(std::string_view Name);

/// Parses a unit expression such as "m^4/s", "V/m", "A*s", "1/s" or "1".
/// On failure returns nullopt and sets Error.
std::optional<Unit> parseUnitExpr(std::string_view Text, std::string &Error);

/// Parses a quantity "2ms", "2 ms", "1.5e-3", "3e-26 m^4/s". The number is
/// returned in SI. Error explains the failure.
std::optional<std::pair<double, Dim>> parseQuantity(std::string_view Text, std::string &Error);

} // namespace nmc

#endif
