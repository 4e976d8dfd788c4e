# The course's commands. Each target sets up .venv itself on first use.
#   make book   build the website into _build/html
#   make test   build the book, then run every test (grader corpora, notebooks, browser)
#   make lab    open JupyterLab on the student notebooks, with nbgrader's student extensions only
#   make lab-instructor   open JupyterLab in the course root with nbgrader's instructor extensions
#   make exercises   regenerate solutions/*.ipynb from their .py twins and exercises/ from solutions/
#   make bench  time the grader (one notebook, and a class against stock nbgrader)
#   make bench-book  time a clean build of the book and a no-change rebuild

VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.txt | md5sum | cut -c1-12)
ASSIGNMENTS := $(notdir $(wildcard solutions/*))

.PHONY: book test lab lab-instructor exercises bench bench-book serve clean

$(STAMP): requirements.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])' | xargs -I{} sh -c 'echo "$(CURDIR)" > {}/activation_course.pth'
	rm -f $(VENV)/.installed-*
	touch $@

MATHJAX := node_modules/mathjax/es5/tex-chtml.js

$(MATHJAX): package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

book: $(STAMP) $(MATHJAX)
	$(VENV)/bin/jupyter-book build . --warningiserror --nitpick --keep-going --builder html
	@echo "The website is in $(CURDIR)/_build/html/index.html"

test: book
	$(PY) -m pytest

lab: $(STAMP)
	JUPYTER_CONFIG_DIR=$(CURDIR)/jupyter/student $(VENV)/bin/jupyter lab exercises

lab-instructor: $(STAMP)
	$(VENV)/bin/jupyter lab

exercises: $(STAMP)
	$(PY) -m tools.notebooks sync

bench: $(STAMP)
	$(PY) -m tools.bench_grade
	$(PY) -m tools.bench_batch

bench-book: $(STAMP) $(MATHJAX)
	$(PY) -m tools.bench_book

serve: book
	$(PY) -m http.server --directory _build/html --bind 127.0.0.1 8000

clean:
	rm -rf _build
