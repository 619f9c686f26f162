//===- CrossbarSolveTool.cpp - Column currents of a crossbar from CSV -----===//
//
//   nmc-crossbar-solve G.csv V.csv R_ROW R_COL [THREADS]
// G.csv: N lines of M conductances (siemens); V.csv: N row voltages, one
// per line; R_ROW, R_COL: ohms per wire segment. Prints the M column
// currents (%.17g, one per line) of runtime/lib/Crossbar.cpp's exact solve,
// for test/tools/crossbar_ngspice.py to compare with ngspice.
//
//===----------------------------------------------------------------------===//
#include "Crossbar.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {
std::vector<std::vector<double>> readCsv(const char *Path) {
  std::ifstream In(Path);
  std::vector<std::vector<double>> Rows;
  std::string Line;
  while (std::getline(In, Line)) {
    for (char &Ch : Line)
      if (Ch == ',')
        Ch = ' ';
    std::istringstream S(Line);
    std::vector<double> Row;
    double V = 0;
    while (S >> V)
      Row.push_back(V);
    if (!Row.empty())
      Rows.push_back(Row);
  }
  return Rows;
}
} // namespace

int main(int Argc, char **Argv) {
  if (Argc < 5) {
    std::fprintf(stderr, "usage: %s G.csv V.csv R_ROW R_COL [THREADS]\n", Argv[0]);
    return 2;
  }
  auto G = readCsv(Argv[1]), V = readCsv(Argv[2]);
  int64_t N = int64_t(G.size()), M = N ? int64_t(G[0].size()) : 0;
  if (N == 0 || int64_t(V.size()) != N) {
    std::fprintf(stderr, "error: %s has %lld rows, %s %zu\n", Argv[1], (long long)N, Argv[2],
                 V.size());
    return 1;
  }
  std::vector<double> Flat, In;
  for (auto &Row : G)
    Flat.insert(Flat.end(), Row.begin(), Row.end());
  for (auto &Row : V)
    In.push_back(Row[0]);
  nmc::rt::CrossbarSolver S(N, M, {std::atof(Argv[3]), std::atof(Argv[4]), 0, 0});
  S.setConductances(Flat.data());
  std::vector<double> I(static_cast<size_t>(M));
  auto St = S.solve(In.data(), I.data(), nullptr, Argc > 5 ? std::atoi(Argv[5]) : 1);
  for (double X : I)
    std::printf("%.17g\n", X);
  std::fprintf(stderr, "%d iterations, relative residual %.2e\n", St.Iterations, St.Residual);
  return St.Converged ? 0 : 1;
}
