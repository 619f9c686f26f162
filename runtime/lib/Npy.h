//===- Npy.h - NumPy .npy files whose length is known at the end -*- C++ -*-===//
//
// The .npy format (version 1.0): a magic string, a little-endian header
// length and a Python dict literal (dtype, order, shape), padded so that the
// data starts at a multiple of 64 bytes, then the raw C-order data. A
// recording learns its row count only when it ends, so headers here always
// take the same space for any count and are written again on close.
// Hand-written rather than through a library: Debian packages no C++ NPY
// writer, and the format is this one header (numpy's NEP 1).
//
//===----------------------------------------------------------------------===//
#ifndef NMC_RUNTIME_NPY_H
#define NMC_RUNTIME_NPY_H

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace nmc::rt {

/// The header of an array of Rows rows of dtype Descr (a numpy dtype
/// literal: "'<f8'" or "[('index', '<i8'), ('t', '<f8')]"), each of Cols
/// values (2-D), or one record each when Cols < 0 (1-D). Its length
/// depends on Descr only.
std::string npyHeader(const std::string &Descr, int64_t Rows, int64_t Cols);

/// Writes Out as the rows of every .npy image of In in order (all of one
/// dtype and width, as the points of a sweep record them).
bool npyJoin(const std::filesystem::path &Out, const std::vector<const std::string *> &In,
             std::string &Err);

} // namespace nmc::rt

#endif
