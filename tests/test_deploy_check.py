import os
import secrets
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"


def test_it_passes_djangos_deployment_checks_in_production(tmp_path):
    env = {
        **os.environ,
        "PYTHONPATH": str(SRC),
        "CARNET_PRODUCTION": "1",
        "CARNET_SECRET_KEY": secrets.token_urlsafe(50),
        "CARNET_ALLOWED_HOSTS": "carnet.example.fr",
        "CARNET_DATA_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-m", "carnet", "manage", "check", "--deploy", "--fail-level", "WARNING"],
        env=env, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_it_sets_the_security_headers(doctor_client, patient):
    response = doctor_client.get(f"/patients/{patient.public_id}/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cache-Control"] == "no-store"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_it_fetches_no_asset_from_the_internet(doctor_client, patient):
    page = doctor_client.get(f"/patients/{patient.public_id}/").content.decode()
    assert "http://" not in page.replace("http://testserver", "")
    assert "https://" not in page
