#!/usr/bin/env bash
# Set up casework on a fresh Debian machine from a fresh clone: system packages (Graphviz and
# fonts with Danish letters), a virtual environment in .venv with the locked dependencies, and
# compiled bytecode (so the CLI starts fast even where PYTHONDONTWRITEBYTECODE is set).
# Idempotent: a second run only checks. Usage: scripts/setup.sh [--dev]
set -euo pipefail
cd "$(dirname "$0")/.."

UV_VERSION="0.13.9"
want_dev=0
[[ "${1:-}" == "--dev" ]] && want_dev=1

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else echo "casework setup: needs root to run: $*" >&2; return 1
  fi
}

apt_packages=()
command -v dot >/dev/null 2>&1 || apt_packages+=(graphviz)
[[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]] || apt_packages+=(fonts-dejavu-core)
python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || apt_packages+=(python3-venv)
command -v python3 >/dev/null 2>&1 || apt_packages+=(python3 python3-venv)
# The browser tests drive Debian's Chromium through Playwright (its own browser download is not
# reachable from a municipal network or CI).
((want_dev)) && ! command -v chromium >/dev/null 2>&1 && apt_packages+=(chromium)
# The scale-out fault tests start a Redis server of their own (and restart it): the binary only.
((want_dev)) && ! command -v redis-server >/dev/null 2>&1 && apt_packages+=(redis-server)
if ((${#apt_packages[@]})); then
  say "Installing system packages: ${apt_packages[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${apt_packages[@]}" >/dev/null
fi

python3 - <<'PY'
import sys
if sys.version_info < (3, 11):
    sys.exit(f"casework needs Python >= 3.11; this is {sys.version.split()[0]}")
PY

if [[ ! -x .venv/bin/python ]]; then
  say "Creating the virtual environment in .venv"
  python3 -m venv .venv
fi
if ! .venv/bin/python -m uv --version 2>/dev/null | grep -q "$UV_VERSION"; then
  say "Installing uv $UV_VERSION into .venv"
  .venv/bin/python -m pip --version >/dev/null 2>&1 || .venv/bin/python -m ensurepip >/dev/null
  .venv/bin/python -m pip install -q --disable-pip-version-check "uv==$UV_VERSION"
fi

say "Installing the locked dependencies"
groups=(--no-dev)
((want_dev)) && groups=()
# --inexact keeps uv itself (it is not a project dependency) in the environment.
UV_PROJECT_ENVIRONMENT=.venv .venv/bin/python -m uv sync --frozen --inexact --quiet \
  --compile-bytecode "${groups[@]}"
.venv/bin/python -m compileall -q casework flows diagrams >/dev/null
