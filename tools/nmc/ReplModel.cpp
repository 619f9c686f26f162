//===- ReplModel.cpp - The declarations of a REPL session and its model ---===//
#include "ReplModel.h"

#include "nmc/frontend/Parser.h"
#include "nmc/frontend/SourceManager.h"
#include "nmc/support/Units.h"

#include <algorithm>
#include <cstdio>
#include <set>
#include <sstream>

namespace nmc {

namespace {

uint32_t countLines(const std::string &Text) {
  return uint32_t(std::count(Text.begin(), Text.end(), '\n')) +
         (Text.empty() || Text.back() == '\n' ? 0 : 1);
}

/// What an entry declares: names, `apply:POP` (one waveform per
/// population) and `experiment`; a later entry with the same key replaces it.
std::vector<std::string> keysOf(const ast::File &F) {
  std::vector<std::string> Keys;
  for (const ast::ImportDecl &I : F.Imports)
    Keys.push_back("import:" + I.Path);
  for (const ast::DeclPtr &D : F.Decls) {
    const ast::Decl *P = D.get();
    if (auto *Ap = ast::dyn_cast<ast::ApplyDecl>(P))
      Keys.push_back("apply:" + Ap->Target.Name +
                     (Ap->Terminal ? "." + Ap->Terminal->Name : std::string()));
    else if (P->Kind == ast::DeclKind::Experiment)
      Keys.push_back("experiment");
    else if (const ast::Ident *N = ast::declaredName(P))
      Keys.push_back(N->Name);
  }
  return Keys;
}

bool hasKey(const std::vector<std::string> &Keys, const std::string &K) {
  return std::find(Keys.begin(), Keys.end(), K) != Keys.end();
}

} // namespace

ReplModel::ReplModel(const DriverOptions &O, std::ostream &D) : Opts(O), Diag(D) {
  Opts.Emit = "run";
  Opts.ObserveAll = true;
}

ReplModel::~ReplModel() { dropSession(); }

std::string ReplModel::buffer(const std::vector<Entry> &Es) const {
  std::string Text;
  uint32_t Line = 1;
  bool Experiment = false;
  for (const Entry &E : Es) {
    for (; Line < E.Line; ++Line)
      Text += '\n';
    Text += E.Text;
    if (!E.Text.empty() && E.Text.back() != '\n')
      Text += '\n';
    Line += countLines(E.Text);
    Experiment |= hasKey(E.Keys, "experiment");
  }
  if (!Experiment)
    Text += "experiment { duration = 0 s; step = " + Step + "; }\n";
  return Text;
}

bool ReplModel::compile(const std::vector<Entry> &Es, uint32_t NewLine, uint32_t NewEnd,
                        bool Report, std::unique_ptr<ir::Module> &Out) {
  SourceManager SM;
  uint32_t File = SM.addBuffer("<input>", buffer(Es));
  DiagEngine Diags(SM, Diag);
  // Errors always; warnings only on the lines just typed, and none of those
  // about a model still being typed (no probe, no stimulus, unused state).
  Diags.setConsumer([&](const Diagnostic &D) {
    if (!Report)
      return;
    if (D.Sev == Severity::Warning) {
      static const std::set<DiagId> Partial = {DiagId::warn_no_probe, DiagId::warn_no_stimulus,
                                               DiagId::warn_unused_state,
                                               DiagId::warn_unused_param};
      uint32_t L = D.Range.Begin.Line;
      if (Partial.count(D.Id) || D.Range.Begin.File != File || L < NewLine || L >= NewEnd)
        return;
    }
    Diags.render(D, Diag);
  });
  std::ostringstream Ignored;
  bool Stop = false;
  Out = compileBuffer(SM, File, Opts, Diags, Ignored, Stop);
  return Out && !Diags.hasErrors();
}

bool ReplModel::declare(const std::string &Text, uint32_t Line) {
  Entry New{Text, Line, {}};
  {
    SourceManager SM;
    uint32_t File = SM.addBuffer("<input>", std::string(Line - 1, '\n') + Text);
    DiagEngine Diags(SM, Diag);
    auto F = parseFile(File, SM, Diags);
    if (!F || Diags.hasErrors())
      return false;
    New.Keys = keysOf(*F);
  }
  std::vector<Entry> Next;
  std::vector<std::string> Gone;
  for (const Entry &E : Entries) {
    bool Replaced = false;
    for (const std::string &K : E.Keys)
      if (hasKey(New.Keys, K))
        Replaced = true, Gone.push_back(K);
    if (!Replaced)
      Next.push_back(E);
  }
  Next.push_back(New);
  std::unique_ptr<ir::Module> M;
  if (!compile(Next, Line, Line + countLines(Text), true, M))
    return false;
  // What the session cannot run yet is refused here, not ignored.
  if (!M->SweepValues.empty()) {
    Diag << "<input>:" << Line
         << ": error: the REPL does not run sweeps in the experiment; :sweep does, and `nmc "
            "run` runs this one\n";
    return false;
  }
  for (const ir::Array &A : M->Arrays)
    if (A.Drive) {
      // Its probes are written when a run ends, which a session never does.
      Diag << "<input>:" << Line << ": error: the REPL does not run arrays with 'drive' ('"
           << A.Name << "'); `nmc run` runs them\n";
      return false;
    }
  Replaced = std::move(Gone);
  Entries = std::move(Next);
  Module = std::move(M);
  Dirty = true;
  return true;
}

bool ReplModel::setStep(const std::string &Text, std::string &Err) {
  auto Q = parseQuantity(Text, Err);
  if (!Q)
    return false;
  if (Q->second != Dim::base(2) || !(Q->first > 0)) {
    Err = "the step must be a time above 0 s, such as 100 ns";
    return false;
  }
  std::string Old = Step;
  Step = Text;
  std::unique_ptr<ir::Module> M;
  if (!Entries.empty() && !compile(Entries, 0, 0, true, M)) {
    Step = Old;
    Err = "the model does not compile with that step";
    return false;
  }
  if (M)
    Module = std::move(M);
  Dirty = true;
  return true;
}

std::string ReplModel::source(double Duration) const {
  std::string Text = "// Declarations of an nmc REPL session (`:save`).\n";
  bool Experiment = false;
  for (const Entry &E : Entries) {
    Text += E.Text;
    if (!E.Text.empty() && E.Text.back() != '\n')
      Text += '\n';
    Experiment |= hasKey(E.Keys, "experiment");
  }
  if (!Experiment) {
    char D[64];
    std::snprintf(D, sizeof D, "%.17g", Duration);
    Text += "experiment { duration = " + std::string(D) + " s; step = " + Step + "; }\n";
  }
  return Text;
}

void ReplModel::clear() {
  dropSession();
  Entries.clear();
  Module.reset();
  Sets.clear();
  Dirty = false;
}

std::vector<std::string> ReplModel::names() const {
  std::vector<std::string> Names;
  for (const Entry &E : Entries)
    for (const std::string &K : E.Keys)
      if (K.find(':') == std::string::npos && K != "experiment")
        Names.push_back(K);
  return Names;
}

void ReplModel::dropSession() {
  if (Session)
    nmc_session_destroy(Session);
  Session = nullptr;
  Desc = nullptr;
  std::string Ignored;
  if (Jit && !Unit.empty())
    Jit->remove(Unit, Ignored);
  Unit.clear();
}

void ReplModel::restart() {
  if (Session)
    nmc_session_destroy(Session);
  Session = nullptr;
}

nmc_session *ReplModel::session(bool &Rebuilt, std::string &Err) {
  Rebuilt = false;
  if (Session && !Dirty)
    return Session;
  if (!Module) {
    Err = "nothing is declared yet (type a device, a population and an apply, or :help)";
    return nullptr;
  }
  if (Dirty || !Desc) {
    dropSession();
    if (!Jit) {
      codegen::Options CO{Opts.OptLevel, NMC_VERSION};
      Jit = codegen::JitEngine::create(CO, Err);
      if (!Jit)
        return nullptr;
    }
    Unit = "repl" + std::to_string(++Serial);
    Desc = Jit->add(Unit, *Module, Err);
    if (!Desc) {
      Unit.clear();
      return nullptr;
    }
    Dirty = false;
  }
  Session = nmc_session_create(Desc);
  if (!Session) {
    Err = "the compiled model does not load";
    return nullptr;
  }
  if (Threads > 0)
    nmc_session_set_threads(Session, Threads);
  // Parameters set before: again, where they still apply.
  for (auto It = Sets.begin(); It != Sets.end();) {
    if (nmc_session_set_param(Session, It->first.c_str(), It->second.c_str()) != 0) {
      Diag << "note: " << It->first << " = " << It->second
           << " no longer applies: " << nmc_session_error(Session) << "\n";
      It = Sets.erase(It);
    } else {
      ++It;
    }
  }
  if (nmc_session_reset(Session, Desc->dt) != 0) {
    Err = nmc_session_error(Session);
    restart();
    return nullptr;
  }
  Rebuilt = true;
  return Session;
}

} // namespace nmc
