"""Provider configuration for distributed runs: weights, caps, pools, prices (deployments/providers.toml).

Pure Python (no Prefect): used by flows/dispatch.py, `aqea status`, `aqea estimate` and `aqea prefect setup`.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aqea.deployment_files import deployment_file
from aqea.errors import ConfigError


@dataclass(frozen=True, slots=True)
class Provider:
    name: str
    weight: float
    cap: int
    pool: str
    price_eur_per_hour: float


@dataclass(frozen=True, slots=True)
class ProvidersConfig:
    providers: dict[str, Provider]
    deployment_flow: str = "process-work-unit"
    max_attempts: int = 3
    start_timeout_s: float = 600.0
    poll_interval_s: float = 2.0
    control_pool: str = "aqea-control"
    control_queue: str = "extract"
    concurrency_limits: dict[str, int] = field(default_factory=dict)
    language_pages: dict[str, int] = field(default_factory=dict)
    source: str = ""

    def deployment(self, provider: str) -> str:
        return f"{self.deployment_flow}/{provider}"

    @property
    def active(self) -> list[str]:
        """Providers that get units (weight > 0), in file order."""
        return [p.name for p in self.providers.values() if p.weight > 0]


def providers_file() -> Path:
    """$AQEA_PROVIDERS_FILE, else ./deployments/providers.toml (a deployed flow runs in the checkout), else
    $AQEA_CODE_DIR's or the installed copy (aqea.deployment_files)."""
    explicit = os.environ.get("AQEA_PROVIDERS_FILE")
    if explicit:
        return Path(explicit)
    local = Path("deployments") / "providers.toml"
    return local if local.is_file() else deployment_file("providers.toml")


def _pairs(text: str, what: str) -> dict[str, float]:
    """'hetzner=2,digitalocean=1' → {'hetzner': 2.0, 'digitalocean': 1.0}."""
    result: dict[str, float] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        name, sep, value = item.partition("=")
        try:
            if not sep:
                raise ValueError(item)
            result[name.strip()] = float(value)
        except ValueError:
            raise ConfigError(f"{what}: expected name=number[,name=number…], got {text!r}") from None
    return result


def load_providers(path: Path | None = None, env: dict[str, str] | None = None) -> ProvidersConfig:
    """Read the providers file and apply AQEA_* environment overrides."""
    env = dict(os.environ) if env is None else env
    path = path or providers_file()
    try:
        data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read provider config {path}: {exc}") from exc
    weights = _pairs(env.get("AQEA_PROVIDER_WEIGHTS", ""), "AQEA_PROVIDER_WEIGHTS")
    caps = _pairs(env.get("AQEA_PROVIDER_CAPS", ""), "AQEA_PROVIDER_CAPS")
    raw = data.get("providers") or {}
    unknown = (set(weights) | set(caps)) - set(raw)
    if unknown:
        raise ConfigError(f"unknown provider(s) in AQEA_PROVIDER_WEIGHTS/CAPS: {', '.join(sorted(unknown))}")
    providers: dict[str, Provider] = {}
    for name, item in raw.items():
        weight = float(weights.get(name, item.get("weight", 0)))
        cap = int(caps.get(name, item.get("cap", 1)))
        if weight < 0 or cap < 1:
            raise ConfigError(f"provider {name}: weight must be >= 0 and cap >= 1")
        providers[name] = Provider(name=name, weight=weight, cap=cap, pool=item.get("pool", f"aqea-{name}"),
                                   price_eur_per_hour=float(item.get("price_eur_per_hour", 0.0)))
    if not any(p.weight > 0 for p in providers.values()):
        raise ConfigError(f"{path}: no provider has a weight above 0")
    dispatch = data.get("dispatch") or {}
    control = data.get("control") or {}
    return ProvidersConfig(
        providers=providers,
        deployment_flow=dispatch.get("deployment_flow", "process-work-unit"),
        max_attempts=int(env.get("AQEA_DISPATCH_MAX_ATTEMPTS", dispatch.get("max_attempts", 3))),
        start_timeout_s=float(env.get("AQEA_DISPATCH_START_TIMEOUT", dispatch.get("start_timeout_s", 600))),
        poll_interval_s=float(env.get("AQEA_DISPATCH_POLL_INTERVAL", dispatch.get("poll_interval_s", 2))),
        control_pool=control.get("pool", "aqea-control"),
        control_queue=control.get("queue", "extract"),
        concurrency_limits={k: int(v) for k, v in (data.get("concurrency_limits") or {}).items()},
        language_pages={k: int(v) for k, v in (data.get("language_pages") or {}).items()},
        source=str(path),
    )


def assign_providers(count: int, weights: dict[str, float]) -> list[str]:
    """Spread ``count`` units over providers in proportion to their weights, interleaved.

    Smooth weighted round-robin (as in nginx): deterministic, and every prefix of the sequence is as close
    to the weights as whole units allow, so a provider's units are spread over the run, not bunched at its end.
    """
    active = {name: w for name, w in weights.items() if w > 0}
    if not active:
        raise ConfigError("no provider has a weight above 0")
    total = sum(active.values())
    current = dict.fromkeys(active, 0.0)
    order: list[str] = []
    for _ in range(count):
        for name, w in active.items():
            current[name] += w
        best = max(current, key=lambda n: current[n])  # first maximum wins: file order breaks ties
        current[best] -= total
        order.append(best)
    return order


def next_provider(tried: list[str], weights: dict[str, float]) -> str:
    """Provider for a re-dispatch: the heaviest one not tried yet, else the heaviest one tried least often."""
    active = [name for name, w in sorted(weights.items(), key=lambda kv: -kv[1]) if w > 0]
    untried = [name for name in active if name not in tried]
    if untried:
        return untried[0]
    return min(active, key=lambda name: (tried.count(name), -weights[name]))
