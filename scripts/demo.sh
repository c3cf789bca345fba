#!/usr/bin/env bash
# The main job on the embedded default: set up, create the SQLite database, load Eksempel Kommune,
# seed demo cases at every step (once), and show the case board.
# The database lives in $CASEWORK_DATA_DIR (default: ./var in this checkout).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export CASEWORK_DATA_DIR="${CASEWORK_DATA_DIR:-$PWD/var}"
cw() { .venv/bin/casework "$@"; }
cw init
cw demo
cw board
cat <<TXT

Next: .venv/bin/casework case list · case show <id> · case history <id> · audit verify
(database: $CASEWORK_DATA_DIR/casework.db; add --lang en for English)
TXT
