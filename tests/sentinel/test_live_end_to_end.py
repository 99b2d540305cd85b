"""End to end: Carnet served by gunicorn with two worker processes, a demo
doctor signed in with a real HTTP client (password and TOTP), then records
scraped as fast as the server answers. The account must be contained after
at most 200 patients, whichever worker answers."""

import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.totp import wait_for_a_fresh_code_period

pytestmark = [pytest.mark.server, pytest.mark.slow]
SRC = Path(__file__).resolve().parents[2] / "src"
MAX_EXPOSURE = 200


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("carnet-e2e")
    env = {**os.environ, "PYTHONPATH": str(SRC), "CARNET_DATA_DIR": str(data),
           "DJANGO_SETTINGS_MODULE": "carnet.settings"}
    env.pop("DATABASE_URL", None)  # a fresh SQLite file shared by both workers
    redis_client = None
    if os.environ.get("CARNET_TEST_REDIS_URL"):
        # Its own Redis database (cache and sentinel state), emptied before
        # and after: nothing leaks between runs (used TOTP codes, locks).
        import redis

        env["REDIS_URL"] = os.environ["CARNET_TEST_REDIS_URL"].rsplit("/", 1)[0] + "/15"
        redis_client = redis.Redis.from_url(env["REDIS_URL"])
        redis_client.flushdb()
    run = lambda *args: subprocess.run([sys.executable, "-m", "carnet", *args], env=env, check=True,
                                       capture_output=True, text=True)
    run("manage", "migrate", "--verbosity", "0")
    run("manage", "createcachetable")
    run("demo", "--patients", "400")
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{port}",
         "--access-logfile", "/dev/null", "carnet.wsgi:application"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            httpx.get(f"{base}/comptes/login/", timeout=1)
            break
        except httpx.TransportError:
            time.sleep(0.1)
    code = lambda user: re.search(r"Code actuel : (\d{6})", run("manage", "carnet_totp", user).stdout).group(1)
    with sqlite3.connect(data / "carnet.sqlite3") as db:
        ids = [row[0] for row in db.execute("SELECT public_id FROM records_patient ORDER BY id")]
    yield base, code, ids
    proc.terminate()
    proc.wait(timeout=10)
    if redis_client is not None:
        redis_client.flushdb()


def _csrf(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def _sign_in(base, code, username):
    client = httpx.Client(base_url=base, follow_redirects=False, timeout=10)
    page = client.get("/comptes/login/").text
    response = client.post("/comptes/login/", data={
        "login": username, "password": "Tilleuls-demo-2025", "csrfmiddlewaretoken": _csrf(page)})
    assert response.headers["location"] == "/comptes/2fa/authenticate/"
    page = client.get("/comptes/2fa/authenticate/").text
    wait_for_a_fresh_code_period()  # the code comes from a subprocess: about a second
    response = client.post("/comptes/2fa/authenticate/", data={
        "code": code(username), "csrfmiddlewaretoken": _csrf(page)})
    assert response.status_code == 302 and "/comptes/" not in response.headers["location"]
    return client


def test_it_contains_a_stolen_session_that_enumerates_by_search(server):
    base, code, _ = server
    client = _sign_in(base, code, "dr.martin")
    exposed, contained_at = set(), None
    token = _csrf(client.get("/patients/").text)
    for letter in "abcdefghijklmnopqrstuvwxyz":
        for page_number in range(1, 5):
            response = client.post("/patients/", data={"q": letter, "page": page_number, "csrfmiddlewaretoken": token})
            if response.status_code != 200:
                contained_at = contained_at or len(exposed)
                continue
            ids = re.findall(r'href="/patients/([\w-]+)/"', response.text)
            exposed.update(ids)
            for public_id in ids:
                record = client.get(f"/patients/{public_id}/")
                if record.status_code == 200:
                    exposed.add(public_id)
                else:
                    contained_at = contained_at or len(exposed)
    print(f"patients exposed: {len(exposed)}, contained after {contained_at}")
    assert contained_at is not None, "never contained"
    assert len(exposed) <= MAX_EXPOSURE, f"{len(exposed)} patients exposed"
    # The account ends locked: even the login page's second step refuses it.
    final = client.post("/patients/", data={"q": "a", "csrfmiddlewaretoken": token})
    assert final.status_code in (302, 403, 429)


def test_it_contains_a_stolen_session_that_opens_records_by_id(server):
    """The MLM pattern: record after record, by identifiers known in advance."""
    base, code, ids = server
    client = _sign_in(base, code, "dr.bernard")
    exposed, statuses = set(), []
    for public_id in ids:
        response = client.get(f"/patients/{public_id}/")
        statuses.append(response.status_code)
        if response.status_code == 200:
            exposed.add(public_id)
    print(f"patients exposed: {len(exposed)} of {len(ids)} tried")
    assert len(exposed) <= MAX_EXPOSURE
    assert statuses[-1] != 200
