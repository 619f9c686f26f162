//===- SourceManager.cpp - Source buffers and locations -------------------===//
#include "nmc/frontend/SourceManager.h"

#include <fstream>
#include <sstream>
#include <sys/stat.h>

namespace nmc {

std::optional<uint32_t> SourceManager::loadFile(const std::string &Path, std::string &Error) {
  struct stat St;
  if (::stat(Path.c_str(), &St) != 0) {
    Error = "no such file";
    return std::nullopt;
  }
  if (S_ISDIR(St.st_mode)) {
    Error = "is a directory";
    return std::nullopt;
  }
  std::ifstream In(Path, std::ios::binary);
  if (!In) {
    Error = "cannot open the file";
    return std::nullopt;
  }
  std::ostringstream SS;
  SS << In.rdbuf();
  return addBuffer(Path, SS.str());
}

uint32_t SourceManager::addBuffer(std::string Name, std::string Text) {
  Buffer B{std::move(Name), std::move(Text), {0}};
  for (size_t I = 0; I < B.Text.size(); ++I)
    if (B.Text[I] == '\n')
      B.LineStarts.push_back(I + 1);
  Files.push_back(std::move(B));
  return uint32_t(Files.size());
}

std::string_view SourceManager::lineText(uint32_t File, uint32_t Line) const {
  const Buffer &B = Files[File - 1];
  if (Line == 0 || Line > B.LineStarts.size())
    return {};
  size_t Start = B.LineStarts[Line - 1];
  size_t End = Line < B.LineStarts.size() ? B.LineStarts[Line] - 1 : B.Text.size();
  std::string_view S(B.Text);
  S = S.substr(Start, End - Start);
  if (!S.empty() && S.back() == '\r')
    S.remove_suffix(1);
  return S;
}

} // namespace nmc
