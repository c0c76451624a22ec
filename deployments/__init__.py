"""Deployment settings (providers.toml, automations.yaml), installed with the package as data files.

A package only so that an installed (non-editable) copy of the project — the worker image — carries the files
`aqea prefect setup` and the flows read; `aqea.deployment_files` finds them.
"""
