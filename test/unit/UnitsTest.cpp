//===- UnitsTest.cpp - SI units shared by compiler and runtime ------------===//
//
// The runtime trusts these for --set and --t-stop; the compiler trusts them
// for every unit in a source file.
//
//===----------------------------------------------------------------------===//
#include "nmc/support/Units.h"

#include <gtest/gtest.h>

using namespace nmc;

namespace {

// Exponents times two, m kg s A K.
Dim dimOf(int M, int Kg, int S, int A, int K = 0) {
  int8_t E[Dim::NumBase] = {int8_t(2 * M), int8_t(2 * Kg), int8_t(2 * S), int8_t(2 * A),
                            int8_t(2 * K)};
  return Dim::fromTwice(E);
}

const Dim Second = dimOf(0, 0, 1, 0), Metre = dimOf(1, 0, 0, 0), Volt = dimOf(2, 1, -3, -1),
          Siemens = dimOf(-2, -1, 3, 2), Ohm = dimOf(2, 1, -3, -2), Joule = dimOf(2, 1, -2, 0);

Unit unitOrDie(std::string_view Text) {
  std::string Err;
  auto U = parseUnitExpr(Text, Err);
  EXPECT_TRUE(U) << Text << ": " << Err;
  return U.value_or(Unit{});
}

TEST(Units, LookupPrefixedAndWholeNames) {
  auto Ms = lookupUnit("ms");
  ASSERT_TRUE(Ms);
  EXPECT_EQ(Ms->D, Second);
  EXPECT_DOUBLE_EQ(Ms->factor(), 1e-3);

  // A whole name wins over prefix + name: "m" is the metre, not milli-.
  auto M = lookupUnit("m");
  ASSERT_TRUE(M);
  EXPECT_EQ(M->D, Metre);
  EXPECT_EQ(M->factor(), 1.0);

  auto US = lookupUnit("uS");
  ASSERT_TRUE(US);
  EXPECT_EQ(US->D, Siemens);
  EXPECT_DOUBLE_EQ(US->factor(), 1e-6);

  auto KOhm = lookupUnit("kohm");
  ASSERT_TRUE(KOhm);
  EXPECT_EQ(KOhm->D, Ohm);
  EXPECT_DOUBLE_EQ(KOhm->factor(), 1e3);

  auto EV = lookupUnit("eV");
  ASSERT_TRUE(EV);
  EXPECT_EQ(EV->D, Joule);
  EXPECT_DOUBLE_EQ(EV->factor(), 1.602176634e-19);

  EXPECT_FALSE(lookupUnit(""));
  EXPECT_FALSE(lookupUnit("xyz"));
  EXPECT_FALSE(lookupUnit("qs")); // q is not a prefix
}

TEST(Units, ParseExpressions) {
  Unit Diff = unitOrDie("m^4/s");
  EXPECT_EQ(Diff.D, dimOf(4, 0, -1, 0));
  EXPECT_EQ(Diff.factor(), 1.0);

  Unit Field = unitOrDie("V/m");
  EXPECT_EQ(Field.D, Volt / Metre);

  Unit Rate = unitOrDie("1/s");
  EXPECT_EQ(Rate.D, dimOf(0, 0, -1, 0));

  // Charge per volt is a capacitance.
  Unit Cap = unitOrDie("(A*s)/V");
  EXPECT_EQ(Cap.D, dimOf(-2, -1, 4, 2));

  Unit Scaled = unitOrDie("um^2");
  EXPECT_EQ(Scaled.D, dimOf(2, 0, 0, 0));
  EXPECT_DOUBLE_EQ(Scaled.factor(), 1e-12);

  EXPECT_TRUE(unitOrDie("1").D.isDimensionless());
  EXPECT_EQ(unitOrDie("m^-2").D, dimOf(-2, 0, 0, 0));
}

TEST(Units, ParseExpressionErrors) {
  std::string Err;
  EXPECT_FALSE(parseUnitExpr("xyz", Err));
  EXPECT_NE(Err.find("xyz"), std::string::npos) << Err;
  Err.clear();
  EXPECT_FALSE(parseUnitExpr("m^", Err));
  EXPECT_FALSE(Err.empty());
  Err.clear();
  EXPECT_FALSE(parseUnitExpr("", Err));
  EXPECT_FALSE(Err.empty());
  EXPECT_FALSE(parseUnitExpr("(m/s", Err));
  EXPECT_FALSE(parseUnitExpr("m s", Err));
  EXPECT_FALSE(parseUnitExpr("m//s", Err));
}

TEST(Units, ParseQuantities) {
  std::string Err;
  auto Q = parseQuantity("2ms", Err);
  ASSERT_TRUE(Q) << Err;
  EXPECT_DOUBLE_EQ(Q->first, 2e-3);
  EXPECT_EQ(Q->second, Second);

  Q = parseQuantity("2 ms", Err);
  ASSERT_TRUE(Q) << Err;
  EXPECT_DOUBLE_EQ(Q->first, 2e-3);

  Q = parseQuantity("3e-26 m^4/s", Err);
  ASSERT_TRUE(Q) << Err;
  EXPECT_DOUBLE_EQ(Q->first, 3e-26);
  EXPECT_EQ(Q->second, dimOf(4, 0, -1, 0));

  Q = parseQuantity("1.5", Err);
  ASSERT_TRUE(Q) << Err;
  EXPECT_EQ(Q->first, 1.5);
  EXPECT_TRUE(Q->second.isDimensionless());

  Q = parseQuantity("-0.5 V", Err);
  ASSERT_TRUE(Q) << Err;
  EXPECT_EQ(Q->first, -0.5);
  EXPECT_EQ(Q->second, Volt);

  // "2eV" is two electronvolts, not a malformed exponent.
  Q = parseQuantity("2eV", Err);
  ASSERT_TRUE(Q) << Err;
  EXPECT_DOUBLE_EQ(Q->first, 2 * 1.602176634e-19);
}

TEST(Units, ParseQuantityErrors) {
  for (const char *Bad :
       {"", "ms", "abc", "2 xyz", "2 m^", "nan", "inf", "1e999", "2 ms extra", "2,5"}) {
    std::string Err;
    EXPECT_FALSE(parseQuantity(Bad, Err)) << "'" << Bad << "'";
    EXPECT_FALSE(Err.empty()) << "'" << Bad << "'";
  }
}

TEST(Units, PowWithHalves) {
  auto Root = Metre.pow(1, 2);
  ASSERT_TRUE(Root);
  EXPECT_EQ(Root->twice(0), 1);
  EXPECT_EQ(*Root->pow(2), Metre);
  // m^(1/4) is not a multiple of one half.
  EXPECT_FALSE(Root->pow(1, 2));
  EXPECT_FALSE(Metre.pow(1, 0));
  auto Area = Metre.pow(2);
  ASSERT_TRUE(Area);
  EXPECT_EQ(Area->twice(0), 4);
  EXPECT_EQ(*dimOf(4, 0, -2, 0).pow(1, 2), dimOf(2, 0, -1, 0));
  EXPECT_EQ(*Volt.pow(-1), dimOf(-2, -1, 3, 1));
}

TEST(Units, Str) {
  EXPECT_EQ(Volt.str(), "V");
  EXPECT_EQ(dimOf(0, 0, 0, 1).str(), "A");
  EXPECT_EQ(dimOf(4, 0, -1, 0).str(), "m^4/s");
  EXPECT_EQ(Dim().str(), "1");
  EXPECT_EQ(Siemens.str(), "S");
  EXPECT_EQ(Metre.pow(1, 2)->str(), "m^(1/2)");
  // Every str() of an integer dimension reads back as the same dimension.
  for (Dim D : {Volt, Siemens, Ohm, Joule, dimOf(4, 0, -1, 0), dimOf(1, 1, -3, 0, -1),
                dimOf(-3, 0, 0, 0)}) {
    std::string Err;
    auto U = parseUnitExpr(D.str(), Err);
    ASSERT_TRUE(U) << D.str() << ": " << Err;
    EXPECT_EQ(U->D, D) << D.str();
  }
}

} // namespace

