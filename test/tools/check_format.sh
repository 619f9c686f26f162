#!/usr/bin/env bash
# Every C++ source follows .clang-format (clang-format 14, from Debian):
# lists the files that do not, and fails. Fix with:
#   git ls-files '*.cpp' '*.h' | xargs clang-format -i
set -u
cd "$(dirname "$0")/../.."
files=$(git ls-files '*.cpp' '*.h' 2>/dev/null)
[ -n "$files" ] || { echo "check_format: no git checkout"; exit 1; }
bad=0
for f in $files; do
  if ! clang-format --dry-run --Werror "$f" >/dev/null 2>&1; then
    echo "check_format: $f is not formatted"
    bad=1
  fi
done
[ $bad -eq 0 ] && echo "check_format: ok"
exit $bad
