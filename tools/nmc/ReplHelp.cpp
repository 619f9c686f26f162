//===- ReplHelp.cpp - :help of the REPL -----------------------------------===//
#include "ReplHelp.h"

#include <map>

namespace nmc {

namespace {

struct Topic {
  const char *Name, *Text;
};

// Commands, in the order the overview lists them.
const Topic Commands[] = {
    {"run", ":run DURATION         advance the simulation, e.g. :run 1 ms (Ctrl-C stops it,\n"
            "                      keeping the state reached)\n"},
    {"print", ":print TARGET         print values now: POP, POP(x, i), POP[k].x, POP[a:b](x),\n"
              "                      or t (the time)\n"},
    {"set", ":set NAME VALUE       set a parameter with its unit, e.g. :set r.G 2 mS; it acts\n"
            "                      from the next step (values computed at t = 0 take it at\n"
            "                      :restart)\n"},
    {"params", ":params               list the parameters and their values\n"},
    {"sweep", ":sweep NAME = V1, V2, ... for DURATION print TARGET\n"
              "                      restart with each value, run, print the target\n"},
    {"watch", ":watch POP[k].VAR      record a trace of one value at every step of :run\n"
              "                      (:watch alone lists them, :unwatch forgets them all)\n"},
    {"unwatch", ":unwatch              forget every watched trace\n"},
    {"plot", ":plot [to FILE.png]   plot the watched traces in the terminal, or to a PNG\n"
             "                      (and an SVG beside it) with gnuplot\n"},
    {"map", ":map ARRAY            print an array's conductance map now (each cell alone\n"
            "                      at the read voltage)\n"},
    {"arrays", ":arrays               what the arrays did at t = 0, and the folder of their\n"
               "                      tables (probes, programming, solves)\n"},
    {"save", ":save FILE.nmc        write the declarations as a file `nmc build` accepts\n"
             ":save FILE.csv        write the watched traces\n"},
    {"load", ":load FILE.nmc        declare everything in a file\n"},
    {"list", ":list                 show the declarations kept so far\n"},
    {"step", ":step TIME            the simulation step (default 1 us) where no experiment\n"
             "                      is declared\n"},
    {"threads", ":threads N            threads of the simulation (results do not depend on it)\n"},
    {"restart", ":restart              back to t = 0 with the same declarations\n"},
    {"reset", ":reset                forget every declaration, trace and setting\n"},
    {"time", ":time on|off          print how long each statement takes\n"},
    {"help", ":help [TOPIC]         this overview, a command's help or a construct's\n"},
    {"quit", ":quit                 leave (so does Ctrl-D)\n"},
};

const Topic Constructs[] = {
    {"device",
     "device NAME { param P : UNIT = VALUE; state x = 0 in [0, 1]; i = ...; dx/dt = ...; }\n"
     "  a two-terminal device: its current i as a function of its voltage v and\n"
     "  states (docs/LANGUAGE.md, Devices)\n"},
    {"neuron", "neuron NAME { ... on v > threshold { v = reset; spike; } }\n"
               "  a device that spikes (docs/LANGUAGE.md, Neurons)\n"},
    {"circuit", "circuit NAME { node a; element r = R between a and gnd; ... }\n"
                "  devices wired into a circuit, solved by Newton (docs/LANGUAGE.md, Circuits)\n"},
    {"population",
     "population NAME = DEVICE[N];\n  N instances of a device, each with its own states\n"},
    {"param", "param NAME : UNIT = VALUE in [lo, hi];\n  a model parameter, settable with :set\n"},
    {"waveform", "waveform NAME = pulse(1 V, width = 10 us);\n"
                 "  dc, step, pulse, triangle, train, delay, ramp, pulse_train, pwl, or any\n"
                 "  expression of t (docs/LANGUAGE.md, Waveforms)\n"},
    {"apply", "apply WAVEFORM to POPULATION;\n"
              "  drives every instance with the waveform; a new apply to the same\n"
              "  population replaces the old one\n"},
    {"probe", "probe NAME = POP(x, i) every 1 us;\n"
              "  records to CSV in `nmc run`; in the REPL, :watch records traces\n"},
    {"experiment", "experiment { duration = 1 ms; step = 1 us; }\n"
                   "  the step (the REPL's :run gives the duration)\n"},
    {"import", "import \"devices/taox_tio2.nmc\";\n  declarations of a module (stdlib/ or -I)\n"},
    {"projection", "projection P = PRE -> POST with RULE { ... }\n"
                   "  synapses between populations (docs/LANGUAGE.md, Networks)\n"},
    {"array", "array NAME = DEVICE[rows, cols] { read_voltage = 0.1 V; ... }\n"
              "  a crossbar, programmed and read at t = 0 (:map shows its cells;\n"
              "  docs/LANGUAGE.md, Crossbar arrays)\n"},
    {"rule", "rule NAME { param eta = 0.01; on pre { w += eta; } }\n"
             "  a plasticity rule of a projection (docs/LANGUAGE.md, Plasticity rules)\n"},
    {"function", "function NAME(x, p) = 1 - (2 * x - 1)^(2 * p);\n"
                 "  expanded at each call with its arguments' units\n"},
    {"monitor", "monitor NAME = POP(spike);\n  records spike times in `nmc run`\n"},
    {"stimulus", "stimulus NAME = poisson(rate = 80 Hz, count = 20);\n"
                 "  spike sources for projections (docs/LANGUAGE.md, Networks)\n"},
    {"network", "network NAME { ... }\n"
                "  groups populations, stimuli, projections and probes under one name\n"},
};

} // namespace

std::string replHelp(const std::string &T) {
  std::string Name = !T.empty() && T[0] == ':' ? T.substr(1) : T;
  if (Name.empty()) {
    std::string Out = "Type declarations of the .nmc language (a block may span lines) and\n"
                      "commands that start with ':'. For example:\n"
                      "  device R { param G : S = 1 mS; i = G * v; }\n"
                      "  population r = R[1];\n"
                      "  apply pulse(1 V, width = 10 us) to r;\n"
                      "  :run 20 us\n"
                      "  :print r(i)\n\nCommands:\n";
    for (const Topic &C : Commands)
      Out += C.Text;
    Out += "\nConstructs (:help NAME):";
    for (const Topic &C : Constructs)
      Out += std::string(" ") + C.Name;
    return Out + "\n";
  }
  for (const Topic &C : Commands)
    if (Name == C.Name)
      return C.Text;
  for (const Topic &C : Constructs)
    if (Name == C.Name)
      return C.Text;
  return "";
}

const std::vector<std::string> &replCommands() {
  static const std::vector<std::string> Names = [] {
    std::vector<std::string> N;
    for (const Topic &C : Commands)
      N.push_back(std::string(":") + C.Name);
    return N;
  }();
  return Names;
}

const std::vector<std::string> &replKeywords() {
  static const std::vector<std::string> Names = [] {
    std::vector<std::string> N;
    for (const Topic &C : Constructs)
      N.push_back(C.Name);
    for (const char *W :
         {"rule",  "stimulus", "network", "to",       "every", "with",  "through", "in",
          "pulse", "step",     "dc",      "triangle", "train", "delay", "ramp",    "pulse_train",
          "pwl",   "state",    "on",      "spike",    "sinh",  "exp"})
      N.push_back(W);
    return N;
  }();
  return Names;
}

} // namespace nmc
