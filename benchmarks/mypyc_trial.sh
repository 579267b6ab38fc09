#!/bin/sh
# A trial, not part of narrator's build: the forward engine's hot modules (numbers, facts,
# content, realise, plan) compiled with mypyc, timed per stage beside the same commit
# interpreted. It answers "how far would compiling go?" for issue 7's speed target.
#
#     sh benchmarks/mypyc_trial.sh        # from the repository root, after `make install`
#
# Needs gcc, the Python headers and PyPI (mypy 1.15.0 goes into a throwaway venv; mypy 2.x built
# modules that crashed here). Works on a copy of the last commit in a temporary folder and leaves
# nothing behind. mypy's type errors are ignored for the build (narrator is not mypy-clean), and
# the model classes stay interpreted (compiled, their instances stopped being hashable).
set -eu
root=$(pwd)
py="$root/.venv/bin/python"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git archive HEAD | tar -x -C "$work"
python3 -m venv "$work/mypyc-venv"
"$work/mypyc-venv/bin/pip" install -q "mypy==1.15.0" setuptools
cat > "$work/mypyc.ini" <<EOF
[mypy]
ignore_missing_imports = True
follow_imports = silent
[mypy-narrator.*]
ignore_errors = True
EOF
cat > "$work/setup_mypyc.py" <<EOF
from setuptools import setup
from mypyc.build import mypycify

setup(name="narrator-mypyc-trial", packages=[], ext_modules=mypycify([
    "--config-file", "mypyc.ini", "--python-executable", "$py",
    "narrator/numbers.py", "narrator/facts.py", "narrator/content.py", "narrator/realise.py", "narrator/plan.py"]))
EOF
echo "interpreted: $("$py" "$work/benchmarks/forward_bench.py" --stages-only)"
(cd "$work" && "$work/mypyc-venv/bin/python" setup_mypyc.py -q build_ext --inplace >/dev/null 2>&1)
ls "$work"/narrator/*.so >/dev/null
echo "compiled:    $("$py" "$work/benchmarks/forward_bench.py" --stages-only)"
