#!/usr/bin/env bash
# STYLE.md layering: only frontend/ includes ANTLR headers, only codegen/ (and
# its unit tests) includes LLVM headers, and the runtime includes nothing of
# the compiler but the ABI header and the units support library.
set -u
cd "$(dirname "$0")/../.."
status=0
bad() { echo "layering: $1"; status=1; }
for f in $(git ls-files 2>/dev/null | grep -E '\.(h|cpp)$' || find . -name '*.h' -o -name '*.cpp'); do
  case "$f" in
    frontend/*) ;;
    *) grep -qE '#include "(antlr4-runtime|Nmc(Parser|Lexer))' "$f" && bad "$f includes ANTLR";;
  esac
  case "$f" in
    codegen/*|test/unit/AbiLayoutTest.cpp|test/unit/MathFunctionsTest.cpp) ;;
    *) grep -qE '#include "llvm/' "$f" && bad "$f includes LLVM";;
  esac
  case "$f" in
    runtime/*) grep -qE '#include "nmc/(frontend|ir|codegen)/' "$f" && bad "$f includes the compiler";;
  esac
  case "$f" in
    ir/*) grep -qE '#include "nmc/(frontend|codegen)/' "$f" && bad "$f reaches another stage";;
  esac
done
[ $status -eq 0 ] && echo "layering: ok"
exit $status
