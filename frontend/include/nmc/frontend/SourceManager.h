//===- SourceManager.h - Source buffers and locations ----------*- C++ -*-===//
//
// Owns the text of every loaded file and turns positions into line/column
// for diagnostics. Every AST node carries a SourceRange from here.
//
//===----------------------------------------------------------------------===//
#ifndef NMC_FRONTEND_SOURCEMANAGER_H
#define NMC_FRONTEND_SOURCEMANAGER_H

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nmc {

/// A position in a loaded file: 1-based line and column; File 0 is invalid.
struct SourceLoc {
  uint32_t File = 0;
  uint32_t Line = 0;
  uint32_t Col = 0;
  bool isValid() const { return File != 0; }
};

/// [Begin, End] inclusive of the last character, on Begin's line for
/// rendering purposes.
struct SourceRange {
  SourceLoc Begin, End;
  SourceRange() = default;
  SourceRange(SourceLoc B) : Begin(B), End(B) {}
  SourceRange(SourceLoc B, SourceLoc E) : Begin(B), End(E) {}
  bool isValid() const { return Begin.isValid(); }
};

class SourceManager {
public:
  /// Loads a file; returns its id or nullopt (Error says why).
  std::optional<uint32_t> loadFile(const std::string &Path, std::string &Error);
  /// Adds an in-memory buffer (tests, fuzzer, REPL).
  uint32_t addBuffer(std::string Name, std::string Text);

  const std::string &path(uint32_t File) const { return Files[File - 1].Path; }
  const std::string &text(uint32_t File) const { return Files[File - 1].Text; }
  /// The text of one line without its newline.
  std::string_view lineText(uint32_t File, uint32_t Line) const;

private:
  struct Buffer {
    std::string Path;
    std::string Text;
    std::vector<size_t> LineStarts;
  };
  std::vector<Buffer> Files;
};

} // namespace nmc

#endif
