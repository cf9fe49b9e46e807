"""Where the review database lives: $REDACTOR_REVIEW_DB, else the user's data folder."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "REDACTOR_REVIEW_DB"


def default_db_path() -> Path:
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR]).expanduser()
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home) / "redactor" / "review.db"
