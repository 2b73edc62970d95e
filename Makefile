# Two commands get a stranger from clone to site: `make site` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: install site test check serve lint clean golden mutate lighthouse

$(BIN)/factsheet: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.test-extras: $(BIN)/factsheet
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/factsheet         ## create .venv and install factsheet into it

site: $(BIN)/factsheet            ## build the example site into site/
	$(BIN)/factsheet build

check: $(BIN)/factsheet           ## report every content problem
	$(BIN)/factsheet check

serve: $(BIN)/factsheet           ## live preview on http://127.0.0.1:8000/
	$(BIN)/factsheet serve

# axe-core and the Nu validator come from npm; without npm their tests skip and say so.
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: the axe-core and Nu validator tests will be skipped"; fi

test: $(VENV)/.test-extras node_modules/.installed  ## lint, type-check and run the whole test suite
	$(BIN)/ruff check generator tests benchmarks examples
	$(BIN)/mypy
	$(BIN)/pytest -q

# Not part of `make test`: it takes about ten minutes on two cores.
mutate: $(VENV)/.test-extras      ## plant one-line bugs in read/ and check/; report how many the tests catch
	$(BIN)/pip install --quiet 'mutmut>=3.8,<4'
	rm -rf mutants
	$(BIN)/mutmut run --max-children 2
	$(BIN)/python -m tests.mutation_report

# Lighthouse from npm, on the example site as published: home, a sheet, a series, the timeline,
# phone and desk. About two minutes; `make test` asserts the accessibility, best-practice and SEO scores.
lighthouse: $(VENV)/.test-extras node_modules/.installed  ## print Lighthouse's scores of four pages
	$(BIN)/python -m tests.lighthouse

golden: $(VENV)/.test-extras      ## regenerate the golden files (review the diff!)
	$(BIN)/pytest -q tests/test_golden.py --update-golden

clean:
	rm -rf $(VENV) site build/docs/* build/files build/search .site.* node_modules test-artifacts mutants
