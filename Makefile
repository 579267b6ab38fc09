# The two commands: `make demo` runs narrator on a bundled example, `make test` runs the tests.
# Each creates .venv with python3 and installs what it needs; nothing else is required.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test install clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

DEMO_IN  := examples/monthly_scorecard_2023_09.xlsx
DEMO_OUT := demo-output

# The demo's own output folder is rewritten on every run (--force): copy a file elsewhere to edit it.
demo: $(STAMP)
	$(BIN)/narrator validate $(DEMO_IN)
	mkdir -p $(DEMO_OUT)
	$(BIN)/narrator draft $(DEMO_IN) -o $(DEMO_OUT)/draft.docx --force \
		--council "Example Metropolitan Borough Council" --committee "Children's Services Scrutiny Committee"
	$(BIN)/narrator brief $(DEMO_IN) -o $(DEMO_OUT)/briefing.docx --force \
		--council "Example Metropolitan Borough Council" --committee "Children's Services Scrutiny Committee"
	@echo "The officer draft is $(DEMO_OUT)/draft.docx and the lead member briefing $(DEMO_OUT)/briefing.docx"

test: $(STAMP)
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis $(DEMO_OUT)
