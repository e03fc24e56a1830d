"""The distributed layout's files: compose.yaml and the proxy's deploy/nginx.conf.

No Docker engine runs where these tests run, so the files are checked, not started:
compose.yaml against the Compose Specification's JSON Schema, and both files against
what the program expects (commands, environment, health checks, routes).
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from services.forms.api.uploads import UPLOAD_BODY_LIMIT
from shared.config import SERVICES, Settings

ROOT = Path(__file__).resolve().parents[3]
COMPOSE_FILE = ROOT / "compose.yaml"
NGINX_CONF = ROOT / "deploy" / "nginx.conf"
COMPOSE_SCHEMA = ROOT / "tests" / "data" / "compose-spec" / "compose-spec.json"

#: Every container that runs Qinqing itself: the services' apps and their workers.
APPLICATION_SERVICES = (*SERVICES, *(f"{name}-worker" for name in SERVICES))

HEALTHY = {"condition": "service_healthy"}
STARTED = {"condition": "service_started"}
COMPLETED = {"condition": "service_completed_successfully"}
SECRET_VARIABLES = ("QINQING_SECRET_KEY", "POSTGRES_PASSWORD", "RABBITMQ_DEFAULT_PASS")
#: ``${NAME:?message}``: Compose refuses to start while NAME is unset or empty.
REQUIRED_VARIABLE = re.compile(r"^\$\{[A-Z_]+:\?[^}]+\}$")
INTERPOLATION = re.compile(r"\$\{(?P<name>[A-Z_]+)(?::(?P<op>[-?])(?P<arg>[^}]*))?\}")
LOCATION = re.compile(r"location\s+(?P<exact>=\s*)?(?P<path>\S+)\s*\{(?P<body>[^}]*)\}")
UPSTREAM = re.compile(r"set\s+\$qinqing_upstream\s+(?P<upstream>[^;]+);")


@pytest.fixture
def compose() -> dict:
    return yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))


@pytest.fixture
def services(compose) -> dict:
    return compose["services"]


@pytest.fixture(scope="module")
def nginx_conf() -> str:
    text = NGINX_CONF.read_text(encoding="utf-8")
    return re.sub(r"#[^\n]*", "", text)


@pytest.fixture(scope="module")
def locations(nginx_conf) -> dict[tuple[bool, str], str]:
    """Each location, keyed by (is exact, path), mapped to the upstream it proxies to."""
    return {
        (bool(match["exact"]), match["path"]): _upstream_of(match["body"])
        for match in LOCATION.finditer(nginx_conf)
    }


def _upstream_of(body: str) -> str | None:
    found = UPSTREAM.search(body)
    return found["upstream"].strip() if found else None


def schema_errors(document: dict) -> list[str]:
    """Every way ``document`` breaks the Compose Specification, as readable messages."""
    schema = json.loads(COMPOSE_SCHEMA.read_text(encoding="utf-8"))
    # The schema names draft-07 by an address jsonschema does not know
    # (https, no trailing "#"), so the draft is chosen here rather than looked up.
    validator = jsonschema.Draft7Validator(schema)
    return [error.message for error in validator.iter_errors(document)]


def route(locations: dict[tuple[bool, str], str], path: str) -> str | None:
    """The upstream nginx picks for ``path``: an exact match, else the longest prefix."""
    if (True, path) in locations:
        return locations[(True, path)]
    prefixes = [prefix for exact, prefix in locations if not exact and path.startswith(prefix)]
    return locations[(False, max(prefixes, key=len))] if prefixes else None


def interpolate(value: str, variables: dict[str, str]) -> str:
    """Substitute ``${NAME}``, ``${NAME:-default}`` and ``${NAME:?error}`` as Compose does."""

    def substitute(match: re.Match) -> str:
        if variables.get(match["name"]):
            return variables[match["name"]]
        if match["op"] == "?":
            raise KeyError(f"{match['name']}: {match['arg']}")
        return match["arg"] if match["op"] == "-" else ""

    return INTERPOLATION.sub(substitute, value)


# The Compose Specification


def test_compose_file_follows_the_compose_specification(compose):
    assert schema_errors(compose) == []


def _misplaced_replicas(document):
    document["services"]["forms"]["replicas"] = 3


def _unknown_condition(document):
    document["services"]["forms"]["depends_on"]["rabbitmq"] = {"condition": "service_ready"}


def _misspelt_services(document):
    document["service"] = document.pop("services")


@pytest.mark.parametrize(
    ("breakage", "complaint"),
    [
        (_misplaced_replicas, "'replicas'"),
        (_unknown_condition, "'service_ready'"),
        (_misspelt_services, "'service'"),
    ],
)
def test_a_broken_compose_file_gets_a_validation_error(compose, breakage, complaint):
    broken = copy.deepcopy(compose)
    breakage(broken)

    errors = schema_errors(broken)

    assert errors and all(complaint in error for error in errors)


# One image, an app and a worker per service


@pytest.mark.parametrize("name", SERVICES)
def test_each_service_has_an_app_and_a_worker_built_from_the_one_image(compose, name):
    common = compose["x-qinqing"]

    for entry in (compose["services"][name], compose["services"][f"{name}-worker"]):
        assert (entry["image"], entry["build"]) == (common["image"], common["build"])


@pytest.mark.parametrize("name", SERVICES)
def test_app_serves_its_own_service_on_port_8000(services, name):
    command = ["qinqing", "serve", name, "--host", "0.0.0.0", "--port", "8000"]

    assert services[name]["command"] == command


@pytest.mark.parametrize("name", SERVICES)
def test_worker_runs_its_own_services_worker(services, name):
    assert services[f"{name}-worker"]["command"] == ["qinqing", "worker", name]


def test_every_qinqing_container_reads_the_one_environment_anchor(compose, services):
    # PyYAML turns every alias of an anchor into the very same object, so identity (not
    # mere equality) shows the environment comes from the anchor and not from a copy.
    users = (*APPLICATION_SERVICES, "migrate")

    for name in users:
        assert services[name]["environment"] is compose["x-qinqing-env"], name


def test_common_environment_configures_the_distributed_layout(compose):
    variables = {
        "QINQING_SECRET_KEY": "k" * 64,
        "POSTGRES_PASSWORD": "pg",
        "RABBITMQ_PASSWORD": "mq",
    }
    env = {key: interpolate(value, variables) for key, value in compose["x-qinqing-env"].items()}

    settings = Settings.from_env(env)

    assert settings.database_url == "postgresql+psycopg://qinqing:pg@postgres:5432/qinqing"
    assert settings.amqp_url == "amqp://qinqing:mq@rabbitmq:5672/%2F"
    assert settings.secret_key == "k" * 64
    assert (settings.smtp_host, settings.smtp_port) == ("mailpit", 1025)
    assert settings.service_urls == {name: f"http://{name}:8000" for name in SERVICES}
    assert settings.upload_dir == "/var/lib/qinqing/uploads"


def test_forms_and_its_worker_keep_attachments_on_one_shared_volume(compose, services):
    upload_dir = compose["x-qinqing-env"]["QINQING_UPLOAD_DIR"]
    mount = f"uploads:{upload_dir}"

    assert "uploads" in compose["volumes"]
    assert services["forms"]["volumes"] == services["forms-worker"]["volumes"] == [mount]
    assert upload_dir.startswith("/var/lib/qinqing/")  # the service user's, see Dockerfile


def test_common_environment_cannot_be_resolved_without_the_secret_key(compose):
    secret = compose["x-qinqing-env"]["QINQING_SECRET_KEY"]

    with pytest.raises(KeyError, match="QINQING_SECRET_KEY"):
        interpolate(secret, {"POSTGRES_PASSWORD": "pg", "RABBITMQ_PASSWORD": "mq"})


def test_no_container_hard_codes_a_secret(services):
    found = [
        (name, key, value)
        for name, service in services.items()
        for key, value in dict(service.get("environment") or {}).items()
        if key in SECRET_VARIABLES
    ]

    assert {key for _, key, _ in found} == set(SECRET_VARIABLES)
    assert [item for item in found if not REQUIRED_VARIABLE.match(item[2])] == []


@pytest.mark.parametrize("key", ["QINQING_DATABASE_URL", "QINQING_AMQP_URL"])
def test_connection_urls_take_their_password_from_the_environment(compose, key):
    password = re.search(r"://qinqing:(?P<password>.+)@", compose["x-qinqing-env"][key])

    assert REQUIRED_VARIABLE.match(password["password"])


def test_apps_and_workers_can_be_scaled_without_port_or_name_clashes(services):
    for name in APPLICATION_SERVICES:
        assert "ports" not in services[name] and "container_name" not in services[name], name


# Start order and health


def test_migrate_job_migrates_once_postgres_is_healthy(services):
    migrate = services["migrate"]

    assert migrate["command"] == ["qinqing", "migrate"]
    assert migrate["depends_on"] == {"postgres": HEALTHY}
    assert migrate["restart"] == "no"


def test_seed_job_runs_once_every_worker_has_started(services):
    seed = services["seed"]

    assert seed["command"][:2] == ["qinqing", "seed"]
    assert seed["depends_on"] == {f"{name}-worker": STARTED for name in SERVICES}
    assert seed["restart"] == "no"


def test_apps_and_workers_wait_for_migrations_and_a_healthy_broker(services):
    for name in APPLICATION_SERVICES:
        assert services[name]["depends_on"] == {"migrate": COMPLETED, "rabbitmq": HEALTHY}, name


def test_every_dependency_waits_for_health_or_completion(services):
    conditions = {
        (name, target): wait["condition"]
        for name, service in services.items()
        for target, wait in service.get("depends_on", {}).items()
    }

    started_only = {key for key, condition in conditions.items() if condition == "service_started"}

    assert set(conditions.values()) <= {
        "service_healthy",
        "service_completed_successfully",
        "service_started",
    }
    assert {name for name, _target in started_only} <= {"seed"}


def test_services_waited_on_for_health_define_a_healthcheck(services):
    awaited = {
        target
        for service in services.values()
        for target, wait in service.get("depends_on", {}).items()
        if wait == HEALTHY
    }

    assert awaited == {"postgres", "rabbitmq", *SERVICES}
    assert [name for name in awaited if "test" not in services[name].get("healthcheck", {})] == []


@pytest.mark.parametrize("name", SERVICES)
def test_app_healthcheck_requests_its_own_healthz_with_python(services, name):
    kind, program, flag, code = services[name]["healthcheck"]["test"]

    assert (kind, program, flag) == ("CMD", "python", "-c")
    assert f"'http://127.0.0.1:8000/{name}/healthz'" in code
    compile(code, f"{name} healthcheck", "exec")


def test_proxy_publishes_port_8000_and_mounts_its_config_read_only(services):
    proxy = services["proxy"]

    assert [port.rsplit(":", 1)[1] for port in proxy["ports"]] == ["8000"]
    assert proxy["volumes"] == ["./deploy/nginx.conf:/etc/nginx/nginx.conf:ro"]
    assert proxy["depends_on"] == {name: HEALTHY for name in SERVICES}


# The proxy


@pytest.mark.parametrize("name", SERVICES)
def test_proxy_routes_each_service_prefix_to_that_service(locations, name):
    assert (False, f"/{name}/") in locations
    assert route(locations, f"/{name}/api/v1/things?page=2") == f"{name}:8000"


@pytest.mark.parametrize("path", ["/", "/login", "/logout", "/healthz", "/static/qinqing.css"])
def test_proxy_sends_sign_in_health_and_static_paths_to_directory(locations, path):
    assert route(locations, path) == "directory:8000"


def test_proxy_does_not_take_a_longer_word_for_a_service_prefix(locations):
    assert route(locations, "/formsxyz") == "directory:8000"


def test_proxy_upstreams_are_app_services_of_the_compose_file(locations):
    assert set(locations.values()) == {f"{name}:8000" for name in SERVICES}


def test_proxy_passes_the_request_uri_unchanged(nginx_conf, locations):
    # proxy_pass without a URI part forwards the path as the client sent it: the services
    # serve under their prefixes, so nothing may be stripped.
    passes = re.findall(r"proxy_pass\s+([^;]+);", nginx_conf)

    assert passes == ["http://$qinqing_upstream"] * len(locations)


def test_proxy_body_limit_leaves_a_margin_over_the_apps_limit(nginx_conf):
    megabytes = int(re.search(r"client_max_body_size\s+(\d+)m;", nginx_conf)[1])
    app_limit = Settings().max_content_length

    assert app_limit < megabytes * 1024 * 1024 <= 2 * app_limit


def test_proxy_lets_attachments_through_to_forms_up_to_their_own_limit(nginx_conf, locations):
    block = re.search(r"location\s+=\s*/forms/api/uploads\s*\{([^}]*)\}", nginx_conf)[1]
    megabytes = int(re.search(r"client_max_body_size\s+(\d+)m;", block)[1])

    assert route(locations, "/forms/api/uploads") == "forms:8000"
    assert UPLOAD_BODY_LIMIT < megabytes * 1024 * 1024 <= 2 * UPLOAD_BODY_LIMIT


@pytest.mark.parametrize(
    "header", ["Host", "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host"]
)
def test_proxy_forwards_the_original_host_and_client(nginx_conf, header):
    assert re.search(rf"proxy_set_header\s+{header}\s+\$", nginx_conf)
