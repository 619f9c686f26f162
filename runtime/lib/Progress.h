//===- Progress.h - The progress line on a terminal -------------*- C++ -*-===//
//
// A run may take minutes; on a terminal the user sees how far it is, how
// fast it goes and how long it has left. The line goes to stderr and only
// when stderr is a terminal, so redirected output and CSV files never
// contain it.
//
//===----------------------------------------------------------------------===//
#ifndef NMC_RUNTIME_PROGRESS_H
#define NMC_RUNTIME_PROGRESS_H

#include <chrono>
#include <cstdint>
#include <string>

namespace nmc::rt {

class Progress {
public:
  /// Enabled means: print at all (the caller checks isatty and --quiet).
  Progress(bool Enabled, int64_t Steps);
  ~Progress() { finish(); }

  /// Called once per step with the step number and its time; prints at most
  /// every half second.
  void update(int64_t Step, double T) {
    if (Enabled)
      print(Step, T);
  }

  /// Clears the line, so that what follows starts on a clean line.
  void finish();

  /// Whether a progress line should be shown: stderr is a terminal and the
  /// user did not ask for --quiet.
  static bool wanted(bool Quiet);

  /// The line for step Step of Steps at time T, Elapsed seconds in: a bar,
  /// the share done, the rate and the time left at that rate.
  static std::string line(int64_t Step, int64_t Steps, double T, double Elapsed);

private:
  void print(int64_t Step, double T);

  bool Enabled;
  bool Shown = false;
  int64_t Steps;
  std::chrono::steady_clock::time_point Start, Last;
};

} // namespace nmc::rt

#endif
