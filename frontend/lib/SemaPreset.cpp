//===- SemaPreset.cpp - `device NAME = BASE(overrides);` ------------------===//
//
// A preset's template is a copy of its base's with other parameter
// defaults. The overrides are checked in the base's parameter scope (they
// may read its other parameters), so they are IR over the same template
// indices as every member, which therefore needs no rewriting.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

#include <cmath>
#include <functional>

namespace nmc {

void SemaImpl::checkPreset(const ast::PresetDecl &Pr) {
  LazyState &St = PresetsChecked[Pr.Name.Name];
  if (St == LazyState::Done)
    return;
  if (St == LazyState::InProgress) {
    Diags.report(DiagId::err_dependency_cycle, Pr.Name.Range, {Pr.Name.Name});
    return;
  }
  St = LazyState::InProgress;
  // The base may be a preset declared further down.
  if (auto *Base = ast::dyn_cast<const ast::PresetDecl>(findTop(Pr.Base.Name)))
    checkPreset(*Base);
  // Reported once, here: uses of a preset that did not check stay silent.
  auto Done = [&] { PresetsChecked[Pr.Name.Name] = LazyState::Done; };
  auto BI = Devices.find(Pr.Base.Name);
  if (BI == Devices.end()) {
    if (ast::isa<ast::PresetDecl>(findTop(Pr.Base.Name)))
      return Done(); // its own base is unknown or it is in a cycle: reported there
    auto B = Diags.report(DiagId::err_unknown_entity, Pr.Base.Range, {Pr.kindName(), Pr.Base.Name});
    std::vector<std::string> Names;
    for (auto &[K, T] : Devices)
      if (T.Decl->kindName() == std::string(Pr.kindName()))
        Names.push_back(K);
    std::string Best = closestName(Pr.Base.Name, Names);
    if (!Best.empty())
      B.note(DiagId::note_did_you_mean, Pr.Base.Range, {Best});
    return Done();
  }
  DeviceTemplate T = BI->second;
  T.Name = Pr.Name.Name;
  if (T.Decl->kindName() != std::string(Pr.kindName())) {
    Diags.report(DiagId::err_wrong_entity, Pr.Base.Range,
                 {Pr.Base.Name, T.Decl->kindName(), Pr.kindName()});
    T.Ok = false;
  }

  std::vector<std::string> Names;
  for (auto &P : T.Params)
    Names.push_back(P.Decl->Name.Name);
  std::map<std::string, Value> Values;
  std::map<unsigned, const ast::Override *> By; // param -> its override
  DeviceResolver R(*this, T, /*ParamsOnly=*/true);
  for (const ast::Override &O : Pr.Overrides) {
    Value V = check(*O.Value, R);
    unsigned I = 0;
    while (I < T.Params.size() && Names[I] != O.Name.Name)
      ++I;
    const Value *Default = I < T.Params.size() ? &T.Params[I].Default : nullptr;
    std::string Owner = std::string(T.Decl->kindName()) + " '" + Pr.Base.Name + "'";
    V = checkOverride(O, V, Owner, Default, Names, Values, T.Ok);
    if (V.ok()) {
      Values[O.Name.Name] = V;
      By[I] = &O;
    }
  }
  for (auto &[I, O] : By)
    T.Params[I].Default = Values.at(O->Name.Name);

  // The dependency order again: an override may read a parameter that the
  // base computed after this one.
  std::vector<int> Mark(T.Params.size(), 0); // 1: visiting, 2: placed
  T.ParamOrder.clear();
  std::function<bool(unsigned)> Place = [&](unsigned I) {
    if (Mark[I] == 2)
      return true;
    if (Mark[I] == 1) {
      const ast::Ident &N = By.count(I) ? By[I]->Name : T.Params[I].Decl->Name;
      Diags.report(DiagId::err_dependency_cycle, N.Range, {N.Name});
      return false;
    }
    Mark[I] = 1;
    bool Ok = true;
    if (T.Params[I].Default.ok())
      ir::visitPostOrder(T.Params[I].Default.E, [&](const ir::Expr *E) {
        if (Ok && E->kind() == ir::ExprKind::Param)
          Ok = Place(E->index());
      });
    Mark[I] = 2;
    T.ParamOrder.push_back(I);
    return Ok;
  };
  for (unsigned I = 0; I < T.Params.size(); ++I)
    if (!Place(I)) {
      T.Ok = false;
      break;
    }

  // Ranges, with every default known.
  std::vector<double> Local(T.Params.size(), NAN);
  for (unsigned I : T.Ok ? T.ParamOrder : std::vector<unsigned>{}) {
    auto &P = T.Params[I];
    auto V = P.Default.ok() ? ir::evaluate(P.Default.E, Local) : std::nullopt;
    if (!V)
      continue;
    Local[I] = *V;
    if (By.count(I) && P.Decl->Range_ && !inRange(*V, P.Lo, P.Hi, P.LoOpen, P.HiOpen)) {
      Diags
          .report(DiagId::err_out_of_range, By[I]->Value->Range,
                  {"parameter", P.Decl->Name.Name, formatQuantity(*V, P.Default.D),
                   rangeText(P.LoOpen, P.Lo, P.Hi, P.HiOpen, P.Default.D)})
          .note(DiagId::note_range_here, P.Decl->Range_->Range);
      T.Ok = false;
    }
  }
  Devices[Pr.Name.Name] = std::move(T);
  Done();
}

} // namespace nmc
