//===- Ast.cpp - Queries shared by every declaration ----------------------===//
#include "nmc/frontend/Ast.h"

namespace nmc::ast {

const Ident *declaredName(const Decl *D) {
  if (auto *C = dyn_cast<ComponentDecl>(D))
    return &C->Name;
  if (auto *Pr = dyn_cast<PresetDecl>(D))
    return &Pr->Name;
  if (auto *Ci = dyn_cast<CircuitDecl>(D))
    return &Ci->Name;
  if (auto *A = dyn_cast<ArrayDecl>(D))
    return &A->Name;
  if (auto *Pa = dyn_cast<ParamDecl>(D))
    return &Pa->Var.Name;
  if (auto *Po = dyn_cast<PopulationDecl>(D))
    return &Po->Name;
  if (auto *W = dyn_cast<WaveformDecl>(D))
    return &W->Name;
  if (auto *Fn = dyn_cast<FunctionDecl>(D))
    return &Fn->Name;
  if (auto *Pb = dyn_cast<ProbeDecl>(D))
    return &Pb->Name;
  if (auto *Pj = dyn_cast<ProjectionDecl>(D))
    return &Pj->Name;
  if (auto *S = dyn_cast<StimulusDecl>(D))
    return &S->Name;
  if (auto *N = dyn_cast<NetworkDecl>(D))
    return &N->Name;
  return nullptr;
}

} // namespace nmc::ast
