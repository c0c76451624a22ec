"""The read-only HTTP API (`aqea serve`): FastAPI routers over the same documents as the CLI's --json.

``create_app(dsn)`` builds the application; routers live one per area (``entries``, ``operations``), so a
dashboard page at ``/`` is one more router.
"""

from aqea.api.app import ApiConfig, create_app

__all__ = ["ApiConfig", "create_app"]
