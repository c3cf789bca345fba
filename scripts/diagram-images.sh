#!/usr/bin/env bash
# Redraw the diagram images of docs/images (and the golden files they are drawn from) from the
# code, as the CLI draws them. Review the diff like code: a change here is a change users see.
# tests/e2e/test_diagram_cli.py checks that the images match what `casework diagram` draws.
# Usage: scripts/diagram-images.sh
set -euo pipefail
cd "$(dirname "$0")/.."
CASEWORK_REGENERATE_GOLDEN=1 .venv/bin/pytest -q -p no:cacheprovider \
  tests/unit/test_diagrams_golden.py tests/unit/test_diagrams_mined.py \
  tests/unit/test_diagrams_shift.py tests/unit/test_diagrams_year.py \
  tests/unit/test_diagrams_wheel.py
git status --short docs/images tests/golden
