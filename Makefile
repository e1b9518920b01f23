# One command each: make run, make test, make build.
# Everything is installed into .venv (Python packages) and, for tests, Debian's chromium and
# Noto fonts (Thai, Chinese) when missing, so both work on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | sha1sum | cut -c1-12)

.PHONY: run test build serve system-deps nginx
REPLICAS ?= 2
PORT ?= 8080

$(STAMP): requirements.txt requirements-dev.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@rm -f $(VENV)/.installed-* && touch $@

run: $(STAMP)
	$(PY) -m streamlit run lcd/server.py

build: $(STAMP)
	$(PY) -m etl

# The production layout on this machine: REPLICAS Streamlit replicas behind nginx on PORT (lcd/serve.py).
serve: $(STAMP) nginx
	$(PY) -m lcd.serve --replicas $(REPLICAS) --port $(PORT)

nginx:
	@command -v nginx >/dev/null || test -x /usr/sbin/nginx || \
		(apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nginx)

system-deps:
	@if ! command -v chromium >/dev/null || ! fc-list | grep -q "Noto Sans Thai" || ! fc-list | grep -q "Noto Sans CJK" \
			|| ! (command -v nginx >/dev/null || test -x /usr/sbin/nginx); then \
		apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium fonts-noto-core fonts-noto-cjk nginx; \
	fi

test: $(STAMP) system-deps
	$(PY) -m pytest
