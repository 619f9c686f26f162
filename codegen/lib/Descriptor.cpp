//===- Descriptor.cpp - The exported model descriptor and main ------------===//
#include "AbiTypes.h"
#include "Lowering.h"

#include "nmc/abi.h"

#include "llvm/IR/Constants.h"
#include "llvm/IR/GlobalVariable.h"

#include <map>

namespace nmc::codegen {

using namespace llvm;

AbiTypes::AbiTypes(LLVMContext &C) {
  Type *P = PointerType::get(C, 0), *D = Type::getDoubleTy(C), *I32 = Type::getInt32Ty(C),
       *I64 = Type::getInt64Ty(C), *I8 = Type::getInt8Ty(C);
  KernelArgs = StructType::get(C, {D, D, P, P, I64, I64, P, P, P});
  ParamDesc = StructType::get(C, {P, P, ArrayType::get(I8, NMC_NUM_DIMS), D, D, I32, I32});
  ColumnDesc = StructType::get(C, {P, P, I32, I32, P, I64});
  PopulationDesc = StructType::get(C, {P, P, I64, I32, P, I32});
  ProbeDesc = StructType::get(C, {P, I32, I64, I64, I32, P, D});
  KernelDesc = StructType::get(C, {P, I32, I32, P, I32});
  EventSourceDesc = StructType::get(C, {P, I32, I32, P, I64, P, P});
  MonitorDesc = StructType::get(C, {P, I32, I64, I64, D});
  ProjectionDesc = StructType::get(
      C, {P, I32, I32, I32, I32, I32, D, I64, I32, I64, P, P, I64, I32, P, P, I32, I32, I32, P});
  ArrayProbeDesc = StructType::get(C, {P, I32, P, D});
  ArrayDesc = StructType::get(C, {P,   I64, I64, D,   D,   D,   D,   D,   I32, D,   D,   P, I64,
                                  P,   I64, D,   I32, P,   I32, I32, I32, I32, P,   D,   D, D,
                                  D,   I64, I64, P,   D,   D,   D,   I64, I32, I32, I32, D, D,
                                  I64, I32, I32, I32, I32, I32, D,   I32, I64, P,   D,   D, D,
                                  D,   I32, I32, D,   D,   D,   D,   D,   D});
  ArrayProjectionDesc =
      StructType::get(C, {P, I32, I32, I32, I32, I32, P, P, I32, D, D, D, D, D, I32});
  ModelDesc = StructType::get(C, {I32, P,   P, P,   D, D,   I32, P,   P,   I32, P,   I32, P,   I32,
                                  P,   I32, P, I32, P, I32, P,   I32, I32, P,   I32, P,   I32, P});
}

namespace {

class Builder {
public:
  Builder(Module &LM) : LM(LM), C(LM.getContext()), T(C) {}

  Constant *str(const std::string &S) {
    auto It = Strings.find(S);
    if (It != Strings.end())
      return It->second;
    Constant *Init = ConstantDataArray::getString(C, S);
    auto *G =
        new GlobalVariable(LM, Init->getType(), true, GlobalValue::PrivateLinkage, Init, ".str");
    G->setUnnamedAddr(GlobalValue::UnnamedAddr::Global);
    Strings[S] = G;
    return G;
  }

  /// A private constant array of Elems of type Ty (null when empty).
  Constant *array(Type *Ty, const std::vector<Constant *> &Elems, const char *Name) {
    if (Elems.empty())
      return ConstantPointerNull::get(PointerType::get(C, 0));
    auto *AT = ArrayType::get(Ty, Elems.size());
    return new GlobalVariable(LM, AT, true, GlobalValue::PrivateLinkage,
                              ConstantArray::get(AT, Elems), Name);
  }
  /// A constant array of integers of type Ty (null when empty).
  Constant *data(Type *Ty, const std::vector<uint64_t> &Vals, const char *Name) {
    std::vector<Constant *> Elems;
    for (uint64_t V : Vals)
      Elems.push_back(ConstantInt::get(Ty, V));
    return array(Ty, Elems, Name);
  }
  /// A constant array of doubles (null when empty); packed data, since an
  /// image or a weight list may hold millions.
  Constant *doubles(const std::vector<double> &Vals, const char *Name) {
    if (Vals.empty())
      return ConstantPointerNull::get(PointerType::get(C, 0));
    Constant *Init = ConstantDataArray::get(C, ArrayRef<double>(Vals));
    return new GlobalVariable(LM, Init->getType(), true, GlobalValue::PrivateLinkage, Init, Name);
  }

