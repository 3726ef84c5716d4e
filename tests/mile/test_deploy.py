"""The production kit agrees with itself: the systemd units run the Procfile's commands, the
lock file pins every runtime dependency with hashes and nothing of the development tools."""

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


def test_the_procfile_has_the_three_processes():
    assert procfile() == {
        "web": "gunicorn mile.asgi:application --worker-class uvicorn_worker.UvicornWorker "
        "--no-control-socket --bind ${HOST}:${PORT}",
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


def test_the_web_unit_gives_the_address_the_proxy_sends_to():
    assert unit("web")["Service"]["Environment"] == "HOST=127.0.0.1 PORT=8000 WEB_CONCURRENCY=3"
    assert "proxy_pass http://127.0.0.1:8000;" in (BASE / "deploy" / "nginx.conf").read_text()


def test_the_proxy_sends_the_headers_the_settings_read():
    nginx = (BASE / "deploy" / "nginx.conf").read_text()

    for header in [
        "proxy_set_header X-Forwarded-Proto $scheme;",  # BEHIND_TLS_PROXY
        "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",  # ..._PROXY_COUNT=1
        "proxy_set_header Upgrade $http_upgrade;",
        "proxy_set_header Connection $connection_upgrade;",
    ]:
        assert nginx.count(header) == 2, header  # in / and in /ws/


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
