# Two commands do all the set-up on a fresh Debian machine:
#   make run   - create .venv, install, fetch the offline weights, start the app
#   make test  - the same set-up, then the whole test suite
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.cvlab-installed
WEIGHTS_STAMP := weights/fetched/.offline-set
# Qt's xcb platform plugin, a virtual screen for smoke runs, fonts.
APT_PACKAGES := xvfb xauth libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 \
	libxkbcommon-x11-0 libxcb-xinerama0 libxcb-randr0 libxcb-shape0 libxcb-cursor0 \
	libegl1 libgl1 libfontconfig1 libdbus-1-3 fonts-dejavu-core fonts-wqy-microhei
PYTEST_ARGS ?= -n 2

# Photos the training scripts use (not needed to run or test the app).
TRAINING_APT_PACKAGES := mate-backgrounds lomiri-wallpapers-16.04 lomiri-wallpapers-20.04 \
	plasma-workspace-wallpapers

.PHONY: run test lint setup system-deps weights screenshots bench badinput clean training-data \
	translations

run: setup weights
	$(PY) -m cvlab

# ruff first: a lint error fails the build before the suite runs.
test: setup weights
	$(VENV)/bin/ruff check .
	QT_QPA_PLATFORM=$${QT_QPA_PLATFORM:-offscreen} $(PY) -m pytest $(PYTEST_ARGS)

setup: system-deps $(STAMP)

lint: setup
	$(VENV)/bin/ruff check .

# Installs the Debian packages Qt needs when run as root; otherwise prints the line to run.
system-deps:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian packages: $$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else \
	    echo "Missing Debian packages. Run:"; \
	    echo "  sudo apt-get install -y $$missing"; \
	  fi; \
	fi

$(STAMP): pyproject.toml requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

weights: $(WEIGHTS_STAMP)

$(WEIGHTS_STAMP): $(STAMP) $(wildcard cvlab/tools/*/weights.py) cvlab/core/weights/*.py
	$(PY) -m cvlab weights fetch --offline
	touch $(WEIGHTS_STAMP)

# The interface's translations (cvlab/ui/language.py): extract every tr()/translate() text
# of the sources into the .ts (translations kept, vanished texts dropped), then compile the
# .qm the package ships. Edit the .ts (Qt Linguist or a text editor) between the two steps.
TRANSLATIONS := zh_CN
translations: setup
	for lang in $(TRANSLATIONS); do \
	  $(VENV)/bin/pyside6-lupdate -locations none -no-obsolete $$(find cvlab -name '*.py' | sort) \
	    -ts resources/i18n/cvlab_$$lang.ts && \
	  $(VENV)/bin/pyside6-lrelease resources/i18n/cvlab_$$lang.ts \
	    -qm cvlab/ui/i18n/cvlab_$$lang.qm || exit 1; \
	done

training-data:
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(TRAINING_APT_PACKAGES)

# Every tab at the two window sizes a student meets: a desktop and a small laptop screen.
screenshots: setup weights
	xvfb-run -a -s "-screen 0 1600x1000x24" $(PY) scripts/screenshots.py --size 1600x1000 \
	  --out docs/screenshots
	xvfb-run -a -s "-screen 0 1600x1000x24" $(PY) scripts/screenshots.py --size 1280x720 \
	  --out docs/screenshots/1280x720
	xvfb-run -a -s "-screen 0 1600x1000x24" $(PY) scripts/screenshots.py --size 1600x1000 \
	  --language zh_CN --out docs/screenshots/zh_CN
	xvfb-run -a -s "-screen 0 1600x1000x24" $(PY) scripts/screenshots.py --size 1280x720 \
	  --language zh_CN --out docs/screenshots/zh_CN/1280x720

# Every benchmark, ours beside its baseline, then one summary table (bench/summary.py);
# BENCH_ARGS=--quick for fewer repeats, --only ct_load,sr_ssim for some.
bench: setup weights
	QT_QPA_PLATFORM=$${QT_QPA_PLATFORM:-offscreen} $(PY) bench/summary.py $(BENCH_ARGS)

# The bad-input corpus (tests/badinput/) as one table by kind; `make test` runs it as tests.
badinput: setup weights
	$(PY) -m tests.badinput.table $(BADINPUT_ARGS)

clean:
	rm -rf $(VENV) weights/fetched
