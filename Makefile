# newsweave: `make demo` and `make test` set everything up on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The lock is complete and hashed: install it as it is, resolving nothing, so an install never
# depends on what the registry published after the lock was made; pip check then verifies it.
PIP_FLAGS := --quiet --disable-pip-version-check --no-input

.PHONY: demo test lint bench clean browser fuzz

$(STAMP): requirements-dev.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install $(PIP_FLAGS) --require-hashes --no-deps -r requirements-dev.lock
	$(BIN)/pip install $(PIP_FLAGS) --no-deps --no-build-isolation -e .
	$(BIN)/pip check
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/newsweave compare examples/
	$(BIN)/newsweave compare examples/ --format html --output report.html
	@echo "Report written to report.html"

# The browser tests drive Debian's chromium through its chromedriver; install both when missing
# (non-interactive: CI runs as root with no stdin; elsewhere through sudo -n).
browser:
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then \
		echo "installing chromium and chromium-driver for the browser tests"; \
		sudo=$$([ "$$(id -u)" -eq 0 ] || echo "sudo -n"); \
		$$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q < /dev/null && \
		$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
			chromium chromium-driver < /dev/null; \
	fi

test: $(STAMP) browser
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python bench/pipeline_speed.py

# The fuzz properties of `make test`, with many more examples each (FUZZ_EXAMPLES to change).
FUZZ_EXAMPLES ?= 5000
fuzz: $(STAMP)
	NEWSWEAVE_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest -q tests/robustness/test_fuzz.py

clean:
	rm -rf $(VENV) report.html .pytest_cache .mypy_cache .ruff_cache
