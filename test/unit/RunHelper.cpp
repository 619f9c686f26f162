//===- RunHelper.cpp - Running nmc_main inside a test ---------------------===//
#include "RunHelper.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace fs = std::filesystem;

namespace nmc::test {

namespace {
// Points Fd at File until destroyed; flushes stdio on both sides so no
// byte ends up on the wrong side of the switch.
class Redirect {
public:
  Redirect(int Fd, const fs::path &File) : Fd(Fd) {
    std::fflush(nullptr);
    Saved = dup(Fd);
    int New = open(File.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(New, Fd);
    close(New);
  }
  ~Redirect() {
    std::fflush(nullptr);
    dup2(Saved, Fd);
    close(Saved);
  }

private:
  int Fd, Saved;
};
} // namespace

fs::path freshTestDir() {
  const auto *Info = ::testing::UnitTest::GetInstance()->current_test_info();
  fs::path Dir =
      fs::path(NMC_UNITTEST_TMPDIR) / (std::string(Info->test_suite_name()) + "." + Info->name());
  fs::remove_all(Dir);
  fs::create_directories(Dir);
  return Dir;
}

std::string readFile(const fs::path &P) {
  std::ifstream In(P, std::ios::binary);
  std::stringstream S;
  S << In.rdbuf();
  return S.str();
}

RunResult runMain(const nmc_model_desc &Model, const std::vector<std::string> &Args) {
  fs::path Dir = fs::path(NMC_UNITTEST_TMPDIR) / ("capture-" + std::to_string(getpid()));
  fs::create_directories(Dir);
  std::vector<std::string> Storage = {"relax"};
  Storage.insert(Storage.end(), Args.begin(), Args.end());
  std::vector<char *> Argv;
  for (std::string &S : Storage)
    Argv.push_back(S.data());
  Argv.push_back(nullptr);

  RunResult R;
  {
    Redirect Out(STDOUT_FILENO, Dir / "stdout");
    Redirect Err(STDERR_FILENO, Dir / "stderr");
    R.Status = nmc_main(int(Storage.size()), Argv.data(), &Model);
  }
  R.Out = readFile(Dir / "stdout");
  R.Err = readFile(Dir / "stderr");
  fs::remove_all(Dir);
  return R;
}

std::vector<std::vector<std::string>> parseCsv(const std::string &Text) {
  std::vector<std::vector<std::string>> Rows;
  std::istringstream In(Text);
  std::string Line;
  while (std::getline(In, Line)) {
    std::vector<std::string> Row;
    std::istringstream L(Line);
    std::string Cell;
    while (std::getline(L, Cell, ','))
      Row.push_back(Cell);
    Rows.push_back(std::move(Row));
  }
  return Rows;
}

} // namespace nmc::test
