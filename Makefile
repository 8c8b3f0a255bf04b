# Two commands: `make demo` and `make test`. Each runs `make setup` first.
SHELL  := /bin/bash
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.nngrade-installed
OUT    := build

.PHONY: setup lint unit e2e demo test release release-assets release-twice student-template clean bench

# bubblewrap sandboxes submissions; it is a system package, so it is checked on every setup.
setup: $(STAMP)
	@if ! command -v bwrap >/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && apt-get install -y -qq bubblewrap; \
	  else echo "nngrade: bubblewrap is missing; install it (Debian: sudo apt-get install bubblewrap) or grade with --no-sandbox"; fi; \
	fi

# Re-install only when the package definition changes; a second `make setup` is a no-op.
$(STAMP): pyproject.toml
	@if ! $(PYTHON) -c 'import ensurepip, venv' >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && apt-get install -y -qq python3-venv; \
	  else echo "nngrade: install python3-venv (Debian: sudo apt-get install python3-venv)"; exit 1; fi; \
	fi
	@[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test,release]'
	@touch $@

release: setup
	$(BIN)/nngrade release --out $(OUT)/release

# What a GitHub release carries: the student notebooks and the Gradescope autograder zips, flat.
release-assets: release
	rm -rf $(OUT)/assets && mkdir -p $(OUT)/assets
	@for a in perceptron backprop; do \
	  cp $(OUT)/release/$$a/student/$$a.ipynb $(OUT)/release/$$a/gradescope/$$a-autograder.zip $(OUT)/assets/; done
	@printf 'nngrade %s, commit %s\n\nStudent notebooks (`<assignment>.ipynb`) and Gradescope autograders (`<assignment>-autograder.zip`). See the README, "Releasing to Gradescope".\n' \
	  "$$($(BIN)/python -c 'import autograder; print(autograder.__version__)')" "$$(git rev-parse HEAD 2>/dev/null || echo unknown)" > $(OUT)/assets/RELEASE.md
	@cd $(OUT)/assets && sha256sum *.ipynb *.zip > SHA256SUMS && cat SHA256SUMS

# Build the release a second time and compare bytes with the first.
release-twice: release
	$(BIN)/nngrade release --out $(OUT)/release-again --skip-checks
	@cd $(OUT) && diff <(cd release && find . -type f | sort | xargs sha256sum) <(cd release-again && find . -type f | sort | xargs sha256sum) \
	  && echo "release-twice: the two builds are byte-identical"

# Refresh the committed student notebooks from a fresh release (a test fails when they drift).
student-template: release
	@for a in perceptron backprop; do rm -rf student_template/$$a; cp -r $(OUT)/release/$$a/student student_template/$$a; done
	@# the release stamps each notebook with its commit; the committed copy leaves that out
	$(BIN)/python -c 'import sys, nbformat; [nbformat.write((nb := nbformat.read(p, 4), nb.metadata.pop("nngrade", None))[0], p) for p in sys.argv[1:]]' student_template/*/*.ipynb
	@echo "student_template/ updated from $(OUT)/release"

demo: release
	$(BIN)/nngrade grade -a perceptron assignments/perceptron/samples/*.ipynb -o $(OUT)/demo/perceptron
	$(BIN)/nngrade grade -a backprop assignments/backprop/samples/*.ipynb -o $(OUT)/demo/backprop
	@echo "Reports: $(OUT)/demo/<assignment>/students/<student>/report.html"

# Lint first: a lint error fails `make test`, and so CI.
test: lint unit e2e

# ruff (configured in pyproject.toml): the lint rules, then that the code is formatted as ruff would.
lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Seconds, no sandbox and no kernel: checks, scoring, the gradebook, state and resume, the wire codec.
unit: setup
	$(BIN)/python -m pytest -q tests/unit

# The scenarios: the CLI, releases, batches, the sandbox and real kernels.
# One worker per core, each test file on one worker (its module fixtures grade a batch once); then
# the tests that measure the machine's memory and disk, alone.
e2e: setup
	$(BIN)/python -m pytest -q -n auto --dist loadfile -m "not serial" tests/e2e
	$(BIN)/python -m pytest -q -m serial tests/e2e

# Timing and memory of nngrade against `otter run` (≈4 min); e.g. BENCH_ARGS="--runs 3".
bench: setup
	$(BIN)/python tests/bench/bench.py $(BENCH_ARGS)

clean:
	rm -rf $(OUT)
