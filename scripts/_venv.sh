# Shared by run-app and run-tests: make .venv with Python 3.11+ and install the project into it.
# Usage: . scripts/_venv.sh [extras]   (extras e.g. "dev"; re-installs only when pyproject.toml changed)
set -euo pipefail
_extras="${1:-}"
_python="${PYTHON:-}"
if [ -z "$_python" ]; then
  for candidate in python3.11 python3.12 python3.13 python3; do
    if command -v "$candidate" >/dev/null 2>&1; then _python="$candidate"; break; fi
  done
fi
if [ -z "$_python" ] || ! "$_python" -c 'import sys; sys.exit(0 if (3, 11) <= sys.version_info[:2] < (3, 14) else 1)'; then
  echo "This service needs Python 3.11, 3.12 or 3.13 (set PYTHON=/path/to/python3.11)." >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  echo "Creating the virtual environment in .venv ..."
  "$_python" -m venv .venv
fi
_stamp=".venv/.installed-${_extras:-base}"
_want="$(cat pyproject.toml | sha256sum | cut -d' ' -f1)"
if [ ! -f "$_stamp" ] || [ "$(cat "$_stamp")" != "$_want" ]; then
  echo "Installing dependencies (pinned in pyproject.toml) ..."
  _log="$(mktemp)"
  _target="."
  [ -n "$_extras" ] && _target=".[$_extras]"
  # pip's own chatter goes to a log that is shown only if the install fails.
  if ! { .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip \
         && .venv/bin/python -m pip install --quiet --disable-pip-version-check -e "$_target"; } >"$_log" 2>&1; then
    cat "$_log" >&2
    echo "Installing the dependencies failed (see above)." >&2
    exit 1
  fi
  rm -f "$_log"
  echo "$_want" > "$_stamp"
fi
export PATH="$PWD/.venv/bin:$PATH"