  Constant *i32(uint64_t V) { return ConstantInt::get(Type::getInt32Ty(C), V); }
  Constant *i64(uint64_t V) { return ConstantInt::get(Type::getInt64Ty(C), V); }
  Constant *f64(double V) { return ConstantFP::get(Type::getDoubleTy(C), V); }
  Constant *fn(Function *F) {
    return F ? static_cast<Constant *>(F) : ConstantPointerNull::get(PointerType::get(C, 0));
  }

  Module &LM;
  LLVMContext &C;
  AbiTypes T;
  std::map<std::string, Constant *> Strings;
};

} // namespace

void emitDescriptor(Module &LM, const ir::Module &M, const std::vector<Function *> &Kernels,
                    Function *Resolve, const Options &O) {
  Builder B(LM);
  std::vector<Constant *> Params;
  for (const ir::Param &P : M.Params) {
    std::vector<Constant *> Dim;
    for (int K = 0; K < NMC_NUM_DIMS; ++K)
      Dim.push_back(ConstantInt::get(Type::getInt8Ty(B.C), uint64_t(int64_t(P.Dim[K]))));
    uint32_t Flags = (P.LoOpen ? NMC_BOUND_LO_OPEN : 0) | (P.HiOpen ? NMC_BOUND_HI_OPEN : 0);
    Params.push_back(ConstantStruct::get(
        B.T.ParamDesc, {B.str(P.Name), B.str(P.UnitText),
                        ConstantArray::get(ArrayType::get(Type::getInt8Ty(B.C), NMC_NUM_DIMS), Dim),
                        B.f64(P.Lo), B.f64(P.Hi), B.i32(Flags), B.i32(P.Line)}));
  }
  std::vector<Constant *> Pops;
  for (size_t I = 0; I < M.Populations.size(); ++I) {
    const ir::Population &P = M.Populations[I];
    std::vector<Constant *> Cols;
    for (const ir::Column &Col : P.Columns)
      Cols.push_back(ConstantStruct::get(B.T.ColumnDesc, {B.str(Col.Name), B.str(Col.UnitText),
                                                          B.i32(uint32_t(Col.Kind)), B.i32(NMC_F64),
                                                          B.doubles(Col.Data, "nmc.column_data"),
                                                          B.i64(Col.Data.size())}));
    Pops.push_back(ConstantStruct::get(
        B.T.PopulationDesc, {B.str(P.Name), B.str(P.Device), B.i64(uint64_t(P.Size)),
                             B.i32(Cols.size()), B.array(B.T.ColumnDesc, Cols, "nmc.columns"),
                             B.i32(P.Dynamic ? NMC_POPULATION_DYNAMIC : 0)}));
  }
  std::vector<Constant *> Kerns;
  for (size_t I = 0; I < M.Kernels.size(); ++I)
    Kerns.push_back(ConstantStruct::get(
        B.T.KernelDesc,
        {B.str(M.Kernels[I].Name), B.i32(uint32_t(M.Kernels[I].Ph)), B.i32(M.Kernels[I].Population),
         B.fn(Kernels[I]),
         B.i32((M.Kernels[I].scatters() || M.Kernels[I].Ph == ir::Phase::Events ? NMC_KERNEL_SERIAL
                                                                                : 0) |
               (M.Kernels[I].light() ? NMC_KERNEL_LIGHT : 0) |
               (M.Kernels[I].OnEvent ? NMC_KERNEL_EVENT : 0))}));
  std::vector<Constant *> Sources;
  for (const ir::EventSource &S : M.Sources)
    Sources.push_back(ConstantStruct::get(
        B.T.EventSourceDesc,
        {B.str(S.Name), B.i32(S.Population), B.i32(S.TimeColumns.size()),
         B.data(Type::getInt32Ty(B.C),
                std::vector<uint64_t>(S.TimeColumns.begin(), S.TimeColumns.end()),
                "nmc.time_columns"),
         B.i64(S.SpikeTimes.size()),
         B.data(Type::getInt64Ty(B.C),
                std::vector<uint64_t>(S.SpikeElements.begin(), S.SpikeElements.end()),
                "nmc.spike.elements"),
         B.doubles(S.SpikeTimes, "nmc.spike.times")}));
  std::vector<Constant *> Monitors;
  for (const ir::Monitor &Mo : M.Monitors)
    Monitors.push_back(ConstantStruct::get(
        B.T.MonitorDesc, {B.str(Mo.Name), B.i32(Mo.Source), B.i64(uint64_t(Mo.First)),
                          B.i64(uint64_t(Mo.Count)), B.f64(Mo.RateBin)}));
  std::vector<Constant *> Projections;
  for (const ir::Projection &Pr : M.Projections) {
    std::vector<uint64_t> Cols;
    std::vector<double> Scales;
    std::vector<uint64_t> Factors;
    for (const ir::Projection::Target &T : Pr.Targets)
      Cols.push_back(T.Column), Scales.push_back(T.Scale), Factors.push_back(uint64_t(T.Factor));
    std::vector<uint64_t> EdgePre(Pr.EdgePre.begin(), Pr.EdgePre.end());
    std::vector<uint64_t> EdgePost(Pr.EdgePost.begin(), Pr.EdgePost.end());
    Projections.push_back(ConstantStruct::get(
        B.T.ProjectionDesc, {B.str(Pr.Name),
                             B.i32(Pr.Source),
                             B.i32(Pr.Pre),
                             B.i32(Pr.Post),
                             B.i32(Pr.Synapses),
                             B.i32(uint32_t(Pr.Kind)),
                             B.f64(Pr.P),
                             B.i64(uint64_t(Pr.K)),
                             B.i32(Pr.AllowSelf ? 1 : 0),
                             B.i64(EdgePre.size()),
                             B.data(Type::getInt64Ty(B.C), EdgePre, "nmc.edges"),
                             B.data(Type::getInt64Ty(B.C), EdgePost, "nmc.edges"),
                             B.i64(Pr.Stream),
                             B.i32(Cols.size()),
                             B.data(Type::getInt32Ty(B.C), Cols, "nmc.targets"),
                             B.doubles(Scales, "nmc.scales"),
                             B.i32(uint32_t(Pr.PreKernel)),
                             B.i32(uint32_t(Pr.PostKernel)),
                             B.i32(uint32_t(Pr.PostSource)),
                             B.data(Type::getInt32Ty(B.C), Factors, "nmc.factors")}));
  }
  Constant *Sweep = ConstantPointerNull::get(PointerType::get(B.C, 0));
  if (!M.SweepValues.empty()) {
    auto *AT = ArrayType::get(Type::getDoubleTy(B.C), M.SweepValues.size());
    std::vector<Constant *> Vals;
    for (double V : M.SweepValues)
      Vals.push_back(B.f64(V));
    Sweep = new GlobalVariable(LM, AT, true, GlobalValue::PrivateLinkage,
                               ConstantArray::get(AT, Vals), "nmc.sweep");
  }
  std::vector<Constant *> Probes;
  for (const ir::Probe &Pr : M.Probes) {
    std::vector<Constant *> Cols;
    for (unsigned Col : Pr.Columns)
      Cols.push_back(B.i32(Col));
    auto *AT = ArrayType::get(Type::getInt32Ty(B.C), Cols.size());
    auto *ColArr = new GlobalVariable(LM, AT, true, GlobalValue::PrivateLinkage,
                                      ConstantArray::get(AT, Cols), "nmc.probe.columns");
    Probes.push_back(
        ConstantStruct::get(B.T.ProbeDesc, {B.str(Pr.Name), B.i32(Pr.Population),
                                            B.i64(uint64_t(Pr.First)), B.i64(uint64_t(Pr.Count)),
                                            B.i32(Cols.size()), ColArr, B.f64(Pr.Interval)}));
  }
  std::vector<Constant *> Arrays;
  for (const ir::Array &A : M.Arrays) {
    std::vector<Constant *> ArrayProbes;
    for (const ir::Array::Probe &P : A.Probes) {
      std::vector<uint64_t> Vars;
      for (const std::string &V : P.Vars)
        Vars.push_back(V == "i"            ? NMC_ARRAY_CURRENTS
                       : V == "ideal"      ? NMC_ARRAY_IDEAL
                       : V == "drop"       ? NMC_ARRAY_DROP
                       : V == "power"      ? NMC_ARRAY_POWER
                       : V == "wire_power" ? NMC_ARRAY_WIRE_POWER
                       : V == "g"          ? NMC_ARRAY_CONDUCTANCES
                                           : NMC_ARRAY_VOLTAGES);
      ArrayProbes.push_back(ConstantStruct::get(
          B.T.ArrayProbeDesc,
          {B.str(P.Name), B.i32(Vars.size()), B.data(Type::getInt32Ty(B.C), Vars, "nmc.array.vars"),
           B.f64(P.Interval)}));
    }
    uint32_t Cells = A.Kind == ir::Array::Cells::Normal        ? NMC_CELLS_NORMAL
                     : A.Kind == ir::Array::Cells::UniformDraw ? NMC_CELLS_UNIFORM
                     : A.Kind == ir::Array::Cells::Data        ? NMC_CELLS_DATA
                     : A.Kind == ir::Array::Cells::Device      ? NMC_CELLS_DEVICE
                                                               : NMC_CELLS_VALUE;
    ir::Array::WriteVerify NoProgram;
    const ir::Array::WriteVerify &W = A.Program ? *A.Program : NoProgram;
    ir::Array::CellColumns Sel = A.SelectorOf ? *A.SelectorOf : ir::Array::CellColumns{};
    ir::Array::OuterProduct NoUpdate;
    const ir::Array::OuterProduct &U = A.Update ? *A.Update : NoUpdate;
    ir::Array::FeedbackSolve NoSolve;
    const ir::Array::FeedbackSolve &F = A.Solve ? *A.Solve : NoSolve;
    uint32_t SolveKind = !A.Solve                                         ? NMC_SOLVE_NONE
                         : F.K == ir::Array::FeedbackSolve::Kind::Inverse ? NMC_SOLVE_INVERSE
                                                                          : NMC_SOLVE_REGRESSION;
    Arrays.push_back(ConstantStruct::get(
        B.T.ArrayDesc, {B.str(A.Name),
                        B.i64(uint64_t(A.Rows)),
                        B.i64(uint64_t(A.Cols)),
                        B.f64(A.RowSegment),
                        B.f64(A.ColSegment),
                        B.f64(A.Driver),
                        B.f64(A.Sense),
                        B.f64(A.ReadVoltage),
                        B.i32(Cells),
                        B.f64(A.A),
                        B.f64(A.B),
                        B.doubles(A.Data, "nmc.array.data"),
                        B.i64(A.Inputs.size()),
                        B.doubles(A.Inputs, "nmc.array.inputs"),
                        B.i64(A.Stream),
                        B.f64(A.Sparsity),
                        B.i32(ArrayProbes.size()),
                        B.array(B.T.ArrayProbeDesc, ArrayProbes, "nmc.array.probes"),
                        B.i32(A.CellsOf.Population),
                        B.i32(A.CellsOf.Voltage),
                        B.i32(A.CellsOf.Current),
                        B.i32(A.CellsOf.Slope),
                        B.doubles(W.Targets, "nmc.array.targets"),
                        B.f64(W.Set),
                        B.f64(W.Reset),
                        B.f64(W.Width),
                        B.f64(W.Tolerance),
                        B.i64(uint64_t(W.MaxPulses)),
                        B.i64(uint64_t(U.Updates.size()) / uint64_t(A.Rows + A.Cols)),
                        B.doubles(U.Updates, "nmc.array.updates"),
                        B.f64(U.Set),
                        B.f64(U.Reset),
                        B.f64(U.Width),
                        B.i64(uint64_t(U.Slots)),
                        B.i32(A.Differential),
                        B.i32(uint64_t(A.DacBits)),
                        B.i32(uint64_t(A.AdcBits)),
                        B.f64(A.DacRange),
                        B.f64(A.AdcRange),
                        B.i64(uint64_t(A.Tile)),
                        B.i32(A.SelectorOf ? uint64_t(A.SelectorOf->Population) : ~uint64_t(0)),
                        B.i32(Sel.Voltage),
                        B.i32(Sel.Current),
                        B.i32(Sel.Slope),
                        B.i32(A.Transposed),
                        B.f64(A.ReadWidth),
                        B.i32(SolveKind),
                        B.i64(uint64_t(F.Rhs.size()) / uint64_t(A.Rows)),
                        B.doubles(F.Rhs, "nmc.array.solve"),
                        B.f64(F.Gain),
                        B.f64(F.Feedback),
                        B.f64(A.DacEnergy),
                        B.f64(A.AdcEnergy),
                        B.i32(A.Drive ? uint64_t(*A.Drive) : ~uint64_t(0)),
                        B.i32(A.Transistor ? (A.Transistor->Fire ? 2 : 1) : 0),
                        B.f64(A.Transistor ? A.Transistor->Beta : 0),
                        B.f64(A.Transistor ? A.Transistor->Vth : 0),
                        B.f64(A.Transistor ? A.Transistor->N : 0),
                        B.f64(A.Transistor ? A.Transistor->Gate : 0),
                        B.f64(A.Transistor ? A.Transistor->ProgramGate : 0),
                        B.f64(A.Transistor ? A.Transistor->OffGate : 0)}));
  }
  std::vector<Constant *> ArrayProjections;
  for (const ir::ArrayProjection &AP : M.ArrayProjections) {
    std::vector<uint64_t> Cols;
    std::vector<double> Scales;
    for (const ir::ArrayProjection::Target &T : AP.Targets)
      Cols.push_back(T.Column), Scales.push_back(T.Scale);
    ArrayProjections.push_back(ConstantStruct::get(
        B.T.ArrayProjectionDesc,
        {B.str(AP.Name), B.i32(AP.Source), B.i32(AP.Pre), B.i32(AP.Post), B.i32(AP.Array),
         B.i32(Cols.size()), B.data(Type::getInt32Ty(B.C), Cols, "nmc.array_projection.columns"),
         B.doubles(Scales, "nmc.array_projection.scales"), B.i32(AP.PostSource),
         B.f64(AP.Learn ? AP.Learn->Window : 0), B.f64(AP.Learn ? AP.Learn->Set : 0),
         B.f64(AP.Learn ? AP.Learn->Reset : 0), B.f64(AP.Learn ? AP.Learn->Width : 0),
         B.f64(AP.Learn ? AP.Learn->Until : INFINITY),
         B.i32(AP.Learn && AP.Learn->Mode == ir::ArrayProjection::PulseStdp::Winner
                   ? NMC_LEARN_WINNER
                   : NMC_LEARN_PAIR)}));
  }
  Constant *Model = ConstantStruct::get(
      B.T.ModelDesc, {B.i32(NMC_ABI_VERSION),
                      B.str(M.Name),
                      B.str(M.Source),
                      B.str(O.CompilerVersion),
                      B.f64(M.TStop),
                      B.f64(M.Dt),
                      B.i32(Params.size()),
                      B.array(B.T.ParamDesc, Params, "nmc.params"),
                      Resolve,
                      B.i32(Pops.size()),
                      B.array(B.T.PopulationDesc, Pops, "nmc.populations"),
                      B.i32(Probes.size()),
                      B.array(B.T.ProbeDesc, Probes, "nmc.probes"),
                      B.i32(Kerns.size()),
                      B.array(B.T.KernelDesc, Kerns, "nmc.kernels"),
                      B.i32(Sources.size()),
                      B.array(B.T.EventSourceDesc, Sources, "nmc.sources"),
                      B.i32(Monitors.size()),
                      B.array(B.T.MonitorDesc, Monitors, "nmc.monitors"),
                      B.i32(Projections.size()),
                      B.array(B.T.ProjectionDesc, Projections, "nmc.projections"),
                      B.i32(M.SweepParam),
                      B.i32(M.SweepValues.size()),
                      Sweep,
                      B.i32(Arrays.size()),
                      B.array(B.T.ArrayDesc, Arrays, "nmc.arrays"),
                      B.i32(ArrayProjections.size()),
                      B.array(B.T.ArrayProjectionDesc, ArrayProjections, "nmc.array_projections")});
  new GlobalVariable(LM, B.T.ModelDesc, true, GlobalValue::ExternalLinkage, Model, "nmc_model");
}

void emitMain(Module &LM) {
  LLVMContext &C = LM.getContext();
  Type *I32 = Type::getInt32Ty(C), *Ptr = PointerType::get(C, 0);
  FunctionCallee NmcMain =
      LM.getOrInsertFunction("nmc_main", FunctionType::get(I32, {I32, Ptr, Ptr}, false));
  Function *Main = Function::Create(FunctionType::get(I32, {I32, Ptr}, false),
                                    Function::ExternalLinkage, "main", LM);
  IRBuilder<> B(BasicBlock::Create(C, "entry", Main));
  B.CreateRet(
      B.CreateCall(NmcMain, {Main->getArg(0), Main->getArg(1), LM.getNamedGlobal("nmc_model")}));
}

std::unique_ptr<Module> buildModule(LLVMContext &Ctx, const ir::Module &M, const Options &O,
                                    bool WithMain) {
  auto LM = std::make_unique<Module>(M.Name, Ctx);
  LM->setSourceFileName(M.Source);
  std::vector<Function *> Kernels = emitKernels(*LM, M);
  Function *Resolve = emitResolveParams(*LM, M);
  emitDescriptor(*LM, M, Kernels, Resolve, O);
  if (WithMain)
    emitMain(*LM);
  return LM;
}

} // namespace nmc::codegen
