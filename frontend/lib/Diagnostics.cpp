//===- Diagnostics.cpp - Diagnostic engine --------------------------------===//
#include "nmc/frontend/Diagnostics.h"

#include <cstdlib>
#include <iostream>

namespace nmc {

namespace {
struct Entry {
  Severity Sev;
  const char *Text;
};
const Entry Catalogue[] = {
#define DIAG(Id, Sev, Text) {Severity::Sev, Text},
#include "nmc/frontend/Diagnostics.def"
};

const char *severityName(Severity S) {
  switch (S) {
  case Severity::Note:
    return "note";
  case Severity::Warning:
    return "warning";
  case Severity::Error:
    return "error";
  }
  return "error";
}
} // namespace

Severity diagSeverity(DiagId Id) { return Catalogue[size_t(Id)].Sev; }

std::string formatDiag(DiagId Id, const std::vector<std::string> &Args) {
  std::string Out;
  for (const char *P = Catalogue[size_t(Id)].Text; *P; ++P) {
    if (*P == '%' && P[1] >= '0' && P[1] <= '9') {
      size_t I = size_t(P[1] - '0');
      if (I < Args.size())
        Out += Args[I];
      ++P;
      continue;
    }
    Out += *P;
  }
  return Out;
}

DiagEngine::Builder::~Builder() {
  if (E)
    E->emit(std::move(D));
}

DiagEngine::Builder &DiagEngine::Builder::note(DiagId Id, SourceRange R,
                                               std::vector<std::string> Args) {
  D.Notes.push_back({Id, Severity::Note, R, formatDiag(Id, Args), {}});
  return *this;
}

DiagEngine::Builder DiagEngine::report(DiagId Id, SourceRange R, std::vector<std::string> Args) {
  Severity S = diagSeverity(Id);
  if (S == Severity::Warning && Werror)
    S = Severity::Error;
  return Builder(*this, Diagnostic{Id, S, R, formatDiag(Id, Args), {}});
}

void DiagEngine::emit(Diagnostic D) {
  if (D.Sev == Severity::Error)
    ++Errors;
  else if (D.Sev == Severity::Warning)
    ++Warnings;
  if (Consumer) {
    Consumer(D);
    return;
  }
  if (D.Sev == Severity::Error && Errors > ErrorLimit) {
    if (Errors == ErrorLimit + 1)
      OS << "fatal error: too many errors emitted, stopping now\n";
    return;
  }
  render(D, OS);
}

void DiagEngine::render(const Diagnostic &D, std::ostream &Out) const {
  const SourceLoc &L = D.Range.Begin;
  if (L.isValid())
    Out << SM.path(L.File) << ':' << L.Line << ':' << L.Col << ": ";
  Out << severityName(D.Sev) << ": " << D.Message << '\n';
  if (L.isValid()) {
    std::string_view Line = SM.lineText(L.File, L.Line);
    // Tabs are kept in the marker line so the caret lines up.
    std::string Marker;
    for (size_t I = 0; I + 1 < L.Col && I < Line.size(); ++I)
      Marker += Line[I] == '\t' ? '\t' : ' ';
    Marker += '^';
    if (D.Range.End.Line == L.Line && D.Range.End.Col > L.Col)
      Marker.append(D.Range.End.Col - L.Col, '~');
    Out << Line << '\n' << Marker << '\n';
  }
  for (const Diagnostic &N : D.Notes)
    render(N, Out);
}

void internalError(const std::string &What) {
  std::cerr << "internal error: " << What
            << "\nThis is a bug in nmc; please report it with the model file.\n";
  std::exit(2);
}

} // namespace nmc
