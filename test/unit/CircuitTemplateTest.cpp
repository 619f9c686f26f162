//===- CircuitTemplateTest.cpp - Checked circuits are kept for lowering ---===//
//
// A circuit is refused at run time (nodal analysis is not built), but the
// checker keeps everything its lowering needs: node indices, elements with
// their node indices and checked argument IR, and v(node) as a template
// column (ground is 0 V), not a constant.
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
  buf : vsource(out, gnd, V = 2 * v(b) + v(gnd));
  spike when v(b) > 0.5 V reset b = 0 V;
}
)");
  std::ostringstream Errs;
  nmc::DiagEngine Diags(SM, Errs);
  auto F = nmc::parseFile(File, SM, Diags);
  ASSERT_TRUE(F) << Errs.str();
  nmc::ir::Module M;
  nmc::SemaImpl S(Diags, M);
  S.run({F.get()});
  // Refused, with what is missing, and checked without any other error.
  EXPECT_NE(Errs.str().find("circuits need nodal analysis"), std::string::npos) << Errs.str();
  ASSERT_EQ(S.Circuits.count("RC"), 1u);
  const nmc::CircuitTemplate &T = S.Circuits.at("RC");
  EXPECT_TRUE(T.Ok);
  EXPECT_EQ(T.Nodes, (std::vector<std::string>{"a", "b", "out"}));
  ASSERT_EQ(T.Elements.size(), 4u);
  EXPECT_EQ(T.Elements[1].Kind, "resistor");
  EXPECT_EQ(T.Elements[1].Nodes, (std::vector<int>{0, 1}));
  EXPECT_EQ(T.Elements[2].Nodes, (std::vector<int>{1, -1}));
  // The resistance is its checked IR: 2 * R0 with R0 = 1000 ohm folded.
  const nmc::ir::Expr *R = T.Elements[1].Args.at("R").E;
  ASSERT_TRUE(R->isConst());
  EXPECT_EQ(R->value(), 2000.0);
  // v(b) is the template's column 1; v(gnd) is 0 V and folds away.
  const nmc::ir::Expr *V = T.Elements[3].Args.at("V").E;
  EXPECT_EQ(T.Elements[3].Nodes, (std::vector<int>{2, -1}));
  ASSERT_EQ(V->kind(), nmc::ir::ExprKind::Binary);
  EXPECT_EQ(V->binaryOp(), nmc::ir::BinaryOp::Mul);
  EXPECT_TRUE(V->operand(0)->isConst(2));
  EXPECT_EQ(V->operand(1)->kind(), nmc::ir::ExprKind::Column);
  EXPECT_EQ(V->operand(1)->index(), 1u);
}

} // namespace
