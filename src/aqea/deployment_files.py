"""Where the deployment files (deployments/providers.toml, automations.yaml) are read from.

``$AQEA_CODE_DIR/deployments/<name>`` when that file exists (a worker pointed at a checkout reads the operator's
copy), else the copy installed with the package (``deployments`` is package data): the checkout in an editable
install, site-packages in the image. Never a path derived from this file's location, which only holds in an
editable checkout.
"""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path


def deployment_file(name: str) -> Path:
    """The path of deployments/<name>; FileNotFoundError names every place looked at."""
    tried: list[Path] = []
    code_dir = os.environ.get("AQEA_CODE_DIR")
    if code_dir:
        candidate = Path(code_dir, "deployments", name)
        if candidate.is_file():
            return candidate
        tried.append(candidate)
    packaged = Path(str(files("deployments").joinpath(name)))
    if packaged.is_file():
        return packaged
    tried.append(packaged)
    raise FileNotFoundError(f"deployments/{name} not found (looked at {', '.join(map(str, tried))})")
