//===- Format.h - Numbers and quantities in messages ------------*- C++ -*-===//
//
// Helpers that every part of the runtime uses to print values for people
// (diagnostics, --list-params, progress) and for files (CSV cells). CSV cells
// must round-trip exactly and be identical on every run, so they go through
// appendCsvNumber and nothing else.
//
//===----------------------------------------------------------------------===//
#ifndef NMC_RUNTIME_FORMAT_H
#define NMC_RUNTIME_FORMAT_H

#include "nmc/support/Units.h"

#include <string>

namespace nmc::rt {

/// printf into a std::string.
std::string format(const char *Fmt, ...) __attribute__((format(printf, 1, 2)));

/// Shortest text that reads back as the same double: "0.002", "1e-06",
/// "inf". For messages, where "0.0020000000000000000416" would only confuse.
std::string formatNumber(double V);

/// A value in SI with its SI unit: "0.002 s", "3e-26 m^4/s", "0.5" (a
/// dimensionless value has no unit).
std::string formatQuantity(double V, const Dim &D);

/// What a dimension is called in a sentence: "a time (s)", "a voltage (V)",
/// "dimensionless", or "a quantity in m^4/s" when it has no common name.
std::string describeDim(const Dim &D);

/// Appends V exactly as printf("%.17g") would (17 significant digits read
/// back to the same double); uses std::to_chars, which the standard defines
/// to match printf but which is several times faster.
void appendCsvNumber(std::string &Out, double V);

} // namespace nmc::rt

#endif
