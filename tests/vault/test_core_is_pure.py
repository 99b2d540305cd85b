import os
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"


def test_the_core_and_the_command_module_import_no_django():
    code = (
        "import sys, carnet.vault, carnet.vault.vault, carnet.vault.commands;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))"
    )
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
