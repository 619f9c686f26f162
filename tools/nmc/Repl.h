//===- Repl.h - nmc repl: interactive experiments ---------------*- C++ -*-===//
//
// The read-eval-print loop. Language text typed at the prompt is declared
// into one live model (ReplModel.h); lines that start with ':' are
// commands (ReplHelp.cpp lists them) that run, print, set, sweep, watch,
// plot and save. On a terminal the input is edited with libedit, with
// history kept in ~/.nmc_history and completion of commands, keywords and
// declared names; otherwise (`nmc repl < script`) lines are read plainly,
// without prompts. No error ends the loop; Ctrl-C stops a run and keeps
// the state it reached.
//
//===----------------------------------------------------------------------===//
#ifndef NMC_TOOLS_REPL_H
#define NMC_TOOLS_REPL_H

#include "ReplModel.h"
#include "TextPlot.h"

#include <iosfwd>
#include <string>
#include <vector>

namespace nmc {

int runRepl(const DriverOptions &O);

/// S without the blanks around it.
std::string trimmed(const std::string &S);

class Repl {
public:
  Repl(const DriverOptions &O, std::ostream &Out, std::ostream &Err);
  /// One statement: a command, or declarations typed from input line Line.
  /// False after reporting an error (the loop goes on); Quit on :quit.
  bool execute(const std::string &Input, uint32_t Line);
  bool Quit = false;
  /// Completions of the word Prefix (commands, keywords, declared names).
  std::vector<std::string> complete(const std::string &Prefix) const;

private:
  /// What a :print or :watch names: a population, elements, columns.
  struct Target {
    bool Time = false;
    uint32_t Pop = 0;
    int64_t First = 0, Last = 0; // [First, Last)
    std::vector<uint32_t> Cols;
  };
  struct Trace {
    std::string Label;
    uint32_t Pop, Col;
    int64_t Element;
    std::vector<double> T, Y;
  };
  bool command(const std::string &Line, uint32_t LineNo);
  bool run(const std::string &Args);
  bool print(const std::string &Args);
  bool set(const std::string &Args);
  bool params();
  bool sweep(const std::string &Args);
  bool watch(const std::string &Args);
  bool plot(const std::string &Args);
  bool map(const std::string &Args);
  bool save(const std::string &Args);
  bool load(const std::string &Args, uint32_t Line);
  /// The session, saying so where the model was compiled anew.
  nmc_session *session();
  bool target(const std::string &Text, Target &T);
  bool duration(const std::string &Text, double &Seconds);
  double value(uint32_t Pop, uint32_t Col, int64_t Element);
  /// Advances by Seconds in whole steps, recording the traces; false when
  /// interrupted or failed (reported).
  bool advance(double Seconds);
  bool fail(const std::string &Msg);

  ReplModel Model;
  std::ostream &Out, &Err;
  std::vector<Trace> Traces;
  std::vector<std::string> Watched; // the targets as typed, to watch again
  bool Timing = false;
  bool Advanced = false; // the session ran since it started
};

} // namespace nmc

#endif
