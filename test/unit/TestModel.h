//===- TestModel.h - A hand-written model descriptor for tests --*- C++ -*-===//
//
// Stands in for generated code: a population "cells" whose state w relaxes
// linearly, dw/dt = (a_i - w) / tau with a_i = a * (1 + 1e-3 i), solved
// exactly per step, and an observable i = gain * g * w. Its parameters cover
// what the runtime must handle: units, open and closed ranges, a default
// derived from another parameter (w0 = a / 2), a suffix shared by two
// parameters (g), and switches that make a kernel produce NaN.
//
//===----------------------------------------------------------------------===//
#ifndef NMC_TEST_UNIT_TESTMODEL_H
#define NMC_TEST_UNIT_TESTMODEL_H

#include "nmc/abi.h"

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

namespace nmc::test {

/// Indices into the parameter array.
enum TestParam : uint32_t {
  PTau,        ///< cells.tau, s, (0, inf), default 1 ms
  PA,          ///< cells.a, m, [0, 10 um], default 1 um
  PW0,         ///< cells.w0, m, [0, 1 um], default a / 2
  PGain,       ///< gain, dimensionless, [0, inf), default 2
  PCellsG,     ///< cells.g, S, default 1 mS
  PLeakG,      ///< leak.g, S, default 2 mS
  PPoisonElem, ///< step writes NaN into w of this element, -1: never
  PPoisonT,    ///< ... in the step that ends at or after this time
  PPoisonObs,  ///< observe writes NaN into i of this element, -1: never
  NumTestParams
};

class TestModel {
public:
  /// A model with Size cells. Probe "cells" records w and i of elements
  /// [First, First + Count) every step; probe "sparse" records w of element
  /// min(1, Size - 1) every 3 us. Defaults: dt = 1 us, t_stop = 10 us.
  explicit TestModel(int64_t Size = 4, int64_t First = 0, int64_t Count = 3);
  TestModel(const TestModel &) = delete;
  TestModel &operator=(const TestModel &) = delete;

  nmc_model_desc Desc{};
  nmc_population_desc Pop{};
  nmc_probe_desc Probes[2]{};
  nmc_kernel_desc Kernels[3]{};

  /// Elements the observe kernel has computed since the last reset.
  static std::atomic<int64_t> Observed;

  /// The analytic w of element I at time T for parameters P.
  static double exactW(const double *P, int64_t I, double T);

private:
  std::vector<nmc_param_desc> Params;
  nmc_column_desc Columns[2]{};
  uint32_t CellsColumns[2] = {0, 1};
  uint32_t SparseColumns[1] = {0};
};

} // namespace nmc::test

#endif
