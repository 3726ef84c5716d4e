"""The production kit agrees with itself: the systemd units run the Procfile's commands, nginx
sends each request to the process that serves it, the lock file pins every runtime dependency
with hashes and nothing of the development tools."""

import configparser
import re
import tomllib

import pytest
from django.conf import settings

BASE = settings.BASE_DIR
VENV_BIN = "/srv/mile/.venv-serve/bin/"


def procfile() -> dict[str, str]:
    lines = (BASE / "Procfile").read_text().splitlines()
    return dict(line.split(": ", 1) for line in lines if line.strip())


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # systemd's keys are case-sensitive
    parser.read(BASE / "deploy" / f"mile-{name}.service")
    return parser


def locked() -> dict[str, list[str]]:
    """Each pinned name in requirements.lock, with its hashes."""
    text = (BASE / "requirements.lock").read_text()
    pins = re.findall(r"^([A-Za-z0-9_.-]+)==\S+[^\n]*((?:\n\s+--hash=\S+[^\n]*)*)", text, re.M)
    return {name.lower(): re.findall(r"--hash=(sha256:\w+)", hashes) for name, hashes in pins}


def nginx_location(path: str) -> str:
    """The body of deploy/nginx.conf's `location <path> { ... }` in the TLS server."""
    nginx = (BASE / "deploy" / "nginx.conf").read_text()
    bodies = re.findall(r"location " + re.escape(path) + r" \{\n(.*?)\n    \}", nginx, re.S)
    return bodies[-1]  # the last server block: the first redirects to HTTPS


def upstream(name: str) -> str:
    nginx = (BASE / "deploy" / "nginx.conf").read_text()
    return re.search(r"upstream " + name + r" \{\s*server (\S+);", nginx).group(1)


def test_the_procfile_has_the_four_processes():
    assert procfile() == {
        "web": "gunicorn mile.wsgi:application --no-control-socket --bind ${HOST}:${PORT}",
        "ws": "env DATABASE_CONN_MAX_AGE=0 uvicorn mile.asgi:application --host ${HOST} "
        "--port ${WS_PORT} --workers 1 --no-access-log",
        "worker": "celery -A mile worker --loglevel=info",
        "beat": "celery -A mile beat --loglevel=info --schedule var/celerybeat-schedule",
    }


@pytest.mark.parametrize("process", ["web", "worker", "beat"])
def test_each_systemd_unit_runs_its_procfile_command(process):
    service = unit(process)["Service"]

    assert service["ExecStart"] == VENV_BIN + procfile()[process]
    assert service["WorkingDirectory"] == "/srv/mile"
    assert service["EnvironmentFile"] == "/etc/mile/mile.env"
    assert (service["User"], service["Group"]) == ("mile", "mile")
    assert service["Restart"] == "on-failure"


def test_the_backup_unit_runs_the_backup_from_the_same_environment_and_checkout():
    service = unit("backup")["Service"]

    assert service["ExecStart"] == VENV_BIN + "python manage.py backup"
    assert service["WorkingDirectory"] == "/srv/mile"
    assert service["EnvironmentFile"] == "/etc/mile/mile.env"
    assert (service["User"], service["Group"], service["UMask"]) == ("mile", "mile", "0077")


def test_the_ws_unit_runs_the_procfile_command_without_persistent_connections():
    service = unit("ws")["Service"]
    # On the command line: /etc/mile/mile.env's DATABASE_CONN_MAX_AGE would override an
    # Environment= line, as .env would in the Procfile.
    variable, command = procfile()["ws"].removeprefix("env ").split(" ", 1)

    assert variable == "DATABASE_CONN_MAX_AGE=0"
    assert service["ExecStart"] == f"/usr/bin/env {variable} {VENV_BIN}{command}"
    assert service["WorkingDirectory"] == "/srv/mile"
    assert service["EnvironmentFile"] == "/etc/mile/mile.env"
    assert (service["User"], service["Group"]) == ("mile", "mile")
    assert service["Restart"] == "on-failure"


def test_the_units_give_the_addresses_the_proxy_sends_to():
    assert unit("web")["Service"]["Environment"] == "HOST=127.0.0.1 PORT=8000 WEB_CONCURRENCY=3"
    assert unit("ws")["Service"]["Environment"] == "HOST=127.0.0.1 WS_PORT=8001"
    assert upstream("mile_web") == "127.0.0.1:8000"
    assert upstream("mile_ws") == "127.0.0.1:8001"


def test_the_proxy_sends_websockets_to_the_ws_process_and_pages_to_the_web_process():
    pages, websockets = nginx_location("/"), nginx_location("/ws/")

    assert "proxy_pass http://mile_web;" in pages
    assert "proxy_pass http://mile_ws;" in websockets
    for upgrade in [
        "proxy_http_version 1.1;",
        "proxy_set_header Upgrade $http_upgrade;",
        "proxy_set_header Connection $connection_upgrade;",
    ]:
        assert upgrade in websockets
        assert upgrade not in pages  # gunicorn's sync workers serve no WebSocket
    # An open WebSocket may be quiet for long: not cut after nginx's default 60 s.
    assert "proxy_read_timeout 1h;" in websockets


@pytest.mark.parametrize("path", ["/", "/ws/"])
def test_the_proxy_sends_the_headers_the_settings_read(path):
    location = nginx_location(path)

    assert "proxy_set_header Host $host;" in location  # ALLOWED_HOSTS
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in location  # BEHIND_TLS_PROXY
    # ALLAUTH_TRUSTED_PROXY_COUNT=1
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in location


def test_nginx_sends_the_documents_from_an_internal_location_the_settings_name():
    location = nginx_location(settings.DOCUMENTS_ACCEL_LOCATION)
    nginx = (BASE / "deploy" / "nginx.conf").read_text()
    body_size = int(re.search(r"client_max_body_size (\d+)m;", nginx).group(1))

    assert "internal;" in location  # never at an address a browser asks for
    assert "alias /srv/mile/var/media/documents/;" in location  # MEDIA_ROOT's documents/
    assert "add_header X-Content-Type-Options nosniff always;" in location
    assert body_size > settings.DOCUMENT_MAX_MB  # a whole document and its form get through
    assert "DOCUMENTS_SERVE=x-accel" in nginx


def test_the_proxy_writes_no_access_log_with_the_tokens_of_personal_links():
    nginx = (BASE / "deploy" / "nginx.conf").read_text()
    tls_server = nginx[nginx.index("listen 443") :]

    assert "access_log off;" in tls_server.split("location")[0]


def test_the_lock_pins_every_runtime_dependency_with_hashes():
    project = tomllib.loads((BASE / "pyproject.toml").read_text())["project"]
    runtime = {
        re.match(r"[A-Za-z0-9_.-]+", spec).group().lower() for spec in project["dependencies"]
    }
    pins = locked()

    assert runtime <= set(pins), runtime - set(pins)
    assert all(hashes for hashes in pins.values()), [n for n, h in pins.items() if not h]


def test_the_lock_holds_none_of_the_development_tools():
    project = tomllib.loads((BASE / "pyproject.toml").read_text())["project"]
    dev = {
        re.match(r"[A-Za-z0-9_.-]+", spec).group().lower()
        for spec in project["optional-dependencies"]["dev"]
    }

    assert dev & set(locked()) == set()
