//===- ReplModel.h - The declarations of a REPL session and its model -*- C++ -*-===//
//
// What has been declared at the prompt, kept as source text: each entry
// (one or more declarations typed, or a file loaded) sits at the input line
// where it was typed, so that the whole program is one buffer whose line
// numbers are the session's. A new entry is checked with every entry before
// it and kept only when the whole program compiles; an entry that declares
// a name (or applies to a population) that an earlier one declared replaces
// it. The model is compiled into the JIT when a command first needs it
// after a change: the old unit and its session are dropped first, so no
// stale code survives, and the simulation starts again at t = 0.
//
//===----------------------------------------------------------------------===//
#ifndef NMC_TOOLS_REPLMODEL_H
#define NMC_TOOLS_REPLMODEL_H

#include "Compile.h"

#include "nmc/abi.h"
#include "nmc/codegen/CodeGen.h"

#include <memory>
#include <ostream>
#include <string>
#include <vector>

namespace nmc {

class ReplModel {
public:
  ReplModel(const DriverOptions &O, std::ostream &Diag);
  ~ReplModel();

  /// Checks Text (typed from input line Line on) with the declarations
  /// kept so far; keeps it when the whole program compiles, replacing the
  /// entries whose names it declares again. False after reporting.
  bool declare(const std::string &Text, uint32_t Line);
  /// What the last declare replaced (names, `apply:POP`, `experiment`).
  std::vector<std::string> Replaced;

  /// The declarations kept, compacted, with an experiment of Duration
  /// seconds where none was declared: a file `nmc build` accepts.
  std::string source(double Duration) const;
  /// Forgets every declaration and the session.
  void clear();
  bool empty() const { return Entries.empty(); }
  /// Names declared so far (for completion).
  std::vector<std::string> names() const;

  /// The step, as a time with its unit ("1 us"), unless an experiment is
  /// declared; false with Err for a bad one.
  bool setStep(const std::string &Text, std::string &Err);
  const std::string &step() const { return Step; }

  /// The live session, compiling the model first where it changed
  /// (Rebuilt then says so); null with Err set.
  nmc_session *session(bool &Rebuilt, std::string &Err);
  /// The live session without compiling (null where none).
  nmc_session *current() const { return Session; }
  /// Starts a new session of the same model at t = 0 (parameters as
  /// declared, then Sets).
  void restart();
  /// The current model (after session()), or null.
  const nmc_model_desc *desc() const { return Desc; }
  /// Parameters set at the prompt, set again on every new session.
  std::vector<std::pair<std::string, std::string>> Sets;
  int Threads = 0; // 0: the runtime's default

private:
  struct Entry {
    std::string Text;
    uint32_t Line;
    std::vector<std::string> Keys;
  };
  std::string buffer(const std::vector<Entry> &Es) const;
  bool compile(const std::vector<Entry> &Es, uint32_t NewLine, uint32_t NewEnd, bool Report,
               std::unique_ptr<ir::Module> &Out);
  void dropSession();

  DriverOptions Opts;
  std::ostream &Diag;
  std::vector<Entry> Entries;
  std::string Step = "1 us";
  std::unique_ptr<ir::Module> Module; // the last program that compiled
  bool Dirty = false;
  std::unique_ptr<codegen::JitEngine> Jit;
  std::string Unit;
  unsigned Serial = 0;
  const nmc_model_desc *Desc = nullptr;
  nmc_session *Session = nullptr;
};

} // namespace nmc

#endif