// Prefixes fold into the decimal exponent, so a value rounds only once.
TEST(UnitsTest, ToSIRoundsOnce) {
  EXPECT_EQ(nmc::toSI("10", *nmc::lookupUnit("uS")), 1e-5);
  EXPECT_EQ(nmc::toSI("1.5e-3", *nmc::lookupUnit("ms")), 1.5e-6);
  EXPECT_EQ(nmc::toSI("0.1", *nmc::lookupUnit("nm")), 1e-10);
  EXPECT_EQ(nmc::toSI("3", *nmc::lookupUnit("g")), 3e-3);
  std::string Err;
  EXPECT_EQ(nmc::parseQuantity("2ms", Err)->first, 2e-3);
}

// Products that push an exponent out of range give an invalid dimension
// that equals nothing, never a wrapped-around one.
TEST(UnitsTest, ExponentOverflowIsInvalid) {
  nmc::Dim M = nmc::lookupUnit("m")->D;
  nmc::Dim P = M;
  for (int I = 1; I < 128; ++I)
    P = P * M;
  EXPECT_FALSE(P.isValid());
  EXPECT_FALSE(P.isDimensionless());
  EXPECT_NE(P, nmc::Dim());
  std::string Err;
  EXPECT_FALSE(nmc::parseUnitExpr("m^60*m^60*m", Err));
  EXPECT_EQ(Err, "unit exponent out of range");
}
