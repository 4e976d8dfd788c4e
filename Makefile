# The course's commands. Each target sets up .venv itself on first use.
#   make book   build the website into _build/html
#   make book EDITION=taught   build the taught edition (no graded answers) into _build/taught/_build/html
#   make lint   ruff: the lint rules and the format of pyproject.toml (CI runs it before the tests)
#   make test   build the book (both editions), then run every test (grader corpora, notebooks, browser)
#   make lab    open JupyterLab on the student notebooks, with nbgrader's student extensions only
#   make lab-instructor   open JupyterLab in the course root with nbgrader's instructor extensions
#   make exercises   regenerate solutions/*.ipynb from their .py twins and exercises/ from solutions/
#   make bench  time the grader (one notebook; a class against stock nbgrader; a class on a 2-worker Dask cluster)
#   make bench-book  time a clean build of the book and a no-change rebuild
#   make mutation   grade every single-edit mutant of the reference answers (make test runs a sample)

VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.txt pyproject.toml | md5sum | cut -c1-12)
ASSIGNMENTS := $(notdir $(wildcard solutions/*))
# The book's edition: open (everything) or taught (without the graded answers; see bookkit/editions.py).
EDITION ?= open
BOOK_OUTPUT := $(if $(filter taught,$(EDITION)),_build/taught,.)

# make venv   only set up .venv (CI does, to check the pins on every Python while the tests run)
.PHONY: venv lint book test lab lab-instructor exercises bench bench-book serve clean check-book check-test

# The exact pins, then the course itself as an editable package (pyproject.toml): grader and bookkit import anywhere.
$(STAMP): requirements.txt pyproject.toml
	@tools/check-system.sh venv
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	rm -f $(VENV)/.installed-*
	touch $@

venv: $(STAMP)

MATHJAX := node_modules/mathjax/es5/tex-chtml.js

$(MATHJAX): package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

# The system packages each target needs, checked before anything is built (see README: apt-get line).
check-book:
	@tools/check-system.sh venv npm

check-test:
	@tools/check-system.sh venv npm bwrap chromium poppler

book: check-book $(STAMP) $(MATHJAX)
	BOOK_EDITION=$(EDITION) $(VENV)/bin/jupyter-book build . --path-output $(BOOK_OUTPUT) \
		--warningiserror --nitpick --keep-going --builder html
	@echo "The $(EDITION) edition of the website is in $(abspath $(BOOK_OUTPUT))/_build/html/index.html"

# The tests run in TEST_JOBS processes (pytest-xdist), a test file per process at a time: most of a test's time
# is spent waiting on sandboxes, browsers and clusters. `make test TEST_JOBS=0` runs them in this process.
TEST_JOBS ?= 2

# The same checks as the pre-commit hook (.pre-commit-config.yaml); `ruff check --fix . && ruff format .` mends most.
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test: check-test book
	$(MAKE) book EDITION=taught
	$(PY) -m pytest -n $(TEST_JOBS) --dist loadfile

# Jupyter refuses to run as root without --allow-root; course Docker images often run as root.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)

lab: $(STAMP)
	JUPYTER_CONFIG_DIR=$(CURDIR)/jupyter/student $(VENV)/bin/jupyter lab exercises $(ALLOW_ROOT)

lab-instructor: $(STAMP)
	$(VENV)/bin/jupyter lab $(ALLOW_ROOT)

exercises: $(STAMP)
	$(PY) -m tools.notebooks sync

bench: $(STAMP)
	$(PY) -m tools.bench_grade
	$(PY) -m tools.bench_batch
	$(PY) -m tools.bench_cluster

bench-book: $(STAMP) $(MATHJAX)
	$(PY) -m tools.bench_book

.PHONY: mutation
mutation: $(STAMP)
	$(PY) -m tools.mutation --jobs 2

serve: book
	$(PY) -m http.server --directory _build/html --bind 127.0.0.1 8000

clean:
	rm -rf _build
