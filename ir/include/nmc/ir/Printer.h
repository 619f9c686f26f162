//===- Printer.h - Stable text form of the model IR ------------*- C++ -*-===//
#ifndef NMC_IR_PRINTER_H
#define NMC_IR_PRINTER_H

#include "nmc/ir/Module.h"

#include <ostream>

namespace nmc::ir {

/// Prints the module; shared subexpressions become numbered values (%n)
/// local to each equation, so the output is stable for FileCheck.
void print(const Module &M, std::ostream &OS);

} // namespace nmc::ir

#endif
