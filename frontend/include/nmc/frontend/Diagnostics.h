//===- Diagnostics.h - Diagnostic engine ------------------------*- C++ -*-===//
//
// Every user-facing message goes through here: an id from Diagnostics.def,
// a primary range, arguments and attached notes, rendered clang-style with
// the source line and a caret. User errors never throw; compiler bugs use
// internalError(), which says how to report them.
//
//===----------------------------------------------------------------------===//
#ifndef NMC_FRONTEND_DIAGNOSTICS_H
#define NMC_FRONTEND_DIAGNOSTICS_H

#include "nmc/frontend/SourceManager.h"

#include <functional>
#include <ostream>
#include <string>
#include <vector>

namespace nmc {

enum class DiagId {
#define DIAG(Id, Sev, Text) Id,
#include "nmc/frontend/Diagnostics.def"
};

enum class Severity { Note, Warning, Error };

struct Diagnostic {
  DiagId Id;
  Severity Sev;
  SourceRange Range;
  std::string Message;
  std::vector<Diagnostic> Notes;
};

class DiagEngine {
public:
  DiagEngine(const SourceManager &SM, std::ostream &OS) : SM(SM), OS(OS) {}

  /// Promotes warnings to errors.
  void setWarningsAsErrors(bool On) { Werror = On; }
  /// Stops printing after this many errors (the rest are counted).
  void setErrorLimit(unsigned N) { ErrorLimit = N; }

  /// Starts a diagnostic; it is emitted when the returned builder dies, so
  /// notes can be attached first.
  class Builder {
  public:
    Builder(DiagEngine &E, Diagnostic D) : E(&E), D(std::move(D)) {}
    Builder(Builder &&O) noexcept : E(O.E), D(std::move(O.D)) { O.E = nullptr; }
    Builder(const Builder &) = delete;
    ~Builder();
    Builder &note(DiagId Id, SourceRange R, std::vector<std::string> Args = {});

  private:
    DiagEngine *E;
    Diagnostic D;
  };

  Builder report(DiagId Id, SourceRange R, std::vector<std::string> Args = {});

  unsigned errorCount() const { return Errors; }
  unsigned warningCount() const { return Warnings; }
  bool hasErrors() const { return Errors != 0; }

  /// Replaces the printer (tests collect diagnostics instead).
  void setConsumer(std::function<void(const Diagnostic &)> C) { Consumer = std::move(C); }

  /// Renders one diagnostic with its source line, caret and notes.
  void render(const Diagnostic &D, std::ostream &Out) const;

private:
  void emit(Diagnostic D);
  const SourceManager &SM;
  std::ostream &OS;
  bool Werror = false;
  unsigned ErrorLimit = 20;
  unsigned Errors = 0, Warnings = 0;
  std::function<void(const Diagnostic &)> Consumer;
};

/// Formats a catalogue entry with its arguments.
std::string formatDiag(DiagId Id, const std::vector<std::string> &Args);
Severity diagSeverity(DiagId Id);

/// Reports a compiler bug and exits with status 2.
[[noreturn]] void internalError(const std::string &What);

} // namespace nmc

#endif
