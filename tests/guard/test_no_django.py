"""The guard core imports no Django, so other software can use it as it is."""

import subprocess
import sys

from .helpers import subprocess_env

PROGRAM = """
import sys
import carnet.guard
import carnet.guard.commands, carnet.guard.evaluate, carnet.guard.batch
carnet.guard.scan("porteuse sida")
loaded = sorted(name for name in sys.modules if name == "django" or name.startswith("django."))
print(",".join(loaded))
"""


def test_it_imports_no_django():
    result = subprocess.run([sys.executable, "-c", PROGRAM], capture_output=True, text=True,
                            env=subprocess_env(), check=True, timeout=60)
    assert result.stdout.strip() == ""


def test_it_imports_no_spacy_or_edsnlp_at_run_time():
    program = PROGRAM.replace('name == "django" or name.startswith("django.")',
                              'name.split(".")[0] in ("spacy", "edsnlp", "thinc", "torch")')
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                            env=subprocess_env(), check=True, timeout=60)
    assert result.stdout.strip() == ""
