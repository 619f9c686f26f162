//===- SemaPulses.cpp - Per-element pulse trains from a file --------------===//
//
// `apply pulses(file = "x.csv", slot = T, wave = W) to POP;` drives each
// element of POP with its own train: line i of the file holds element i's
// amplitudes a_i0, a_i1, ..., one per slot, and element i sees
// a_ik * W(t - k T) during slot k (t in [k T, (k + 1) T)), then 0 V after
// the last slot. A 0/1 line is a spatiotemporal code (Fig. 17's digit rows);
// other values scale the pulse. The file is read when compiling, so the
// model carries its input; the amplitudes become a table population, placed
// before the driven population, whose kernels load from it.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

#include <cmath>

namespace nmc {

bool SemaImpl::checkPulses(const ast::CallExpr &Call, PopulationInfo &Info, Value &Out) {
  const ast::StringExpr *File = nullptr;
  const ast::CallArg *Slot = nullptr, *Wave = nullptr;
  bool Ok = true;
  for (const ast::CallArg &A : Call.Args) {
    if (A.Name == "file") {
      File = ast::dyn_cast<ast::StringExpr>(A.Value.get());
      if (!File) {
        Diags.report(DiagId::err_setting_value, A.Value->Range, {"file", "a file name in quotes"});
        Ok = false;
      }
    } else if (A.Name == "slot") {
      Slot = &A;
    } else if (A.Name == "wave") {
      Wave = &A;
    } else {
      Diags.report(DiagId::err_arg_unknown, A.Name.empty() ? A.Value->Range : A.NameRange,
                   {"pulses", A.Name.empty() ? "(positional)" : A.Name});
      Ok = false;
    }
  }
  for (auto [Name, Have] :
       {std::pair{"file", File || !Ok}, {"slot", Slot != nullptr}, {"wave", Wave != nullptr}})
    if (!Have && Ok) {
      Diags.report(DiagId::err_arg_missing, Call.Range, {"pulses", Name});
      Ok = false;
    }
  if (!Ok)
    return false;

  PulsesInfo P;
  Value S = checkModelExpr(*Slot->Value);
  if (!expectUnit(S, unitOf("s"), Slot->Value->Range, DiagId::err_arg_unit,
                  {"slot", "pulses", describe(unitOf("s"))}))
    return false;
  if (S.TimeVarying) {
    Diags.report(DiagId::err_waveform_here, Slot->Value->Range, {"as the slot of 'pulses'"});
    return false;
  }
  if (S.E->isConst() && !(S.E->value() > 0 && std::isfinite(S.E->value()))) {
    Diags.report(DiagId::err_bad_argument, Slot->Value->Range,
                 {"slot", "pulses", "a positive time"});
    return false;
  }
  Value W = checkModelExpr(*Wave->Value);
  if (!W.ok())
    return false;
  if (W.K != Value::Real) {
    Diags.report(DiagId::err_expected_number, Wave->Value->Range, {"a condition"});
    return false;
  }
  auto Table = readMatrix(*File, DiagId::err_data_file, "finite amplitudes", false);
  if (!Table)
    return false;
  if (Table->Rows != Info.Size) {
    Diags.report(DiagId::err_data_file, File->Range,
                 {File->Value, "has " + std::to_string(Table->Rows) + " lines, but population '" +
                                   Info.Decl->Name.Name + "' has " + std::to_string(Info.Size) +
                                   " elements (one line each)"});
    return false;
  }
  // Slot-major: slot k's amplitudes of every element lie together.
  P.Slots = Table->Width;
  P.Elements = Info.Size;
  P.Amplitudes.resize(Table->Values.size());
  for (int64_t I = 0; I < P.Elements; ++I)
    for (int64_t K = 0; K < P.Slots; ++K)
      P.Amplitudes[size_t(K * P.Elements + I)] = Table->Values[size_t(I * P.Slots + K)];
  P.Slot = S.E;
  P.Wave = W.E;
  Info.Pulses = std::move(P);
  Out = W;
  Out.TimeVarying = true;
  return true;
}

const ir::Expr *SemaImpl::pulsesWave(const PulsesInfo &P, unsigned Table) {
  const ir::Expr *T = C.time(), *Zero = C.constant(0);
  const ir::Expr *K = C.call(ir::CallFn::Floor, C.div(T, P.Slot));
  const ir::Expr *InSlots = C.binary(ir::BinaryOp::And, C.binary(ir::BinaryOp::Ge, K, Zero),
                                     C.binary(ir::BinaryOp::Lt, K, C.constant(double(P.Slots))));
  // Outside the slots the index is clamped, so that the load stays in the
  // table (Select evaluates both arms).
  const ir::Expr *KIn = C.binary(ir::BinaryOp::Max, Zero,
                                 C.binary(ir::BinaryOp::Min, K, C.constant(double(P.Slots - 1))));
  // The table is slot-major (LowerPopulations.cpp): the step's slot is
  // one run of consecutive amplitudes, which the kernel loads as a vector.
  const ir::Expr *A =
      C.load(Table, 0, C.add(C.mul(KIn, C.constant(double(P.Elements))), C.element()));
  const ir::Expr *Shifted = ir::rewrite(C, P.Wave, [&](const ir::Expr *E) -> const ir::Expr * {
    return E->kind() == ir::ExprKind::Time ? C.sub(T, C.mul(KIn, P.Slot)) : nullptr;
  });
  return C.select(InSlots, C.mul(A, Shifted), Zero);
}

} // namespace nmc
