"""Options several CLI modules share (cli.py, cli_exchange.py): one definition, one help text."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

DatabaseOption = Annotated[
    str | None,
    typer.Option("--database-url", envvar="AQEA_DATABASE_URL", show_envvar=True,
                 help="PostgreSQL DSN. Unset: an embedded PostgreSQL under --data-dir is started."),
]
DataDirOption = Annotated[
    Path | None,
    typer.Option("--data-dir", help="Data directory of the embedded PostgreSQL (default: user data dir)."),
]
