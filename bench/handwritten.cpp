//===- handwritten.cpp - bench/device_update.nmc written by hand in C++ ---===//
//
// The reference for what generated code costs: the same device, the same
// exponential-Euler scheme with its Jacobian derived by hand, the same
// structure-of-arrays state and OpenMP static schedule, compiled with
// -O3 -march=native and no fast-math (as nmc compiles).
//
// usage: handwritten THREADS [stream]   prints: updates/s and the final phi[0]
//
// With `stream`, each update only reads and writes phi (x = x * a + b): the
// memory-bandwidth limit for a kernel that moves the same bytes.
//
//===----------------------------------------------------------------------===//
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <omp.h>
#include <string>
#include <vector>

namespace {

constexpr double A = 1e9, Ea0 = 0.99 * 1.602176634e-19, Alpha = 0.28, B = 7e-24,
                 Ea1 = 0.65 * 1.602176634e-19, T = 300, RhoS = 1.867e-14, L = 5e-9, PhiMin = 1e-10,
                 PhiMax = 5e-9, IC = 3.5e-6, Q = 1.602176634e-19, KB = 1.380649e-23;
constexpr long N = 1000000, Steps = 1000;
constexpr double Dt = 1e-7;

double voltage(double t) {
  double tri = t < 0 ? 0 : t < 50e-6 ? t / 50e-6 : t < 100e-6 ? 1 - (t - 50e-6) / 50e-6 : 0;
  return tri + (t < 100e-6 ? 0 : 0.1);
}

} // namespace

int main(int argc, char **argv) {
  int Threads = argc > 1 ? std::atoi(argv[1]) : 1;
  bool Stream = argc > 2 && std::string(argv[2]) == "stream";
  std::vector<double> Phi(N);
  auto Start = std::chrono::steady_clock::now();
#pragma omp parallel for schedule(static) num_threads(Threads)
  for (long I = 0; I < N; ++I)
    Phi[I] = PhiMin;
  if (Stream) {
    for (long Step = 0; Step < Steps; ++Step) {
      double *P = Phi.data();
      double A = 1 - 1e-9 * double(Step % 2), B2 = 1e-30;
#pragma omp parallel for schedule(static) num_threads(Threads)
      for (long I = 0; I < N; ++I)
        P[I] = P[I] * A + B2;
    }
    double Sec = std::chrono::duration<double>(std::chrono::steady_clock::now() - Start).count();
    std::printf("%.6g %.17g\n", double(N) * Steps / Sec, Phi[0]);
    return 0;
  }
  const double KT = KB * T;
  const double Decay = B * std::exp(-Ea1 / KT);
  const double GScale = M_PI / (4 * RhoS * L);
  for (long Step = 0; Step < Steps; ++Step) {
    double V = voltage(Step * Dt + Dt / 2);
    double Growth = A * std::exp(-(Ea0 - Alpha * Q * V) / KT);
    double *P = Phi.data();
#pragma omp parallel for schedule(static) num_threads(Threads)
    for (long I = 0; I < N; ++I) {
      double X = P[I];
      bool Formed = X > PhiMin;
      double Gcf = Formed ? GScale * X * X * X : 0;
      double DGcf = Formed ? 3 * GScale * X * X : 0;
      double U = 1 - Gcf * V / IC;
      double Drive = U < 0 ? 0 : U > 1 ? 1 : U;
      double DDrive = (U < 0 || U > 1) ? 0 : -DGcf * V / IC;
      double X3 = X * X * X;
      double F = Growth * Drive - Decay / X3;
      double J = Growth * DDrive + 3 * Decay / (X3 * X);
      double H = J * Dt;
      double Phi1 = H == 0 ? 1 : std::expm1(H) / H;
      double New = X + Dt * Phi1 * F;
      P[I] = New < PhiMin ? PhiMin : New > PhiMax ? PhiMax : New;
    }
  }
  double Sec = std::chrono::duration<double>(std::chrono::steady_clock::now() - Start).count();
  std::printf("%.6g %.17g\n", double(N) * Steps / Sec, Phi[0]);
  return 0;
}
