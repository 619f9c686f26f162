//===- Progress.cpp - The progress line on a terminal ---------------------===//
#include "Progress.h"

#include <algorithm>
#include <cstdio>
#include <unistd.h>

namespace nmc::rt {

Progress::Progress(bool Enabled, int64_t Steps)
    : Enabled(Enabled), Steps(Steps), Start(std::chrono::steady_clock::now()), Last(Start) {}

bool Progress::wanted(bool Quiet) { return !Quiet && isatty(STDERR_FILENO); }

void Progress::print(int64_t Step, double T) {
  auto Now = std::chrono::steady_clock::now();
  if (Now - Last < std::chrono::milliseconds(500))
    return;
  Last = Now;
  std::string L = line(Step, Steps, T, std::chrono::duration<double>(Now - Start).count());
  // Trailing spaces cover a longer previous line.
  std::fprintf(stderr, "\r%s    ", L.c_str());
  std::fflush(stderr);
  Shown = true;
}

std::string Progress::line(int64_t Step, int64_t Steps, double T, double Elapsed) {
  constexpr int Width = 24;
  double Done = Steps > 0 ? std::min(1.0, double(Step) / double(Steps)) : 1.0;
  std::string Bar(size_t(Done * Width), '#');
  Bar.resize(Width, '.');
  double Rate = Elapsed > 0 ? double(Step) / Elapsed : 0;
  char Left[32] = "?";
  if (Rate > 0) {
    double S = double(Steps - Step) / Rate;
    if (S < 120)
      std::snprintf(Left, sizeof Left, "%.0f s", S);
    else if (S < 7200)
      std::snprintf(Left, sizeof Left, "%.0f min", S / 60);
    else
      std::snprintf(Left, sizeof Left, "%.1f h", S / 3600);
  }
  char Buf[160];
  std::snprintf(Buf, sizeof Buf, "[nmc] [%s] %3d%% t = %.3g s, %.3g steps/s, %s left", Bar.c_str(),
                int(Done * 100), T, Rate, Left);
  return Buf;
}

void Progress::finish() {
  if (!Shown)
    return;
  std::fprintf(stderr, "\r%100s\r", "");
  std::fflush(stderr);
  Shown = false;
}

} // namespace nmc::rt
