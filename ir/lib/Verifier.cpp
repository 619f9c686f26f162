//===- Verifier.cpp - Structural invariants of the model IR ---------------===//
#include "nmc/ir/Passes.h"

#include <cmath>
#include <functional>
#include <set>

namespace nmc::ir {

namespace {
struct Checker {
  const Module &M;
  std::string &Err;
  const Population *Pop = nullptr;
  unsigned LocalsDefined = 0;                        // locals visible to the expression checked
  const std::set<unsigned> *Stored = nullptr;        // columns the kernel stores
  std::set<std::pair<unsigned, unsigned>> Scattered; // (population, column)
  unsigned ForDepth = 0; // enclosing 'for' statements of the statement checked
  unsigned StoredPop = 0;
  std::set<std::pair<const Expr *, unsigned>> BoundsChecked;

  /// Every Bound(b) lies inside b + 1 reductions, and a reduction at depth
  /// d (d enclosing reductions) has index d.
  bool bounds(const Expr *E, unsigned Depth, const std::string &Where) {
    if (!BoundsChecked.insert({E, Depth}).second)
      return true;
    if (E->kind() == ExprKind::Bound && E->index() >= Depth) {
      Err = Where + ": k" + std::to_string(E->index()) + " is read outside its reduction";
      return false;
    }
    if (E->kind() == ExprKind::Reduce) {
      if (E->index() != Depth) {
        Err = Where + ": a reduction at depth " + std::to_string(Depth) + " is named k" +
              std::to_string(E->index());
        return false;
      }
      return bounds(E->operand(0), Depth, Where) && bounds(E->operand(1), Depth, Where) &&
             bounds(E->operand(2), Depth + 1, Where);
    }
    for (const Expr *Op : E->operands())
      if (!bounds(Op, Depth, Where))
        return false;
    return true;
  }

  bool body(const Kernel &K, const std::vector<Stmt> &Body, bool InIf) {
    const Population &P = M.Populations[K.Population];
    for (const Stmt &S : Body) {
      std::string W = "kernel '" + K.Name + "'";
      if (!expr(S.Value, P.Columns.size(), M.Params.size(), true, true, W))
        return false;
      bool Conditional = S.K == Stmt::Kind::If || S.K == Stmt::Kind::Repeat;
      if (S.K == Stmt::Kind::Emit && ForDepth > 0)
        return Err = W + ": an emit inside a 'for'", false;
      if (Conditional != (S.Value->type() == Type::Bool) && S.K != Stmt::Kind::Let) {
        Err = W + ": a condition that is not boolean, or a boolean value stored";
        return false;
      }
      switch (S.K) {
      case Stmt::Kind::Let:
        if (S.Index != LocalsDefined || InIf) {
          Err = W + ": locals must be defined once, in order, outside 'if'";
          return false;
        }
        ++LocalsDefined;
        break;
      case Stmt::Kind::Store:
        if (S.Index >= P.Columns.size() || InIf) {
          Err = W + ": store to a column out of range, or inside 'if'";
          return false;
        }
        break;
      case Stmt::Kind::Repeat:
        if (InIf || S.Index == 0) {
          Err = W + ": a 'repeat' inside a block, or of no iterations";
          return false;
        }
        for (const Stmt &X : S.Body)
          if ((X.K != Stmt::Kind::Store && X.K != Stmt::Kind::Let && X.K != Stmt::Kind::Repeat) ||
              X.Checked) {
            Err = W + ": a 'repeat' holds only lets, unchecked stores and repeats";
            return false;
          }
        if (!body(K, S.Body, false))
          return false;
        break;
      case Stmt::Kind::Emit:
        if (S.Index >= M.Sources.size() || M.Sources[S.Index].Population != K.Population) {
          Err = W + ": emits to an event source of another population";
          return false;
        }
        break;
      case Stmt::Kind::If:
        if (InIf || !body(K, S.Body, true))
          return Err.empty() ? (Err = W + ": nested 'if'", false) : false;
        break;
      case Stmt::Kind::For:
        if (S.Index != ForDepth || !S.At ||
            !expr(S.At, P.Columns.size(), M.Params.size(), true, true, W) ||
            S.At->type() != Type::Real)
          return Err.empty() ? (Err = W + ": a 'for' with a wrong depth or bound", false) : false;
        for (const Stmt &X : S.Body)
          if (X.K != Stmt::Kind::Scatter && X.K != Stmt::Kind::For)
            return Err = W + ": a 'for' holds only scatters and loops", false;
        ++ForDepth;
        if (!body(K, S.Body, true)) {
          --ForDepth;
          return false;
        }
        --ForDepth;
        break;
      case Stmt::Kind::Scatter:
        if (S.Target >= M.Populations.size() || S.Index >= M.Populations[S.Target].Columns.size() ||
            !S.At || S.At->type() != Type::Real ||
            !expr(S.At, P.Columns.size(), M.Params.size(), true, true, W))
          return Err.empty()
                     ? (Err = W + ": a scatter to a population or column out of range", false)
                     : false;
        break;
      }
    }
    return true;
  }

