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

#define NMC_ABI_VERSION 11

/* Exponents of the SI base units, each stored times two so that sqrt of a
   quantity stays representable: index 0 m, 1 kg, 2 s, 3 A, 4 K. */
#define NMC_NUM_DIMS 5

#ifdef __cplusplus
extern "C" {
#endif

typedef struct nmc_ctx nmc_ctx; /* opaque to generated code */

/* Arguments shared by every call of one kernel launch. */
typedef struct nmc_kernel_args {
  double t;                        /* time at the start of the step, s */
  double dt;                       /* time step, s */
  const double *params;            /* resolved parameter values, desc order */
  void *const *columns;            /* the population's buffers, desc order, each of
                                      its column's nmc_type */
  uint64_t seed;                   /* the run's seed (--seed), key of random draws */
  int64_t step;                    /* index n of the step, t = n * dt; the counter of
                                      per-step random draws */
  void *const *const *populations; /* every population's buffers,
                              populations[p][c], for loads across populations */
  const int64_t *sizes;            /* every population's size (the synapses of a
                                      projection are sized at run time) */
  const int64_t *elements;         /* NMC_KERNEL_EVENT kernels: iteration k of
                                      [begin, end) works on element elements[k] */
} nmc_kernel_args;

/* A kernel over elements [begin, end). Returns the number of elements whose
   new values are not finite (NaN or infinity); 0 means all is well. The
   runtime then finds the element and stops with its name and time. */
typedef int64_t (*nmc_kernel_fn)(nmc_ctx *ctx, const nmc_kernel_args *args, int64_t begin,
                                 int64_t end);

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

/* What a column holds: a state (advanced by the step kernels), an
   observable (computed before recording), a per-element parameter (drawn at
   init, e.g. device-to-device variability) or internal bookkeeping (e.g. the
   end of a refractory period). */
enum {
  NMC_COLUMN_STATE = 0u,
  NMC_COLUMN_OBSERVABLE = 1u,
  NMC_COLUMN_PARAM = 2u,
  NMC_COLUMN_INTERNAL = 3u
};

/* Element type of a buffer; the runtime allocates size elements of it,
   zero-filled and 64-byte aligned. */
enum { NMC_F64 = 0u, NMC_F32 = 1u, NMC_I32 = 2u, NMC_I64 = 3u };

typedef struct nmc_column_desc {
  const char *name; /* "phi", "i", "v" */
  const char *unit; /* SI unit text for headers and metadata, e.g. "m", "A" */
  uint32_t kind;    /* NMC_COLUMN_* */
  uint32_t type;    /* NMC_F64, ... */
  /* NULL, or data_count values (NMC_F64) that the runtime writes into the
     column before the init kernels, which leave it as it is; data_count
     must equal the population's size (a DYNAMIC one's, once built). */
  const double *data;
  int64_t data_count;
} nmc_column_desc;

/* Population flags. DYNAMIC: the synapses of a projection; the runtime sets
   the size when it builds the connectivity (size is 0 in the descriptor). */
#define NMC_POPULATION_DYNAMIC 1u

typedef struct nmc_population_desc {
  const char *name;   /* "cells" */
  const char *device; /* "VolatileAgSiO2" */
  int64_t size;
  uint32_t num_columns;
  const nmc_column_desc *columns;
  uint32_t flags; /* NMC_POPULATION_* */
} nmc_population_desc;

/* The phases of one step, run in this order; a phase runs its kernels in
   table order. INIT runs once at t = 0, RECORD before each due probe (over
   the probe's elements only). */
enum {
  NMC_PHASE_INIT = 0u,
  NMC_PHASE_DRIVE = 1u,    /* inputs: waveforms, stimuli */
  NMC_PHASE_SOLVE = 2u,    /* algebraic unknowns (Newton) */
  NMC_PHASE_UPDATE = 3u,   /* states from t to t + dt */
  NMC_PHASE_EVENTS = 4u,   /* threshold crossings, resets */
  NMC_PHASE_DELIVERY = 5u, /* spikes to their targets */
  NMC_PHASE_LEARNING = 6u, /* plasticity */
  NMC_PHASE_RECORD = 7u,   /* observables, before a probe samples */
  NMC_NUM_PHASES = 8u
};

/* Kernel flags. SERIAL: the kernel writes elements other than its own
   (scatters), or is a scan too cheap to share (the events phase), so the
   runtime runs it on one thread, in element order. */
#define NMC_KERNEL_SERIAL 1u
/* LIGHT: a few operations per element (no loops); the runtime splits it
   over threads only where each gets thousands of elements. */
#define NMC_KERNEL_LIGHT 2u
/* EVENT: a plasticity rule's `on pre` or `on post`; the runtime calls it
   on the synapses of each spike (args.elements), never in the phase loop. */
#define NMC_KERNEL_EVENT 4u

typedef struct nmc_kernel_desc {
  const char *name;    /* "nmc_step_cells" */
  uint32_t phase;      /* NMC_PHASE_* */
  uint32_t population; /* index space: the population's elements */
  nmc_kernel_fn fn;
  uint32_t flags; /* NMC_KERNEL_* */
} nmc_kernel_desc;

/* A source of events (spikes of a neuron population, the events of all of
   a device's `on` blocks). Kernels report each event with
   nmc_rt_emit_event; the runtime orders the events of a step by (time,
   element), whatever the thread count. */
typedef struct nmc_event_source_desc {
  const char *name; /* "spike" */
  uint32_t population;
  /* Columns of the population (one per event of the source, in the order
     of the events) where the update phase leaves each element's event time
     in the step, negative where none; the runtime reports them after the
     update phase, ordered by (time, element, column). None: kernels report
     events. */
  uint32_t num_time_columns;
  const uint32_t *time_columns;
  /* A spike list (a stimulus from a file): element spike_elements[k] fires
     at spike_times[k] (s), sorted by time; reported in the step that holds
     the time. */
  int64_t num_spikes;
  const int64_t *spike_elements;
  const double *spike_times;
} nmc_event_source_desc;

/* Writes every event of a source as (index, time) rows. */
typedef struct nmc_monitor_desc {
  const char *name;     /* output file stem */
  uint32_t source;      /* index into event_sources */
  int64_t first, count; /* recorded elements [first, first + count) */
  double rate_bin;      /* > 0: a population-rate monitor, writing t,rate (the
                           elements' mean rate in Hz) per bin of rate_bin s */
} nmc_monitor_desc;

typedef struct nmc_probe_desc {
  const char *name;     /* output file stem */
  uint32_t population;  /* index into populations */
  int64_t first, count; /* recorded elements [first, first + count) */
  uint32_t num_columns;
  const uint32_t *columns; /* indices into the population's columns */
  double interval;         /* s between samples; 0 means every step */
} nmc_probe_desc;

/* How a projection connects (ir::Projection in the compiler says exactly). */
enum {
  NMC_CONNECT_ALL_TO_ALL = 0u,
  NMC_CONNECT_ONE_TO_ONE = 1u,
  NMC_CONNECT_PROBABILITY = 2u, /* each pair with probability p */
  NMC_CONNECT_IN_DEGREE = 3u,   /* k distinct pre elements per post element */
  NMC_CONNECT_EDGES = 4u        /* the listed (edge_pre[e], edge_post[e]) pairs */
};

/* Spikes of event source `source` (elements of population `pre`) reach
   population `post` through synapses, built by the runtime before init in
   CSR order (by pre element, then post element), drawn from stream
   `stream`; population `synapses` (DYNAMIC) then holds one element per
   synapse, column 0 the weight and column 1 the delay (s), set by its init
   kernel; a population of one element that is not DYNAMIC holds the weight
   and delay that all synapses share. A spike of pre element i in step n adds scale[t] * w of each
   of its synapses to column column[t] of the post element, at the start of the delivery phase of
   step n + round(delay / dt), in (time, element, synapse) order. */
typedef struct nmc_projection_desc {
  const char *name;
  uint32_t source, pre, post, synapses;
  uint32_t connect; /* NMC_CONNECT_* */
  double p;
  int64_t k;
  uint32_t allow_self;
  int64_t num_edges;
  const int64_t *edge_pre, *edge_post;
  uint64_t stream;
  uint32_t num_targets;
  const uint32_t *target_columns;
  const double *target_scales;
  /* A plasticity rule: kernels (indices into kernels, NMC_KERNEL_EVENT; -1:
     none) called after a spike of the source was delivered, on the synapses
     of its row, and on a spike of the target (event source post_source), on
     the synapses into it; both in spike order, at the step's time. */
  int32_t pre_kernel, post_kernel, post_source;
  /* Per target: a column of the synapses that multiplies the weight (a
     rule's state, as short-term plasticity delivers w u x), or -1. With
     any, pre_kernel runs before the row is delivered. */
  const int32_t *target_factors;
} nmc_projection_desc;

/* A crossbar read once per input vector at the start of the run
   (runtime/lib/Crossbar.h has the topology). Cells: a value (a), a normal
   draw per cell (mean a, sigma b, clipped at 0) or a uniform one (a to b)
   from stream `stream`, data (rows x cols, S), or a device: population
   `population` holds one element per cell (row-major) with the device's
   states; the runtime writes each cell's voltage (V) into its column
   voltage_column and runs the population's observe kernel, which leaves
   the cell's current (A) in current_column and di/dv (S) in slope_column.
   program_targets (rows x cols, S) or NULL: write-verify before the reads
   (runtime/lib/ArrayProgram.h), then the updates. inputs: reads x rows values (cols when
   transposed), in units of read_voltage. A probe lists what it records per read (NMC_ARRAY_*), in
   that order of columns. */
enum {
  NMC_CELLS_VALUE = 0u,
  NMC_CELLS_NORMAL = 1u,
  NMC_CELLS_UNIFORM = 2u,
  NMC_CELLS_DATA = 3u,
  NMC_CELLS_DEVICE = 4u
};
enum {
  NMC_ARRAY_CURRENTS = 0u,    /* column currents, A */
  NMC_ARRAY_IDEAL = 1u,       /* the same without wires */
  NMC_ARRAY_DROP = 2u,        /* the largest fall of a cell's voltage below its row's input */
  NMC_ARRAY_VOLTAGES = 3u,    /* every cell's voltage, row-major */
  NMC_ARRAY_POWER = 4u,       /* the power the drivers deliver, W */
  NMC_ARRAY_WIRE_POWER = 5u,  /* the part of it the wires (and driver and sense resistors) take */
  NMC_ARRAY_CONDUCTANCES = 6u /* every cell's i / v at the read voltage, S, row-major */
};
typedef struct nmc_array_probe_desc {
  const char *name;
  uint32_t num_vars;
  const uint32_t *vars; /* NMC_ARRAY_* */
  double interval;      /* s, a driven array's sampling interval; 0: every step (or read) */
} nmc_array_probe_desc;
typedef struct nmc_array_desc {
  const char *name;
  int64_t rows, cols;
  double row_segment, col_segment, driver, sense, read_voltage; /* ohm, ohm, ohm, ohm, V */
  uint32_t cells;                                               /* NMC_CELLS_* */
  double a, b;
  const double *data;
  int64_t num_inputs;
  const double *inputs;
  uint64_t stream;
  double sparsity; /* the probability that a cell is off (G = 0), drawn per cell */
  uint32_t num_probes;
  const nmc_array_probe_desc *probes;
  uint32_t population, voltage_column, current_column, slope_column; /* NMC_CELLS_DEVICE */
  const double *program_targets;
  double set_voltage, reset_voltage, pulse_width, tolerance; /* V, V, s, relative */
  int64_t max_pulses;
  /* Stochastic outer-product updates after programming: num_updates lines
     of rows values x then cols values d in [-1, 1] (runtime/lib/ArrayProgram.h). */
  int64_t num_updates;
  const double *updates;
  double update_set, update_reset, update_width; /* V, V, s */
  int64_t update_slots;
  /* differential: each of the cols columns is a pair of physical columns
     (2j: G+, 2j + 1: G-) read as their difference; cells, data, targets
     and cell probes count 2 cols physical columns. Converters: 2^bits - 1
     levels over [-range, range] (dac_range in units of read_voltage,
     adc_range in A), 0 bits: none. tile: square tiles of tile rows and
     physical columns, each with its own wires and ADCs, added digitally;
     0: one tile. */
  uint32_t differential;
  int32_t dac_bits, adc_bits;
  double dac_range, adc_range;
  int64_t tile;
  /* 1S1R: population selector_population (UINT32_MAX: none) holds a
     selector device in series with each cell, with columns as the cells'. */
  uint32_t selector_population, selector_voltage_column, selector_current_column,
      selector_slope_column;
  /* transposed: the reads of `inputs` drive the columns (cols values each,
     a differential pair at +x and -x) and sense the rows. */
  uint32_t transposed;
  double read_width; /* s; > 0: each read adds power x read_width to the array's energy */
  /* In-memory linear algebra (runtime/lib/ArraySolve.h): the array in an
     op-amp feedback loop, solved for its steady state once per right-hand
     side (num_solves x rows values in solve_rhs, A). solve_gain: the
     op-amps' open-loop gain (0: ideal); solve_feedback: the transimpedance
     amplifiers' feedback conductance (S) of a regression. */
  uint32_t solve; /* NMC_SOLVE_* */
  int64_t num_solves;
  const double *solve_rhs;
  double solve_gain, solve_feedback;
  /* Energy per conversion of each DAC and ADC, J (0: not counted). */
  double dac_energy, adc_energy;
  /* A driven array (UINT32_MAX: none): population drive_population has one
     element per row whose observe kernel at time t leaves in its column 0
     the row's voltage at t + dt / 2; the array is solved at the start of
     every step with its columns at 0 V, its cells stepping at what the
     solve gives them, and has no inputs. */
  uint32_t drive_population;
  /* 1T1R: each cell is the device from its row node to a middle node in
     series with an nmos (EKV: transistor_beta A/V^2, transistor_vth V,
     slope factor transistor_n, bulk at ground) from the middle node
     (drain) to the column node (source), its gate at gate_voltage in
     reads; in a programming pulse the word lines of driven rows are at
     program_gate_voltage and the others at off_gate_voltage.
     transistor = 2 (2T1R): a second nmos of the
     same kind, the fire gate, from the middle node (drain) to ground
     (source). Reads: access gates at gate_voltage, fire gates at
     off_gate_voltage, the column passing the access transistor's current.
     Programming pulses: access gates at off_gate_voltage, each driven
     row's top electrode at the full pulse, the fire gates of the selected
     columns at program_gate_voltage (the others at off_gate_voltage),
     the columns at 0 V. */
  uint32_t transistor; /* 0: none, 1: 1T1R, 2: 2T1R */
  double transistor_beta, transistor_vth, transistor_n, gate_voltage, program_gate_voltage,
      off_gate_voltage;
} nmc_array_desc;
enum { NMC_SOLVE_NONE = 0u, NMC_SOLVE_INVERSE = 1u, NMC_SOLVE_REGRESSION = 2u };

/* Spikes of event source `source` (elements of population `pre`, one per
   row of array `array`) read the array in the delivery phase of their step:
   the row of each element that spiked is driven at the read voltage, the
   others at 0 V, and column j's current (A, through the array's wires,
   cells and periphery) times target_scales[t] is added to column
   target_columns[t] of element j of population `post`. Reads leave the
   cells as they were. */
enum { NMC_LEARN_PAIR = 0, NMC_LEARN_WINNER = 1 };

typedef struct nmc_array_projection_desc {
  const char *name;
  uint32_t source, pre, post, array;
  uint32_t num_targets;
  const uint32_t *target_columns;
  const double *target_scales;
  /* Spike-driven programming (runtime/lib/ArrayProjection.h), where
     pulse_width > 0: post_source is the spikes of `post`. Spikes at
     learn_until or later program nothing. learn_mode NMC_LEARN_WINNER: only
     post spikes program, SETting the rows that spiked within the window
     and RESETting the rest of the column (Querlioz et al. 2013). */
  uint32_t post_source;
  double window, set_voltage, reset_voltage, pulse_width, learn_until;
  uint32_t learn_mode; /* NMC_LEARN_* */
} nmc_array_projection_desc;

typedef struct nmc_model_desc {
  uint32_t abi_version; /* NMC_ABI_VERSION of the compiler that made it */
  const char *name;     /* model name (source file stem) */
  const char *source;   /* source path as given to the compiler */
  const char *compiler_version;
  double t_stop, dt; /* experiment defaults, s */
  uint32_t num_params;
  const nmc_param_desc *params;
  nmc_resolve_params_fn resolve_params;
  uint32_t num_populations;
  const nmc_population_desc *populations;
  uint32_t num_probes;
  const nmc_probe_desc *probes;
  uint32_t num_kernels;
  const nmc_kernel_desc *kernels;
  uint32_t num_event_sources;
  const nmc_event_source_desc *event_sources;
  uint32_t num_monitors;
  const nmc_monitor_desc *monitors;
  uint32_t num_projections;
  const nmc_projection_desc *projections;
  /* A sweep runs one independent instance per value of one parameter
     (sweep_param < num_params), in parallel; probes gain a first column
     with the value. num_sweep_values == 0: no sweep. */
  uint32_t sweep_param;
  uint32_t num_sweep_values;
  const double *sweep_values;
  uint32_t num_arrays;
  const nmc_array_desc *arrays;
  uint32_t num_array_projections;
  const nmc_array_projection_desc *array_projections;
} nmc_model_desc;

/* ---- Services that generated code calls ---------------------------------
   Random numbers are counter-based (Philox4x64-10 from Random123): a draw is
   a pure function of (seed, stream, element, counter), so it is the same on
   any number of threads and in any order of evaluation. A stream names one
   use (one non-ideality of one population); the counter is 0 for draws made
   once per element, the step index for per-step draws, and the step index
   plus one for draws at an event. */
double nmc_rt_uniform(uint64_t seed, uint64_t stream, uint64_t element,
                      uint64_t counter); /* in (0, 1) */
double nmc_rt_normal(uint64_t seed, uint64_t stream, uint64_t element,
                     uint64_t counter); /* standard normal */

/* Records an event of source `source` at element `element` and time `time`
   (s, inside the current step). Safe from any thread. */
void nmc_rt_emit_event(nmc_ctx *ctx, uint32_t source, int64_t element, double time);

/* ---- Session API ---------------------------------------------------------
   One live instance of a model, for the executable's main, `nmc run` and
   the REPL. Functions returning int give 0 on success and 1 on a user error
   (the message is then in nmc_session_error). */
typedef struct nmc_session nmc_session;
nmc_session *nmc_session_create(const nmc_model_desc *model);
const char *nmc_session_error(const nmc_session *s);
/* value with its unit, as on the command line: "1.2 V", "2ms". */
int nmc_session_set_param(nmc_session *s, const char *name, const char *value);
int nmc_session_set_seed(nmc_session *s, uint64_t seed);
int nmc_session_set_threads(nmc_session *s, int threads);
/* Resolves parameters and runs init (again, if it ran before): t = 0. */
int nmc_session_reset(nmc_session *s, double dt);
/* Advances by a whole number of steps, at least duration. */
int nmc_session_run(nmc_session *s, double duration);
double nmc_session_time(const nmc_session *s);
/* A population's buffer, or NULL for an unknown index. */
const void *nmc_session_column(const nmc_session *s, uint32_t population, uint32_t column);
/* Computes a population's observables (its `i`, lets) for every element at
   the current time, into their columns. */
int nmc_session_observe(nmc_session *s, uint32_t population);
/* Parameter `index`'s resolved value (SI), as the simulation reads it; NaN
   before the first reset or for an unknown index. */
double nmc_session_param(const nmc_session *s, uint32_t index);
/* Arrays are programmed and read at every reset, into a temporary folder
   (removed with the session): the lines they report, and that folder. */
const char *nmc_session_summary(const nmc_session *s);
const char *nmc_session_output_dir(const nmc_session *s);
/* Every cell's conductance (i / v alone at the read voltage, S; rows x
   physical columns, row-major) of array `array`, now. */
int nmc_session_array_map(nmc_session *s, uint32_t array, double *g);
void nmc_session_destroy(nmc_session *s);

/* Runs a model with the executable's command line (argv[0] is the program
   name). Returns the process exit status: 0 success, 1 user error or a
   diverging simulation, 2 internal error. */
int nmc_main(int argc, char **argv, const nmc_model_desc *model);

#ifdef __cplusplus
}
#endif

#endif /* NMC_ABI_H */
