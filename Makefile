# Developer entry points. On a fresh clone `make run` sets everything up.
# Embedded PostgreSQL and Redis live under ./var unless DATABASE_URL / REDIS_URL are set.

VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PYTEST_ARGS ?= -n 2

.DEFAULT_GOAL := run
.PHONY: run test services lint migrations-check install clean bench-search bench-febrl bench-pvp-queue bench-dip-sample bench-reminders bench-agenda bench-import-history bench-profile bench-smoke api-fuzz load

# Python 3.11 if there is one, else python3 when it is new enough.
$(PY):
	@py="$$(command -v python3.11 || true)"; \
	if [ -z "$$py" ] && python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then \
		py="$$(command -v python3)"; \
	fi; \
	if [ -z "$$py" ]; then echo "make: Python 3.11 or newer is needed" >&2; exit 1; fi; \
	echo "creating $(VENV) with $$py"; \
	"$$py" -m venv $(VENV)

# Install again only when pyproject.toml is newer than the last install.
# pip's exit status decides; its warnings (such as "Location ... is ignored") do not.
$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install -e '.[embedded,dev]'
	@touch $@

install: $(STAMP)

run: $(STAMP)
	$(PY) -m dacase.devstack run

test: $(STAMP)
	$(PY) -m dacase.devstack test -- $(PYTEST_ARGS)

services: $(STAMP)
	$(PY) -m dacase.devstack services

# mypy (with django-stubs) reads the settings: DJANGO_ENV=test needs no secret key and no server.
lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	DJANGO_ENV=test $(PY) -m mypy

# Fails when a model change has no migration; it needs no database.
migrations-check: $(STAMP)
	DJANGO_ENV=test $(PY) manage.py makemigrations --check --dry-run

# Refuses while a launcher holds var/: deleting a live database's files corrupts it.
# Benchmarks (bench/README.md): they install the bench extra and print their figures.
BENCH_STAMP := $(VENV)/.bench-installed
$(BENCH_STAMP): pyproject.toml | $(STAMP)
	$(PY) -m pip install -e '.[embedded,dev,bench]'
	@touch $@

bench-search: $(BENCH_STAMP)
	$(PY) -m dacase.devstack services -- $(PY) -m bench.people_search $(BENCH_ARGS)

bench-reminders: $(STAMP)
	$(PY) -m dacase.devstack services -- $(PY) -m bench.plan_reminders $(BENCH_ARGS)

bench-dip-sample: $(BENCH_STAMP)
	$(PY) -m dacase.devstack services -- $(PY) -m bench.dip_sample $(BENCH_ARGS)

bench-pvp-queue: $(BENCH_STAMP)
	$(PY) -m dacase.devstack services -- $(PY) -m bench.pvp_queue $(BENCH_ARGS)

bench-agenda: $(STAMP)
	$(PY) -m dacase.devstack services -- $(PY) -m bench.marac_agenda

bench-import-history: $(STAMP)
	$(PY) -m dacase.devstack services -- $(PY) -m bench.import_history $(BENCH_ARGS)

bench-profile: $(STAMP)
	$(PY) -m dacase.devstack services -- $(PY) -m bench.problem_profile $(BENCH_ARGS)

bench-febrl: $(BENCH_STAMP)
	$(PY) -m bench.febrl4_linkage

# The load test (bench/load/README.md): gunicorn with LOAD_WORKERS processes, driven by locust on the loopback.
LOAD_STAMP := $(VENV)/.load-installed
$(LOAD_STAMP): pyproject.toml | $(STAMP)
	$(PY) -m pip install -e '.[embedded,dev,load]'
	@touch $@

load: $(LOAD_STAMP)
	$(PY) -m dacase.devstack services -- $(PY) -m bench.load.run --workers $(or $(LOAD_WORKERS),3) $(LOAD_ARGS)

# Every benchmark once at a small size (CI): checks they still run, times nothing.
bench-smoke: $(BENCH_STAMP) $(LOAD_STAMP)
	$(PY) -m dacase.devstack services -- $(PY) -m bench.smoke

clean:
	@if [ -e var/devstack.lock ] && ! flock -n var/devstack.lock true; then \
		echo "make: a devstack is running on var/; stop it first" >&2; exit 1; fi
	rm -rf var

# Schemathesis over the whole API as a PVP officer, a MARAC chair and an IDVA (ci/schemathesis.py).
FUZZ_STAMP := $(VENV)/.fuzz-installed
$(FUZZ_STAMP): pyproject.toml | $(STAMP)
	$(PY) -m pip install -e '.[embedded,dev,schemathesis]'
	@touch $@

api-fuzz: $(FUZZ_STAMP)
	$(PY) ci/schemathesis.py $(FUZZ_ARGS)
