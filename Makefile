# Two commands on a fresh machine:  `make demo` (main job on the sample dump) and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

export DO_NOT_TRACK := 1
export PREFECT_SERVER_ANALYTICS_ENABLED := false

.PHONY: install system-deps demo test lint bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/aqea extract --dump tests/data/dewiktionary-sample.xml.bz2
	$(BIN)/aqea db stats

# Debian packages for the tests that run a real MediaWiki and a real Prefect server on PostgreSQL.
# In CI (CI=true) a failed install fails the run; elsewhere those tests skip with a message.
system-deps:
	@for script in scripts/install-mediawiki.sh scripts/install-postgresql.sh; do \
		if ! bash $$script; then \
			if [ "$$CI" = "true" ]; then echo "$$script failed" >&2; exit 1; fi; \
			echo "warning: $$script failed; the tests that need it will be skipped" >&2; \
		fi; \
	done

test: $(STAMP) system-deps
	$(BIN)/ruff check .
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python bench/bench_pipeline.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
