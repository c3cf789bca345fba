"""A worker process for the concurrency tests (run as a script, not collected by pytest).

Usage:
    concurrency_worker.py URL postpone CASE_IDS N SEED   -> prints the number of advances done
    concurrency_worker.py URL batches CASE_IDS            -> postpones all cases in one
                                                             transaction, again and again,
                                                             until killed ("ready" after the
                                                             first batch committed)
    concurrency_worker.py URL forever CASE_IDS 0 SEED     -> postpones one random case at a
                                                             time until killed ("ready" after
                                                             the first advance)
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from casework.app import open_app
from casework.domain.commands import AdvanceCase
from casework.domain.errors import ConcurrentUpdate
from casework.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def main() -> None:
    url, mode, ids = sys.argv[1], sys.argv[2], sys.argv[3].split(",")
    settings = Settings(data_dir=ROOT / "var", config_dir=ROOT / "config", database_url=url)
    services = open_app(settings)
    if mode == "postpone":
        count, rng = int(sys.argv[4]), random.Random(int(sys.argv[5]))
        done = conflicts = 0
        while done < count:
            case_id = rng.choice(ids)
            try:
                services.advance(AdvanceCase(case_id=case_id, action="udsaet", actor="sofie"))
            except ConcurrentUpdate:
                conflicts += 1  # someone else moved it first: reload and try again
                continue
            done += 1
        print(done, conflicts)
    elif mode == "forever":
        rng = random.Random(int(sys.argv[5]))
        first = True
        while True:
            try:
                services.advance(
                    AdvanceCase(case_id=rng.choice(ids), action="udsaet", actor="sofie")
                )
            except ConcurrentUpdate:
                continue
            if first:  # "ready" once writing: a kill after it lands among commits
                print("ready", flush=True)
                first = False
    else:
        first = True
        while True:
            services.advance_many(
                [AdvanceCase(case_id=c, action="udsaet", actor="sofie") for c in ids]
            )
            if first:  # "ready" once a batch has committed: a kill after it lands among commits
                print("ready", flush=True)
                first = False


if __name__ == "__main__":
    main()
