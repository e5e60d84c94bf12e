"""The composition engine is a plain package: it runs without Django."""

import subprocess
import sys


def test_the_engine_imports_and_runs_without_django():
    code = (
        "import sys\n"
        "from essaim.composition import compose, options_from_dict\n"
        "from essaim.composition.generate import generate_candidates\n"
        "proposal = compose(generate_candidates(12, seed=1), options_from_dict("
        "{'min_size': 5, 'max_size': 6, 'time_limit': 5}))\n"
        "assert len(proposal.cohorts) == 2, proposal\n"
        "assert not [m for m in sys.modules if m == 'django' or m.startswith('django.')]\n"
        "print('ok')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
    )
    assert result.stdout.strip() == "ok", result.stderr
