//===- OutputDir.h - Output that appears whole or not at all ---*- C++ -*-===//
//
// A run writes into `<out>.partial-<pid>` and renames it to `<out>` only
// when everything succeeded, so a crash, a divergence or a full disk never
// leaves a half-written output directory that looks like a result.
//
//===----------------------------------------------------------------------===//
#ifndef NMC_RUNTIME_OUTPUTDIR_H
#define NMC_RUNTIME_OUTPUTDIR_H

#include <filesystem>
#include <memory>
#include <string>

namespace nmc::rt {

class OutputDir {
public:
  /// Checks that Final may be written (it does not exist, or it is an
  /// earlier run's output: a directory holding run.json, or empty), creates
  /// its parent directories and the partial directory. Null with Err if not.
  static std::unique_ptr<OutputDir> create(const std::string &Final, std::string &Err);

  /// Removes the partial directory unless commit() succeeded.
  ~OutputDir();
  OutputDir(const OutputDir &) = delete;
  OutputDir &operator=(const OutputDir &) = delete;

  /// Where files are written until commit.
  const std::filesystem::path &path() const { return Partial; }
  /// The directory the run's output will have after commit.
  const std::filesystem::path &finalPath() const { return Final; }

  /// Moves the partial directory to the final name, replacing an earlier
  /// output there. False with Err (and the earlier output kept) on failure.
  bool commit(std::string &Err);

private:
  OutputDir(std::filesystem::path Final, std::filesystem::path Partial)
      : Final(std::move(Final)), Partial(std::move(Partial)) {}

  std::filesystem::path Final, Partial;
  bool Committed = false;
};

} // namespace nmc::rt

#endif
