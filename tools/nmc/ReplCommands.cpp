//===- ReplCommands.cpp - The REPL's commands -----------------------------===//
#include "Repl.h"

#include "ReplHelp.h"

#include "nmc/support/EditDistance.h"
#include "nmc/support/Units.h"

#include <algorithm>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace nmc {

extern volatile std::sig_atomic_t ReplInterrupted;

namespace {

std::string num(double X) {
  char B[40];
  std::snprintf(B, sizeof B, "%.6g", X);
  return B;
}

std::string unitOf(const nmc_column_desc &C) {
  std::string U = C.unit ? C.unit : "";
  return U.empty() || U == "1" ? "" : " " + U;
}

std::vector<std::string> split(const std::string &S, char Sep) {
  std::vector<std::string> Parts;
  std::string Cur;
  for (char C : S) {
    if (C == Sep) {
      Parts.push_back(trimmed(Cur));
      Cur.clear();
    } else {
      Cur += C;
    }
  }
  Parts.push_back(trimmed(Cur));
  return Parts;
}

} // namespace

bool Repl::command(const std::string &Line, uint32_t LineNo) {
  size_t Space = Line.find_first_of(" \t");
  std::string Name = Line.substr(1, Space == std::string::npos ? std::string::npos : Space - 1);
  std::string Args = Space == std::string::npos ? "" : trimmed(Line.substr(Space));
  if (Name == "help" || Name == "h" || Name == "?") {
    std::string H = replHelp(Args);
    if (H.empty())
      return fail("no help on '" + Args + "'; :help lists the commands and constructs");
    Out << H;
    return true;
  }
  if (Name == "quit" || Name == "q" || Name == "exit") {
    Quit = true;
    return true;
  }
  if (Name == "run")
    return run(Args);
  if (Name == "print" || Name == "p")
    return print(Args);
  if (Name == "set")
    return set(Args);
  if (Name == "params")
    return params();
  if (Name == "sweep")
    return sweep(Args);
  if (Name == "watch")
    return watch(Args);
  if (Name == "unwatch") {
    Traces.clear(), Watched.clear();
    return true;
  }
  if (Name == "plot")
    return plot(Args);
  if (Name == "map")
    return map(Args);
  if (Name == "arrays") {
    nmc_session *S = session();
    if (!S)
      return false;
    if (!Model.desc()->num_arrays)
      Out << "(no arrays)\n";
    else
      Out << nmc_session_summary(S) << "tables of the arrays: " << nmc_session_output_dir(S)
          << "\n";
    return true;
  }
  if (Name == "save")
    return save(Args);
  if (Name == "load")
    return load(Args, LineNo);
  if (Name == "list") {
    Out << Model.source(0);
    return true;
  }
  if (Name == "step") {
    std::string E;
    return Model.setStep(Args, E) || fail(E);
  }
  if (Name == "threads") {
    char *End = nullptr;
    long N = std::strtol(Args.c_str(), &End, 10);
    if (Args.empty() || *End || N < 1 || N > 4096)
      return fail(":threads takes a number from 1 to 4096");
    Model.Threads = int(N);
    bool Rebuilt = false;
    std::string E;
    if (nmc_session *S = Model.session(Rebuilt, E))
      nmc_session_set_threads(S, int(N));
    return true;
  }
  if (Name == "restart") {
    Model.restart();
    Advanced = false;
    if (!session())
      return false;
    Out << "t = 0 s\n";
    return true;
  }
  if (Name == "reset") {
    Model.clear();
    Advanced = false;
    Traces.clear(), Watched.clear();
    return true;
  }
  if (Name == "time") {
    if (Args != "on" && Args != "off")
      return fail(":time takes on or off");
    Timing = Args == "on";
    return true;
  }
  std::string Hint;
  size_t Best = 3;
  for (const std::string &C : replCommands())
    if (size_t D = editDistance(Name, C.substr(1)); D < Best)
      Best = D, Hint = "; did you mean " + C + "?";
  return fail("unknown command ':" + Name + "'" + Hint + " (:help lists them)");
}

nmc_session *Repl::session() {
  bool Rebuilt = false;
  std::string E;
  nmc_session *S = Model.session(Rebuilt, E);
  if (!S) {
    fail(E);
    return nullptr;
  }
  if (Rebuilt) {
    if (Advanced)
      Out << "(a new session of the model: t = 0)\n";
    Out << nmc_session_summary(S); // what the arrays did at t = 0
    Advanced = false;
    // The model changed: traces point at it anew, from t = 0.
    std::vector<std::string> Names = Watched;
    Traces.clear(), Watched.clear();
    for (const std::string &W : Names)
      if (!watch(W))
        Err << "note: no longer watching " << W << "\n";
  }
  return S;
}

