/*===- nmc/abi.h - The contract between generated code and libnmcrt -------===*
 *
 * Generated code (AOT object or JIT module) exports one `nmc_model_desc`
 * named `nmc_model`; the runtime reads it and drives the simulation. Nothing
 * else crosses the boundary. Rules:
 *  - every value is SI (units are erased by the compiler);
 *  - kernels are pure functions of their arguments over an element range
 *    [begin, end); the runtime may call them on any partition of the range,
 *    from any thread, so results never depend on the thread count;
 *  - parallelism lives in the runtime (kernels contain no OpenMP);
 *  - a change to any struct or signature here bumps NMC_ABI_VERSION, which
 *    generated code stores in `abi_version` and the runtime checks.
 *===----------------------------------------------------------------------===*/
#ifndef NMC_ABI_H
#define NMC_ABI_H

#include <stdint.h>

#define NMC_ABI_VERSION 1

/* Exponents of the SI base units, each stored times two so that sqrt of a
   quantity stays representable: index 0 m, 1 kg, 2 s, 3 A, 4 K. */
#define NMC_NUM_DIMS 5

#ifdef __cplusplus
extern "C" {
#endif

typedef struct nmc_ctx nmc_ctx; /* opaque to generated code */

/* Arguments shared by every call of one kernel launch. */
typedef struct nmc_kernel_args {
  double t;                /* time at the start of the step, s */
  double dt;               /* time step, s */
  const double *params;    /* resolved parameter values, desc order */
  double *const *columns;  /* the population's columns, desc order */
} nmc_kernel_args;

/* A kernel over elements [begin, end). Returns the number of elements whose
   new values are not finite (NaN or infinity); 0 means all is well. The
   runtime then finds the element and stops with its name and time. */
typedef int64_t (*nmc_kernel_fn)(nmc_ctx *ctx, const nmc_kernel_args *args,
                                 int64_t begin, int64_t end);

/* Computes every parameter that the user did not set (is_set[i] == 0) from
   its default expression, in dependency order. */
typedef void (*nmc_resolve_params_fn)(double *params, const uint8_t *is_set);

enum {
  NMC_BOUND_LO_OPEN = 1u, /* lower bound excluded: value > lo */
  NMC_BOUND_HI_OPEN = 2u  /* upper bound excluded: value < hi */
};

typedef struct nmc_param_desc {
  const char *name;         /* "tau" (model level) or "cells.tau" */
  const char *unit;         /* unit as written in the source, e.g. "m^4/s" */
  int8_t dim[NMC_NUM_DIMS]; /* dimension, exponents times two */
  double lo, hi;            /* allowed range, SI; -inf/+inf if open-ended */
  uint32_t bound_flags;     /* NMC_BOUND_* */
  uint32_t line;            /* declaration line in the source, for messages */
} nmc_param_desc;

enum { NMC_COLUMN_STATE = 0u, NMC_COLUMN_OBSERVABLE = 1u };

typedef struct nmc_column_desc {
  const char *name; /* "phi", "i", "v" */
  const char *unit; /* SI unit text for headers and metadata, e.g. "m", "A" */
  uint32_t kind;    /* NMC_COLUMN_* */
} nmc_column_desc;

typedef struct nmc_population_desc {
  const char *name;   /* "cells" */
  const char *device; /* "VolatileAgSiO2" */
  int64_t size;
  uint32_t num_columns;
  const nmc_column_desc *columns;
  nmc_kernel_fn init;    /* writes initial state at t = 0 */
  nmc_kernel_fn step;    /* advances state columns from t to t + dt */
  nmc_kernel_fn observe; /* fills observable columns at time t; may be NULL */
} nmc_population_desc;

typedef struct nmc_probe_desc {
  const char *name;      /* output file stem */
  uint32_t population;   /* index into populations */
  int64_t first, count;  /* recorded elements [first, first + count) */
  uint32_t num_columns;
  const uint32_t *columns; /* indices into the population's columns */
  double interval;       /* s between samples; 0 means every step */
} nmc_probe_desc;

typedef struct nmc_model_desc {
  uint32_t abi_version; /* NMC_ABI_VERSION of the compiler that made it */
  const char *name;     /* model name (source file stem) */
  const char *source;   /* source path as given to the compiler */
  const char *compiler_version;
  double t_stop, dt;    /* experiment defaults, s */
  uint32_t num_params;
  const nmc_param_desc *params;
  nmc_resolve_params_fn resolve_params;
  uint32_t num_populations;
  const nmc_population_desc *populations;
  uint32_t num_probes;
  const nmc_probe_desc *probes;
} nmc_model_desc;

/* Runs a model with the executable's command line (argv[0] is the program
   name). Returns the process exit status: 0 success, 1 user error or a
   diverging simulation, 2 internal error. */
int nmc_main(int argc, char **argv, const nmc_model_desc *model);

#ifdef __cplusplus
}
#endif

#endif /* NMC_ABI_H */
