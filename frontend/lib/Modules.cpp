//===- Modules.cpp - Loading a model and the modules it imports -----------===//
#include "nmc/frontend/Modules.h"

#include "nmc/frontend/Parser.h"

#include <climits>
#include <cstdlib>
#include <map>
#include <sys/stat.h>

namespace nmc {

namespace {

std::string dirOf(const std::string &Path) {
  size_t Slash = Path.find_last_of('/');
  return Slash == std::string::npos ? "." : Path.substr(0, Slash);
}

bool isFile(const std::string &Path) {
  struct stat St;
  return ::stat(Path.c_str(), &St) == 0 && S_ISREG(St.st_mode);
}

std::string canonical(const std::string &Path) {
  char Buf[PATH_MAX];
  return ::realpath(Path.c_str(), Buf) ? std::string(Buf) : Path;
}

struct Loader {
  SourceManager &SM;
  const std::vector<std::string> &SearchPath;
  DiagEngine &Diags;
  std::vector<std::unique_ptr<ast::File>> Out;
  std::map<std::string, bool> Done; // canonical path -> finished
  std::vector<std::string> Stack;   // canonical paths being loaded
  bool Failed = false;

  /// Loads one file (already in SM) and its imports; appends it after them.
  void visit(uint32_t File, const std::string &Canon) {
    auto Ast = parseFile(File, SM, Diags);
    if (!Ast) {
      Failed = true;
      return;
    }
    Stack.push_back(Canon);
    Done[Canon] = false;
    for (const ast::ImportDecl &I : Ast->Imports) {
      std::vector<std::string> Tried;
      std::string Found;
      std::vector<std::string> Dirs = {dirOf(Ast->Path)};
      Dirs.insert(Dirs.end(), SearchPath.begin(), SearchPath.end());
      for (const std::string &D : Dirs) {
        std::string P = I.Path.size() && I.Path[0] == '/' ? I.Path : D + "/" + I.Path;
        Tried.push_back(D);
        if (isFile(P)) {
          Found = P;
          break;
        }
      }
      if (Found.empty()) {
        std::string Where;
        for (const std::string &T : Tried)
          Where += (Where.empty() ? "" : ", ") + T;
        Diags.report(DiagId::err_import_not_found, I.Range, {I.Path, Where});
        Failed = true;
        continue;
      }
      std::string C = canonical(Found);
      auto It = Done.find(C);
      if (It != Done.end()) {
        if (!It->second) { // still on the stack: a cycle
          std::string Chain;
          bool In = false;
          for (const std::string &S : Stack) {
            In |= S == C;
            if (In)
              Chain += S.substr(S.find_last_of('/') + 1) + " -> ";
          }
          Chain += C.substr(C.find_last_of('/') + 1);
          Diags.report(DiagId::err_import_cycle, I.Range, {Chain});
          Failed = true;
        }
        continue;
      }
      std::string Err;
      auto Id = SM.loadFile(Found, Err);
      if (!Id) {
        Diags.report(DiagId::err_cannot_read, I.Range, {Found, Err});
        Failed = true;
        continue;
      }
      visit(*Id, C);
    }
    Stack.pop_back();
    Done[Canon] = true;
    Out.push_back(std::move(Ast));
  }
};

} // namespace

std::vector<std::unique_ptr<ast::File>> loadModules(SourceManager &SM, uint32_t Root,
                                                    const std::vector<std::string> &SearchPath,
                                                    DiagEngine &Diags) {
  Loader L{SM, SearchPath, Diags, {}, {}, {}, false};
  L.visit(Root, canonical(SM.path(Root)));
  if (L.Failed)
    return {};
  return std::move(L.Out);
}

} // namespace nmc