bool Repl::duration(const std::string &Text, double &Seconds) {
  std::string E;
  auto Q = parseQuantity(Text, E);
  if (!Q || Q->second != Dim::base(2) || !(Q->first >= 0) || !std::isfinite(Q->first))
    return fail("'" + Text + "' is not a duration; write a time with its unit, such as 1 ms");
  Seconds = Q->first;
  return true;
}

double Repl::value(uint32_t Pop, uint32_t Col, int64_t Element) {
  const nmc_column_desc &C = Model.desc()->populations[Pop].columns[Col];
  const void *P = nmc_session_column(Model.current(), Pop, Col);
  switch (C.type) {
  case NMC_F32:
    return double(static_cast<const float *>(P)[Element]);
  case NMC_I32:
    return double(static_cast<const int32_t *>(P)[Element]);
  case NMC_I64:
    return double(static_cast<const int64_t *>(P)[Element]);
  default:
    return static_cast<const double *>(P)[Element];
  }
}

bool Repl::target(const std::string &Text, Target &T) {
  T = Target{};
  std::string S = trimmed(Text);
  if (S == "t") {
    T.Time = true;
    return true;
  }
  size_t K = 0;
  while (K < S.size() && (std::isalnum(static_cast<unsigned char>(S[K])) || S[K] == '_'))
    ++K;
  std::string Name = S.substr(0, K);
  const nmc_model_desc *D = Model.desc();
  uint32_t Pop = 0;
  while (Pop < D->num_populations && Name != D->populations[Pop].name)
    ++Pop;
  if (Name.empty() || Pop == D->num_populations)
    return fail("no population '" + Name + "'; write POP, POP(x, i), POP[k].x or t");
  const nmc_population_desc &P = D->populations[Pop];
  T.Pop = Pop, T.First = 0, T.Last = P.size;
  std::string Rest = S.substr(K);
  if (!Rest.empty() && Rest[0] == '[') {
    size_t Close = Rest.find(']');
    if (Close == std::string::npos)
      return fail("missing ']' in '" + S + "'");
    std::string Range = Rest.substr(1, Close - 1);
    size_t Colon = Range.find(':');
    char *End = nullptr;
    T.First = std::strtoll(Range.c_str(), &End, 10);
    T.Last = Colon == std::string::npos ? T.First + 1
                                        : std::strtoll(Range.c_str() + Colon + 1, &End, 10);
    if (T.First < 0 || T.Last > P.size || T.First >= T.Last)
      return fail("elements [" + Range + "] are outside '" + Name + "' (" + std::to_string(P.size) +
                  " elements)");
    Rest = Rest.substr(Close + 1);
  }
  std::vector<std::string> Vars;
  if (!Rest.empty() && Rest[0] == '.')
    Vars.push_back(trimmed(Rest.substr(1)));
  else if (!Rest.empty() && Rest[0] == '(' && Rest.back() == ')')
    Vars = split(Rest.substr(1, Rest.size() - 2), ',');
  else if (!trimmed(Rest).empty())
    return fail("cannot read '" + S + "'; write POP, POP(x, i), POP[k].x or t");
  auto Shown = [&](const nmc_column_desc &C) {
    return C.kind == NMC_COLUMN_STATE || C.kind == NMC_COLUMN_OBSERVABLE ||
           std::string(C.name) == "v";
  };
  if (Vars.empty())
    for (uint32_t C = 0; C < P.num_columns; ++C)
      if (Shown(P.columns[C]))
        T.Cols.push_back(C);
  for (const std::string &V : Vars) {
    uint32_t C = 0;
    while (C < P.num_columns && V != P.columns[C].name)
      ++C;
    if (C == P.num_columns) {
      std::string Known;
      for (uint32_t X = 0; X < P.num_columns; ++X)
        if (Shown(P.columns[X]))
          Known += std::string(Known.empty() ? "" : ", ") + P.columns[X].name;
      return fail("'" + Name + "' has no '" + V + "'; it has " + Known);
    }
    T.Cols.push_back(C);
  }
  return true;
}

