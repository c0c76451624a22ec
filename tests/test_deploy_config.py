"""Static checks of the deployment files (no Docker daemon here) and the pure parts of dispatch/estimate."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from aqea.errors import ConfigError
from aqea.providers import assign_providers, load_providers, next_provider

REPO = Path(__file__).resolve().parents[1]


def test_prefect_yaml_deploys_parent_children_and_sync() -> None:
    config = yaml.safe_load((REPO / "prefect.yaml").read_text())
    deployments = {d["name"]: d for d in config["deployments"]}
    providers = load_providers(REPO / "deployments" / "providers.toml", env={})
    assert deployments["control"]["entrypoint"] == "flows/extract.py:extract_language"
    assert deployments["control"]["parameters"] == {"dispatch": "deployments"}
    assert deployments["control"]["work_pool"]["name"] == providers.control_pool
    for name, provider in providers.providers.items():
        unit = deployments[name]
        assert unit["entrypoint"] == "flows/work_unit.py:process_work_unit"
        assert unit["work_pool"]["name"] == provider.pool != providers.control_pool  # never the parent's pool
        assert unit["work_pool"]["job_variables"]["env"]["AQEA_CLOUD_PROVIDER"] == name
    sync = deployments["every-15-min"]
    assert sync["entrypoint"] == "flows/sync.py:sync_changes"
    assert sync["schedules"][0]["cron"] == "*/15 * * * *"
    assert config["pull"] == [{"flows.config.enter_code_dir": {}}]


def test_dockerfile_runs_as_non_root_installs_the_project_and_bakes_no_secrets() -> None:
    text = (REPO / "Dockerfile").read_text()
    users = re.findall(r"^USER\s+(\S+)", text, re.M)
    assert users and users[-1] not in ("root", "0")
    assert re.search(r"pip install[^\n]*\s\.(\s|$)", text)
    env_block = " ".join(re.findall(r"^(?:ENV|ARG)\s+(.*(?:\\\n.*)*)", text, re.M))
    assert not re.search(r"PASSWORD|SECRET|TOKEN|DATABASE_URL|AUTH_STRING|postgres(?:ql)?://", env_block, re.I)
    ignored = (REPO / ".dockerignore").read_text().split()
    assert ".venv" in ignored and ".git" in ignored


def test_compose_stack_has_postgres_backed_server_and_a_worker_per_pool() -> None:
    compose = yaml.safe_load((REPO / "docker-compose.yml").read_text())
    services = compose["services"]
    server = services["prefect-server"]
    assert server["environment"]["PREFECT_API_DATABASE_CONNECTION_URL"].startswith("postgresql+asyncpg://")
    providers = load_providers(REPO / "deployments" / "providers.toml", env={})
    pools = {s["command"][s["command"].index("--pool") + 1] for s in services.values()
             if "worker" in s.get("command", [])}
    assert pools == {providers.control_pool, *(p.pool for p in providers.providers.values())}
    # passwords come from .env, never literally from the file
    text = (REPO / "docker-compose.yml").read_text()
    assert "AQEA_DB_PASSWORD:?" in text and not re.search(r"PASSWORD:\s*[\"']?\w", text)
    for service in services.values():  # only the host's loopback is published
        for port in service.get("ports", []):
            assert port.startswith("127.0.0.1:")


def test_automations_validate_and_the_zombie_window_exceeds_heartbeats() -> None:
    from aqea.cli_ops import load_automations

    automations = {a.name: a for a in load_automations(REPO / "deployments" / "automations.yaml")}
    assert set(automations) == {"aqea-zombie-flow-runs", "aqea-worker-failure-rate", "aqea-extraction-rate-drop"}
    zombie = automations["aqea-zombie-flow-runs"]
    assert zombie.trigger.posture == "Proactive" and zombie.trigger.within.total_seconds() > 180
    assert zombie.actions[0].type == "change-flow-run-state" and zombie.actions[0].state.value == "CRASHED"
    notify = load_automations(REPO / "deployments" / "automations.yaml",
                              notify_block_id="00000000-0000-0000-0000-000000000001")
    assert {a.actions[0].type for a in notify if a.name != "aqea-zombie-flow-runs"} == {"send-notification"}


def test_weights_spread_units_in_proportion_and_interleaved() -> None:
    order = assign_providers(10, {"hetzner": 60, "digitalocean": 30, "linode": 10})
    assert [order.count(p) for p in ("hetzner", "digitalocean", "linode")] == [6, 3, 1]
    assert order[:3] == ["hetzner", "digitalocean", "hetzner"]
    assert assign_providers(6, {"hetzner": 2, "digitalocean": 1, "linode": 0}).count("hetzner") == 4
    assert next_provider(["hetzner"], {"hetzner": 60, "digitalocean": 30, "linode": 10}) == "digitalocean"
    assert next_provider(["hetzner", "digitalocean"], {"hetzner": 2, "digitalocean": 1, "linode": 0}) == "hetzner"


def test_env_overrides_weights_and_caps_and_rejects_nonsense(tmp_path: Path) -> None:
    path = REPO / "deployments" / "providers.toml"
    config = load_providers(path, env={"AQEA_PROVIDER_WEIGHTS": "hetzner=2,linode=0",
                                       "AQEA_PROVIDER_CAPS": "hetzner=3"})
    assert config.providers["hetzner"].weight == 2 and config.providers["hetzner"].cap == 3
    assert config.active == ["hetzner", "digitalocean"]
    assert config.providers["hetzner"].price_eur_per_hour == 0.015
    assert config.providers["digitalocean"].price_eur_per_hour == 0.024
    assert config.providers["linode"].price_eur_per_hour == 0.018
    with pytest.raises(ConfigError, match="unknown provider"):
        load_providers(path, env={"AQEA_PROVIDER_WEIGHTS": "aws=1"})
    with pytest.raises(ConfigError, match="name=number"):
        load_providers(path, env={"AQEA_PROVIDER_WEIGHTS": "hetzner"})


def test_estimate_says_when_it_has_nothing_to_go_on_and_scales_with_workers() -> None:
    from aqea.cli_ops import predict

    none = predict({}, pages=1_300_000, workers=15, provider="hetzner", price_eur_per_hour=0.015)
    assert none["measured"] is False and "no measurement" in none["message"]
    one = predict({"hetzner": [100.0, 120.0, 80.0]}, pages=360_000, workers=1, provider="hetzner",
                  price_eur_per_hour=0.015)
    assert one["wall_time_s"] == 3600 and one["cost_eur"] == 0.015 and one["cost_eur_billed_hours"] == 0.015
    many = predict({"local": [50.0]}, pages=360_000, workers=4, provider="linode", price_eur_per_hour=0.018)
    assert many["basis"] == "local" and many["wall_time_s"] == 1800 and "no linode measurement" in many["note"]


def test_status_document_from_the_tables_without_a_prefect_server(
    dsn: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import asyncio

    from aqea.cli_ops import measured_rates, status_document
    from aqea.store.db import open_migrated
    from aqea.store.runs import register_units, start_run

    monkeypatch.delenv("PREFECT_API_URL", raising=False)

    async def seed() -> None:
        conn = await open_migrated(dsn)
        await start_run(conn, "r1", source="dewiktionary", language="de", dump="d.xml.bz2", flow_run_id=None,
                        units=3)
        await register_units(conn, "r1", [(f"u{i}", {"unit_id": f"u{i}", "records_estimate": 100}) for i in range(3)],
                             source="dewiktionary", language="de")
        await conn.execute("""UPDATE work_units SET status = 'completed', pages_processed = 100, cloud_provider =
                              'hetzner', started_at = now() - interval '10 s', finished_at = now()
                              WHERE unit_key = 'u0'""")
        await conn.execute("UPDATE work_units SET status = 'processing', pages_processed = 50 WHERE unit_key = 'u1'")
        await conn.execute(
            "UPDATE extraction_runs SET dispatch = 'deployments', started_at = now() - interval '1 min'")
        await conn.close()

    asyncio.run(seed())
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings(restore_defaults={PREFECT_API_URL}):  # other tests may run a temporary API
        doc = asyncio.run(status_document(dsn))
    assert doc["overview"]["run_id"] == "r1" and doc["overview"]["status"] == "running"
    assert doc["work_units"] == {"total": 3, "completed": 1, "processing": 1, "pending": 1, "failed": 0,
                                 "interrupted": 0}
    assert doc["progress"]["processed"] == 150 and doc["progress"]["estimated"] == 300
    assert doc["progress"]["percent"] == 50.0 and doc["progress"]["eta_s"] > 0
    assert doc["workers"]["available"] is False and "PREFECT_API_URL" in doc["workers"]["reason"]
    rates = asyncio.run(measured_rates(dsn, "de"))
    assert list(rates) == ["hetzner"] and 9 < rates["hetzner"][0] < 11
