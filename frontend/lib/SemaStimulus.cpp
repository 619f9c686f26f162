//===- SemaStimulus.cpp - Checks stimuli ----------------------------------===//
//
// `stimulus NAME = KIND(...)` becomes a StimulusInfo, which LowerNetwork.cpp
// turns into a population of spike sources: poisson and regular sources,
// listed spikes, rate-coded images, row sequences and moving bars. Files
// are read when compiling (SemaDataFile.cpp), so a model carries its input.
//
//===----------------------------------------------------------------------===//
#include "SemaImpl.h"

#include <algorithm>
#include <cmath>

namespace nmc {

namespace {

/// (time, element) pairs into Info's spike list, in time order (equal times
/// by element), the order the runtime reports events in.
void keepInTimeOrder(std::vector<std::pair<double, int64_t>> &Spikes,
                     SemaImpl::StimulusInfo &Info) {
  std::stable_sort(Spikes.begin(), Spikes.end());
  for (auto &[T, I] : Spikes)
    Info.SpikeTimes.push_back(T), Info.SpikeElements.push_back(I);
}

} // namespace

void SemaImpl::checkStimulus(const ast::StimulusDecl &S) {
  auto *Call = ast::dyn_cast<ast::CallExpr>(S.Source.get());
  // (argument, unit or "file" or "count", required)
  struct Arg {
    const char *Name, *Unit;
    bool Required;
  };
  static const std::map<std::string, std::vector<Arg>> Kinds = {
      {"poisson", {{"rate", "Hz", true}, {"count", "count", true}}},
      {"regular", {{"rate", "Hz", true}, {"count", "count", true}}},
      {"spikes", {{"file", "file", true}, {"count", "count", false}}},
      {"image", {{"file", "file", true}, {"rate", "Hz", true}}},
      {"images",
       {{"file", "file", true}, {"rate", "Hz", true}, {"show", "s", true}, {"rest", "s", false}}},
      {"sequence", {{"file", "file", true}, {"slot", "s", true}}},
      {"bar",
       {{"rows", "count", true},
        {"cols", "count", true},
        {"angle", "1", true},
        {"speed", "Hz", true},
        {"width", "1", false},
        {"rate", "Hz", false}}},
  };
  auto K = Kinds.find(Call ? Call->Callee : "");
  if (!Call || K == Kinds.end()) {
    Diags.report(DiagId::err_unknown_entity, Call ? Call->CalleeRange : S.Source->Range,
                 {"stimulus", Call ? Call->Callee : "?"});
    return;
  }
  StimulusInfo Info;
  Info.Decl = &S;
  Info.Kind = Call->Callee;
  bool Ok = true;
  std::map<std::string, int64_t> Counts;
  const ast::StringExpr *File = nullptr;
  for (const ast::CallArg &A : Call->Args) {
    const Arg *Spec = nullptr;
    for (const Arg &X : K->second)
      if (A.Name == X.Name)
        Spec = &X;
    if (!Spec) {
      Diags.report(DiagId::err_arg_unknown, A.Name.empty() ? A.Value->Range : A.NameRange,
                   {Call->Callee, A.Name.empty() ? "(positional)" : A.Name});
      Ok = false;
      continue;
    }
    std::string Unit = Spec->Unit;
    if (Unit == "file") {
      File = ast::dyn_cast<ast::StringExpr>(A.Value.get());
      if (!File) {
        Diags.report(DiagId::err_setting_value, A.Value->Range, {"file", "a file name in quotes"});
        Ok = false;
      }
      continue;
    }
    Value V = checkModelExpr(*A.Value);
    Dim Want = Unit == "1" || Unit == "count" ? Dim() : unitOf(Unit.c_str());
    if (!expectUnit(V, Want, A.Value->Range, DiagId::err_arg_unit,
                    {A.Name, Call->Callee, describe(Want)})) {
      Ok = false;
      continue;
    }
    if (Unit == "count") {
      auto N = constant(V, A.Value->Range, "a stimulus " + A.Name);
      if (N && !(*N >= 1 && *N <= double(1ull << 40) && *N == std::floor(*N))) {
        Diags.report(DiagId::err_setting_value, A.Value->Range, {A.Name, "a whole number >= 1"});
        Ok = false;
      } else if (N) {
        Counts[A.Name] = int64_t(*N);
      } else {
        Ok = false;
      }
      continue;
    }
    // Only an inhomogeneous Poisson source may follow time.
    if (V.TimeVarying && !(Info.Kind == "poisson" && A.Name == "rate")) {
      Diags.report(DiagId::err_not_constant, A.Value->Range,
                   {"'" + A.Name + "' of " + Info.Kind + " (it may use parameters, not time)"});
      Ok = false;
    }
    Info.Args[A.Name] = V;
  }
  for (const Arg &X : K->second)
    if (X.Required && Ok && !Info.Args.count(X.Name) && !Counts.count(X.Name) &&
        !(std::string(X.Unit) == "file" && File)) {
      Diags.report(DiagId::err_arg_missing, Call->Range, {Call->Callee, X.Name});
      Ok = false;
    }
  if (!Ok)
    return;
  if (Info.Kind == "spikes") {
    if (!readSpikes(*File, Info))
      return;
    int64_t Highest = -1;
    for (int64_t E : Info.SpikeElements)
      Highest = std::max(Highest, E);
    if (!Counts.count("count")) {
      Info.Count = std::max<int64_t>(Highest + 1, 1);
    } else if (Highest >= Counts["count"]) {
      Diags.report(
          DiagId::err_setting_value, Call->Range,
          {"count", "more than the highest index in the file, " + std::to_string(Highest)});
      return;
    } else {
      Info.Count = Counts["count"];
    }
  } else if (Info.Kind == "image") {
    if (!readImage(*File, Info))
      return;
  } else if (Info.Kind == "images") {
    // One image per line, shown for `show` then dark for `rest`, in order.
    auto Images = readMatrix(*File, DiagId::err_image_file, "pixel levels", true);
    if (!Images)
      return;
    if (Images->Rows == 0 || Images->Width == 0) {
      Diags.report(DiagId::err_image_file, File->Range, {File->Value, "has no images"});
      return;
    }
    for (const char *Name : {"show", "rest"}) {
      const ast::CallArg *Arg = nullptr;
      for (const ast::CallArg &A : Call->Args)
        if (A.Name == Name)
          Arg = &A;
      if (!Arg)
        continue;
      auto X = constant(Info.Args[Name], Arg->Value->Range, std::string("an image's ") + Name);
      if (!X)
        return;
      if (!(std::string(Name) == "show" ? *X > 0 : *X >= 0) || !std::isfinite(*X)) {
        Diags.report(DiagId::err_setting_value, Arg->Value->Range,
                     {Name, std::string(Name) == "show" ? "longer than 0 s" : "0 s or longer"});
        return;
      }
    }
    if (!Info.Args.count("rest")) {
      Value Zero;
      Zero.K = Value::Real;
      Zero.D = unitOf("s");
      Zero.E = C.constant(0);
      Info.Args["rest"] = Zero;
    }
    Info.Levels = std::move(Images->Values);
    Info.Rows = Images->Rows; // images
    Info.Cols = Images->Width;
    Info.Count = Images->Width;
  } else if (Info.Kind == "sequence") {
    const ast::CallArg *SlotArg = nullptr;
    for (const ast::CallArg &A : Call->Args)
      if (A.Name == "slot")
        SlotArg = &A;
    auto Slot = constant(Info.Args["slot"], SlotArg->Value->Range, "a sequence's slot");
    if (!Slot)
      return;
    if (!(*Slot > 0)) {
      Diags.report(DiagId::err_setting_value, SlotArg->Value->Range, {"slot", "longer than 0 s"});
      return;
    }
    if (!readSequence(*File, *Slot, Info))
      return;
  } else if (Info.Kind == "bar") {
    Info.Rows = Counts["rows"];
    Info.Cols = Counts["cols"];
    if (Info.Rows > (int64_t(1) << 40) / Info.Cols) {
      Diags.report(DiagId::err_setting_value, Call->Range, {"rows * cols", "at most 2^40"});
      return;
    }
    Info.Count = Info.Rows * Info.Cols;
    auto Default = [&](const char *Name, double V, Dim D) {
      if (!Info.Args.count(Name)) {
        Value X;
        X.K = Value::Real;
        X.D = D;
        X.E = C.constant(V);
        Info.Args[Name] = X;
      }
    };
    Default("width", 1, Dim());
    Default("rate", 0, unitOf("Hz"));
  } else {
    Info.Count = Counts["count"];
  }
  Stimuli[S.Name.Name] = Info;
  StimulusOrder.push_back(S.Name.Name);
}

/// Reads `image(file = "digit.csv")`: one line of pixel levels (>= 0) per
/// row, all rows of one length.
bool SemaImpl::readImage(const ast::StringExpr &File, StimulusInfo &Info) {
  auto Image = readMatrix(File, DiagId::err_image_file, "pixel levels", true);
  if (!Image)
    return false;
  if (Image->Rows == 0) {
    Diags.report(DiagId::err_image_file, File.Range, {File.Value, "has no pixels"});
    return false;
  }
  Info.Levels = std::move(Image->Values);
  Info.Rows = Image->Rows;
  Info.Cols = Image->Width;
  Info.Count = Info.Rows * Info.Cols;
  return true;
}

/// Reads `sequence(file = "digit.csv", slot)`: line i is the train of
/// element i, its k-th value (0 or 1) a spike at k * slot or none.
bool SemaImpl::readSequence(const ast::StringExpr &File, double Slot, StimulusInfo &Info) {
  auto Rows = readRows(File, DiagId::err_image_file, "a row of 0s and 1s",
                       [&](const std::vector<double> &R) {
                         for (double V : R)
                           if (V != 0 && V != 1)
                             return false;
                         return true;
                       });
  if (!Rows)
    return false;
  if (Rows->empty()) {
    Diags.report(DiagId::err_image_file, File.Range, {File.Value, "has no pixels"});
    return false;
  }
  std::vector<std::pair<double, int64_t>> Spikes;
  for (size_t I = 0; I < Rows->size(); ++I)
    for (size_t Kk = 0; Kk < (*Rows)[I].size(); ++Kk)
      if ((*Rows)[I][Kk] == 1)
        Spikes.push_back({double(Kk) * Slot, int64_t(I)});
  keepInTimeOrder(Spikes, Info);
  Info.Count = int64_t(Rows->size());
  return true;
}

/// Reads `spikes(file = "in.csv")`: `index,t` rows (t in seconds), as a
/// spike monitor writes them; kept in time order.
bool SemaImpl::readSpikes(const ast::StringExpr &File, StimulusInfo &Info) {
  auto Rows = readPairs(
      File, DiagId::err_spike_file, "'index,t' with a whole index >= 0 and a time >= 0 in seconds",
      [](double I, double T) {
        return I == std::floor(I) && I >= 0 && I <= 1e12 && T >= 0 && std::isfinite(T);
      });
  if (!Rows)
    return false;
  std::vector<std::pair<double, int64_t>> Spikes;
  for (auto &[I, T] : *Rows)
    Spikes.push_back({T, int64_t(I)});
  keepInTimeOrder(Spikes, Info);
  return true;
}

} // namespace nmc
