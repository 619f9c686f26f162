//===- LowerArray.cpp - Checked arrays to IR ------------------------------===//
#include "SemaImpl.h"

namespace nmc {

void SemaImpl::lowerArrays() {
  for (size_t I = 0; I < Arrays.size(); ++I) {
    const ArrayInfo &Info = Arrays[I];
    if (!M.SweepValues.empty()) {
      Diags.report(DiagId::err_not_executable, Info.Decl->Name.Range,
                   {"array '" + Info.Decl->Name.Name + "' in a sweep",
                    "a sweep's instances run populations; arrays in sweeps are not built yet"});
      continue;
    }
    ir::Array A;
    A.Name = Info.Decl->Name.Name;
    A.Rows = Info.Rows, A.Cols = Info.Cols;
    A.RowSegment = Info.RowSegment, A.ColSegment = Info.ColSegment;
    A.Driver = Info.Driver, A.Sense = Info.Sense, A.ReadVoltage = Info.ReadVoltage;
    using K = ArrayInfo::Cells;
    A.Kind = Info.Kind == K::Normal        ? ir::Array::Cells::Normal
             : Info.Kind == K::UniformDraw ? ir::Array::Cells::UniformDraw
             : Info.Kind == K::Data        ? ir::Array::Cells::Data
             : Info.Kind == K::FromDevice  ? ir::Array::Cells::Device
                                           : ir::Array::Cells::Value;
    if (Info.Kind == K::FromDevice) {
      // The cells (and their selectors): one instance of the device per
      // cell, row-major, whose current the runtime observes at the
      // voltages it writes.
      int64_t Size = Info.Rows * Info.Cols * (Info.Differential ? 2 : 1);
      auto Lower = [&](DeviceTemplate *T, const std::string &Name, ir::Array::CellColumns &Out) {
        PopulationInfo Cells;
        Cells.Device = T;
        Cells.Size = Size;
        Cells.Probed.push_back({"i", Info.Decl->Name.Range});
        instantiateDevice(Name, Cells, Info.Decl->Name.Range, true);
        if (Diags.hasErrors())
          return false;
        Out.Population = Cells.Index;
        const ir::Population &P = M.Populations[Cells.Index];
        for (unsigned C1 = 0; C1 < P.Columns.size(); ++C1) {
          const ir::Column &Col = P.Columns[C1];
          if (Col.Name == "v" && Col.Kind == ir::ColumnKind::Internal)
            Out.Voltage = C1;
          else if (Col.Name == "i" && Col.Kind == ir::ColumnKind::Observable)
            Out.Current = C1;
          else if (Col.Name == "g" && Col.Kind == ir::ColumnKind::Observable)
            Out.Slope = C1;
        }
        return true;
      };
      if (!Lower(Info.Device, A.Name, A.CellsOf))
        continue;
      if (Info.Selector) {
        ir::Array::CellColumns Sel;
        if (!Lower(Info.Selector, A.Name + ".selector", Sel))
          continue;
        A.SelectorOf = Sel;
      }
    }
    A.Program = Info.Program;
    A.Update = Info.Update;
    A.Solve = Info.Solve;
    A.Differential = Info.Differential;
    A.DacBits = Info.DacBits, A.AdcBits = Info.AdcBits;
    A.DacRange = Info.DacRange, A.AdcRange = Info.AdcRange;
    A.Tile = Info.Tile;
    A.Transposed = Info.Transposed;
    A.ReadWidth = Info.ReadWidth;
    A.DacEnergy = Info.DacEnergy, A.AdcEnergy = Info.AdcEnergy;
    A.A = Info.A, A.B = Info.B;
    A.Sparsity = Info.Sparsity;
    A.Data = Info.Data;
    A.Inputs = Info.Inputs;
    // Above the streams of populations (index << 16) and projections (2^40).
    A.Stream = (uint64_t(1) << 41) | I;
    A.Probes = Info.Probes;
    A.Transistor = Info.Transistor;
    if (!Info.Drive.empty())
      A.Drive = lowerArrayDrive(A.Name, Info.Drive);
    M.Arrays.push_back(std::move(A));
  }
}

/// A population of one element per row whose observable is the row's
/// drive at the middle of the step that starts at the time it is observed
/// (the runtime observes it at each step's start).
unsigned SemaImpl::lowerArrayDrive(const std::string &Name,
                                   const std::vector<const ir::Expr *> &Rows) {
  ir::Population D;
  D.Name = Name + ".drive";
  D.Device = "drive";
  D.Size = int64_t(Rows.size());
  D.Columns.push_back({"v", "V", ir::ColumnKind::Observable});
  const ir::Expr *V = Rows.back();
  for (size_t K = Rows.size() - 1; K-- > 0;)
    if (Rows[K] != V) // one waveform for every row needs no choice
      V = C.select(C.binary(ir::BinaryOp::Eq, C.element(), C.constant(double(K))), Rows[K], V);
  const ir::Expr *Mid = C.add(C.time(), C.mul(C.dt(), C.constant(0.5)));
  V = ir::rewrite(C, V, [&](const ir::Expr *E) -> const ir::Expr * {
    return E->kind() == ir::ExprKind::Time ? Mid : nullptr;
  });
  D.Observables.push_back({0, V});
  M.Populations.push_back(std::move(D));
  return unsigned(M.Populations.size() - 1);
}

void SemaImpl::lowerArrayProjections() {
  auto PopulationNamed = [&](const std::string &Name) {
    for (unsigned I = 0; I < M.Populations.size(); ++I)
      if (M.Populations[I].Name == Name)
        return I;
    internalError("LowerArray: a checked projection's population is missing");
  };
  auto SpikesOf = [&](unsigned Pop) { // the first event source of Pop
    for (unsigned S = 0; S < M.Sources.size(); ++S)
      if (M.Sources[S].Population == Pop)
        return S;
    internalError("LowerArray: a checked projection's population has no spikes");
  };
  for (const ArrayProjectionInfo &Info : ArrayProjectionInfos) {
    const ast::ProjectionDecl &D = *Info.Decl;
    ir::ArrayProjection AP;
    AP.Name = D.Name.Name;
    AP.Pre = PopulationNamed(D.Source.Name);
    AP.Post = Populations.at(D.Dest.Name).Index;
    AP.Array = unsigned(Info.Array); // arrays lower in the order they were checked
    AP.Source = SpikesOf(AP.Pre);
    // A template's states are its first columns.
    for (const ArrayProjectionInfo::Target &T : Info.Targets)
      AP.Targets.push_back({T.State, T.Scale});
    AP.Learn = Info.Learn;
    if (AP.Learn)
      AP.PostSource = SpikesOf(AP.Post);
    M.ArrayProjections.push_back(std::move(AP));
  }
}

} // namespace nmc
