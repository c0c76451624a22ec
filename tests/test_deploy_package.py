"""The image's first-day faults, checked without containers: deployment files shipped as package data (an
installed, non-editable copy finds them), no empty Prefect server auth string, no clash with a host PostgreSQL."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
import yaml

from aqea.deployment_files import deployment_file

REPO = Path(__file__).resolve().parents[1]
AUTH = "PREFECT_SERVER_API_AUTH_STRING"


def _compose() -> dict:
    return yaml.safe_load((REPO / "docker-compose.yml").read_text(encoding="utf-8"))


def test_compose_never_passes_an_empty_server_auth_string() -> None:
    text = (REPO / "docker-compose.yml").read_text(encoding="utf-8")
    assert f"{AUTH}: ${{{AUTH}:-}}" not in text  # interpolates to "" when unset: auth on, every worker 401
    for name, service in _compose()["services"].items():
        environment = service.get("environment") or {}
        if AUTH in environment:  # only the bare key (no value): passed only when set
            assert environment[AUTH] is None, name
    example = (REPO / "deployments" / ".env.example").read_text(encoding="utf-8")
    assert not [line for line in example.splitlines() if line.strip().startswith(f"{AUTH}=")]


@pytest.mark.parametrize(("value", "expected"), [("", None), ("admin:secret", "admin:secret"), (None, None)])
def test_server_command_drops_an_empty_auth_string(value: str | None, expected: str | None) -> None:
    """The server's compose command, run by a real shell with `prefect server start` swapped for a probe."""
    server = _compose()["services"]["prefect-server"]
    shell, flag, script = server["command"]
    assert (shell, flag) == ("sh", "-c") and "exec prefect server start" in script
    script = script.replace("$$", "$")  # compose's escape for a literal $
    probe = script.replace("exec prefect server start --host 0.0.0.0 --port 4200",
                           f'exec {sys.executable} -c "import os; print(repr(os.environ.get(\'{AUTH}\')))"')
    env = {k: v for k, v in os.environ.items() if k != AUTH}
    if value is not None:
        env[AUTH] = value
    result = subprocess.run([shell, flag, probe], env=env, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == repr(expected)


def test_compose_leaves_the_hosts_postgresql_port_alone() -> None:
    for name, service in _compose()["services"].items():
        for port in service.get("ports", []):
            unset = re.sub(r"\$\{\w+:-([^}]*)\}", r"\1", port)  # as compose reads it with nothing in .env
            host_ip, host_port, _container_port = unset.split(":")
            assert host_ip == "127.0.0.1", name
            assert host_port != "5432", name  # a host PostgreSQL holds it
    assert _compose()["services"]["postgres"]["ports"] == ["127.0.0.1:${AQEA_DB_HOST_PORT:-}:5432"]


def test_code_dir_copy_wins_over_the_installed_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "deployments").mkdir()
    (tmp_path / "deployments" / "automations.yaml").write_text("automations: []\n", encoding="utf-8")
    monkeypatch.setenv("AQEA_CODE_DIR", str(tmp_path))
    assert deployment_file("automations.yaml") == tmp_path / "deployments" / "automations.yaml"
    packaged = deployment_file("providers.toml")  # not in the code dir: the installed copy
    assert packaged.is_file() and tmp_path not in packaged.parents
    with pytest.raises(FileNotFoundError, match=r"deployments/nothing\.toml not found"):
        deployment_file("nothing.toml")


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.slow
def test_setup_finds_its_files_in_an_installed_wheel(tmp_path: Path) -> None:
    """Build the wheel, install it (not editable) into a fresh venv, run `aqea prefect setup` from elsewhere."""
    source = tmp_path / "source"
    source.mkdir()
    for item in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / item, source / item)
    for item in ("src", "flows", "blocks", "deployments"):
        shutil.copytree(REPO / item, source / item, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    pip = [sys.executable, "-m", "pip", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-w", str(tmp_path / "dist"),
                    str(source)], check=True, cwd=tmp_path)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    wheel = next((tmp_path / "dist").glob("aqea_extractor-*.whl"))
    subprocess.run([*pip, "--python", str(python), "install", "--no-deps", "--no-index", str(wheel)], check=True)
    # the dependencies from this venv (a path line, so its editable-install hooks stay out)
    (site / "zz_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    shutil.rmtree(source)  # nothing may be read from a checkout

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AQEA_", "PREFECT_"))}
    env |= {"PREFECT_API_URL": f"http://127.0.0.1:{_closed_port()}/api", "PREFECT_HOME": str(tmp_path / "home"),
            "DO_NOT_TRACK": "1", "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    found = subprocess.run(
        [str(python), "-c", "from aqea.deployment_files import deployment_file as f; "
                            "print(f('automations.yaml')); print(f('providers.toml'))"],
        cwd=elsewhere, env=env, check=True, capture_output=True, text=True).stdout.split()
    assert [Path(p) for p in found] == [site / "deployments" / name for name in ("automations.yaml", "providers.toml")]
    # setup reads both files before it asks the API: it gets as far as the (closed) API
    setup = [str(venv / "bin" / "aqea"), "prefect", "setup", "--database-url", "postgresql://u@db/aqea"]
    result = subprocess.run(setup, cwd=elsewhere, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 2, result.stderr
    assert "cannot reach the Prefect API" in result.stderr and "FileNotFoundError" not in result.stderr
