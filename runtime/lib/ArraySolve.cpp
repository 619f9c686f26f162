//===- ArraySolve.cpp - In-memory linear algebra with op-amp feedback -----===//
#include "ArraySolve.h"

#include "ArrayCells.h"
#include "ArrayRead.h"
#include "ArrayRun.h"
#include "Format.h"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <vector>

namespace nmc::rt {

namespace {

/// Draw counters of solves, apart from reads' and programming's.
constexpr int64_t SolveCounters = -(int64_t(3) << 51);

using Matrix = Eigen::MatrixXd;
using Vector = Eigen::VectorXd;

/// The circuit of one array: its unknowns (the amplifiers' outputs) and the
/// currents that must balance at their inputs.
class Loop {
public:
  Loop(const nmc_array_desc &Desc, ArrayCells &Cells)
      : A(Desc), Reader(Desc, Cells, false), N(Desc.rows), M(Desc.cols), Mp(physicalCols(Desc)),
        InvGain(Desc.solve_gain > 0 ? 1 / Desc.solve_gain : 0),
        Regression(Desc.solve == NMC_SOLVE_REGRESSION), RowV(size_t(N)), ColV(size_t(Mp)) {}

  int64_t unknowns() const { return Regression ? M + N : N; }

  /// F(Z) for right-hand side Rhs; Scale gets the largest current seen.
  bool balance(const Vector &Z, const double *Rhs, int64_t Counter, int Threads, Vector &F,
               double &Scale, std::string &Err) {
    F.resize(unknowns());
    Scale = 0;
    for (int64_t I = 0; I < N; ++I)
      Scale = std::max(Scale, std::abs(Rhs[I]));
    // The first (or only) read: row inputs at -out / gain, columns at w.
    for (int64_t I = 0; I < N; ++I)
      RowV[size_t(I)] = -Z[Regression ? M + I : I] * InvGain;
    driveColumns([&](int64_t J) { return Z[J]; });
    if (!Reader.drive(RowV, ColV, Counter, Threads, Err))
      return false;
    for (int64_t I = 0; I < N; ++I) {
      double Port = rowCurrent(I, Scale);
      if (Regression) // y + G0 (r - v) flows in through the amplifier
        F[M + I] = Port - Rhs[I] - A.solve_feedback * (Z[M + I] - RowV[size_t(I)]);
      else
        F[I] = Port - Rhs[I];
    }
    if (!Regression)
      return true;
    // The second read: rows at r, each column into its op-amp's input.
    for (int64_t I = 0; I < N; ++I)
      RowV[size_t(I)] = Z[M + I];
    for (int64_t Jp = 0; Jp < Mp; ++Jp)
      ColV[size_t(Jp)] = -Z[A.differential ? Jp / 2 : Jp] * InvGain;
    if (!Reader.drive(RowV, ColV, Counter, Threads, Err))
      return false;
    for (int64_t J = 0; J < M; ++J)
      F[J] = A.differential ? colCurrent(2 * J, Scale) - colCurrent(2 * J + 1, Scale)
                            : colCurrent(J, Scale);
    return true;
  }

private:
  /// Column ends at Out(j); a pair's G- column through an inverter.
  template <class Fn> void driveColumns(Fn Out) {
    for (int64_t Jp = 0; Jp < Mp; ++Jp)
      ColV[size_t(Jp)] = A.differential ? (Jp % 2 ? -Out(Jp / 2) : Out(Jp / 2)) : Out(Jp);
  }
  /// The current from row I's driver end into the row (its right end is
  /// open, so all of it leaves through the cells), and from column Jp into
  /// its sense end: the sum of a line of cells' currents.
  double rowCurrent(int64_t I, double &Scale) const { return line(I * Mp, 1, Mp, Scale); }
  double colCurrent(int64_t Jp, double &Scale) const { return line(Jp, Mp, N, Scale); }
  double line(int64_t First, int64_t Stride, int64_t Count, double &Scale) const {
    double S = 0;
    for (int64_t K = 0; K < Count; ++K) {
      double X = Reader.CellI[size_t(First + K * Stride)];
      S += X;
      Scale = std::max(Scale, std::abs(X));
    }
    return S;
  }

