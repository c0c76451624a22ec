"""Installed sources, found by name through the entry-point group ``aqea.sources`` (docs/sources.md).

A third-party package adds a source with one entry in its own ``pyproject.toml``::

    [project.entry-points."aqea.sources"]
    my-source = "my_package.source:MySource"

``MySource`` is a class implementing ``aqea.sources.base.Source``, built without arguments. This package's own
sources are registered the same way, and are also known without their entry points (a checkout whose package
metadata is older than its code still finds them).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import import_module
from importlib.metadata import entry_points

from aqea.errors import ConfigError
from aqea.sources.base import Source, WorkUnit

GROUP = "aqea.sources"
BUILT_IN = {
    "wiktionary-dump": "aqea.sources.wiktionary:WiktionaryDumpSource",
    "wiktionary-api": "aqea.sources.wiktionary:WiktionaryApiSource",
    "wordnet-oewn": "aqea.sources.wordnet:OewnSource",
    "wordnet-omw": "aqea.sources.wordnet_omw:OmwSource",
    "wordnet-pwn30": "aqea.sources.wordnet_pwn:PwnSource",
    "conceptnet": "aqea.sources.conceptnet:ConceptNetSource",
    "panlex": "aqea.sources.panlex:PanlexSource",
}


@dataclass(frozen=True, slots=True)
class InstalledSource:
    name: str
    target: str  # "module:Class"
    distribution: str  # the package that registered it


@cache
def installed_sources() -> dict[str, InstalledSource]:
    """Every registered source by name. Two packages registering one name to different classes is an error."""
    found = {name: InstalledSource(name, target, "aqea-extractor") for name, target in BUILT_IN.items()}
    for ep in entry_points(group=GROUP):
        dist = ep.dist.name if ep.dist is not None else "?"
        known = found.get(ep.name)
        if known is not None and known.target != ep.value:
            raise ConfigError(f"source {ep.name!r} is registered twice: {known.target} ({known.distribution}) "
                              f"and {ep.value} ({dist})")
        found[ep.name] = InstalledSource(ep.name, ep.value, dist if known is None else known.distribution)
    return dict(sorted(found.items()))


@cache
def load_source(name: str) -> Source:
    """The source registered as ``name`` (one instance per process)."""
    entry = installed_sources().get(name)
    if entry is None:
        raise ConfigError(f"no source named {name!r}; installed: {', '.join(installed_sources())} "
                          "(`aqea sources` lists them)")
    module_name, _, attr = entry.target.partition(":")
    try:
        cls = getattr(import_module(module_name), attr)
    except (ImportError, AttributeError) as exc:
        raise ConfigError(f"source {name!r} ({entry.target}, from {entry.distribution}) cannot be loaded: "
                          f"{exc}") from exc
    source: Source = cls()
    if getattr(source, "name", None) != name:
        raise ConfigError(f"source {entry.target} calls itself {getattr(source, 'name', None)!r}, but is "
                          f"registered as {name!r}")
    return source


def typed_unit(unit: WorkUnit) -> WorkUnit:
    """The unit as its source's own class (a unit that crossed JSON arrives as the base class)."""
    unit_type = load_source(unit.source).unit_type
    if isinstance(unit, unit_type):
        return unit
    return unit_type.model_validate(unit.model_dump())


def licence_of(source: Source, edition: str) -> tuple[str, str]:
    """(licence, attribution) of what ``source`` stores as ``edition``: its ``licence_for(edition)`` when it has
    one (a source whose datasets or wikis differ in licence or credit), else the source's own."""
    per_edition = getattr(source, "licence_for", None)
    if callable(per_edition):
        licence, attribution = per_edition(edition)
        return str(licence), str(attribution)
    return source.license, source.attribution
