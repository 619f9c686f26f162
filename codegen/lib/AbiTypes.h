//===- AbiTypes.h - LLVM mirrors of the structs in nmc/abi.h ---*- C++ -*-===//
//
// Field order and types must match runtime/include/nmc/abi.h exactly;
// test/unit/AbiLayoutTest.cpp compares their layout with the C compiler's.
//
//===----------------------------------------------------------------------===//
#ifndef NMC_CODEGEN_ABITYPES_H
#define NMC_CODEGEN_ABITYPES_H

#include "llvm/IR/DerivedTypes.h"

namespace nmc::codegen {

struct AbiTypes {
  llvm::StructType *KernelArgs, *ParamDesc, *ColumnDesc, *PopulationDesc, *ProbeDesc, *KernelDesc,
      *EventSourceDesc, *MonitorDesc, *ProjectionDesc, *ArrayProbeDesc, *ArrayDesc,
      *ArrayProjectionDesc, *ModelDesc;
  explicit AbiTypes(llvm::LLVMContext &C);
};

} // namespace nmc::codegen

#endif
