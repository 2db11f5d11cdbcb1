"""Service plumbing: error mapping without stack traces, CORS opt-in, keys CLI, serve CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from tests.api.conftest import seed, start_api
from typer.testing import CliRunner

from exportctl.api import ApiSettings, create_app
from exportctl.auth import authenticate
from exportctl.cli import app as cli
from exportctl.errors import ConfigError, InputError
from exportctl.store import open_store


@contextmanager
def _live(tmp_path: Path, **kw: object) -> Iterator[httpx.Client]:
    # Seeded: a server with no lists is never ready (it cannot conclude anything).
    store = seed(open_store(str(tmp_path / "s.sqlite")))
    app = create_app(ApiSettings(**kw), store)  # type: ignore[arg-type]

    @app.get("/boom/{kind}")
    def boom(kind: str) -> dict[str, str]:
        if kind == "input":
            raise InputError("bad thing in field x")
        if kind == "config":
            raise ConfigError("secret path /etc/exportctl/key.pem unreadable")
        raise RuntimeError("internal detail that must not leak")

    live = start_api(store, app=app)
    try:
        with httpx.Client(base_url=live.base_url, timeout=10) as client:
            yield client
    finally:
        live.stop()


def test_errors_have_no_stack_traces(tmp_path: Path) -> None:
    with _live(tmp_path) as c:
        r = c.get("/boom/input")
        assert r.status_code == 422
        assert r.json() == {"detail": "bad thing in field x"}
        r = c.get("/boom/config")
        assert r.status_code == 500
        assert r.json() == {"detail": "internal server error"}
        r = c.get("/boom/runtime")
        assert r.status_code == 500
        assert r.json() == {"detail": "internal server error"}
        assert "Traceback" not in r.text


def test_cors_is_opt_in(tmp_path: Path) -> None:
    pre = {"Origin": "https://app.example", "Access-Control-Request-Method": "POST"}
    with _live(tmp_path, cors_origins=("https://app.example",)) as c:
        r = c.options("/screen", headers=pre)
        assert r.headers["access-control-allow-origin"] == "https://app.example"
        other = c.options("/screen", headers={**pre, "Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers


def test_keys_cli(tmp_path: Path) -> None:
    db = str(tmp_path / "k.sqlite")
    runner = CliRunner()
    made = runner.invoke(cli, ["--db", db, "keys", "create", "--role", "reviewer", "--json"])
    assert made.exit_code == 0, made.output
    out = json.loads(made.stdout)
    assert out["key"].startswith("exk_")
    assert out["role"] == "reviewer"
    engine = open_store(db).engine
    assert authenticate(engine, out["key"]).id == out["id"]
    listed = json.loads(runner.invoke(cli, ["--db", db, "keys", "list", "--json"]).stdout)
    assert [k["id"] for k in listed["keys"]] == [out["id"]]
    assert "key" not in listed["keys"][0]
    revoked = runner.invoke(cli, ["--db", db, "keys", "revoke", out["id"], "--json"])
    assert json.loads(revoked.stdout)["revoked_at"]
    bad = runner.invoke(cli, ["--db", db, "keys", "create", "--role", "root"])
    assert bad.exit_code == 2
    assert "unknown role" in bad.stderr


def test_serve_cli_runs_uvicorn(tmp_path: Path) -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "EXPORTCTL_DATA_DIR": str(tmp_path / "home")}
    cli_main = "from exportctl.cli import main; main()"
    cmd = [sys.executable, "-c", cli_main, "serve", "--port", str(port),
           "--db", str(tmp_path / "serve.sqlite"), "--log-level", "warning"]  # fmt: skip
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
                assert time.monotonic() < deadline, "serve did not start"
                time.sleep(0.1)
        assert r.json() == {"status": "ok"}
        spec = httpx.get(f"http://127.0.0.1:{port}/openapi.json", timeout=5).json()
        assert "/match/{dataset}" in spec["paths"]
    finally:
        proc.terminate()
        proc.wait(10)
        for stream in (proc.stdout, proc.stderr):
            if stream:
                stream.close()
