//===- FormatTest.cpp - Number formatting of the runtime ------------------===//
//
// CSV cells must be exactly what printf("%.17g") writes; the runtime uses
// std::to_chars for speed, so the two are compared here.
//
//===----------------------------------------------------------------------===//
#include "Format.h"

#include <gtest/gtest.h>

#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <random>

using namespace nmc;
using namespace nmc::rt;

namespace {

std::string printf17(double V) {
  char Buf[64];
  std::snprintf(Buf, sizeof(Buf), "%.17g", V);
  return Buf;
}

std::string csv(double V) {
  std::string S;
  appendCsvNumber(S, V);
  return S;
}

TEST(Format, CsvNumbersMatchPrintf) {
  for (double V :
       {0.0, -0.0, 1.0, -1.0, 0.1, 1e-3, 2.5e-7, 1e21, 1e22, 123456789012345678.0, DBL_MAX, DBL_MIN,
        DBL_TRUE_MIN, 1.0 / 3.0, 1e16, 1e17, 99999999999999999.0, 5e-324, std::nextafter(1.0, 2.0)})
    EXPECT_EQ(csv(V), printf17(V)) << printf17(V);
  std::mt19937_64 Gen(42);
  std::uniform_int_distribution<uint64_t> Bits;
  for (int I = 0; I < 100000; ++I) {
    uint64_t B = Bits(Gen);
    double V;
    std::memcpy(&V, &B, sizeof(V));
    if (!std::isfinite(V))
      continue;
    ASSERT_EQ(csv(V), printf17(V));
  }
}

TEST(Format, CsvNumbersRoundTrip) {
  for (double V : {0.1, 1.0 / 3.0, 2.5e-7, 6.02214076e23})
    EXPECT_EQ(std::strtod(csv(V).c_str(), nullptr), V);
}

TEST(Format, MessageNumbers) {
  EXPECT_EQ(formatNumber(0.002), "0.002");
  EXPECT_EQ(formatNumber(1e-6), "1e-06");
  EXPECT_EQ(formatNumber(INFINITY), "inf");
  EXPECT_EQ(format("%d-%s", 4, "x"), "4-x");
  EXPECT_EQ(format("%s", ""), "");
}

TEST(Format, Quantities) {
  std::string Err;
  Dim Second = lookupUnit("s")->D;
  Dim Volt = lookupUnit("V")->D;
  EXPECT_EQ(formatQuantity(0.002, Second), "0.002 s");
  EXPECT_EQ(formatQuantity(0.5, Dim()), "0.5");
  EXPECT_EQ(describeDim(Second), "a time (s)");
  EXPECT_EQ(describeDim(Volt), "a voltage (V)");
  EXPECT_EQ(describeDim(lookupUnit("kg")->D), "a mass (kg)");
  EXPECT_EQ(describeDim(Dim()), "dimensionless");
  EXPECT_EQ(describeDim(parseUnitExpr("m^4/s", Err)->D), "a quantity in m^4/s");
}

} // namespace