bool Repl::print(const std::string &Args) {
  nmc_session *S = session();
  if (!S)
    return false;
  Target T;
  if (!target(Args.empty() ? "t" : Args, T))
    return false;
  if (T.Time) {
    Out << "t = " << num(nmc_session_time(S)) << " s\n";
    return true;
  }
  const nmc_population_desc &P = Model.desc()->populations[T.Pop];
  for (uint32_t C : T.Cols)
    if (P.columns[C].kind == NMC_COLUMN_OBSERVABLE) {
      if (nmc_session_observe(S, T.Pop) != 0)
        return fail(nmc_session_error(S));
      break;
    }
  const int64_t Most = 16;
  for (int64_t E = T.First; E < T.Last && E < T.First + Most; ++E)
    for (uint32_t C : T.Cols)
      Out << P.name << "[" << E << "]." << P.columns[C].name << " = " << num(value(T.Pop, C, E))
          << unitOf(P.columns[C]) << "\n";
  if (T.Last - T.First > Most)
    Out << "... (" << T.Last - T.First - Most << " more elements; :print " << P.name << "[a:b]"
        << " shows others)\n";
  return true;
}

bool Repl::advance(double Seconds) {
  nmc_session *S = session();
  if (!S)
    return false;
  const double Dt = Model.desc()->dt;
  double Ratio = Seconds / Dt;
  auto Steps = int64_t(std::ceil(Ratio - 1e-9 * std::max(1.0, Ratio)));
  auto Record = [&] {
    std::vector<bool> Observed(Model.desc()->num_populations, false);
    for (Trace &X : Traces) {
      if (Model.desc()->populations[X.Pop].columns[X.Col].kind == NMC_COLUMN_OBSERVABLE &&
          !Observed[X.Pop]) {
        if (nmc_session_observe(S, X.Pop) != 0)
          return false;
        Observed[X.Pop] = true;
      }
      X.T.push_back(nmc_session_time(S));
      X.Y.push_back(value(X.Pop, X.Col, X.Element));
    }
    return true;
  };
  if (!Traces.empty() && Traces[0].T.empty() && !Record())
    return fail(nmc_session_error(S));
  ReplInterrupted = 0;
  Advanced = true;
  // Traces sample every step; otherwise steps go in chunks, so that Ctrl-C
  // is seen within one chunk.
  const int64_t Chunk = Traces.empty() ? 256 : 1;
  for (int64_t Done = 0; Done < Steps;) {
    int64_t N = std::min(Chunk, Steps - Done);
    if (nmc_session_run(S, double(N) * Dt) != 0)
      return fail(nmc_session_error(S));
    Done += N;
    if (!Traces.empty() && !Record())
      return fail(nmc_session_error(S));
    if (ReplInterrupted) {
      ReplInterrupted = 0;
      Out << "interrupted at t = " << num(nmc_session_time(S)) << " s (the state is kept)\n";
      return true;
    }
  }
  return true;
}

bool Repl::run(const std::string &Args) {
  double D = 0;
  if (Args.empty())
    return fail(":run takes a duration, such as :run 1 ms");
  if (!duration(Args, D) || !advance(D))
    return false;
  Out << "t = " << num(nmc_session_time(session())) << " s\n";
  return true;
}

bool Repl::set(const std::string &Args) {
  std::string A = Args;
  size_t Eq = A.find('=');
  std::string Name, Value;
  if (Eq != std::string::npos) {
    Name = trimmed(A.substr(0, Eq)), Value = trimmed(A.substr(Eq + 1));
  } else {
    size_t Sp = A.find_first_of(" \t");
    if (Sp == std::string::npos)
      return fail(":set takes a parameter and a value with its unit, such as :set r.G 2 mS");
    Name = trimmed(A.substr(0, Sp)), Value = trimmed(A.substr(Sp));
  }
  nmc_session *S = session();
  if (!S)
    return false;
  if (nmc_session_set_param(S, Name.c_str(), Value.c_str()) != 0) {
    // The runtime words it for the command line (--set NAME=VALUE: ...).
    std::string E = nmc_session_error(S);
    if (E.rfind("--set ", 0) == 0 && E.find(": ") != std::string::npos)
      E = E.substr(E.find(": ") + 2);
    return fail(E);
  }
  auto It = std::find_if(Model.Sets.begin(), Model.Sets.end(),
                         [&](const auto &P) { return P.first == Name; });
  if (It != Model.Sets.end())
    It->second = Value;
  else
    Model.Sets.emplace_back(Name, Value);
  return true;
}

bool Repl::params() {
  nmc_session *S = session();
  if (!S)
    return false;
  const nmc_model_desc *D = Model.desc();
  if (D->num_params == 0)
    Out << "(no parameters)\n";
  for (uint32_t I = 0; I < D->num_params; ++I) {
    std::string U = Dim::fromTwice(D->params[I].dim).str();
    Out << D->params[I].name << " = " << num(nmc_session_param(S, I)) << (U == "1" ? "" : " " + U)
        << "\n";
  }
  return true;
}

