//===- TextPlot.cpp - Quick plots of traces in a terminal -----------------===//
#include "TextPlot.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace nmc {

namespace {
std::string num(double X) {
  char B[32];
  std::snprintf(B, sizeof B, "%.4g", X);
  return B;
}
} // namespace

std::string textPlot(const std::vector<Series> &S, int Width, int Height) {
  static const char Marks[] = "*+ox#@%&";
  double T0 = INFINITY, T1 = -INFINITY, Y0 = INFINITY, Y1 = -INFINITY;
  for (const Series &X : S)
    for (size_t K = 0; K < X.T.size(); ++K) {
      if (!std::isfinite(X.Y[K]))
        continue;
      T0 = std::min(T0, X.T[K]), T1 = std::max(T1, X.T[K]);
      Y0 = std::min(Y0, X.Y[K]), Y1 = std::max(Y1, X.Y[K]);
    }
  if (!(T1 >= T0))
    return "(nothing to plot)\n";
  if (Y1 == Y0) // a flat line in the middle
    Y0 -= 0.5 * (std::abs(Y0) + 1e-300), Y1 += 0.5 * (std::abs(Y1) + 1e-300);
  std::vector<std::string> Grid(size_t(Height), std::string(size_t(Width), ' '));
  for (size_t I = 0; I < S.size(); ++I)
    for (size_t K = 0; K < S[I].T.size(); ++K) {
      if (!std::isfinite(S[I].Y[K]))
        continue;
      int C = T1 > T0 ? int(std::lround((S[I].T[K] - T0) / (T1 - T0) * (Width - 1))) : 0;
      int R = int(std::lround((S[I].Y[K] - Y0) / (Y1 - Y0) * (Height - 1)));
      Grid[size_t(Height - 1 - R)][size_t(C)] = Marks[I % 8];
    }
  std::string Top = num(Y1), Bottom = num(Y0);
  size_t Pad = std::max(Top.size(), Bottom.size());
  std::string Out;
  for (int R = 0; R < Height; ++R) {
    std::string Label = R == 0 ? Top : R == Height - 1 ? Bottom : "";
    Out += std::string(Pad - Label.size(), ' ') + Label + " |" + Grid[size_t(R)] + "\n";
  }
  Out += std::string(Pad + 1, ' ') + "+" + std::string(size_t(Width), '-') + "\n";
  std::string Left = num(T0) + " s", Right = num(T1) + " s";
  Out += std::string(Pad + 2, ' ') + Left +
         std::string(size_t(std::max(1, Width - int(Left.size() + Right.size()))), ' ') + Right +
         "\n";
  for (size_t I = 0; I < S.size(); ++I)
    Out += std::string(Pad + 2, ' ') + Marks[I % 8] + " " + S[I].Label + "\n";
  return Out;
}

} // namespace nmc
