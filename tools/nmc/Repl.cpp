//===- Repl.cpp - nmc repl: the loop, its input and its completion --------===//
#include "Repl.h"

#include "ReplHelp.h"

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <editline/readline.h>
#include <iostream>
#include <unistd.h>

namespace nmc {

volatile std::sig_atomic_t ReplInterrupted = 0;

namespace {

extern "C" void onInterrupt(int) { ReplInterrupted = 1; }

/// Whether Text is a whole statement: brackets closed (outside comments
/// and strings) and, unless empty, ending in ';' or '}'.
bool complete(const std::string &Text) {
  int Depth = 0;
  bool InString = false;
  char Last = 0;
  for (size_t K = 0; K < Text.size(); ++K) {
    char C = Text[K];
    if (InString) {
      InString = C != '"';
      Last = C;
      continue;
    }
    if (C == '/' && K + 1 < Text.size() && Text[K + 1] == '/') {
      K = Text.find('\n', K);
      if (K == std::string::npos)
        break;
      continue;
    }
    if (C == '"')
      InString = true;
    else if (C == '{' || C == '(' || C == '[')
      ++Depth;
    else if (C == '}' || C == ')' || C == ']')
      --Depth;
    if (!std::isspace(static_cast<unsigned char>(C)))
      Last = C;
  }
  return Depth <= 0 && !InString && (Last == 0 || Last == ';' || Last == '}');
}

Repl *Active = nullptr; // for libedit's completion callback

char *completionEntry(const char *Text, int State) {
  static std::vector<std::string> Matches;
  static size_t Next;
  if (State == 0) {
    Matches = Active ? Active->complete(Text) : std::vector<std::string>();
    Next = 0;
  }
  return Next < Matches.size() ? strdup(Matches[Next++].c_str()) : nullptr;
}

char **completion(const char *Text, int, int) {
  rl_attempted_completion_over = 1;
  return rl_completion_matches(Text, completionEntry);
}

std::string historyPath() {
  if (const char *P = std::getenv("NMC_HISTORY"))
    return P;
  const char *Home = std::getenv("HOME");
  return Home ? std::string(Home) + "/.nmc_history" : "";
}

} // namespace

std::string trimmed(const std::string &S) {
  size_t B = S.find_first_not_of(" \t\r\n"), E = S.find_last_not_of(" \t\r\n");
  return B == std::string::npos ? "" : S.substr(B, E - B + 1);
}

Repl::Repl(const DriverOptions &O, std::ostream &O1, std::ostream &E)
    : Model(O, E), Out(O1), Err(E) {}

bool Repl::fail(const std::string &Msg) {
  Err << "error: " << Msg << "\n";
  return false;
}

std::vector<std::string> Repl::complete(const std::string &Prefix) const {
  std::vector<std::string> All;
  if (!Prefix.empty() && Prefix[0] == ':')
    All = replCommands();
  else {
    All = replKeywords();
    for (const std::string &N : Model.names())
      All.push_back(N);
  }
  std::vector<std::string> Matches;
  for (const std::string &W : All)
    if (W.compare(0, Prefix.size(), Prefix) == 0)
      Matches.push_back(W);
  return Matches;
}

bool Repl::execute(const std::string &Input, uint32_t Line) {
  auto Start = std::chrono::steady_clock::now();
  std::string Text = trimmed(Input);
  bool Ok = true;
  if (Text.empty() || Text.compare(0, 2, "//") == 0)
    return true;
  if (Text[0] == ':') {
    Ok = command(Text, Line);
  } else {
    Ok = Model.declare(Input, Line);
    for (const std::string &K : Ok ? Model.Replaced : std::vector<std::string>())
      Out << "(replaces the earlier "
          << (K.rfind("apply:", 0) == 0 ? "apply to '" + K.substr(6) + "'" : "'" + K + "'")
          << ")\n";
  }
  if (Timing)
    Out << "("
        << std::chrono::duration<double>(std::chrono::steady_clock::now() - Start).count() * 1e3
        << " ms)\n";
  return Ok;
}

int runRepl(const DriverOptions &O) {
  bool Terminal = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
  Repl R(O, std::cout, std::cerr);
  struct sigaction SA {};
  SA.sa_handler = onInterrupt;
  sigemptyset(&SA.sa_mask);
  sigaction(SIGINT, &SA, nullptr);
  std::string History = historyPath();
  if (Terminal) {
    Active = &R;
    rl_readline_name = "nmc";
    rl_attempted_completion_function = completion;
    if (!History.empty())
      read_history(History.c_str());
    std::cout << "nmc " << NMC_VERSION << " REPL; :help for help, :quit or Ctrl-D to leave\n";
  }
  uint32_t LineNo = 0, Errors = 0;
  std::string Pending;
  uint32_t PendingLine = 0;
  while (!R.Quit) {
    std::string Line;
    if (Terminal) {
      char *L = readline(Pending.empty() ? "nmc> " : "...> ");
      if (!L)
        break;
      Line = L;
      std::free(L);
      ReplInterrupted = 0;
    } else if (!std::getline(std::cin, Line)) {
      break;
    }
    ++LineNo;
    if (!Pending.empty() && trimmed(Line).rfind(':', 0) == 0) {
      // A command ends an unfinished statement, to be diagnosed as it is.
      Errors += !R.execute(Pending, PendingLine);
      Pending.clear();
    }
    if (Pending.empty()) {
      PendingLine = LineNo;
      if (trimmed(Line).rfind(':', 0) == 0) { // a command is one line
        if (Terminal && !trimmed(Line).empty())
          add_history(Line.c_str());
        Errors += !R.execute(Line, LineNo);
        std::cout.flush();
        continue;
      }
    }
    Pending += Line + "\n";
    // A blank line ends an unfinished statement (to be diagnosed as it is).
    if (!complete(Pending) && !trimmed(Line).empty())
      continue;
    if (Terminal && !trimmed(Pending).empty()) {
      std::string H = trimmed(Pending);
      add_history(H.c_str());
    }
    Errors += !R.execute(Pending, PendingLine);
    Pending.clear();
    std::cout.flush();
  }
  if (!trimmed(Pending).empty())
    Errors += !R.execute(Pending, PendingLine);
  if (Terminal) {
    std::cout << "\n";
    if (!History.empty())
      write_history(History.c_str());
  }
  // A script's errors show in the exit status; the loop never stopped.
  return !Terminal && Errors ? 1 : 0;
}

} // namespace nmc
