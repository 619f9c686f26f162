//===- OutputDir.cpp - Output directories that appear whole or not at all -===//
#include "OutputDir.h"

#include "Format.h"

#include <system_error>
#include <unistd.h>

namespace fs = std::filesystem;

namespace nmc::rt {

namespace {
std::string withSuffix(const fs::path &P, const char *Tag) {
  return P.string() + format(".%s-%ld", Tag, long(getpid()));
}

// Replacing deletes the old directory, so only ever replace what a run
// wrote: `--out .` or `--out ~/thesis` must not erase the user's files.
bool mayReplace(const fs::path &P, std::string &Err) {
  std::error_code EC;
  auto St = fs::symlink_status(P, EC);
  if (EC || St.type() == fs::file_type::not_found)
    return true;
  if (St.type() != fs::file_type::directory) {
    Err = format("--out %s: exists and is not a directory", P.c_str());
    return false;
  }
  if (fs::exists(P / "run.json", EC) || fs::is_empty(P, EC))
    return true;
  Err = format("--out %s: the directory exists and is not the output of an "
               "earlier run (it has no run.json); remove it or choose "
               "another --out",
               P.c_str());
  return false;
}
} // namespace

std::unique_ptr<OutputDir> OutputDir::create(const std::string &Final, std::string &Err) {
  // "out/" and "out" are the same directory; the partial one must be a
  // sibling ("out.partial-1"), not a child ("out/.partial-1").
  fs::path F = fs::path(Final).lexically_normal();
  if (!F.has_filename())
    F = F.parent_path();
  if (F.empty() || F.filename().empty() || F.filename() == "." || F.filename() == "..") {
    Err = format("--out %s: not a directory name a run can create", Final.c_str());
    return nullptr;
  }
  if (!mayReplace(F, Err))
    return nullptr;
  std::error_code EC;
  if (F.has_parent_path()) {
    fs::create_directories(F.parent_path(), EC);
    if (EC) {
      Err =
          format("cannot create directory '%s': %s", F.parent_path().c_str(), EC.message().c_str());
      return nullptr;
    }
  }
  fs::path P = withSuffix(F, "partial");
  fs::remove_all(P, EC); // left by a killed run that had our pid
  if (!fs::create_directory(P, EC) || EC) {
    Err = format("cannot create directory '%s': %s", P.c_str(),
                 EC ? EC.message().c_str() : "it exists");
    return nullptr;
  }
  return std::unique_ptr<OutputDir>(new OutputDir(F, P));
}

OutputDir::~OutputDir() {
  if (Committed)
    return;
  std::error_code EC;
  fs::remove_all(Partial, EC);
}

bool OutputDir::commit(std::string &Err) {
  std::error_code EC;
  if (!mayReplace(Final, Err))
    return false;
  fs::path Old;
  if (fs::exists(fs::symlink_status(Final, EC))) {
    Old = withSuffix(Final, "old");
    fs::remove_all(Old, EC);
    fs::rename(Final, Old, EC);
    if (EC) {
      Err = format("cannot move the earlier output '%s' away: %s", Final.c_str(),
                   EC.message().c_str());
      return false;
    }
  }
  fs::rename(Partial, Final, EC);
  if (EC) {
    Err = format("cannot rename '%s' to '%s': %s", Partial.c_str(), Final.c_str(),
                 EC.message().c_str());
    if (!Old.empty())
      fs::rename(Old, Final, EC); // put the earlier output back
    return false;
  }
  Committed = true;
  if (!Old.empty())
    fs::remove_all(Old, EC); // failing to tidy up does not fail the run
  return true;
}

} // namespace nmc::rt
