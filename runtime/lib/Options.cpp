//===- Options.cpp - The command line of a compiled model -----------------===//
//
// CLI11 only collects text; the values are checked here so that every
// problem is one `error: ...` line naming the option, never a CLI11 dump.
//
//===----------------------------------------------------------------------===//
#include "Options.h"

#include "Format.h"
#include "nmc/support/Units.h"

#include <CLI/CLI.hpp>
#include <omp.h>

#include <charconv>
#include <cmath>
#include <cstdio>

#ifndef NMC_VERSION
#error "NMC_VERSION must be defined by the build"
#endif

namespace nmc::rt {

namespace {

const Dim &timeDim() {
  static const Dim D = Dim::base(2);
  return D;
}

// A time given as a quantity: "10ms", "1e-3 s". A bare number is refused
// as --set refuses one (is 1e-6 seconds or steps?), except 0, which is
// zero in any unit.
bool parseTime(const char *Option, const std::string &Text, double &Out, std::string &Err) {
  std::string QErr;
  auto Q = parseQuantity(Text, QErr);
  if (!Q) {
    Err = format("%s %s: %s", Option, Text.c_str(), QErr.c_str());
    return false;
  }
  if (Q->second.isDimensionless() && Q->first != 0) {
    std::string Bare = Text;
    while (!Bare.empty() && Bare.back() == ' ')
      Bare.pop_back();
    Err = format("%s %s: a time needs a unit, as --set values do; write e.g. %s %ss", Option,
                 Text.c_str(), Option, Bare.c_str());
    return false;
  }
  if (!Q->second.isDimensionless() && Q->second != timeDim()) {
    Err = format("%s %s: expected a time, but this is %s; write e.g. %s 10ms", Option, Text.c_str(),
                 describeDim(Q->second).c_str(), Option);
    return false;
  }
  Out = Q->first;
  return true;
}

// Whole decimal numbers only: "1e3", "-1" or "12abc" are mistakes, not
// seeds or thread counts.
template <typename T>
bool parseWhole(const char *Option, const std::string &Text, T &Out, std::string &Err) {
  const char *B = Text.data(), *E = Text.data() + Text.size();
  auto R = std::from_chars(B, E, Out);
  if (Text.empty() || R.ec != std::errc() || R.ptr != E || Text[0] == '-') {
    Err = format("%s %s: expected a whole non-negative number", Option, Text.c_str());
    return false;
  }
  return true;
}

bool finishOptions(const nmc_model_desc &Model, const std::string &TStop, const std::string &Dt,
                   const std::string &Seed, const std::string &Threads, RunOptions &Opts,
                   std::string &Err) {
  Opts.TStop = Model.t_stop;
  Opts.Dt = Model.dt;
  if (!TStop.empty() && !parseTime("--t-stop", TStop, Opts.TStop, Err))
    return false;
  if (!Dt.empty() && !parseTime("--dt", Dt, Opts.Dt, Err))
    return false;
  if (!computeSteps(Opts.TStop, Opts.Dt, Opts.Steps, Err))
    return false;
  if (!Seed.empty() && !parseWhole("--seed", Seed, Opts.Seed, Err))
    return false;
  Opts.Threads = omp_get_max_threads();
  if (!Threads.empty()) {
    if (!parseWhole("--threads", Threads, Opts.Threads, Err))
      return false;
    // More threads than this is a typo, and OpenMP would try to start them.
    if (Opts.Threads < 1 || Opts.Threads > 4096) {
      Err = format("--threads %s: must be between 1 and 4096", Threads.c_str());
      return false;
    }
  }
  if (Opts.OutDir.empty()) {
    Err = "--out must name a directory";
    return false;
  }
  if (Opts.Format != "csv" && Opts.Format != "npy") {
    Err = format("--format %s: must be csv or npy", Opts.Format.c_str());
    return false;
  }
  return true;
}

} // namespace

const char *runtimeVersion() { return NMC_VERSION; }

bool computeSteps(double TStop, double Dt, int64_t &Steps, std::string &Err) {
  if (!(Dt > 0) || !std::isfinite(Dt)) {
    Err = format("dt must be a positive time, got %s s", formatNumber(Dt).c_str());
    return false;
  }
  if (!(TStop >= 0) || !std::isfinite(TStop)) {
    Err = format("t-stop must be a time >= 0, got %s s", formatNumber(TStop).c_str());
    return false;
  }
  double Ratio = TStop / Dt;
  // Far beyond any run that could finish; also keeps llround defined.
  if (Ratio > 1e15) {
    Err = format("t-stop %s s with dt %s s would take %.3g steps; that is "
                 "too many",
                 formatNumber(TStop).c_str(), formatNumber(Dt).c_str(), Ratio);
    return false;
  }
  double Whole = std::round(Ratio);
  // A relative tolerance so that 1ms / 1us (999.9999999999999) counts as
  // 1000 steps, while half a step is a mistake worth reporting.
  if (std::abs(Ratio - Whole) > 1e-9 * Ratio) {
    Err = format("t-stop must be a whole number of steps: t-stop %s s / dt "
                 "%s s = %.17g",
                 formatNumber(TStop).c_str(), formatNumber(Dt).c_str(), Ratio);
    return false;
  }
  Steps = std::llround(Ratio);
  return true;
}

std::optional<int> parseOptions(int Argc, char **Argv, const nmc_model_desc &Model,
                                RunOptions &Opts) {
  std::string Name = Model.name ? Model.name : "model";
  CLI::App App(format("%s: a model compiled by nmc from %s.\nRuns the "
                      "simulation and writes one CSV file per probe and monitor "
                      "(or NPY,\nwith --format npy), and run.json, into the output "
                      "directory.",
                      Name.c_str(), Model.source ? Model.source : "?"),
               Argc > 0 && Argv[0] ? Argv[0] : Name);
  std::string TStop, Dt, Seed, Threads;
  bool Version = false;
  Opts.OutDir = Name + ".out";
  auto Last = CLI::MultiOptionPolicy::TakeLast;
  const Dim &S = timeDim();
  App.add_option("--t-stop", TStop,
                 "Simulated time, e.g. 10ms (default " + formatQuantity(Model.t_stop, S) + ")")
      ->type_name("TIME")
      ->multi_option_policy(Last);
  App.add_option("--dt", Dt, "Time step (default " + formatQuantity(Model.dt, S) + ")")
      ->type_name("TIME")
      ->multi_option_policy(Last);
  App.add_option("--seed", Seed, "Random seed (default 1)")
      ->type_name("N")
      ->multi_option_policy(Last);
  App.add_option("--threads", Threads,
                 "Worker threads (default: OpenMP's default, " +
                     std::to_string(omp_get_max_threads()) + ")")
      ->type_name("N")
      ->multi_option_policy(Last);
  App.add_option("--out", Opts.OutDir,
                 "Output directory, replaced if it exists (default " + Opts.OutDir + ")")
      ->type_name("DIR")
      ->multi_option_policy(Last);
  App.add_option("--format", Opts.Format,
                 "Probe and monitor files: csv (default) or npy (binary, for numpy)")
      ->type_name("csv|npy")
      ->multi_option_policy(Last);
  App.add_option("--set", Opts.Sets, "Set a parameter, e.g. --set tau=2ms (repeatable)")
      ->type_name("NAME=VALUE")
      ->allow_extra_args(false);
  App.add_flag("--list-params", Opts.ListParams,
               "Print the parameters with their values and ranges, then exit");
  App.add_flag("--quiet", Opts.Quiet, "Print nothing but errors");
  App.add_flag("--version", Version, "Print the runtime version and exit");

  try {
    App.parse(Argc, Argv);
  } catch (const CLI::CallForHelp &) {
    std::fputs(App.help().c_str(), stdout);
    return 0;
  } catch (const CLI::ParseError &E) {
    std::fprintf(stderr, "error: %s\n", E.what());
    return 1;
  }
  if (Version) {
    std::printf("nmc runtime %s (ABI %d)\nmodel %s from %s, compiled by nmc "
                "%s\n",
                runtimeVersion(), NMC_ABI_VERSION, Name.c_str(), Model.source ? Model.source : "?",
                Model.compiler_version ? Model.compiler_version : "?");
    return 0;
  }
  std::string Err;
  if (!finishOptions(Model, TStop, Dt, Seed, Threads, Opts, Err)) {
    std::fprintf(stderr, "error: %s\n", Err.c_str());
    return 1;
  }
  return std::nullopt;
}

} // namespace nmc::rt
