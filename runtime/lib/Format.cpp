//===- Format.cpp - Numbers and quantities in messages --------------------===//
#include "Format.h"

#include <charconv>
#include <cstdarg>
#include <cstdio>

namespace nmc::rt {

std::string format(const char *Fmt, ...) {
  va_list Args;
  va_start(Args, Fmt);
  va_list Copy;
  va_copy(Copy, Args);
  int N = std::vsnprintf(nullptr, 0, Fmt, Copy);
  va_end(Copy);
  std::string S(N > 0 ? size_t(N) : 0, '\0');
  if (N > 0)
    std::vsnprintf(S.data(), S.size() + 1, Fmt, Args);
  va_end(Args);
  return S;
}

std::string formatNumber(double V) {
  char Buf[64];
  auto R = std::to_chars(Buf, Buf + sizeof(Buf), V);
  return std::string(Buf, R.ptr);
}

std::string formatQuantity(double V, const Dim &D) {
  if (D.isDimensionless())
    return formatNumber(V);
  return formatNumber(V) + " " + D.str();
}

std::string describeDim(const Dim &D) {
  if (D.isDimensionless())
    return "dimensionless";
  // Names for the dimensions that device parameters usually have; the unit
  // in parentheses is the SI form that Dim::str() prints.
  static const struct {
    const char *Unit;
    const char *Noun;
  } Named[] = {{"s", "a time"},         {"m", "a length"},      {"kg", "a mass"},
               {"A", "a current"},      {"K", "a temperature"}, {"V", "a voltage"},
               {"ohm", "a resistance"}, {"S", "a conductance"}, {"F", "a capacitance"},
               {"C", "a charge"},       {"H", "an inductance"}, {"Hz", "a frequency"},
               {"W", "a power"},        {"J", "an energy"},     {"N", "a force"}};
  for (const auto &N : Named)
    if (auto U = lookupUnit(N.Unit); U && U->D == D)
      return std::string(N.Noun) + " (" + D.str() + ")";
  return "a quantity in " + D.str();
}

void appendCsvNumber(std::string &Out, double V) {
  char Buf[64];
  auto R = std::to_chars(Buf, Buf + sizeof(Buf), V, std::chars_format::general, 17);
  Out.append(Buf, R.ptr);
}

} // namespace nmc::rt
