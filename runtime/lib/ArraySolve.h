//===- ArraySolve.h - In-memory linear algebra with op-amp feedback -*- C++ -*-===//
//
// An array in a feedback loop of operational amplifiers settles where the
// loop's currents balance, and that steady state is the solution of a
// linear system, computed by the circuit in one step.
//
// Inverse (Sun et al. 2019, PNAS 116:4123): a square array holds A (G, or
// G+ - G- of differential pairs). Current b_i is injected into the node
// that joins row i's driver end to the inverting input of op-amp i, whose
// output drives column i at its sense end (a differential pair's G-
// column through an inverter, at minus the output). The op-amps' inputs
// sit at -out / gain; with ideal op-amps they are virtual grounds and the
// outputs settle at -x with A x = b.
//
// Regression (Sun et al. 2020, Sci. Adv. 6:eaay2378): an N x M array holds
// X and is read twice (the paper's two arrays hold the same X; here they
// are the same cells). y_i is injected into the input of transimpedance
// amplifier i (feedback conductance G0) on row i of the first read, whose
// columns are driven by the M op-amp outputs w; the amplifier outputs r
// drive the rows of the second read, whose column j feeds the input of
// op-amp j (a pair's columns subtracted). The loop settles where
// X^T (X w + y) = 0, so -w solves least squares X w ~ y.
//
// The circuit's steady state is found by Newton on the amplifiers'
// unknowns (the Jacobian by differences; each evaluation solves the whole
// network with its wires, and Newton on the cells where they are a device
// with a non-linear I-V), until the loop's currents balance within 1e-11
// of the largest current. Device cells draw their read noise once per
// solve. The direct solution (LU, or least squares by QR, Eigen) of the
// matrix the array was meant to hold (the write-verify targets where it
// was programmed, else the cells' own conductance at the read voltage) is
// written beside it.
//
//===----------------------------------------------------------------------===//
#ifndef NMC_RUNTIME_ARRAYSOLVE_H
#define NMC_RUNTIME_ARRAYSOLVE_H

#include "nmc/abi.h"

#include <filesystem>
#include <string>

namespace nmc::rt {

class ArrayCells;

/// Runs the array's solves; writes `NAME.solve.csv` (or .npy), one line per
/// right-hand side: `solve`, the circuit's x, the direct solution; adds a
/// line to Summary.
bool solveArray(const nmc_array_desc &A, ArrayCells &Cells, int Threads, bool Npy,
                const std::filesystem::path &Dir, std::string &Summary, std::string &Err);

} // namespace nmc::rt

#endif