  const nmc_array_desc &A;
  ArrayReader Reader;
  int64_t N, M, Mp;
  double InvGain;
  bool Regression;
  std::vector<double> RowV, ColV;
};

/// The matrix the array was meant to hold (N x M): the write-verify targets,
/// else each cell's i / v at the read voltage; G+ - G- for pairs.
bool intended(const nmc_array_desc &A, ArrayCells &Cells, Matrix &W, std::string &Err) {
  const int64_t N = A.rows, Mp = physicalCols(A);
  std::vector<double> G(size_t(N * Mp));
  if (A.program_targets) {
    G.assign(A.program_targets, A.program_targets + N * Mp);
  } else {
    std::vector<double> V(G.size(), A.read_voltage);
    if (!Cells.eval(V.data(), G.data(), nullptr, SolveCounters + 1, Err))
      return false;
    for (double &X : G)
      X /= A.read_voltage;
  }
  W.resize(N, A.cols);
  for (int64_t I = 0; I < N; ++I)
    for (int64_t J = 0; J < A.cols; ++J)
      W(I, J) = A.differential ? G[size_t(I * Mp + 2 * J)] - G[size_t(I * Mp + 2 * J + 1)]
                               : G[size_t(I * Mp + J)];
  return true;
}

} // namespace

bool solveArray(const nmc_array_desc &A, ArrayCells &Cells, int Threads, bool Npy,
                const std::filesystem::path &Dir, std::string &Summary, std::string &Err) {
  const bool Regression = A.solve == NMC_SOLVE_REGRESSION;
  const int64_t N = A.rows, Width = Regression ? A.cols : A.rows;
  Matrix W;
  if (!intended(A, Cells, W, Err))
    return false;
  // The direct solution, and whether the circuit could settle there.
  Eigen::ColPivHouseholderQR<Matrix> QR(W);
  if (QR.rank() < Width) {
    Err = format("array '%s': the matrix it holds has rank %lld, below %lld; %s has no unique "
                 "solution",
                 A.name, (long long)QR.rank(), (long long)Width,
                 Regression ? "the regression" : "A x = b");
    return false;
  }
  std::string Warning;
  if (!Regression) {
    double Least = Eigen::EigenSolver<Matrix>(W, false).eigenvalues().real().minCoeff();
    if (!(Least > 0))
      Warning = format(" (the loop would not settle there: A has an eigenvalue of real part "
                       "%.3g S, and Sun et al. 2019 need every one above 0)",
                       Least);
  }
  Loop L(A, Cells);
  const int64_t K = L.unknowns();
  Matrix Jac;
  Eigen::PartialPivLU<Matrix> LU;
  bool Linear = !Cells.device(), Factored = false;
  std::vector<double> Rows;
  double WorstError = 0;
  int MostSteps = 0;
  for (int64_t S = 0; S < A.num_solves; ++S) {
    const double *Rhs = A.solve_rhs + S * N;
    const int64_t Counter = SolveCounters - S;
    Vector Z = Vector::Zero(K), F, F1;
    double Scale = 0, Scale1 = 0;
    if (!L.balance(Z, Rhs, Counter, Threads, F, Scale, Err))
      return false;
    int Step = 0;
    const int MaxSteps = 30;
    while (!(F.lpNorm<Eigen::Infinity>() <= 1e-11 * Scale)) {
      if (++Step > MaxSteps) {
        Err = format("array '%s', solve %lld: the feedback loop did not settle (its currents "
                     "balance within %.3g A, %.1e of the largest, after %d Newton steps)",
                     A.name, (long long)S, F.lpNorm<Eigen::Infinity>(),
                     F.lpNorm<Eigen::Infinity>() / Scale, MaxSteps);
        return false;
      }
      // Linear cells make the loop affine: one Jacobian serves every solve.
      if (!Linear || !Factored) {
        Jac.resize(K, K);
        for (int64_t C = 0; C < K; ++C) {
          Vector Z1 = Z;
          double H = 1e-4 * (A.read_voltage + std::abs(Z[C]));
          Z1[C] += H;
          if (!L.balance(Z1, Rhs, Counter, Threads, F1, Scale1, Err))
            return false;
          Jac.col(C) = (F1 - F) / H;
        }
        LU.compute(Jac);
        Factored = true;
      }
      Z -= LU.solve(F);
      if (!Z.allFinite()) {
        Err = format("array '%s', solve %lld: the feedback loop has no steady state (the "
                     "Newton step is not finite)",
                     A.name, (long long)S);
        return false;
      }
      if (!L.balance(Z, Rhs, Counter, Threads, F, Scale, Err))
        return false;
    }
    MostSteps = std::max(MostSteps, Step);
    Vector B = Eigen::Map<const Vector>(Rhs, N);
    Vector Direct = QR.solve(B);
    Vector X = -Z.head(Width); // the outputs settle at -x
    double Largest = Direct.lpNorm<Eigen::Infinity>();
    if (Largest > 0)
      WorstError = std::max(WorstError, (X - Direct).lpNorm<Eigen::Infinity>() / Largest);
    Rows.push_back(double(S));
    Rows.insert(Rows.end(), X.data(), X.data() + Width);
    Rows.insert(Rows.end(), Direct.data(), Direct.data() + Width);
  }
  std::string Header = "solve";
  for (const char *What : {"x", "direct"})
    for (int64_t J = 0; J < Width; ++J)
      Header += format(",%s[%lld].%s", A.name, (long long)J, What);
  Summary +=
      format("array '%s': %lld solve%s of %s by op-amp feedback (%s), at most %d Newton "
             "step%s; largest error %.3g of the largest |x| against a direct solve%s\n",
             A.name, (long long)A.num_solves, A.num_solves == 1 ? "" : "s",
             Regression ? "least squares X x ~ y" : "A x = b",
             A.solve_gain > 0 ? format("op-amp gain %g", A.solve_gain).c_str() : "ideal op-amps",
             MostSteps, MostSteps == 1 ? "" : "s", WorstError, Warning.c_str());
  return writeFile(Dir / (std::string(A.name) + ".solve" + (Npy ? ".npy" : ".csv")),
                   table(Npy, Header, Rows, 1 + 2 * Width), Err);
}

} // namespace nmc::rt
