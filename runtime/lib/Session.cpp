//===- Session.cpp - The session API of abi.h -----------------------------===//
//
// A session is one live instance of a model: parameters set by name (with
// units, checked as --set is), a seed, a thread count, and a simulation
// that can be reset and advanced by any duration. The REPL drives models
// through it; nothing here writes files.
//
//===----------------------------------------------------------------------===//
#include "nmc/abi.h"

#include "ArrayCells.h"
#include "ArrayRun.h"
#include "Format.h"
#include "ModelCheck.h"
#include "Options.h"
#include "Params.h"
#include "Simulation.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <memory>
#include <omp.h>

struct nmc_session {
  const nmc_model_desc *Model = nullptr;
  std::vector<std::string> Sets;
  nmc::rt::ParamValues PV;
  nmc_ctx Ctx;
  std::unique_ptr<nmc::rt::Simulation> Sim;
  std::string Err;
  // Arrays are programmed and read at each reset; their tables go to Dir
  // (a temporary folder, removed with the session), their report to Summary.
  std::string Dir, Summary;
  ~nmc_session() {
    std::error_code Ignored;
    if (!Dir.empty())
      std::filesystem::remove_all(Dir, Ignored);
  }
};

namespace {

/// Runs F, turning a failure or an exception into status 1 with Err set.
template <typename F> int guarded(nmc_session *S, F &&Fn) {
  if (!S)
    return 1;
  S->Err.clear();
  try {
    return Fn() ? 0 : 1;
  } catch (const std::exception &E) {
    S->Err = std::string("internal error: ") + E.what();
  }
  return 1;
}

/// guarded(), on a session started at its own step if none is running yet.
template <typename F> int live(nmc_session *S, F &&Fn) {
  if (S && !S->Sim && nmc_session_reset(S, S->Model->dt) != 0)
    return 1;
  return guarded(S, std::forward<F>(Fn));
}

} // namespace

extern "C" nmc_session *nmc_session_create(const nmc_model_desc *Model) {
  if (!Model || Model->abi_version != NMC_ABI_VERSION)
    return nullptr;
  std::string Err;
  if (!nmc::rt::checkModel(*Model, Err))
    return nullptr;
  auto *S = new nmc_session;
  S->Model = Model;
  S->Ctx.Threads = omp_get_max_threads();
  return S;
}

extern "C" const char *nmc_session_error(const nmc_session *S) {
  return S ? S->Err.c_str() : "no session";
}

extern "C" int nmc_session_set_param(nmc_session *S, const char *Name, const char *Value) {
  return guarded(S, [&] {
    S->Sets.push_back(std::string(Name) + "=" + Value);
    nmc::rt::ParamValues PV;
    if (!nmc::rt::resolveParams(*S->Model, S->Sets, PV, S->Err) ||
        !nmc::rt::checkParams(*S->Model, PV, S->Err)) {
      S->Sets.pop_back();
      return false;
    }
    // A live simulation reads the values in place: equations see the new
    // value from the next step (what init computed keeps the old one).
    if (S->Sim && PV.Values.size() == S->PV.Values.size())
      std::copy(PV.Values.begin(), PV.Values.end(), S->PV.Values.begin());
    return true;
  });
}

extern "C" int nmc_session_set_seed(nmc_session *S, uint64_t Seed) {
  return guarded(S, [&] {
    S->Ctx.Seed = Seed;
    return true;
  });
}

extern "C" int nmc_session_set_threads(nmc_session *S, int Threads) {
  return guarded(S, [&] {
    if (Threads < 1 || Threads > 4096) {
      S->Err = "threads must be between 1 and 4096";
      return false;
    }
    S->Ctx.Threads = Threads;
    return true;
  });
}

