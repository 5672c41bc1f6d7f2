"""gunicorn's configuration and its access log: structured, without query strings."""

import json
import runpy
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

from gunicorn.config import Config

from config.gunicorn_logger import SafeguardLogger

CONF = Path(__file__).resolve().parents[3] / "config" / "gunicorn.conf.py"


def test_bind_and_workers_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("GUNICORN_BIND", "127.0.0.1:9001,[::1]:9001")
    monkeypatch.setenv("GUNICORN_WORKERS", "5")
    monkeypatch.setenv("LOG_FORMAT", "json")
    conf = runpy.run_path(str(CONF))
    assert conf["bind"] == ["127.0.0.1:9001", "[::1]:9001"] and conf["workers"] == 5
    assert conf["accesslog"] == "-" and conf["errorlog"] == "-"
    assert conf["logger_class"] is SafeguardLogger
    cfg = Config()
    for name in ("bind", "workers", "accesslog", "errorlog", "logger_class", "timeout", "forwarded_allow_ips"):
        cfg.set(name, conf[name])  # gunicorn accepts every value as given
    assert cfg.logger_class is SafeguardLogger


def test_defaults_bind_to_loopback(monkeypatch):
    monkeypatch.delenv("GUNICORN_BIND", raising=False)
    assert runpy.run_path(str(CONF))["bind"] == ["127.0.0.1:8000"]


def test_an_access_line_is_json_without_the_query_string_or_referer(capsys, monkeypatch):
    monkeypatch.setattr(SafeguardLogger, "log_format", "json")
    cfg = Config()
    cfg.set("accesslog", "-")
    logger = SafeguardLogger(cfg)
    response = SimpleNamespace(
        status="200 OK", headers=[("Content-Type", "text/html"), ("X-Request-ID", "abc12345-request")], sent=5120
    )
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": "/children/",
        "QUERY_STRING": "q=Ava+Placed",
        "RAW_URI": "/children/?q=Ava+Placed",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_USER_AGENT": "Firefox",
        "HTTP_REFERER": "https://safeguard.example/children/?q=Milo+Missing",
    }
    logger.access(response, SimpleNamespace(headers=[]), environ, timedelta(milliseconds=42))
    line = capsys.readouterr().out.strip()
    assert "Ava" not in line and "Milo" not in line and "q=" not in line
    data = json.loads(line)
    assert data["message"] == "GET /children/ 200"
    assert {k: data[k] for k in ("method", "path", "status", "bytes", "duration_ms", "request_id", "logger")} == {
        "method": "GET",
        "path": "/children/",
        "status": 200,
        "bytes": 5120,
        "duration_ms": 42.0,
        "request_id": "abc12345-request",
        "logger": "gunicorn.access",
    }
