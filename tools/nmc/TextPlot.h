//===- TextPlot.h - Quick plots of traces in a terminal ---------*- C++ -*-===//
//
// A character plot of one or more series against time, for the REPL's
// :plot on a terminal (and in scripts, where it is what the test sees): a
// grid of Width x Height cells, each series drawn with its own mark, the
// y range and the time range written on the axes.
//
//===----------------------------------------------------------------------===//
#ifndef NMC_TOOLS_TEXTPLOT_H
#define NMC_TOOLS_TEXTPLOT_H

#include <string>
#include <vector>

namespace nmc {

struct Series {
  std::string Label;
  std::vector<double> T, Y;
};

std::string textPlot(const std::vector<Series> &S, int Width = 64, int Height = 16);

} // namespace nmc

#endif
