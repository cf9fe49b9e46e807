"""Nothing leaves the machine: redacting a text with an e-mail address (Presidio's e-mail recognizer
uses tldextract, which fetches the public-suffix list unless told not to) works with networking
blocked, and attempts no connection at all. Each run uses a fresh, empty HOME and XDG_CACHE_HOME, so
tldextract has no cached suffix list to fall back on."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

MAIL = "The applicant Tariq Haddad can be reached at t.haddad@example.org or at amal@example.co.uk.\n"
SCRIPT = Path(sys.executable).parent / "redactor"


def fresh_env(tmp_path: Path) -> dict[str, str]:
    home = tmp_path / "home"
    (home / ".cache").mkdir(parents=True)
    return {"HOME": str(home), "XDG_CACHE_HOME": str(home / ".cache"), "PATH": "/usr/bin:/bin",
            "LANG": "C.UTF-8", "TLDEXTRACT_CACHE": str(home / ".cache" / "tldextract")}


def check_redacted(out_dir: Path) -> None:
    redacted = (out_dir / "mail.redacted.txt").read_text(encoding="utf-8")
    assert "example" not in redacted and "t.haddad" not in redacted and "Haddad" not in redacted
    log = json.loads((out_dir / "mail.log.json").read_text(encoding="utf-8"))
    assert sum(s["entity_type"] == "EMAIL" for s in log["spans"]) == 2


def leftover_cache(env: dict[str, str]) -> list[Path]:
    return [p for p in Path(env["HOME"]).rglob("*") if p.is_file()]


def unshare_works() -> bool:
    if shutil.which("unshare") is None:
        return False
    try:
        probe = subprocess.run(["unshare", "-rn", sys.executable, "-c",
                                "import socket; s = socket.socket(); s.settimeout(2)\n"
                                "try:\n    s.connect(('192.0.2.1', 9))\nexcept OSError as e:\n"
                                "    print(e.errno)"],
                               capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return False
    # 101 = ENETUNREACH: inside the namespace there is no route anywhere
    return probe.returncode == 0 and probe.stdout.strip() == "101"


def test_redact_with_networking_unshared(tmp_path):
    if not unshare_works():
        pytest.skip("`unshare -rn` is not usable on this machine")
    doc = tmp_path / "mail.txt"
    doc.write_text(MAIL, encoding="utf-8")
    env = fresh_env(tmp_path)
    out_dir = tmp_path / "out"
    proc = subprocess.run(["unshare", "-rn", str(SCRIPT), "redact", str(doc), "--out", str(out_dir)],
                          capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr
    check_redacted(out_dir)
    assert leftover_cache(env) == []  # no suffix list fetched or cached


GUARD = textwrap.dedent("""\
    import json, os, socket

    _LOG = os.environ["NET_GUARD_LOG"]

    def _blocked(name):
        def call(*args, **kwargs):
            with open(_LOG, "a", encoding="utf-8") as handle:
                handle.write(json.dumps({"call": name, "args": repr(args)[:200]}) + "\\n")
            raise OSError(f"network blocked by the test guard ({name})")
        return call

    socket.socket.connect = _blocked("socket.connect")
    socket.socket.connect_ex = _blocked("socket.connect_ex")
    socket.create_connection = _blocked("socket.create_connection")
    socket.getaddrinfo = _blocked("socket.getaddrinfo")
    """)

RUN_CLI = textwrap.dedent("""\
    import json, socket, sys
    from typer.testing import CliRunner
    from redactor.cli import app

    result = CliRunner().invoke(app, ["redact", sys.argv[1], "--out", sys.argv[2]])
    log = sys.argv[3]
    attempts = open(log, encoding="utf-8").read() if __import__("os").path.exists(log) else ""
    try:  # prove the guard was live in this process
        socket.create_connection(("192.0.2.1", 9), timeout=1)
        guard = "not installed"
    except OSError as exc:
        guard = str(exc)
    print(json.dumps({"exit": result.exit_code, "stderr": result.stderr, "attempts": attempts,
                      "guard": guard}))
    """)


def test_redact_attempts_no_connection_in_a_fresh_process(tmp_path):
    guard_dir = tmp_path / "guard"
    guard_dir.mkdir()
    (guard_dir / "sitecustomize.py").write_text(GUARD, encoding="utf-8")
    doc = tmp_path / "mail.txt"
    doc.write_text(MAIL, encoding="utf-8")
    env = fresh_env(tmp_path)
    log = tmp_path / "attempts.jsonl"
    env.update(PYTHONPATH=str(guard_dir), NET_GUARD_LOG=str(log))
    out_dir = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-c", RUN_CLI, str(doc), str(out_dir), str(log)],
                          capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert "blocked by the test guard" in report["guard"]
    assert report["exit"] == 0, report["stderr"]
    assert report["attempts"] == "", report["attempts"]
    check_redacted(out_dir)
    assert leftover_cache(env) == []


@pytest.fixture
def socket_guard(monkeypatch, tmp_path):
    """In this process: every way to open a connection or resolve a name is recorded and refused."""
    attempts: list[str] = []

    def blocked(name):
        def call(*args, **kwargs):
            attempts.append(name)
            raise OSError(f"network blocked by the test guard ({name})")
        return call

    monkeypatch.setattr(socket.socket, "connect", blocked("socket.connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", blocked("socket.connect_ex"))
    monkeypatch.setattr(socket, "create_connection", blocked("socket.create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", blocked("socket.getaddrinfo"))
    env = fresh_env(tmp_path)
    for key in ("HOME", "XDG_CACHE_HOME", "TLDEXTRACT_CACHE"):
        monkeypatch.setenv(key, env[key])
    return attempts, env


def test_redact_in_process_with_a_socket_guard(socket_guard, tmp_path):
    from redactor.cli import app
    from redactor.detect.generic.email import offline_extractor

    attempts, env = socket_guard
    offline_extractor.cache_clear()  # build the suffix extractor again, under the guard
    with pytest.raises(OSError):
        socket.create_connection(("192.0.2.1", 9))
    attempts.clear()
    doc = tmp_path / "mail.txt"
    doc.write_text(MAIL, encoding="utf-8")
    result = CliRunner().invoke(app, ["redact", str(doc), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert attempts == []
    check_redacted(tmp_path / "out")
    assert leftover_cache(env) == []
