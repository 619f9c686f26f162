//===- CircuitTemplateTest.cpp - Checked circuits are kept for lowering ---===//
//
// The checker keeps everything a circuit's lowering needs: node indices,
// elements with their node indices and checked argument IR over the
// circuit's parameters (Param(k), so that a population can override them),
// v(node) as a template column (ground is 0 V), and its spike outputs.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

#include "nmc/frontend/Parser.h"
#include "nmc/ir/Printer.h"

#include <gtest/gtest.h>

#include <sstream>

namespace {

TEST(CircuitTemplate, KeepsNodesElementsAndNodeVoltages) {
  nmc::SourceManager SM;
  uint32_t File = SM.addBuffer("rc.nmc", R"(
circuit RC {
  param R0 : ohm = 1 kohm;
  node a, b;
  port out;
  src : vsource(a, gnd, V = 1 V);
  r : resistor(a, b, R = 2 * R0);
  c : capacitor(b, gnd, C = 1 nF);
  buf : isource(gnd, out, I = 2 mS * v(b) + 1 mS * v(gnd));
  spike when v(b) > 0.5 V reset b = 0 V;
}
experiment { duration = 1 ms; step = 1 us; }
)");
  std::ostringstream Errs;
  nmc::DiagEngine Diags(SM, Errs);
  auto F = nmc::parseFile(File, SM, Diags);
  ASSERT_TRUE(F) << Errs.str();
  nmc::ir::Module M;
  nmc::SemaImpl S(Diags, M);
  S.run({F.get()});
  EXPECT_EQ(Errs.str().find("error"), std::string::npos) << Errs.str();
  ASSERT_EQ(S.Circuits.count("RC"), 1u);
  const nmc::CircuitTemplate &T = S.Circuits.at("RC");
  EXPECT_TRUE(T.Ok);
  EXPECT_EQ(T.Nodes, (std::vector<std::string>{"a", "b", "out"}));
  ASSERT_EQ(T.Params.size(), 1u);
  EXPECT_EQ(T.Params[0].Default.E->value(), 1000.0);
  ASSERT_EQ(T.Elements.size(), 4u);
  EXPECT_EQ(T.Elements[1].Kind, "resistor");
  EXPECT_EQ(T.Elements[1].Nodes, (std::vector<int>{0, 1}));
  EXPECT_EQ(T.Elements[2].Nodes, (std::vector<int>{1, -1}));
  // The resistance is its checked IR: 2 * R0, R0 the circuit's Param(0).
  const nmc::ir::Expr *R = T.Elements[1].Args.at("R").E;
  ASSERT_EQ(R->kind(), nmc::ir::ExprKind::Binary);
  EXPECT_TRUE(R->operand(0)->isConst(2));
  EXPECT_EQ(R->operand(1)->kind(), nmc::ir::ExprKind::Param);
  EXPECT_EQ(R->operand(1)->index(), 0u);
  // A controlled source: v(b) is the template's column 1; v(gnd) is 0 V
  // and folds away.
  const nmc::ir::Expr *V = T.Elements[3].Args.at("I").E;
  EXPECT_EQ(T.Elements[3].Nodes, (std::vector<int>{-1, 2}));
  ASSERT_EQ(V->kind(), nmc::ir::ExprKind::Binary);
  EXPECT_EQ(V->binaryOp(), nmc::ir::BinaryOp::Mul);
  EXPECT_TRUE(V->operand(0)->isConst(2e-3));
  EXPECT_EQ(V->operand(1)->kind(), nmc::ir::ExprKind::Column);
  EXPECT_EQ(V->operand(1)->index(), 1u);
  // The spike: an upward crossing on node b, resetting b (held: '=').
  ASSERT_EQ(T.Spikes.size(), 1u);
  EXPECT_TRUE(T.Spikes[0].Edge);
  ASSERT_EQ(T.Spikes[0].Assigns.size(), 1u);
  EXPECT_EQ(T.Spikes[0].Assigns[0].first, 1u);
  EXPECT_EQ(T.Spikes[0].Held, (std::vector<unsigned>{1}));
}

} // namespace
