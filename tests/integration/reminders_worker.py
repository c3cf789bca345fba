"""A sweep in its own process, for the exactly-once tests (run as a script, not collected).

Usage:
    reminders_worker.py DATABASE_URL CONFIG_DIR DATA_DIR NOW   -> prints the sweep's report

Channels and SMTP settings come from the environment (``CASEWORK_NOTIFY_CHANNELS=smtp``,
``CASEWORK_SMTP_HOST``/``PORT``), exactly as for ``casework reminders sweep``.
"""

from __future__ import annotations

import datetime as dt
import json
import sys

from casework.app import reminder_service
from casework.settings import Settings


def main() -> None:
    url, config_dir, data_dir, now = sys.argv[1:5]
    settings = Settings(data_dir=data_dir, config_dir=config_dir, database_url=url)  # type: ignore[arg-type]
    service = reminder_service(settings)
    try:
        report = service.sweep(now=dt.datetime.fromisoformat(now))
    finally:
        service.close()
    print(json.dumps(report.model_dump()), flush=True)


if __name__ == "__main__":
    main()
