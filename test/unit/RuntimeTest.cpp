//===- RuntimeTest.cpp - nmc_main end to end on a hand-written model ------===//
//
// Drives the whole runtime the way a compiled executable does, on the
// descriptor of TestModel.h, and checks what a user sees: files, bytes,
// messages and exit status.
//
//===----------------------------------------------------------------------===//
#include "Options.h"
#include "RunHelper.h"
#include "TestModel.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdlib>

namespace fs = std::filesystem;
using namespace nmc::test;

namespace {

bool contains(const std::string &S, const std::string &Part) {
  return S.find(Part) != std::string::npos;
}

// Entries of Dir, to show nothing was left behind.
std::vector<std::string> listDir(const fs::path &Dir) {
  std::vector<std::string> Names;
  for (const auto &E : fs::directory_iterator(Dir))
    Names.push_back(E.path().filename().string());
  std::sort(Names.begin(), Names.end());
  return Names;
}

double num(const std::string &Cell) { return std::strtod(Cell.c_str(), 0); }

void expectClose(double Got, double Want, const std::string &What) {
  EXPECT_LE(std::abs(Got - Want), 1e-12 * std::abs(Want))
      << What << ": got " << Got << ", want " << Want;
}

TEST(Runtime, CsvFollowsTheAnalyticSolution) {
  TestModel M(4, 0, 3);
  fs::path Out = freshTestDir() / "out";
  TestModel::Observed = 0;
  RunResult R =
      runMain(M.Desc, {"--out", Out.string(), "--quiet", "--set", "a=2um", "--set", "tau=3us"});
  ASSERT_EQ(R.Status, 0) << R.Err;
  EXPECT_EQ(R.Out, "");
  EXPECT_EQ(R.Err, "");
  EXPECT_EQ(listDir(Out), (std::vector<std::string>{"cells.csv", "run.json", "sparse.csv"}));

  std::string Csv = readFile(Out / "cells.csv");
  auto Rows = parseCsv(Csv);
  ASSERT_EQ(Rows.size(), 12u); // header + t = 0, 1 us, ..., 10 us
  EXPECT_EQ(Csv.substr(0, Csv.find('\n')),
            "t,cells[0].w,cells[0].i,cells[1].w,cells[1].i,cells[2].w,"
            "cells[2].i");
  double P[NumTestParams] = {3e-6, 2e-6, 1e-6, 2, 1e-3, 2e-3, -1, 0, -1};
  for (size_t N = 0; N < 11; ++N) {
    const auto &Row = Rows[N + 1];
    ASSERT_EQ(Row.size(), 7u);
    double T = double(N) * 1e-6;
    EXPECT_EQ(num(Row[0]), T) << "t is n * dt, not a running sum";
    for (int64_t I = 0; I < 3; ++I) {
      double W = TestModel::exactW(P, I, T);
      expectClose(num(Row[1 + 2 * I]), W, "w");
      expectClose(num(Row[2 + 2 * I]), 2 * 1e-3 * W, "i");
    }
  }
  // %.17g: every cell reads back exactly, so printing it again is a no-op.
  char Buf[64];
  std::snprintf(Buf, sizeof(Buf), "%.17g", num(Rows[5][3]));
  EXPECT_EQ(Rows[5][3], Buf);

  auto Sparse = parseCsv(readFile(Out / "sparse.csv"));
  ASSERT_EQ(Sparse.size(), 5u); // header + steps 0, 3, 6, 9
  EXPECT_EQ(Sparse[0], (std::vector<std::string>{"t", "cells[1].w"}));
  EXPECT_EQ(num(Sparse[4][0]), 9e-6);
  expectClose(num(Sparse[4][1]), TestModel::exactW(P, 1, 9e-6), "sparse w");
  // observe ran exactly over each due probe's elements.
  EXPECT_EQ(TestModel::Observed.load(), 11 * 3 + 4 * 1);
}

TEST(Runtime, PrintsOneLineAtTheEnd) {
  TestModel M;
  fs::path Out = freshTestDir() / "out";
  RunResult R = runMain(M.Desc, {"--out", Out.string() + "/"});
  ASSERT_EQ(R.Status, 0) << R.Err;
  EXPECT_EQ(R.Out.rfind("wrote " + Out.string() + " (2 files, 10 steps, ", 0), 0u) << R.Out;
  EXPECT_EQ(std::count(R.Out.begin(), R.Out.end(), '\n'), 1);
  EXPECT_EQ(R.Err, "");
}

TEST(Runtime, SameBytesOnAnyThreadCount) {
  // 100000 cells are 25 chunks; the probe spans the last three.
  TestModel M(100000, 90000, 10000);
  fs::path Dir = freshTestDir();
  std::vector<std::string> Csv;
  for (const char *Threads : {"1", "2", "3"}) {
    fs::path Out = Dir / (std::string("t") + Threads);
    RunResult R =
        runMain(M.Desc, {"--out", Out.string(), "--threads", Threads, "--seed", "5", "--quiet"});
    ASSERT_EQ(R.Status, 0) << R.Err;
    Csv.push_back(readFile(Out / "cells.csv"));
  }
  ASSERT_GT(Csv[0].size(), 100000u);
  EXPECT_TRUE(Csv[0] == Csv[1]) << "1 vs 2 threads differ";
  EXPECT_TRUE(Csv[0] == Csv[2]) << "1 vs 3 threads differ";
}

TEST(Runtime, SetErrorsStopBeforeAnyOutput) {
  TestModel M;
  fs::path Dir = freshTestDir();
  fs::path Out = Dir / "out";
  struct Case {
    std::string Set, Message;
  } Cases[] = {
      {"g=1mS", "error: --set g=1mS: 'g' is ambiguous: it could be "
                "'cells.g', 'leak.g'; write the full name\n"},
      {"tua=1ms", "error: --set tua=1ms: no parameter named 'tua'; did you "
                  "mean 'cells.tau'?\n"},
      {"tau=2", "error: --set tau=2: parameter 'cells.tau' is a time (s); "
                "write a unit, e.g. --set tau=2s\n"},
      {"tau=2V", "error: --set tau=2V: parameter 'cells.tau' is a time (s), "
                 "but 2V is a voltage (V)\n"},
      {"tau=-1ms", "error: parameter 'cells.tau' = -0.001 s is out of its "
                   "range (0, inf) s (from --set tau=-1ms, declared on line "
                   "3)\n"},
      {"a=4um", "error: parameter 'cells.w0' = 2e-06 m is out of its range "
                "[0, 1e-06] m (from its default, declared on line 5)\n"},
  };
  for (const Case &C : Cases) {
    RunResult R = runMain(M.Desc, {"--out", Out.string(), "--set", C.Set});
    EXPECT_EQ(R.Status, 1) << C.Set;
    EXPECT_EQ(R.Err, C.Message);
    EXPECT_EQ(R.Out, "");
  }
  EXPECT_TRUE(listDir(Dir).empty());
}

TEST(Runtime, SetExactAndSuffixReachTheKernels) {
  TestModel M;
  fs::path Out = freshTestDir() / "out";
  RunResult R = runMain(M.Desc, {"--out", Out.string(), "--quiet", "--set", "cells.tau=2ms",
                                 "--set", "w0=0.25 um", "--set", "leak.g=5mS"});
  ASSERT_EQ(R.Status, 0) << R.Err;
  auto J = nlohmann::json::parse(readFile(Out / "run.json"));
  EXPECT_DOUBLE_EQ(J["params"]["cells.tau"]["value"].get<double>(), 2e-3);
  EXPECT_DOUBLE_EQ(J["params"]["cells.w0"]["value"].get<double>(), 0.25e-6);
  EXPECT_DOUBLE_EQ(J["params"]["leak.g"]["value"].get<double>(), 5e-3);
  auto Rows = parseCsv(readFile(Out / "cells.csv"));
  EXPECT_EQ(num(Rows[1][1]), 0.25e-6);
}

TEST(Runtime, DivergenceNamesElementAndTimeAndKeepsTheRecord) {
  TestModel M(10000, 0, 3);
  fs::path Dir = freshTestDir();
  fs::path Out = Dir / "out";
  RunResult R = runMain(M.Desc, {"--out", Out.string(), "--set", "poison_elem=9000", "--set",
                                 "poison_t=3.5us", "--threads", "2"});
  EXPECT_EQ(R.Status, 1);
  EXPECT_EQ(R.Err, "error: simulation diverged: state 'w' of cells[9000] "
                   "became nan at t = 4e-06 s (step 4)\n(kept what was recorded before it in " +
                       Out.string() + ")\n");
  EXPECT_EQ(R.Out, "");
  // What was recorded before the failure stays, marked as failed.
  auto J = nlohmann::json::parse(readFile(Out / "run.json"));
  EXPECT_EQ(J["status"], "failed");
  EXPECT_EQ(J["error"], "simulation diverged: state 'w' of cells[9000] became nan at t = 4e-06 s "
                        "(step 4)");
  auto Rows = parseCsv(readFile(Out / "cells.csv"));
  EXPECT_GE(Rows.size(), 2u);

  R = runMain(M.Desc, {"--out", Out.string(), "--set", "poison_obs=1"});
  EXPECT_EQ(R.Status, 1);
  EXPECT_EQ(R.Err, "error: simulation diverged: observable 'i' of cells[1] "
                   "became inf at t = 0 s (step 0)\n(kept what was recorded before it in " +
                       Out.string() + ")\n");
  // Nothing else than the output folder is left behind.
  EXPECT_EQ(listDir(Dir).size(), 1u);
}

TEST(Runtime, ReplacesAnEarlierOutputOnly) {
  TestModel M;
  fs::path Dir = freshTestDir();
  fs::path Out = Dir / "out";
  ASSERT_EQ(runMain(M.Desc, {"--out", Out.string(), "--quiet"}).Status, 0);
  std::FILE *F = std::fopen((Out / "stale.csv").c_str(), "w");
  ASSERT_TRUE(F);
  std::fclose(F);
  RunResult R = runMain(M.Desc, {"--out", Out.string(), "--quiet", "--seed", "9"});
  ASSERT_EQ(R.Status, 0) << R.Err;
  EXPECT_EQ(listDir(Out), (std::vector<std::string>{"cells.csv", "run.json", "sparse.csv"}));
  EXPECT_EQ(nlohmann::json::parse(readFile(Out / "run.json"))["seed"], 9);
  EXPECT_EQ(listDir(Dir), std::vector<std::string>{"out"});

  // A directory that no run wrote is the user's; never delete it.
  fs::path Mine = Dir / "thesis";
  fs::create_directories(Mine);
  F = std::fopen((Mine / "thesis.tex").c_str(), "w");
  ASSERT_TRUE(F);
  std::fclose(F);
  R = runMain(M.Desc, {"--out", Mine.string()});
  EXPECT_EQ(R.Status, 1);
  EXPECT_TRUE(contains(R.Err, "is not the output of an earlier run")) << R.Err;
  EXPECT_EQ(listDir(Mine), std::vector<std::string>{"thesis.tex"});
  EXPECT_EQ(listDir(Dir), (std::vector<std::string>{"out", "thesis"}));

  // Parents are created as needed.
  R = runMain(M.Desc, {"--out", (Dir / "a/b/c").string(), "--quiet"});
  ASSERT_EQ(R.Status, 0) << R.Err;
  EXPECT_TRUE(fs::exists(Dir / "a/b/c/run.json"));
}

TEST(Runtime, RunJsonDescribesTheRun) {
  TestModel M;
  fs::path Out = freshTestDir() / "out";
  RunResult R = runMain(M.Desc, {"--out", Out.string(), "--quiet", "--seed", "7", "--threads", "2",
                                 "--t-stop", "6us"});
  ASSERT_EQ(R.Status, 0) << R.Err;
  auto J = nlohmann::json::parse(readFile(Out / "run.json"));
  EXPECT_EQ(J["model"], "relax");
  EXPECT_EQ(J["source"], "test/relax.nmc");
  EXPECT_EQ(J["compiler_version"], "0.0-test");
  EXPECT_EQ(J["runtime_version"], nmc::rt::runtimeVersion());
  EXPECT_EQ(J["abi_version"], NMC_ABI_VERSION);
  EXPECT_EQ(J["seed"], 7);
  EXPECT_EQ(J["threads"], 2);
  EXPECT_EQ(J["dt"], 1e-6);
  EXPECT_EQ(J["t_stop"], 6e-6);
  EXPECT_EQ(J["steps"], 6);
  EXPECT_GE(J["wall_seconds"].get<double>(), 0.0);
  EXPECT_EQ(J["params"]["cells.tau"]["value"], 1e-3);
  EXPECT_EQ(J["params"]["cells.tau"]["unit"], "s");
  EXPECT_EQ(J["params"]["cells.w0"]["value"], 5e-7);
  EXPECT_EQ(J["params"]["gain"]["unit"], "1");
  EXPECT_EQ(J["params"].size(), size_t(NumTestParams));
  ASSERT_EQ(J["probes"].size(), 2u);
  const auto &P = J["probes"][0];
  EXPECT_EQ(P["name"], "cells");
  EXPECT_EQ(P["file"], "cells.csv");
  EXPECT_EQ(P["population"], "cells");
  EXPECT_EQ(P["device"], "Relaxer");
  EXPECT_EQ(P["first"], 0);
  EXPECT_EQ(P["count"], 3);
  EXPECT_EQ(P["interval"], 0.0);
  EXPECT_EQ(P["columns"], nlohmann::json::parse(R"([{"name":"w","unit":"m"},)"
                                                R"({"name":"i","unit":"A"}])"));
  EXPECT_EQ(J["probes"][1]["interval"], 3e-6);
}

TEST(Runtime, TimeOptions) {
  TestModel M;
  fs::path Dir = freshTestDir();
  std::string Out = (Dir / "out").string();
  auto Run = [&](std::vector<std::string> Args) {
    Args.insert(Args.end(), {"--out", Out, "--quiet"});
    return runMain(M.Desc, Args);
  };
  RunResult R = Run({"--t-stop", "2.5us"});
  EXPECT_EQ(R.Status, 1);
  EXPECT_EQ(R.Err.rfind("error: t-stop must be a whole number of steps", 0), 0u) << R.Err;
  R = Run({"--dt", "0"});
  EXPECT_EQ(R.Status, 1);
  EXPECT_TRUE(contains(R.Err, "dt must be a positive time")) << R.Err;
  R = Run({"--t-stop", "-1us"});
  EXPECT_EQ(R.Status, 1);
  EXPECT_TRUE(contains(R.Err, "t-stop must be a time >= 0")) << R.Err;
  R = Run({"--t-stop", "1V"});
  EXPECT_EQ(R.Status, 1);
  EXPECT_EQ(R.Err, "error: --t-stop 1V: expected a time, but this is a "
                   "voltage (V); write e.g. --t-stop 10ms\n");
  EXPECT_TRUE(listDir(Dir).empty());

  // A bare number is refused as in --set (but 0 is 0 in any unit).
  R = Run({"--t-stop", "1e-5", "--dt", "0.1us"});
  EXPECT_EQ(R.Status, 1);
  EXPECT_EQ(R.Err, "error: --t-stop 1e-5: a time needs a unit, as --set values do; write "
                   "e.g. --t-stop 1e-5s\n");
  // 10 us / 0.1 us is 100 steps despite rounding.
  R = Run({"--t-stop", "1e-5s", "--dt", "0.1us"});
  ASSERT_EQ(R.Status, 0) << R.Err;
  auto J = nlohmann::json::parse(readFile(Dir / "out/run.json"));
  EXPECT_EQ(J["steps"], 100);
  R = Run({"--t-stop", "0"});
  ASSERT_EQ(R.Status, 0) << R.Err;
  EXPECT_EQ(parseCsv(readFile(Dir / "out/cells.csv")).size(), 2u);
}

TEST(Runtime, CommandLineErrorsAreOneLine) {
  TestModel M;
  fs::path Dir = freshTestDir();
  for (std::vector<std::string> Args : {std::vector<std::string>{"--bogus"},
                                        {"--seed", "-1"},
                                        {"--seed", "12x"},
                                        {"--threads", "0"},
                                        {"--dt"},
                                        {"extra"},
                                        {"--set", "tau"},
                                        {"--out", ""}}) {
    Args.insert(Args.begin(), {"--out", (Dir / "out").string()});
    if (Args.back().empty())
      Args.erase(Args.begin(), Args.begin() + 2);
    RunResult R = runMain(M.Desc, Args);
    EXPECT_EQ(R.Status, 1) << Args.back();
    EXPECT_EQ(R.Err.rfind("error: ", 0), 0u) << R.Err;
    EXPECT_EQ(std::count(R.Err.begin(), R.Err.end(), '\n'), 1) << R.Err;
  }
  EXPECT_TRUE(listDir(Dir).empty());
}

TEST(Runtime, HelpVersionAndListParams) {
  TestModel M;
  RunResult R = runMain(M.Desc, {"--version"});
  EXPECT_EQ(R.Status, 0);
  EXPECT_EQ(R.Out.rfind("nmc runtime ", 0), 0u) << R.Out;
  EXPECT_TRUE(contains(R.Out, "(ABI " + std::to_string(NMC_ABI_VERSION) + ")\n")) << R.Out;
  EXPECT_TRUE(contains(R.Out, "relax")) << R.Out;

  R = runMain(M.Desc, {"--help"});
  EXPECT_EQ(R.Status, 0);
  EXPECT_TRUE(contains(R.Out, "--t-stop")) << R.Out;
  EXPECT_TRUE(contains(R.Out, "--set")) << R.Out;

  R = runMain(M.Desc, {"--list-params", "--set", "a=4um"});
  EXPECT_EQ(R.Status, 0) << R.Err;
  EXPECT_TRUE(contains(R.Out, "\ncells.tau    0.001 s  (0, inf) s\n")) << R.Out;
  EXPECT_TRUE(contains(R.Out, "(0, inf) s")) << R.Out;
  EXPECT_TRUE(contains(R.Out, "4e-06 m")) << R.Out;
  EXPECT_TRUE(contains(R.Out, "(set)")) << R.Out;
  EXPECT_TRUE(contains(R.Out, "(out of range)")) << R.Out;
}

TEST(Runtime, BadDescriptorsAreInternalErrors) {
  TestModel M;
  M.Desc.abi_version = NMC_ABI_VERSION + 98;
  RunResult R = runMain(M.Desc, {});
  EXPECT_EQ(R.Status, 2);
  EXPECT_EQ(R.Err, "error: model was compiled for runtime ABI " +
                       std::to_string(NMC_ABI_VERSION + 98) + ", this runtime is ABI " +
                       std::to_string(NMC_ABI_VERSION) + "\n");

  TestModel Bad(4, 2, 3);
  R = runMain(Bad.Desc, {});
  EXPECT_EQ(R.Status, 2);
  EXPECT_EQ(R.Err.rfind("internal error: malformed model descriptor: probe "
                        "'cells' records elements [2, 5)",
                        0),
            0u)
      << R.Err;
  EXPECT_TRUE(contains(R.Err, "please report it with the model file"));

  // An array whose inputs do not fill whole reads, and column data of the
  // wrong length, are refused before anything runs.
  TestModel WithArray;
  double Inputs[3] = {1, 1, 1};
  nmc_array_desc A{"xbar",
                   2,
                   2,
                   1,
                   1,
                   0,
                   0,
                   0.1,
                   NMC_CELLS_VALUE,
                   1e-5,
                   0,
                   nullptr,
                   3,
                   Inputs,
                   0,
                   0,
                   0,
                   nullptr,
                   0,
                   0,
                   0,
                   0,
                   nullptr,
                   0,
                   0,
                   0,
                   0,
                   0,
                   0,
                   nullptr,
                   0,
                   0,
                   0,
                   0,
                   0,
                   0,
                   0,
                   1,
                   0,
                   0,
                   UINT32_MAX,
                   0,
                   0,
                   0,
                   0,
                   0,
                   NMC_SOLVE_NONE,
                   0,
                   nullptr,
                   0,
                   0,
                   0,
                   0,
                   UINT32_MAX,
                   0,
                   0,
                   0,
                   0,
                   0,
                   0,
                   0};
  WithArray.Desc.num_arrays = 1;
  WithArray.Desc.arrays = &A;
  R = runMain(WithArray.Desc, {});
  EXPECT_EQ(R.Status, 2);
  EXPECT_TRUE(contains(R.Err, "array 'xbar' has a bad size, wire, read voltage, cells, inputs or "
                              "probe"))
      << R.Err;
  double Data[1] = {0};
  TestModel WithData;
  nmc_population_desc Pop = WithData.Desc.populations[0];
  nmc_column_desc Cols[2] = {Pop.columns[0], Pop.columns[1]};
  Cols[0].data = Data;
  Cols[0].data_count = 1;
  Pop.columns = Cols;
  WithData.Desc.populations = &Pop;
  R = runMain(WithData.Desc, {});
  EXPECT_EQ(R.Status, 2);
  EXPECT_TRUE(contains(R.Err, "column 'w' has 1 values of data for")) << R.Err;
}

} // namespace
