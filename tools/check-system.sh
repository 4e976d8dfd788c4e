#!/bin/sh
# Check the system packages a make target needs, before it fails halfway: tools/check-system.sh NEED...
# NEED is venv (python3 -m venv), npm (Node.js for the book's MathJax), bwrap (the grader's sandbox),
# chromium (the browser tests), poppler (pdftoppm/pdftotext for the cheat-sheet test).
# Prints the apt-get line that installs what is missing and exits 1.
missing=""
for need in "$@"; do
  case "$need" in
    venv) python3 -c 'import venv, ensurepip' 2>/dev/null || missing="$missing python3-venv" ;;
    npm) command -v npm >/dev/null 2>&1 || missing="$missing nodejs npm" ;;
    bwrap)
      if ! command -v bwrap >/dev/null 2>&1; then
        missing="$missing bubblewrap"
      elif ! bwrap --ro-bind / / --unshare-all true 2>/dev/null; then
        echo "bubblewrap is installed but cannot create its namespaces here: allow unprivileged user" >&2
        echo "namespaces (sysctl kernel.unprivileged_userns_clone=1; on Ubuntu 24.04+ an AppArmor profile for bwrap)" >&2
        exit 1
      fi ;;
    chromium) [ -x /usr/bin/chromium ] || missing="$missing chromium" ;;
    poppler) command -v pdftoppm >/dev/null 2>&1 || missing="$missing poppler-utils" ;;
    *) echo "tools/check-system.sh: unknown need $need" >&2; exit 2 ;;
  esac
done
if [ -n "$missing" ]; then
  echo "missing system packages:$missing" >&2
  echo "install them with:  sudo apt-get update && sudo apt-get install -y$missing" >&2
  exit 1
fi
