//===- ProgressTest.cpp - The progress line of long runs ------------------===//
#include "Progress.h"

#include <gtest/gtest.h>

using namespace nmc::rt;

TEST(Progress, BarRateAndTimeLeft) {
  // A quarter of 1e6 steps in 10 s: 2.5e4 steps/s, 30 s left.
  EXPECT_EQ(Progress::line(250000, 1000000, 2.5, 10),
            "[nmc] [######..................]  25% t = 2.5 s, 2.5e+04 steps/s, 30 s left");
  // Long runs say minutes and hours.
  EXPECT_EQ(Progress::line(1000, 1000000, 0.1, 10),
            "[nmc] [........................]   0% t = 0.1 s, 100 steps/s, 2.8 h left");
  EXPECT_EQ(Progress::line(500000, 1000000, 1, 600),
            "[nmc] [############............]  50% t = 1 s, 833 steps/s, 10 min left");
  // Before the first step the rate is unknown.
  EXPECT_EQ(Progress::line(0, 10, 0, 0),
            "[nmc] [........................]   0% t = 0 s, 0 steps/s, ? left");
  EXPECT_EQ(Progress::line(10, 10, 1, 1),
            "[nmc] [########################] 100% t = 1 s, 10 steps/s, 0 s left");
}
