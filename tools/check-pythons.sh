#!/bin/sh
# Check that requirements.txt installs on every supported Python this machine has: tools/check-pythons.sh [PIP]
# A resolver dry run (nothing is installed) per interpreter: Debian's /usr/bin/python3, python3.11..3.13 on
# PATH and pyenv's 3.11+ versions. Each runs in a throwaway venv without pip (PEP 668 forbids even a dry run
# against Debian's own Python), resolved by PIP (default .venv/bin/python -m pip: a recent pip reads the
# index's metadata files instead of downloading every wheel), all in parallel. One line per interpreter;
# exits 1 if any fails. The supported Pythons are pyproject.toml's requires-python (>=3.11): older ones are
# skipped.
set -u
cd "$(dirname "$0")/.."
pip="${1:-.venv/bin/python -m pip}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pythons=""
for py in /usr/bin/python3 $(command -v python3.11 python3.12 python3.13 2>/dev/null) \
          "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.*/bin/python3; do
  [ -x "$py" ] || continue
  real=$("$py" -c 'import os, sys; print(os.path.realpath(sys.executable))' 2>/dev/null) || continue
  case " $pythons " in *" $real "*) continue ;; esac
  "$real" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || continue
  pythons="$pythons $real"
done
if [ -z "$pythons" ]; then
  echo "check-pythons: no Python >= 3.11 found" >&2
  exit 1
fi
n=0
for py in $pythons; do
  n=$((n + 1))
  (
    "$py" -m venv --without-pip "$work/venv$n" 2>"$work/log$n" &&
      $pip --python "$work/venv$n/bin/python" install --dry-run --ignore-installed --quiet \
        -r requirements.txt >>"$work/log$n" 2>&1
    echo $? >"$work/rc$n"
  ) &
done
wait
failed=0
n=0
for py in $pythons; do
  n=$((n + 1))
  version=$("$py" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])')
  if [ "$(cat "$work/rc$n")" = 0 ]; then
    echo "ok     Python $version ($py): requirements.txt resolves"
  else
    failed=1
    reason=$(grep -E '^ERROR' "$work/log$n" | tail -1)
    echo "FAILED Python $version ($py): ${reason:-see pip's output}" >&2
  fi
done
exit $failed
