# Two commands on a fresh machine:  `make demo` (main job on the sample dump) and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# The tested set of every package, exact versions with hashes (refresh on purpose: `make lock`).
LOCK   := requirements/dev.lock

export DO_NOT_TRACK := 1
export PREFECT_SERVER_ANALYTICS_ENABLED := false

.PHONY: install compile system-deps system-deps-podman stack-test demo test lint lock bench clean

# Installs exactly the locked set (pip checks every hash; --no-deps: the lock is the whole resolved set, and pip
# would otherwise ask for a pin of "sqlalchemy[asyncio]"), then the project itself without resolving anything;
# `pip check` proves the set is complete and consistent.
$(STAMP): $(LOCK) pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes --no-deps -r $(LOCK)
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/pip check
	touch $(STAMP)

# The parser's hot modules compiled with Cython (scripts/compile-parsers.py, src/aqea/compiled.py): rebuilt when one
# of their sources changed; a package imports its sources instead while they differ from what was compiled, and
# without a C compiler the parser runs as Python (slower, the same results).
COMPILED_SOURCES := src/aqea/wiktionary/markup.py src/aqea/wiktionary/sections.py \
	$(filter-out %/__init__.py,$(wildcard src/aqea/wiktionary/de/*.py src/aqea/wiktionary/en/*.py))
COMPILED_STAMP := $(VENV)/.compiled

$(COMPILED_STAMP): $(STAMP) $(COMPILED_SOURCES) scripts/compile-parsers.py src/aqea/compiled.py
	$(BIN)/python scripts/compile-parsers.py
	touch $(COMPILED_STAMP)

compile: $(COMPILED_STAMP)

install: $(STAMP) $(COMPILED_STAMP)

# Re-resolve the ranges in pyproject.toml (and requirements/build.in) to today's newest versions. Run the
# tests after it: the lock is what every machine, CI and the image install.
lock: $(STAMP)
	$(BIN)/uv pip compile pyproject.toml requirements/build.in --extra docker --universal --python-version 3.11 \
		--generate-hashes --upgrade --quiet -o requirements/runtime.lock
	$(BIN)/uv pip compile pyproject.toml requirements/build.in --extra docker --extra dev --extra stack --universal \
		--python-version 3.11 --generate-hashes --upgrade --quiet -c requirements/runtime.lock -o requirements/dev.lock
	@echo "requirements/*.lock refreshed: run 'make test' before committing them"

demo: install
	$(BIN)/aqea extract --dump tests/data/dewiktionary-sample.xml.bz2
	$(BIN)/aqea db stats

# Debian packages for the tests that run a real MediaWiki and a real Prefect server on PostgreSQL, PgBouncer for
# the connection-pooler tests, Princeton WordNet 3.0 for the WordNet reader tests, and Chromium for the dashboard's
# browser test. In CI (CI=true) a failed install fails the run; elsewhere those tests skip with a message.
system-deps:
	@echo "Installing Debian packages for the tests (MediaWiki with PHP, PostgreSQL server binaries, PgBouncer," \
		"Chromium; needs root or sudo, skipped when present): scripts/install-mediawiki.sh," \
		"scripts/install-postgresql.sh, scripts/install-pgbouncer.sh, scripts/install-wordnet.sh," \
		"scripts/install-chromium.sh"
	@for script in scripts/install-mediawiki.sh scripts/install-postgresql.sh scripts/install-pgbouncer.sh \
			scripts/install-wordnet.sh scripts/install-chromium.sh; do \
		if ! bash $$script; then \
			if [ "$$CI" = "true" ]; then echo "$$script failed" >&2; exit 1; fi; \
			echo "warning: $$script failed; the tests that need it will be skipped" >&2; \
		fi; \
	done

# podman, runc and mmdebstrap for the container stack test (scripts/install-podman.sh); also part of
# `make system-deps PODMAN=1`.
system-deps-podman:
	bash scripts/install-podman.sh

ifeq ($(PODMAN),1)
system-deps: system-deps-podman
endif

# The Docker deployment for real on podman: images, compose stack, setup, deploy, an extraction compared with a
# local run, a provider worker killed mid-run (scripts/stack-test.sh; skips with one line where podman cannot run,
# fails when CI=true). `make test` runs it beside the pytest suite; this target runs it alone.
stack-test: $(STAMP)
	bash scripts/stack-test.sh

# ruff, then the pytest suite and the stack test side by side (scripts/run-tests.sh; AQEA_STACK_TEST=0 leaves the
# stack test out).
test: install system-deps
	$(BIN)/ruff check .
	BIN=$(BIN) bash scripts/run-tests.sh $(PYTEST_ARGS)

bench: install
	$(BIN)/python bench/bench_pipeline.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache src/aqea/wiktionary/__compiled__ \
		src/aqea/wiktionary/de/__compiled__ src/aqea/wiktionary/en/__compiled__