bool Repl::sweep(const std::string &Args) {
  size_t Eq = Args.find('='), For = Args.find(" for "), Print = Args.find(" print ");
  if (Eq == std::string::npos || For == std::string::npos || Print == std::string::npos ||
      !(Eq < For && For < Print))
    return fail(":sweep NAME = V1, V2, ... for DURATION print TARGET");
  std::string Name = trimmed(Args.substr(0, Eq));
  std::vector<std::string> Values = split(Args.substr(Eq + 1, For - Eq - 1), ',');
  double D = 0;
  if (!duration(trimmed(Args.substr(For + 5, Print - For - 5)), D))
    return false;
  nmc_session *S = session();
  Target T;
  if (!S || !target(Args.substr(Print + 7), T))
    return false;
  if (T.Time)
    return fail(":sweep prints a population's values, not t");
  const nmc_population_desc &P = Model.desc()->populations[T.Pop];
  Out << Name;
  for (int64_t E = T.First; E < T.Last; ++E)
    for (uint32_t C : T.Cols)
      Out << "," << P.name << "[" << E << "]." << P.columns[C].name;
  Out << "\n";
  std::vector<Trace> Kept;
  std::swap(Kept, Traces); // a sweep records no traces
  bool Ok = true;
  for (const std::string &V : Values) {
    if (nmc_session_set_param(S, Name.c_str(), V.c_str()) != 0 ||
        nmc_session_reset(S, Model.desc()->dt) != 0) {
      Ok = fail(nmc_session_error(S));
      break;
    }
    if (!advance(D)) {
      Ok = false;
      break;
    }
    if (nmc_session_observe(S, T.Pop) != 0) {
      Ok = fail(nmc_session_error(S));
      break;
    }
    Out << V;
    for (int64_t E = T.First; E < T.Last; ++E)
      for (uint32_t C : T.Cols)
        Out << "," << num(value(T.Pop, C, E));
    Out << "\n";
  }
  std::swap(Kept, Traces);
  // Back to the parameters as they were (set, or as declared), at t = 0.
  Model.restart();
  Advanced = false;
  if (session())
    Out << "(back to t = 0 with " << Name << " as before)\n";
  return Ok;
}

bool Repl::map(const std::string &Args) {
  nmc_session *S = session();
  if (!S)
    return false;
  const nmc_model_desc *D = Model.desc();
  uint32_t K = 0;
  while (K < D->num_arrays && Args != D->arrays[K].name)
    ++K;
  if (K == D->num_arrays)
    return fail(Args.empty() ? ":map takes the name of an array" : "no array '" + Args + "'");
  const nmc_array_desc &A = D->arrays[K];
  const int64_t N = A.rows, M = A.differential ? 2 * A.cols : A.cols;
  std::vector<double> G(size_t(N * M));
  if (nmc_session_array_map(S, K, G.data()) != 0)
    return fail(nmc_session_error(S));
  double Lo = *std::min_element(G.begin(), G.end()), Hi = *std::max_element(G.begin(), G.end());
  double Mean = 0;
  for (double X : G)
    Mean += X / double(G.size());
  Out << A.name << ": " << N << " x " << M << " cells, G in S (i / v at " << num(A.read_voltage)
      << " V); min " << num(Lo) << ", mean " << num(Mean) << ", max " << num(Hi) << "\n";
  const int64_t Most = 16;
  for (int64_t I = 0; I < std::min(N, Most); ++I) {
    for (int64_t J = 0; J < std::min(M, Most); ++J) {
      char B[24];
      std::snprintf(B, sizeof B, "%11.4g", G[size_t(I * M + J)]);
      Out << B;
    }
    Out << (M > Most ? " ..." : "") << "\n";
  }
  if (N > Most)
    Out << "... (" << N - Most << " more rows)\n";
  return true;
}

bool Repl::watch(const std::string &Args) {
  if (Args.empty()) {
    if (Traces.empty())
      Out << "(nothing watched; :watch POP[k].VAR)\n";
    for (const Trace &X : Traces)
      Out << X.Label << " (" << X.T.size() << " points)\n";
    return true;
  }
  nmc_session *S = session();
  Target T;
  if (!S || !target(Args, T))
    return false;
  if (T.Time || T.Cols.size() != 1)
    return fail(":watch takes one value, such as :watch r[0].x");
  const nmc_population_desc &P = Model.desc()->populations[T.Pop];
  std::string Label = std::string(P.name) + "[" + std::to_string(T.First) + "]." +
                      P.columns[T.Cols[0]].name + unitOf(P.columns[T.Cols[0]]);
  // Every trace starts afresh, so that all share their times.
  for (Trace &X : Traces)
    X.T.clear(), X.Y.clear();
  Traces.push_back(Trace{Label, T.Pop, T.Cols[0], T.First, {}, {}});
  Watched.push_back(Args);
  return true;
}

