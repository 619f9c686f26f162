//===- ReplHelp.h - :help of the REPL ---------------------------*- C++ -*-===//
#ifndef NMC_TOOLS_REPLHELP_H
#define NMC_TOOLS_REPLHELP_H

#include <string>
#include <vector>

namespace nmc {

/// The help for a command (":run" or "run") or a construct ("device"), or
/// the overview for an empty topic; empty for an unknown one.
std::string replHelp(const std::string &Topic);
/// Every command, with its colon, and every construct (for completion).
const std::vector<std::string> &replCommands();
const std::vector<std::string> &replKeywords();

} // namespace nmc

#endif
