#!/usr/bin/env python3
"""Runs a command and checks its exit status exactly (lit's `not` accepts any
failure, including a crash). Output passes through.

usage: expect_status.py STATUS COMMAND [ARGS...]
"""
import subprocess
import sys

want = int(sys.argv[1])
proc = subprocess.run(sys.argv[2:])
if proc.returncode != want:
    print(f"expect_status: exit status {proc.returncode}, expected {want}", file=sys.stderr)
    sys.exit(1)