bool Repl::plot(const std::string &Args) {
  if (Traces.empty() || Traces[0].T.empty())
    return fail("nothing to plot: :watch a value, then :run");
  std::vector<Series> S;
  for (const Trace &X : Traces)
    S.push_back(Series{X.Label, X.T, X.Y});
  if (Args.empty()) {
    Out << textPlot(S);
    return true;
  }
  if (Args.compare(0, 3, "to ") != 0 || Args.size() < 8 ||
      Args.compare(Args.size() - 4, 4, ".png") != 0)
    return fail(":plot draws in the terminal, or :plot to FILE.png");
  std::string Png = trimmed(Args.substr(3)), Stem = Png.substr(0, Png.size() - 4);
  char Dir[] = "/tmp/nmc-plot-XXXXXX";
  if (!mkdtemp(Dir))
    return fail("cannot make a temporary folder for gnuplot");
  std::string Data = std::string(Dir) + "/data", Script = std::string(Dir) + "/plot.gp";
  {
    std::ofstream D(Data);
    for (const Series &X : S) {
      for (size_t K = 0; K < X.T.size(); ++K)
        D << X.T[K] << " " << X.Y[K] << "\n";
      D << "\n\n";
    }
    std::ofstream G(Script);
    std::string Plot = "plot";
    for (size_t K = 0; K < S.size(); ++K)
      Plot += std::string(K ? "," : "") + " '" + Data + "' index " + std::to_string(K) +
              " with lines title '" + S[K].Label + "'";
    G << "set xlabel 't (s)'\nset grid\nset terminal png size 900,560\nset output '" << Png << "'\n"
      << Plot << "\nset terminal svg size 900,560\nset output '" << Stem << ".svg'\n"
      << Plot << "\n";
  }
  std::string Cmd = "gnuplot '" + Script + "' 2> '" + std::string(Dir) + "/err'";
  int Status = std::system(Cmd.c_str());
  std::string ErrText;
  {
    std::ifstream E(std::string(Dir) + "/err");
    std::getline(E, ErrText, '\0');
  }
  std::system(("rm -rf '" + std::string(Dir) + "'").c_str());
  if (Status != 0)
    return fail("gnuplot failed (Debian: apt install gnuplot-nox): " + trimmed(ErrText));
  Out << "wrote " << Png << " and " << Stem << ".svg\n";
  return true;
}

bool Repl::save(const std::string &Args) {
  std::string Path = trimmed(Args);
  auto Ends = [&](const char *Ext) {
    size_t N = std::strlen(Ext);
    return Path.size() > N && Path.compare(Path.size() - N, N, Ext) == 0;
  };
  std::string Text;
  if (Ends(".nmc")) {
    bool Rebuilt = false;
    std::string E;
    nmc_session *S = Model.empty() ? nullptr : Model.session(Rebuilt, E);
    Text = Model.source(S ? nmc_session_time(S) : 0);
  } else if (Ends(".csv")) {
    if (Traces.empty())
      return fail("no traces to save: :watch a value, then :run");
    Text = "t";
    for (const Trace &X : Traces)
      Text += "," + X.Label.substr(0, X.Label.find(' '));
    Text += "\n";
    for (size_t K = 0; K < Traces[0].T.size(); ++K) {
      char B[40];
      std::snprintf(B, sizeof B, "%.17g", Traces[0].T[K]);
      Text += B;
      for (const Trace &X : Traces) {
        std::snprintf(B, sizeof B, ",%.17g", K < X.Y.size() ? X.Y[K] : NAN);
        Text += B;
      }
      Text += "\n";
    }
  } else {
    return fail(":save FILE.nmc (the declarations) or :save FILE.csv (the traces)");
  }
  std::ofstream F(Path);
  F << Text;
  F.close();
  if (!F)
    return fail("cannot write '" + Path + "'");
  Out << "wrote " << Path << "\n";
  return true;
}

bool Repl::load(const std::string &Args, uint32_t Line) {
  std::ifstream F(trimmed(Args));
  if (!F)
    return fail("cannot read '" + trimmed(Args) + "'");
  std::stringstream SS;
  SS << F.rdbuf();
  return Model.declare(SS.str(), Line);
}

} // namespace nmc
