//===- Progress.cpp - The progress line on a terminal ---------------------===//
#include "Progress.h"

#include <cstdio>
#include <unistd.h>

namespace nmc::rt {

Progress::Progress(bool Enabled, int64_t Steps)
    : Enabled(Enabled), Steps(Steps), Last(std::chrono::steady_clock::now()) {}

bool Progress::wanted(bool Quiet) { return !Quiet && isatty(STDERR_FILENO); }

void Progress::print(int64_t Step, double T) {
  auto Now = std::chrono::steady_clock::now();
  if (Now - Last < std::chrono::milliseconds(500))
    return;
  Last = Now;
  int Percent = Steps > 0 ? int(Step * 100 / Steps) : 100;
  // Trailing spaces cover a longer previous line.
  std::fprintf(stderr, "\r[nmc] %3d%% t = %.3g s    ", Percent, T);
  std::fflush(stderr);
  Shown = true;
}

void Progress::finish() {
  if (!Shown)
    return;
  std::fprintf(stderr, "\r%40s\r", "");
  std::fflush(stderr);
  Shown = false;
}

} // namespace nmc::rt
