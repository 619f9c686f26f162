#!/usr/bin/env bash
# Runs ngspice in batch mode on NETLIST and succeeds when it wrote OUTPUT.
#   run_ngspice.sh NETLIST OUTPUT
# ngspice exits with status 1 even after a good batch run (it notes that no
# .plot lines were given), and crashes without HOME (lit clears the
# environment), so the written file is the success criterion.
set -u
netlist=$1 output=$2
rm -f "$output"
HOME=${HOME:-$(pwd)} ngspice -b "$netlist" > ngspice.log 2>&1
if [ ! -s "$output" ]; then
  echo "run_ngspice.sh: ngspice wrote no $output; its log:" >&2
  cat ngspice.log >&2
  exit 1
fi
