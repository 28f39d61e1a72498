# Tianping — everything a newcomer needs is a target here. `make run`, `make test`.
SHELL := /bin/bash
export PYTHONWARNINGS ?= ignore
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml constraints.txt | cksum | cut -d' ' -f1)

.PHONY: run observe test chaos load soak profile lint bench class-model docs rules rules-verify dashboards manifests verify-audit token venv tools constraints clean screenshots trips

venv: $(STAMP)

# checkov (the deploy/ policy checks) lives in its own environment under .venv: its pins conflict with ours
# (deploy/checkov-constraints.txt says which).
CHECKOV_ENV := $(VENV)/tools/checkov
CHECKOV_STAMP := $(CHECKOV_ENV)/.installed-$(shell cat deploy/checkov-constraints.txt | cksum | cut -d' ' -f1)

tools: $(CHECKOV_STAMP)

$(CHECKOV_STAMP): deploy/checkov-constraints.txt
	@test -x $(CHECKOV_ENV)/bin/python || $(PYTHON) -m venv $(CHECKOV_ENV)
	@$(CHECKOV_ENV)/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -r deploy/checkov-constraints.txt
	@rm -f $(CHECKOV_ENV)/.installed-* && touch $@

$(STAMP): pyproject.toml constraints.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --disable-pip-version-check --upgrade "pip>=23" "setuptools<81" -c constraints.txt
	@$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[dev]"
	@rm -f $(VENV)/.installed-* && touch $@

run: venv  ## start the embedded store, all five services and the gateway; Ctrl-C stops everything
	@$(PY) -m tianping.runtime.run

observe: venv  ## `make run` plus a local Prometheus (Debian package prometheus) scraping every component on :9090
	@$(PY) -m tianping.runtime.observe

# Two pytest sessions at once — the integration modules (mostly waiting on the system's processes) beside everything
# else (mostly CPU in pytest and its store) — then the fault tests alone, as they restart the broker both use. Each
# session has its own virtual host, store, ports and data dirs, as two `make test` runs would. PYTEST_ARGS given: one
# session with them, as before. README "The two commands" has the measured times.
PYTEST := $(PY) -m pytest -q -rs -p no:randomly
test: venv tools  ## the whole suite (unit, service and integration tests on the real broker and store)
	@if [ -n "$(PYTEST_ARGS)" ]; then $(PYTEST) $(PYTEST_ARGS); rc=$$?; \
	  if [ $$rc -eq 5 ]; then echo "pytest collected no tests"; exit 1; fi; exit $$rc; fi; \
	logs=$$(mktemp -d); echo "make test: tests/integration and the rest at once (logs in $$logs), then the fault tests"; \
	$(PYTEST) tests/integration --ignore=tests/integration/test_faults.py > $$logs/integration.log 2>&1 & a=$$!; \
	$(PYTEST) tests --ignore=tests/integration > $$logs/rest.log 2>&1 & b=$$!; \
	wait $$a; ra=$$?; wait $$b; rb=$$?; \
	echo "== tests/integration, the fault tests aside (exit $$ra)"; cat $$logs/integration.log; \
	echo "== the rest (exit $$rb)"; cat $$logs/rest.log; \
	echo "== the fault tests, alone"; $(PYTEST) tests/integration/test_faults.py; rc=$$?; \
	for r in $$ra $$rb $$rc; do if [ $$r -ne 0 ]; then echo "make test: failed (exits $$ra $$rb $$rc)"; exit 1; fi; done

chaos: venv  ## the fault tests (broker restart, SIGKILL of each service, store restart) five times in a row
	@set -o pipefail; for i in 1 2 3 4 5; do echo "== chaos run $$i/5"; \
	  $(PY) -m pytest -q -s -p no:randomly -m chaos tests/integration/test_faults.py | grep -E '\[chaos\]|passed|failed|error' \
	  || exit 1; done

load: venv  ## the load scenario: 150 requests/s (issue 30's aim) for 60 s (make load RATE=80 SECONDS=120 STORES=shared), per-route and total completed/s, p50/p95/p99, errors (must be 0), CPU ms per request per process
	@$(PY) -m bench.load --rate "$(or $(RATE),150)" --seconds "$(or $(SECONDS),60)" $(if $(STORES),--stores "$(STORES)")

