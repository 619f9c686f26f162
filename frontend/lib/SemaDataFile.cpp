//===- SemaDataFile.cpp - CSV files that models read when compiled ---------===//
//
// Spike lists, edge lists, images, array conductances and inputs are CSV
// files of numbers, read when the model is compiled, relative to the model
// file, with a located diagnostic for the first line that does not fit.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace nmc {

std::optional<SemaImpl::Matrix> SemaImpl::readMatrix(const ast::StringExpr &File, DiagId Id,
                                                     const std::string &What, bool NonNegative) {
  Matrix Out;
  auto Rows = readRows(File, Id,
                       "a row of " + What + (NonNegative ? " >= 0" : "") + " as long as the first",
                       [&](const std::vector<double> &R) {
                         if (Out.Width == 0)
                           Out.Width = int64_t(R.size());
                         for (double V : R)
                           if (!std::isfinite(V) || (NonNegative && V < 0))
                             return false;
                         return int64_t(R.size()) == Out.Width;
                       });
  if (!Rows)
    return std::nullopt;
  for (const std::vector<double> &R : *Rows)
    Out.Values.insert(Out.Values.end(), R.begin(), R.end());
  Out.Rows = int64_t(Rows->size());
  return Out;
}

/// The rows of a CSV file of numbers, relative to the model file (lines
/// without digits, such as a header, and lines starting with `#` are
/// skipped), each accepted by Valid;
/// else a diagnostic Id "'path' cannot be read" or "line N is not Shape"
/// and nullopt.
std::optional<std::vector<std::vector<double>>>
SemaImpl::readRows(const ast::StringExpr &File, DiagId Id, const std::string &Shape,
                   const std::function<bool(const std::vector<double> &)> &Valid) {
  std::filesystem::path Path(File.Value);
  if (Path.is_relative())
    Path = std::filesystem::path(FilePaths[File.Range.Begin.File]).parent_path() / Path;
  std::ifstream In(Path);
  if (!In) {
    Diags.report(Id, File.Range, {Path.string(), "cannot be read"});
    return std::nullopt;
  }
  std::vector<std::vector<double>> Rows;
  std::string Line;
  for (int64_t N = 1; std::getline(In, Line); ++N) {
    size_t First = Line.find_first_not_of(" \t");
    if (Line.find_first_of("0123456789") == std::string::npos ||
        (First != std::string::npos && Line[First] == '#'))
      continue;
    std::replace(Line.begin(), Line.end(), ',', ' ');
    std::istringstream S(Line);
    std::vector<double> Row;
    double V = NAN;
    while (S >> V)
      Row.push_back(V);
    if (!S.eof() || !Valid(Row)) {
      Diags.report(Id, File.Range,
                   {Path.string(), "line " + std::to_string(N) + " is not " + Shape});
      return std::nullopt;
    }
    Rows.push_back(std::move(Row));
  }
  return Rows;
}

std::optional<std::vector<std::pair<double, double>>>
SemaImpl::readPairs(const ast::StringExpr &File, DiagId Id, const std::string &Shape,
                    const std::function<bool(double, double)> &Valid) {
  auto Rows = readRows(File, Id, Shape, [&](const std::vector<double> &R) {
    return R.size() == 2 && Valid(R[0], R[1]);
  });
  if (!Rows)
    return std::nullopt;
  std::vector<std::pair<double, double>> Pairs;
  for (const std::vector<double> &R : *Rows)
    Pairs.push_back({R[0], R[1]});
  return Pairs;
}

} // namespace nmc
