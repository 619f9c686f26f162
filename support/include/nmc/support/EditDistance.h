//===- EditDistance.h - Typo distance for did-you-mean ---------*- C++ -*-===//
#ifndef NMC_SUPPORT_EDITDISTANCE_H
#define NMC_SUPPORT_EDITDISTANCE_H

#include <cstddef>
#include <string_view>

namespace nmc {

/// Edit distance counting a swap of neighbours as one edit ("tua" is one
/// typo from "tau"). Shared by compiler and runtime suggestions.
size_t editDistance(std::string_view A, std::string_view B);

} // namespace nmc

#endif