  bool expr(const Expr *E, size_t NumColumns, size_t ParamLimit, bool AllowColumns, bool AllowTime,
            const std::string &Where) {
    if (!bounds(E, ForDepth, Where))
      return false;
    bool Ok = true;
    visitPostOrder(E, [&](const Expr *N) {
      if (!Ok)
        return;
      switch (N->kind()) {
      case ExprKind::Param:
        if (N->index() >= ParamLimit)
          Ok = false, Err = Where + ": parameter index out of order or range";
        break;
      case ExprKind::Column:
        if (N->index() >= NumColumns)
          Ok = false, Err = Where + ": column read out of range";
        else if (!AllowColumns && (!Pop || Pop->Columns[N->index()].Kind != ColumnKind::Param))
          Ok = false, Err = Where + ": reads a column other than a drawn parameter";
        break;
      case ExprKind::Local:
        if (N->index() >= LocalsDefined)
          Ok = false, Err = Where + ": reads a local before its definition";
        break;
      case ExprKind::Time:
      case ExprKind::Dt:
      case ExprKind::Step:
        if (!AllowTime)
          Ok = false, Err = Where + ": reads time";
        break;
      case ExprKind::Voltage:
        Ok = false, Err = Where + ": a device voltage placeholder survived instantiation";
        break;
      case ExprKind::Load:
        if (!AllowColumns)
          Ok = false, Err = Where + ": loads a column where none may be read";
        else if (N->population() >= M.Populations.size() ||
                 N->index() >= M.Populations[N->population()].Columns.size())
          Ok = false, Err = Where + ": load from a population or column out of range";
        else if (Scattered.count({N->population(), N->index()}))
          Ok = false, Err = Where + ": loads column '" +
                            M.Populations[N->population()].Columns[N->index()].Name +
                            "', which the kernel scatters to";
        else if (Stored && N->population() == StoredPop && Stored->count(N->index()))
          Ok = false, Err = Where + ": loads column '" +
                            M.Populations[N->population()].Columns[N->index()].Name +
                            "' of its own population, which the kernel also stores";
        break;
      default:
        break;
      }
    });
    return Ok;
  }
};
} // namespace

bool verify(const Module &M, std::string &Err) {
  Checker C{M, Err, nullptr, 0, nullptr, {}, 0, 0, {}};
  for (size_t I = 0; I < M.Params.size(); ++I) {
    const Param &P = M.Params[I];
    if (!P.Default) {
      Err = "parameter '" + P.Name + "' has no default";
      return false;
    }
    C.Pop = nullptr;
    if (!C.expr(P.Default, 0, I, false, false, "default of '" + P.Name + "'"))
      return false;
  }
  for (const Array &A : M.Arrays) {
    bool Good =
        A.Rows >= 1 && A.Cols >= 1 && A.ReadVoltage > 0 && A.RowSegment >= 0 && A.ColSegment >= 0 &&
        A.Driver >= 0 && A.Sense >= 0 && A.Inputs.empty() == bool(A.Drive) && A.Sparsity >= 0 &&
        A.Sparsity <= 1 && A.Inputs.size() % size_t(A.Transposed ? A.Cols : A.Rows) == 0 &&
        A.ReadWidth >= 0 && A.DacEnergy >= 0 && A.AdcEnergy >= 0 &&
        (A.Kind != Array::Cells::Data || int64_t(A.Data.size()) == A.Rows * A.physicalCols()) &&
        A.DacBits >= 0 && A.DacBits <= 24 && A.AdcBits >= 0 && A.AdcBits <= 24 && A.DacRange > 0 &&
        (A.AdcBits == 0 || A.AdcRange > 0) && A.Tile >= 0 && (!A.Differential || A.Tile % 2 == 0);
    if (A.Drive) {
      const Population *D = *A.Drive < M.Populations.size() ? &M.Populations[*A.Drive] : nullptr;
      Good &= D && D->Size == A.Rows && !D->Columns.empty() && !A.Solve && !A.Transposed &&
              A.DacBits == 0 && A.ReadWidth == 0;
    }
    for (const Array::Probe &P : A.Probes)
      Good &= P.Interval >= 0 && (P.Interval == 0 || A.Drive);
    if (A.Transistor)
      Good &= A.Kind == Array::Cells::Device && !A.SelectorOf && !A.Transposed &&
              A.Transistor->Beta > 0 && A.Transistor->N > 0 && std::isfinite(A.Transistor->Vth) &&
              std::isfinite(A.Transistor->Gate) && std::isfinite(A.Transistor->ProgramGate) &&
              std::isfinite(A.Transistor->OffGate);
    for (const Array::Probe &P : A.Probes)
      for (const std::string &V : P.Vars)
        Good &= V == "i" || V == "ideal" || V == "drop" || V == "v" || V == "power" ||
                V == "wire_power" || V == "g";
    // A population of cells (or selectors): one element per cell, with the
    // columns named.
    auto Fits = [&](const Array::CellColumns &CC) {
      if (CC.Population >= M.Populations.size())
        return false;
      const Population &P = M.Populations[CC.Population];
      return P.Size == A.Rows * A.physicalCols() && CC.Voltage < P.Columns.size() &&
             CC.Current < P.Columns.size() && CC.Slope < P.Columns.size() &&
             P.Columns[CC.Voltage].Kind == ColumnKind::Internal &&
             P.Columns[CC.Current].Kind == ColumnKind::Observable &&
             P.Columns[CC.Slope].Kind == ColumnKind::Observable;
    };
    if (A.Kind == Array::Cells::Device || A.SelectorOf) {
      if (A.Kind != Array::Cells::Device || !Fits(A.CellsOf) ||
          (A.SelectorOf && !Fits(*A.SelectorOf))) {
        Err = "array '" + A.Name + "' names a cell population or columns that do not fit";
        return false;
      }
    }
    if (A.Program) {
      const Array::WriteVerify &W = *A.Program;
      Good &= A.Kind == Array::Cells::Device &&
              int64_t(W.Targets.size()) == A.Rows * A.physicalCols() && W.Set > 0 && W.Reset < 0 &&
              W.Width > 0 && W.Tolerance > 0 && W.MaxPulses >= 1;
      for (double T : W.Targets)
        Good &= T > 0 && std::isfinite(T);
    }
    if (A.Update) {
      const Array::OuterProduct &U = *A.Update;
      Good &= A.Kind == Array::Cells::Device && !U.Updates.empty() &&
              U.Updates.size() % size_t(A.Rows + A.Cols) == 0 && U.Set > 0 && U.Reset < 0 &&
              U.Width > 0 && U.Slots >= 1;
      for (double X : U.Updates)
        Good &= X >= -1 && X <= 1;
    }
    if (A.Solve) {
      const Array::FeedbackSolve &F = *A.Solve;
      bool Inverse = F.K == Array::FeedbackSolve::Kind::Inverse;
      Good &= !F.Rhs.empty() && F.Rhs.size() % size_t(A.Rows) == 0 && F.Gain >= 0 &&
              (Inverse ? A.Rows == A.Cols : A.Rows >= A.Cols && F.Feedback > 0) && A.Tile == 0 &&
              A.DacBits == 0 && A.AdcBits == 0 && !A.Transposed;
      for (double X : F.Rhs)
        Good &= std::isfinite(X);
    }
    if (!Good) {
      Err = "array '" + A.Name + "' has sizes, inputs, data or probes that do not fit";
      return false;
    }
  }
  size_t NP = M.Params.size();
  for (const Population &P : M.Populations) {
    C.Pop = &P;
    size_t NC = P.Columns.size();
    if (P.Size <= 0 && !P.Dynamic) {
      Err = "population '" + P.Name + "' is empty";
      return false;
    }
    for (const Column &Col : P.Columns)
      if (!Col.Data.empty() && !P.Dynamic && int64_t(Col.Data.size()) != P.Size) {
        Err = "column '" + P.Name + "." + Col.Name + "' has " + std::to_string(Col.Data.size()) +
              " values of data for " + std::to_string(P.Size) + " elements";
        return false;
      }
    for (const StateVar &S : P.States) {
      std::string W = P.Name + "." + (S.Column < NC ? P.Columns[S.Column].Name : "?");
      if (S.Column >= NC || P.Columns[S.Column].Kind != ColumnKind::State) {
        Err = W + ": state refers to a non-state column";
        return false;
      }
      if (!S.Init || !C.expr(S.Init, NC, NP, false, false, W + " init"))
        return Err.empty() ? (Err = W + ": no init", false) : false;
      if (S.Lo && !C.expr(S.Lo, NC, NP, false, false, W + " lower bound"))
        return false;
      if (S.Hi && !C.expr(S.Hi, NC, NP, false, false, W + " upper bound"))
        return false;
      if (S.Deriv && !C.expr(S.Deriv, NC, NP, true, true, W + " ode"))
        return false;
      if (S.Update && !C.expr(S.Update, NC, NP, true, true, W + " update"))
        return false;
    }
    for (const Observable &O : P.Observables) {
      if (O.Column >= NC || P.Columns[O.Column].Kind != ColumnKind::Observable) {
        Err = P.Name + ": observable refers to a non-observable column";
        return false;
      }
      if (!C.expr(O.Value, NC, NP, true, true, P.Name + "." + P.Columns[O.Column].Name))
        return false;
    }
    for (const Algebraic &A : P.Algebraics) {
      std::string W = P.Name + "." + (A.Column < NC ? P.Columns[A.Column].Name : "?");
      if (A.Column >= NC || P.Columns[A.Column].Kind != ColumnKind::State ||
          (A.DeltaColumn != ~0u && A.DeltaColumn >= NC)) {
        Err = W + ": an unknown must be a state column (and its delta a column)";
        return false;
      }
      if (!A.Init || !A.Residual || !C.expr(A.Init, NC, NP, false, false, W + " guess") ||
          !C.expr(A.Residual, NC, NP, true, true, W + " residual"))
        return Err.empty() ? (Err = W + ": no guess or residual", false) : false;
      for (const Expr *Bound : {A.Lo, A.Hi})
        if (Bound && !C.expr(Bound, NC, NP, false, false, W + " bound"))
          return false;
      if (A.differential() && P.Scheme != Method::TRBDF2) {
        Err = W + ": an unknown with mass terms needs method tr-bdf2";
        return false;
      }
      if (A.RateColumn != ~0u && A.RateColumn >= NC) {
        Err = W + ": its rate is not a column";
        return false;
      }
      for (auto &[Col, Mass] : A.Mass) {
        bool Differential = false;
        for (const Algebraic &B : P.Algebraics)
          Differential |= B.Column == Col && B.differential();
        if (!Differential) {
          Err = W + ": a mass term on a column whose own row has no mass";
          return false;
        }
        if (!C.expr(Mass, NC, NP, false, false, W + " mass"))
          return false;
      }
    }
  }
  for (const Kernel &K : M.Kernels) {
    if (K.Population >= M.Populations.size()) {
      Err = "kernel '" + K.Name + "' runs over no population";
      return false;
    }
    C.Pop = &M.Populations[K.Population];
    C.LocalsDefined = 0;
    std::set<unsigned> Stored;
    C.Scattered.clear();
    std::function<void(const std::vector<Stmt> &)> Collect = [&](const std::vector<Stmt> &B) {
      for (const Stmt &S : B) {
        if (S.K == Stmt::Kind::Store)
          Stored.insert(S.Index);
        if (S.K == Stmt::Kind::Scatter)
          C.Scattered.insert({S.Target, S.Index});
        Collect(S.Body);
      }
    };
    Collect(K.Body);
    C.Stored = &Stored;
    C.StoredPop = K.Population;
    bool Ok = C.body(K, K.Body, false);
    C.Stored = nullptr;
    if (!Ok)
      return false;
    if (C.LocalsDefined != K.NumLocals) {
      Err = "kernel '" + K.Name + "' declares a wrong number of locals";
      return false;
    }
  }
  C.LocalsDefined = 0;
  for (const EventSource &S : M.Sources) {
    bool Good = S.Population < M.Populations.size();
    for (unsigned Col : S.TimeColumns)
      Good = Good && Col < M.Populations[S.Population].Columns.size();
    if (!Good) {
      Err = "event source '" + S.Name + "' names no population or time column";
      return false;
    }
  }
  for (const EventSource &S : M.Sources) {
    bool Sorted = S.SpikeElements.size() == S.SpikeTimes.size();
    for (size_t K = 0; Sorted && K < S.SpikeTimes.size(); ++K)
      Sorted = S.SpikeElements[K] >= 0 && S.SpikeElements[K] < M.Populations[S.Population].Size &&
               S.SpikeTimes[K] >= 0 && (K == 0 || S.SpikeTimes[K] >= S.SpikeTimes[K - 1]);
    if (!Sorted) {
      Err = "event source '" + S.Name + "': its spike list is out of order or range";
      return false;
    }
  }
  for (const Monitor &Mo : M.Monitors)
    if (Mo.Source >= M.Sources.size() || Mo.First < 0 || Mo.Count < 0 ||
        Mo.First + Mo.Count > M.Populations[M.Sources[Mo.Source].Population].Size) {
      Err = "monitor '" + Mo.Name + "' names no source or elements out of range";
      return false;
    }
  for (const ArrayProjection &AP : M.ArrayProjections) {
    size_t NPop = M.Populations.size();
    bool Good = AP.Source < M.Sources.size() && AP.Pre < NPop && AP.Post < NPop &&
                AP.Array < M.Arrays.size() && M.Sources[AP.Source].Population == AP.Pre &&
                !AP.Targets.empty();
    if (Good) {
      const Array &A = M.Arrays[AP.Array];
      Good = M.Populations[AP.Pre].Size == A.Rows && M.Populations[AP.Post].Size == A.Cols &&
             !M.Populations[AP.Post].Dynamic;
      for (const ArrayProjection::Target &T : AP.Targets)
        Good &= T.Column < M.Populations[AP.Post].Columns.size();
      if (AP.Learn)
        Good &= A.Kind == Array::Cells::Device && AP.PostSource < M.Sources.size() &&
                M.Sources[AP.PostSource].Population == AP.Post && AP.Learn->Window > 0 &&
                AP.Learn->Set > 0 && AP.Learn->Reset < 0 && AP.Learn->Width > 0;
    }
    if (!Good) {
      Err = "array projection '" + AP.Name +
            "': its source, populations, array or targets do not exist or do not fit";
      return false;
    }
  }
  for (const Projection &Pr : M.Projections) {
    std::string W = "projection '" + Pr.Name + "'";
    size_t NPop = M.Populations.size();
    if (Pr.Source >= M.Sources.size() || Pr.Pre >= NPop || Pr.Post >= NPop || Pr.Synapses >= NPop ||
        M.Sources[Pr.Source].Population != Pr.Pre) {
      Err = W + ": its source or populations do not exist or do not match";
      return false;
    }
    const Population &Pre = M.Populations[Pr.Pre], &Post = M.Populations[Pr.Post];
    const Population &Syn = M.Populations[Pr.Synapses];
    if (Pre.Dynamic || Post.Dynamic || !(Syn.Dynamic || Syn.Size == 1) || Syn.Columns.size() < 2) {
      Err = W + ": its synapses must be a dynamic (or one shared) population with columns w "
                "and delay";
      return false;
    }
    bool Sizes = true;
    switch (Pr.Kind) {
    case Projection::Connect::OneToOne:
      Sizes = Pre.Size == Post.Size;
      break;
    case Projection::Connect::Probability:
      Sizes = Pr.P >= 0 && Pr.P <= 1;
      break;
    case Projection::Connect::InDegree:
      Sizes = Pr.K >= 0 && Pr.K <= Pre.Size - (Pr.AllowSelf || Pr.Pre != Pr.Post ? 0 : 1);
      break;
    case Projection::Connect::Edges:
      Sizes = Pr.EdgePre.size() == Pr.EdgePost.size();
      for (size_t I = 0; Sizes && I < Pr.EdgePre.size(); ++I)
        Sizes = Pr.EdgePre[I] >= 0 && Pr.EdgePre[I] < Pre.Size && Pr.EdgePost[I] >= 0 &&
                Pr.EdgePost[I] < Post.Size;
      break;
    case Projection::Connect::AllToAll:
      break;
    }
    if (!Sizes) {
      Err = W + ": its connectivity does not fit the populations";
      return false;
    }
    for (const Projection::Target &T : Pr.Targets)
      if (T.Column >= Post.Columns.size() || Post.Columns[T.Column].Kind != ColumnKind::State) {
        Err = W + ": it adds to a column that is not a state of its target";
        return false;
      }
  }
  if (!M.SweepValues.empty() && M.SweepParam >= M.Params.size()) {
    Err = "the sweep names no parameter";
    return false;
  }
  for (const Probe &Pr : M.Probes) {
    if (Pr.Population >= M.Populations.size()) {
      Err = "probe '" + Pr.Name + "' names no population";
      return false;
    }
    const Population &P = M.Populations[Pr.Population];
    if (Pr.First < 0 || Pr.Count <= 0 || (!P.Dynamic && Pr.First + Pr.Count > P.Size)) {
      Err = "probe '" + Pr.Name + "' elements out of range";
      return false;
    }
    for (unsigned Col : Pr.Columns)
      if (Col >= P.Columns.size()) {
        Err = "probe '" + Pr.Name + "' column out of range";
        return false;
      }
  }
  return true;
}

} // namespace nmc::ir
