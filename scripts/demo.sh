#!/usr/bin/env bash
# The main job on the embedded default: set up, create the SQLite database, load Eksempel Kommune,
# seed demo cases at every step (once), show the case board, and follow one new case: open it
# (routed by the delegation plan), plan it backwards from the meeting plan, and draw its route.
# Then it runs `casework serve`: the local Prefect server with the deadline sweep, reminders,
# agenda runs and the coordinator board, and the web app (demo people sign in with "demo").
# Stop it with Ctrl-C. CASEWORK_DEMO_SERVE=0 ends after the CLI part instead.
# The database lives in $CASEWORK_DATA_DIR (default: ./var in this checkout).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export CASEWORK_DATA_DIR="${CASEWORK_DATA_DIR:-$PWD/var}"
cw() { .venv/bin/casework "$@"; }
cw init
cw demo
cw board
# One case from idea to agenda. No route is given: the delegation plan decides who approves and
# along which route. The idempotency key makes a rerun (and the README tour) find the same case;
# --print-id prints only its number, which starts with the current year.
case_id=$(cw case new --title "Lokalplan 212 for Virum Bytorv" --as aase \
  --attr sagstype=lokalplan --attr politikomraade=lokalplaner --attr beloeb=1500000 \
  --key readme-lokalplan-212 --print-id)
echo
cw case show "$case_id"
echo
# The meeting plans in config/meetings/ cover 2026 and 2027; past them there is nothing to plan onto.
cw case plan "$case_id" || echo "(No meeting plan covers the coming months: add config/meetings/<year>.yaml.)"
cw diagram case "$case_id" --format svg --out "$CASEWORK_DATA_DIR/$case_id.svg"
cat <<TXT

The case's route is drawn in $CASEWORK_DATA_DIR/$case_id.svg (open it in a browser).
Next: .venv/bin/casework case list · case advance $case_id indsend --as aase · audit verify
(database: $CASEWORK_DATA_DIR/casework.db; add --lang en for English)
TXT
[[ "${CASEWORK_DEMO_SERVE:-1}" == 0 ]] && exit 0
# Every demo person signs in to the web app with the password "demo" (refused on a database
# that `casework demo` did not seed).
cw user demo-passwords
echo
# Reminders go to files in $CASEWORK_DATA_DIR/outbox unless CASEWORK_NOTIFY_CHANNELS says otherwise.
exec .venv/bin/casework serve
