//===- Link.cpp - Link an object with libnmcrt into an executable ---------===//
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace nmc {

/// Runs the C++ compiler nmc was built with as the linker, against the
/// runtime libraries of this build (paths fixed at configure time).
int linkExecutable(const std::string &Object, const std::string &Exe, std::string &Error) {
  std::vector<std::string> Cmd = {NMC_CXX_COMPILER, "-o", Exe, Object};
  Cmd.push_back(NMC_RUNTIME_LIB);
  Cmd.push_back(NMC_SUPPORT_LIB);
  Cmd.push_back("-fopenmp");
  Cmd.push_back("-lopenblas");
  Cmd.push_back("-lm");
  std::vector<char *> Argv;
  for (std::string &S : Cmd)
    Argv.push_back(S.data());
  Argv.push_back(nullptr);
  pid_t Pid = fork();
  if (Pid < 0) {
    Error = "cannot start the linker";
    return 1;
  }
  if (Pid == 0) {
    execvp(Argv[0], Argv.data());
    _exit(127);
  }
  int Status = 0;
  waitpid(Pid, &Status, 0);
  if (!WIFEXITED(Status) || WEXITSTATUS(Status) != 0) {
    Error = "linking '" + Exe + "' with " + Cmd[0] + " failed";
    return 1;
  }
  return 0;
}

} // namespace nmc
