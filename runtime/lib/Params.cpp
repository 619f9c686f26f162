//===- Params.cpp - Parameter values from defaults and --set --------------===//
#include "Params.h"

#include "nmc/support/EditDistance.h"

#include "Format.h"

#include <algorithm>
#include <cmath>

namespace nmc::rt {

namespace {

bool endsWithComponent(std::string_view Full, std::string_view Name) {
  return Full.size() > Name.size() && Full.substr(Full.size() - Name.size()) == Name &&
         Full[Full.size() - Name.size() - 1] == '.';
}

// The parameter whose full name or last component is closest to Name, if
// it is close enough to be a plausible typo.
const char *closestParam(const nmc_model_desc &Model, std::string_view Name) {
  const char *Best = nullptr;
  size_t BestDist = std::max<size_t>(1, Name.size() / 3) + 1;
  for (uint32_t I = 0; I < Model.num_params; ++I) {
    std::string_view Full = Model.params[I].name;
    std::string_view Last = Full.substr(Full.rfind('.') + 1);
    size_t D = std::min(editDistance(Name, Full), editDistance(Name, Last));
    if (D < BestDist) {
      BestDist = D;
      Best = Model.params[I].name;
    }
  }
  return Best;
}

std::string quotedList(const std::vector<const char *> &Names) {
  std::string S;
  for (size_t I = 0; I < Names.size(); ++I) {
    if (I == 20) {
      S += format(", ... (%zu in all)", Names.size());
      break;
    }
    S += (I ? ", '" : "'") + std::string(Names[I]) + "'";
  }
  return S;
}

bool applySet(const nmc_model_desc &Model, const std::string &Text, ParamValues &PV,
              std::string &Err) {
  size_t Eq = Text.find('=');
  if (Eq == std::string::npos || Eq == 0) {
    Err = format("--set %s: expected NAME=VALUE, e.g. --set tau=2ms", Text.c_str());
    return false;
  }
  std::string Name = Text.substr(0, Eq), Value = Text.substr(Eq + 1);
  std::string FindErr;
  int64_t Index = findParam(Model, Name, FindErr);
  if (Index < 0) {
    Err = format("--set %s: %s", Text.c_str(), FindErr.c_str());
    return false;
  }
  const nmc_param_desc &P = Model.params[Index];
  std::string QErr;
  auto Q = parseQuantity(Value, QErr);
  if (!Q) {
    Err = format("--set %s: %s", Text.c_str(), QErr.c_str());
    return false;
  }
  Dim Want = paramDim(P);
  if (Q->second != Want) {
    if (Q->second.isDimensionless()) {
      while (!Value.empty() && Value.back() == ' ')
        Value.pop_back();
      Err = format("--set %s: parameter '%s' is %s; write a unit, e.g. "
                   "--set %s=%s%s",
                   Text.c_str(), P.name, describeDim(Want).c_str(), Name.c_str(), Value.c_str(),
                   Want.str().c_str());
    } else {
      Err = format("--set %s: parameter '%s' is %s, but %s is %s", Text.c_str(), P.name,
                   describeDim(Want).c_str(), Value.c_str(), describeDim(Q->second).c_str());
    }
    return false;
  }
  PV.Values[Index] = Q->first;
  PV.IsSet[Index] = 1;
  PV.SetBy[Index] = Text;
  return true;
}

} // namespace

Dim paramDim(const nmc_param_desc &P) { return Dim::fromTwice(P.dim); }

int64_t findParam(const nmc_model_desc &Model, std::string_view Name, std::string &Err) {
  std::vector<const char *> Suffix;
  int64_t SuffixIndex = -1;
  for (uint32_t I = 0; I < Model.num_params; ++I) {
    std::string_view Full = Model.params[I].name;
    if (Full == Name)
      return I;
    if (endsWithComponent(Full, Name)) {
      Suffix.push_back(Model.params[I].name);
      SuffixIndex = I;
    }
  }
  if (Suffix.size() == 1)
    return SuffixIndex;
  std::string N(Name);
  if (Suffix.size() > 1) {
    Err = format("'%s' is ambiguous: it could be %s; write the full name", N.c_str(),
                 quotedList(Suffix).c_str());
    return -1;
  }
  if (Model.num_params == 0) {
    Err = format("no parameter named '%s'; the model has no parameters", N.c_str());
  } else if (const char *Close = closestParam(Model, Name)) {
    Err = format("no parameter named '%s'; did you mean '%s'?", N.c_str(), Close);
  } else {
    std::vector<const char *> All;
    for (uint32_t I = 0; I < Model.num_params; ++I)
      All.push_back(Model.params[I].name);
    Err = format("no parameter named '%s'; the parameters are %s", N.c_str(),
                 quotedList(All).c_str());
  }
  return -1;
}

bool resolveParams(const nmc_model_desc &Model, const std::vector<std::string> &Sets,
                   ParamValues &PV, std::string &Err) {
  PV.Values.assign(Model.num_params, 0.0);
  PV.IsSet.assign(Model.num_params, 0);
  PV.SetBy.assign(Model.num_params, "");
  for (const std::string &S : Sets)
    if (!applySet(Model, S, PV, Err))
      return false;
  if (Model.resolve_params)
    Model.resolve_params(PV.Values.data(), PV.IsSet.data());
  return true;
}

bool inRange(const nmc_param_desc &P, double V) {
  bool LoOk = (P.bound_flags & NMC_BOUND_LO_OPEN) ? V > P.lo : V >= P.lo;
  bool HiOk = (P.bound_flags & NMC_BOUND_HI_OPEN) ? V < P.hi : V <= P.hi;
  return LoOk && HiOk;
}

std::string formatRange(const nmc_param_desc &P) {
  if (std::isinf(P.lo) && P.lo < 0 && std::isinf(P.hi) && P.hi > 0)
    return "any";
  bool LoOpen = (P.bound_flags & NMC_BOUND_LO_OPEN) || std::isinf(P.lo);
  bool HiOpen = (P.bound_flags & NMC_BOUND_HI_OPEN) || std::isinf(P.hi);
  // format() rather than string concatenation: GCC 12 at -O3 reports a
  // bogus -Wrestrict on `std::string + ...` chains (GCC PR 105651).
  Dim D = paramDim(P);
  return format("%c%s, %s%c%s%s", LoOpen ? '(' : '[', formatNumber(P.lo).c_str(),
                formatNumber(P.hi).c_str(), HiOpen ? ')' : ']', D.isDimensionless() ? "" : " ",
                D.isDimensionless() ? "" : D.str().c_str());
}

bool checkParams(const nmc_model_desc &Model, const ParamValues &PV, std::string &Err) {
  for (uint32_t I = 0; I < Model.num_params; ++I) {
    const nmc_param_desc &P = Model.params[I];
    double V = PV.Values[I];
    if (std::isfinite(V) && inRange(P, V))
      continue;
    std::string From = PV.IsSet[I] ? "from --set " + PV.SetBy[I] : std::string("from its default");
    if (P.line)
      From += format(", declared on line %u", P.line);
    if (!std::isfinite(V))
      Err = format("parameter '%s' is %s (%s)", P.name, formatNumber(V).c_str(), From.c_str());
    else
      Err = format("parameter '%s' = %s is out of its range %s (%s)", P.name,
                   formatQuantity(V, paramDim(P)).c_str(), formatRange(P).c_str(), From.c_str());
    return false;
  }
  return true;
}

void printParams(const nmc_model_desc &Model, const ParamValues &PV, std::FILE *Out) {
  std::vector<std::string> Values;
  size_t NameW = 9, ValueW = 5;
  for (uint32_t I = 0; I < Model.num_params; ++I) {
    Values.push_back(formatQuantity(PV.Values[I], paramDim(Model.params[I])));
    NameW = std::max(NameW, std::string_view(Model.params[I].name).size());
    ValueW = std::max(ValueW, Values.back().size());
  }
  std::fprintf(Out, "%-*s  %-*s  range\n", int(NameW), "parameter", int(ValueW), "value");
  for (uint32_t I = 0; I < Model.num_params; ++I) {
    const nmc_param_desc &P = Model.params[I];
    std::string Note = PV.IsSet[I] ? "  (set)" : "";
    if (!std::isfinite(PV.Values[I]) || !inRange(P, PV.Values[I]))
      Note += "  (out of range)";
    std::fprintf(Out, "%-*s  %-*s  %s%s\n", int(NameW), P.name, int(ValueW), Values[I].c_str(),
                 formatRange(P).c_str(), Note.c_str());
  }
}

} // namespace nmc::rt