soak: venv  ## the load scenario at 150 requests/s held 30 minutes (RATE=, SECONDS= override): last 5 minutes against the first (completed/s, p99 within 10%), memory growth after warm-up per process, replicas equal the authority
	@$(PY) -m bench.load --soak --rate "$(or $(RATE),150)" $(if $(SECONDS),--seconds "$(SECONDS)")

ROUTE ?= POST /v1/applications
profile: venv  ## make profile ROUTE="POST /v1/applications" [SECONDS=20 RATE=20 RAW=1 GIL=1] — flame graph per process (RAW=1: collapsed stacks for bench.stacks; GIL=1: samples holding the GIL only, i.e. CPU), CPU ms and store round trips per request vs a bare RPC (bench/results/profile-*/)
	@$(PY) -m bench.profile --route "$(ROUTE)" --seconds "$(or $(SECONDS),20)" --rate "$(or $(RATE),20)" $(if $(RAW),--raw) $(if $(GIL),--gil)

trips: venv  ## make trips [ROUTE="POST /v1/listings"] — store statements per request by collection, with the store's time there, for every write route or ROUTE (bench/results/trips-*.json)
	@$(PY) -m bench.trips $(if $(ROUTE),--route "$(ROUTE)")

lint: venv  ## ruff, and the import contracts (pyproject.toml [tool.importlinter]: layers, services independent)
	@$(VENV)/bin/ruff check .
	@$(VENV)/bin/lint-imports

bench: venv  ## benchmarks; JSON results under bench/results/ (ONLY="sanctions listing": those only)
	@$(PY) -m bench $(ONLY)

class-model: venv  ## retrain the listing review's class model from the development corpora (deterministic): services/listing/class_model.json with its data hash and cross-validated figures
	@$(PY) -m tools.class_model.train

docs: venv  ## regenerate everything generated from the code: docs/rpc.md, docs/rules.md, the README's configuration table, the Kubernetes manifests, the dashboards
	@$(PY) -m docs.generate
	@$(PY) -m deploy.k8s.generate > /dev/null
	@$(PY) -m deploy.grafana.generate > /dev/null

dashboards: venv  ## regenerate the Grafana dashboards (deploy/grafana/*.json) from deploy/grafana/generate.py
	@$(PY) -m deploy.grafana.generate

manifests: venv  ## regenerate the Kubernetes manifests (deploy/k8s/base, overlays) from deploy/k8s/generate.py
	@$(PY) -m deploy.k8s.generate

rules: docs  ## regenerate the rules traceability matrix (docs/rules.md) — part of `make docs`

rules-verify: venv  ## proof by mutation: each declared rule's tests with its checks neutralised; writes docs/rules_verified.json, docs/rules.md, the README's counts (CHECK=1: fail if they differ)
	@$(PY) -m docs.rules_verify $(if $(CHECK),--check)

verify-audit: venv  ## make verify-audit SERVICE=listing — check a service's audit chain and its witness's checkpoints (every service without SERVICE)
	@for s in $${SERVICE:-onboarding listing aftersale dispute reputation}; do $(PY) -m tianping.platform.audit verify --service $$s || exit 1; done

screenshots: venv  ## PNGs of every console page into docs/console/ (the browser tests over a real system; needs chromium, chromium-driver)
	@TIANPING_CONSOLE_SCREENSHOTS=docs/console $(PY) -m pytest -q -p no:randomly tests/integration/test_console.py

token: venv  ## make token ROLE=reviewer SUB=alice
	@$(PY) -m gateway.mint_token --role "$(ROLE)" --sub "$(SUB)"

constraints: venv
	@echo "# Exact pins for every install (pip install -c constraints.txt). Regenerate with: make constraints" > constraints.txt
	@$(PY) -m pip freeze --exclude-editable | grep -v '^tianping' >> constraints.txt

clean:
	rm -rf $(VENV) var .pytest_cache
