#!/usr/bin/env bash
# Issue 17: casework's engine side by side with its peers, in one run of the shared peer benchmark
# (../shared/tools/peers/bench_peers.py), casework through bench/peer_engine.py (its real
# advance_case on SqlUnitOfWork, every run audited with verify_audit afterwards).
#
# The peers' libraries go into a throw-away virtual environment (PEERS_VENV, default
# /tmp/casework-peers-venv), never into .venv or pyproject.toml: it is built from the same Python as
# .venv and sees .venv's packages (casework editable, its locked dependencies) through a .pth file.
#
#   bench/peers.sh                                     # SQLite + memory rows, N=2000, 3 reps
#   bench/peers.sh --pg postgresql://postgres@127.0.0.1:5432/perfbench   # + PostgreSQL
#   bench/peers.sh --cases 200 --reps 1 --only raw-sqlite,spiffworkflow  # any bench_peers.py option
#   PEERS_VENV=- bench/peers.sh --cases 5 --reps 1 --no-memory  # .venv alone: the peers' rows are
#                                     # skipped as not installed (CI's smoke, tests/integration)
#
# Use a database of its own for --pg: casework's tables there are dropped and re-created per run.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PEERS="${PEERS_DIR:-$ROOT/../shared/tools/peers}"
VENV="${PEERS_VENV:-/tmp/casework-peers-venv}"
[[ -f "$PEERS/bench_peers.py" ]] || { echo "peers benchmark not found at $PEERS (set PEERS_DIR)" >&2; exit 2; }
SITE="$("$ROOT/.venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
if [[ "$VENV" == "-" ]]; then
  VENV="$ROOT/.venv"
elif [[ ! -x "$VENV/bin/python" ]]; then
  BASE="$("$ROOT/.venv/bin/python" -c 'import sys; print(sys.base_prefix)')/bin/python3"
  echo "==> building $VENV with the peers' libraries" >&2
  "$BASE" -m venv "$VENV"
  "$VENV/bin/python" - "$SITE" <<'PY'
import sys, sysconfig, pathlib
pth = pathlib.Path(sysconfig.get_paths()["purelib"]) / "casework-venv.pth"
pth.write_text(f"import site; site.addsitedir({sys.argv[1]!r})\n")
PY
  "$VENV/bin/pip" install -q spiffworkflow==3.2.0 python-statemachine==3.2.2 transitions==0.9.3
fi
cd "$ROOT"
export CASEWORK_ROOT="$ROOT"
# As module:function, so that setup and run are the same module: given as file paths, the harness
# loads the file twice, and run() would not find what setup() prepared (it then sets up itself,
# inside the timing).
export PYTHONPATH="$ROOT/bench${PYTHONPATH:+:$PYTHONPATH}"
exec "$VENV/bin/python" "$PEERS/bench_peers.py" \
  --engine-cmd peer_engine:run --engine-setup peer_engine:setup \
  --engine-name casework "$@"