extern "C" int nmc_session_reset(nmc_session *S, double Dt) {
  return guarded(S, [&] {
    if (!(Dt > 0) || !std::isfinite(Dt)) {
      S->Err = "the step must be a positive time";
      return false;
    }
    S->Sim.reset();
    if (!nmc::rt::resolveParams(*S->Model, S->Sets, S->PV, S->Err) ||
        !nmc::rt::checkParams(*S->Model, S->PV, S->Err))
      return false;
    auto Sim = std::make_unique<nmc::rt::Simulation>(*S->Model, S->PV.Values.data(), S->Ctx);
    if (!Sim->allocate(S->Err) || !Sim->init(Dt, nullptr, S->Err))
      return false;
    S->Summary.clear();
    if (S->Model->num_arrays) {
      if (S->Dir.empty()) {
        char Tmp[] = "/tmp/nmc-session-XXXXXX";
        if (!mkdtemp(Tmp)) {
          S->Err = "cannot make a folder for the arrays' tables";
          return false;
        }
        S->Dir = Tmp;
      }
      nmc::rt::RunOptions O;
      O.Seed = S->Ctx.Seed, O.Threads = S->Ctx.Threads;
      if (!nmc::rt::runArrays(*S->Model, O, S->Dir, *Sim, S->Summary, S->Err))
        return false;
    }
    S->Sim = std::move(Sim);
    return true;
  });
}

extern "C" int nmc_session_run(nmc_session *S, double Duration) {
  return live(S, [&] {
    if (!(Duration >= 0) || !std::isfinite(Duration)) {
      S->Err = "the duration must be a time of zero or more";
      return false;
    }
    // Whole steps, at least the duration (within rounding of the ratio).
    double Ratio = Duration / S->Sim->dt();
    auto Steps = int64_t(std::ceil(Ratio - 1e-9 * std::max(1.0, Ratio)));
    return S->Sim->advance(Steps, nullptr, nullptr, S->Err);
  });
}

extern "C" double nmc_session_time(const nmc_session *S) {
  return S && S->Sim ? double(S->Sim->stepIndex()) * S->Sim->dt() : 0.0;
}

extern "C" const void *nmc_session_column(const nmc_session *S, uint32_t Pop, uint32_t Col) {
  if (!S || !S->Sim || Pop >= S->Model->num_populations ||
      Col >= S->Model->populations[Pop].num_columns)
    return nullptr;
  return S->Sim->columns(Pop)[Col];
}

extern "C" int nmc_session_observe(nmc_session *S, uint32_t Pop) {
  return live(S, [&] {
    if (Pop >= S->Model->num_populations) {
      S->Err = "no such population";
      return false;
    }
    return S->Sim->observeNow(Pop, S->Err);
  });
}

extern "C" double nmc_session_param(const nmc_session *S, uint32_t Index) {
  if (!S || !S->Sim || Index >= S->PV.Values.size())
    return std::nan("");
  return S->PV.Values[Index];
}

extern "C" const char *nmc_session_summary(const nmc_session *S) {
  return S ? S->Summary.c_str() : "";
}

extern "C" const char *nmc_session_output_dir(const nmc_session *S) {
  return S ? S->Dir.c_str() : "";
}

extern "C" int nmc_session_array_map(nmc_session *S, uint32_t Array, double *G) {
  return live(S, [&] {
    if (Array >= S->Model->num_arrays) {
      S->Err = "no such array";
      return false;
    }
    // Each cell alone at the read voltage, as a read-back does.
    const nmc_array_desc &A = S->Model->arrays[Array];
    nmc::rt::ArrayCells Cells(A, *S->Sim, S->Ctx.Seed);
    std::vector<double> V(size_t(Cells.size()), A.read_voltage);
    if (!Cells.eval(V.data(), G, nullptr, -(int64_t(1) << 50), S->Err))
      return false;
    Cells.rest(); // back to 0 V for the run's steps
    for (int64_t K = 0; K < Cells.size(); ++K)
      G[K] /= A.read_voltage;
    return true;
  });
}

extern "C" void nmc_session_destroy(nmc_session *S) { delete S; }
