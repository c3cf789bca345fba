#!/usr/bin/env bash
# The whole test suite: set up with the development tools, make sure PostgreSQL is up, then lint,
# type-check, check the import contracts and run every test (SQLite and PostgreSQL).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --dev

pg_up() { .venv/bin/python - <<'PY'
import sys, psycopg
try:
    psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=postgres", connect_timeout=3).close()
except Exception:
    sys.exit(1)
PY
}
if ! pg_up && command -v pg_ctlcluster >/dev/null 2>&1 && [[ $(id -u) -eq 0 ]]; then
  echo "==> Starting PostgreSQL" >&2
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
fi

export PATH="$PWD/.venv/bin:$PATH"
echo "==> ruff" >&2
ruff check .
ruff format --check .
echo "==> mypy" >&2
mypy casework  # casework/flows and casework/diagrams: the top-level folders, symlinked
echo "==> import contracts" >&2
lint-imports --no-cache
echo "==> pytest" >&2
pytest "$@"
# Issue 13: every agenda test again, each assembled agenda replaced by the frozen snapshot a sent
# meeting would show (tests/frozen_agendas.py): sending must keep everything an agenda shows.
echo "==> agenda tests against frozen snapshots" >&2
mapfile -t agenda_tests < <(grep -rl -i agenda tests --include='test_*.py' \
  | grep -v -E 'tests/flows/|test_readme_tour|test_serve|test_browser|_story' | sort)
CASEWORK_FROZEN_AGENDAS=1 pytest -q -p no:cacheprovider "${agenda_tests[@]}"
