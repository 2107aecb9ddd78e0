"""How the pages hold under load, served as in production: `python -m bench.load`.

1. Creates a throwaway PostgreSQL database (reverse_mentoring_loadbench, on the server that
   DATABASE_URL names; postgres://postgres@127.0.0.1:5432/reverse_mentoring when unset).
2. Counts the queries each page sends, in process (CaptureQueriesContext), with small data
   (bench.seed.SMALL, rolled back) and then with the large data it keeps (bench.seed.LARGE:
   20 programmes, 10,000 people, 2,000 pairs, 50,000 meetings), and times each page in
   process (median of IN_PROCESS_RUNS).
3. Collects the static files into a temporary STATIC_ROOT and starts gunicorn on a free port
   with the production settings (DEBUG off, the Redis cache from REDIS_URL, WORKERS sync
   workers as in the Dockerfile; bench.settings only adds two reference pages, the signed-in
   ping and the layout alone around an empty page). Requests say
   `X-Forwarded-Proto: https`, as the TLS proxy in front of production does, so the HTTPS
   redirect and secure cookies stay on.
4. Signs in a mentor, a board member and a coordinator through the sign-in form (GET the
   form, POST it with its CSRF token; the coordinator then through the authenticator step
   with a code computed from their TOTP secret) and hands each session cookie to wrk.
5. For each page, with wrk and bench/wrk.lua: the throughput at saturation (closed loop,
   SATURATION_CONNECTIONS connections, SATURATE_SECONDS), as a ratio of the ceiling's (the
   signed-in ping: session and user only), saturated again just before each page, so that
   the two are measured on the same machine at the same speed: a shared machine's speed
   moved by half within one run, and with it any ratio to a ceiling measured minutes
   apart. The first and last ceilings are reported beside them. Then p50, p95
   and p99 latency at a fixed offered load of PACED_RATE requests a second (the Lua script
   paces the requests on a fixed schedule, see bench/wrk.lua), PACED_SECONDS long. Beside
   the throughput, the CPU time per request during the saturated run (gunicorn's processes
   and, when PostgreSQL runs on this machine, its processes for the bench database, read
   from /proc), and the ceiling's as a share of it: a steadier figure on a shared machine.
   Measured for reference too, not held to the page targets: the layout alone, and the
   admin's own frame (its index of the mentoring app's lists, as the coordinator), the
   share of the ceiling any admin page spends before its own content.
6. Writes bench/results/<date>.json (<date>-2.json and on for the day's next runs), prints
   a table, stops gunicorn and drops the database.

Targets: no answer other than 2xx, p95 under 100 ms at 100 requests a second, every page at
least 30% of the ceiling, and the same query count with small and large data.
Environment: BENCH_WORKERS (3), BENCH_SATURATE_SECONDS (6), BENCH_PACED_SECONDS (10),
BENCH_PACED_RATE (100).
"""

from __future__ import annotations

import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from bench.database import throwaway_database, unset_settings
from bench.seed import LARGE, PASSWORD, SMALL, Seeded, fill

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
LUA = ROOT / "bench" / "wrk.lua"
WRK = shutil.which("wrk") or "/usr/bin/wrk"

DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
BENCH_DATABASE = "reverse_mentoring_loadbench"


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    try:
        return int(value) if value else default
    except ValueError:
        sys.exit(f"{name} must be an integer, not {value!r}")


WORKERS = _int("BENCH_WORKERS", 3)
SATURATE_SECONDS = _int("BENCH_SATURATE_SECONDS", 6)
PACED_SECONDS = _int("BENCH_PACED_SECONDS", 10)
PACED_RATE = _int("BENCH_PACED_RATE", 100)
WARM_SECONDS = 2
THREADS = 2
SATURATION_CONNECTIONS = 2 * WORKERS + 2
PACED_CONNECTIONS = 16
IN_PROCESS_RUNS = 15
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")

# Targets.
P95_MS = 100
RATIO = 0.30

CEILING = "ceiling: signed-in ping"
LAYOUT = "layout alone (bench)"
ADMIN_FRAME = "admin frame: app index"
# Rows measured for reference, not held to the targets of a page: the ceiling; the layout
# every page shares around an empty page (how much of a page's share of the ceiling is spent
# before its own content); and the admin's own frame around a short page, its index of the
# mentoring app's lists (the same for the admin's lists before any list's work).
REFERENCES = {CEILING, LAYOUT, ADMIN_FRAME}
# (page, who, path): the references first; `{slug}` is the current programme's.
PAGES = [
    (CEILING, "mentor", "/bench/ping"),
    (LAYOUT, "mentor", "/bench/layout"),
    (ADMIN_FRAME, "coordinator", "/admin/mentoring/"),
    ("programme page", "mentor", "/programmes/{slug}/"),
    ("dashboard", "mentor", "/dashboard/"),
    ("profile", "board_member", "/profile/"),
    ("events", "mentor", "/events/"),
    ("match", "mentor", "/match/"),
    ("meetings", "board_member", "/meetings/"),
    ("surveys", "mentor", "/surveys/"),
    ("admin: applications", "coordinator", "/admin/mentoring/mentorapplication/"),
]


@dataclass
class Row:
    page: str
    role: str
    path: str
    queries_small: int = 0
    queries_large: int = 0
    in_process_ms: float = 0.0
    saturated_rps: float = 0.0
    ratio: float = 0.0
    paced_rps: float = 0.0
    p50_ms: float = 0.0
    p95_ms: float = 0.0
    p99_ms: float = 0.0
    non2xx: int = 0
    socket_errors: int = 0
    cpu_ms: float = 0.0
    cpu_ratio: float = 0.0
    # The ceiling saturated just before this page: what `ratio` and `cpu_ratio` compare with.
    ceiling_rps: float = 0.0
    ceiling_cpu_ms: float = 0.0
    missed: list[str] = field(default_factory=list)


# Settings and processes


def _environment(static_root: str) -> dict[str, str]:
    """The production environment for the bench process and its gunicorn (before Django
    starts). Returns the variables that differ from the caller's, to print."""
    chosen = unset_settings(REDIS_URL=DEFAULT_REDIS_URL)
    chosen |= {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_ROOT": static_root,
        "LOG_LEVEL": "WARNING",
        # A new key each run, whatever the environment holds (the suite's short one, say,
        # which production settings refuse): it signs only the bench's own sessions.
        "SECRET_KEY": secrets.token_urlsafe(50),
        # What production's emails need (config/startup.py). The bench sends none: they
        # would be printed, on purpose.
        "SITE_URL": "https://127.0.0.1",
        "DEFAULT_FROM_EMAIL": "Load bench <bench@example.org>",
        "EMAIL_TO_CONSOLE": "1",
    }
    os.environ.pop("EMAIL_HOST", None)
    os.environ.update(chosen)
    return chosen


def _bench_database_url() -> str:
    return urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{BENCH_DATABASE}").geturl()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _collectstatic() -> None:
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=ROOT,
        check=True,
    )


def _start_gunicorn(port: int) -> subprocess.Popen:
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": _bench_database_url(),
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [
            *(str(gunicorn), "config.wsgi", "--config", "python:config.gunicorn"),
            *("--bind", f"127.0.0.1:{port}"),
            *("--workers", str(WORKERS), "--log-level", "warning"),
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn stopped at start-up (exit code {server.returncode})")
        try:
            status, _, _ = Browser(port).get("/healthz")
            if status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.5)
    _stop(server)
    sys.exit("gunicorn did not answer /healthz within 60 s")


def _stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


# Signing in over HTTP, as a browser behind the TLS proxy would


class Browser:
    """Just enough of a browser: keeps cookies, sends what a browser sends over HTTPS."""

    def __init__(self, port: int):
        self.port = port
        self.origin = f"https://127.0.0.1:{port}"
        self.cookies: dict[str, str] = {}

    def _send(self, method: str, path: str, body: str | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"X-Forwarded-Proto": "https", "Referer": self.origin + path}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers |= {
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": self.origin,
            }
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read().decode("utf-8", "replace")
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return response.status, response.headers, content
        finally:
            connection.close()

    def get(self, path: str):
        return self._send("GET", path)

    def post_form(self, path: str, data: dict[str, str]):
        """GET the form, then POST it with its CSRF token. Returns where it redirects."""
        status, _, page = self.get(path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or token is None:
            raise SignInFailed(f"GET {path} answered {status} without a CSRF token")
        status, headers, _ = self._send(
            "POST", path, urlencode({**data, "csrfmiddlewaretoken": token.group(1)})
        )
        if status != 302:
            raise SignInFailed(f"POST {path} answered {status}, not a redirect")
        return urlsplit(headers["Location"]).path

    def cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())


class SignInFailed(Exception):
    pass


def totp_code(secret: str) -> str:
    """The code an authenticator app shows now, with at least two seconds of it left."""
    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    left = app_settings.TOTP_PERIOD - time.time() % app_settings.TOTP_PERIOD
    if left < 2:
        time.sleep(left)
    return format_hotp_value(hotp_value(secret, int(time.time()) // app_settings.TOTP_PERIOD))


def sign_in(port: int, email: str, *, totp_secret: str | None = None) -> str:
    """Sign in through the sign-in form (and the authenticator step); the session cookie."""
    from django.urls import reverse

    browser = Browser(port)
    landed = browser.post_form(reverse("account_login"), {"login": email, "password": PASSWORD})
    if landed == reverse("mfa_authenticate"):
        if totp_secret is None:
            raise SignInFailed(f"{email} was asked for an authenticator code")
        landed = browser.post_form(landed, {"code": totp_code(totp_secret)})
    if landed != reverse("dashboard"):
        raise SignInFailed(f"{email} landed on {landed}, not the dashboard")
    status, _, _ = browser.get(landed)
    if status != 200:
        raise SignInFailed(f"{email}'s dashboard answered {status}")
    return browser.cookie_header()


# Measuring


def in_process(seeded: Seeded, *, runs: int) -> dict[str, tuple[int, float]]:
    """Each page's query count (CaptureQueriesContext) and median time in process, with the
    Django test client signed in as the page's person."""
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User

    clients = {}
    for role, email in _people(seeded).items():
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(User.objects.get(email=email))
        clients[role] = client
    found = {}
    for page, role, path in PAGES:
        if page in REFERENCES:  # references are measured served only, not in process
            continue
        client, url = clients[role], path.format(slug=seeded.programme_slug)
        client.get(url, secure=True)  # once first: a process caches a few lookups for good
        reset_queries()  # the log a request empties as it starts: empty it before counting
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, secure=True)
        queries = len(captured)  # now: the log it reads is emptied by the next request
        if response.status_code != 200:
            sys.exit(f"{page} ({url}) as {role} answered {response.status_code} in process")
        timings = []
        for _ in range(runs):
            started = time.perf_counter()
            client.get(url, secure=True)
            timings.append((time.perf_counter() - started) * 1000)
        found[page] = (queries, statistics.median(timings) if timings else 0.0)
    return found


def results_path(folder: Path, day: str) -> Path:
    """Where a run of `day` goes: `<day>.json`, or `<day>-2.json` and on for the day's next
    runs, never over an earlier one."""
    path, n = folder / f"{day}.json", 1
    while path.exists():
        n += 1
        path = folder / f"{day}-{n}.json"
    return path


def _people(seeded: Seeded) -> dict[str, str]:
    return {
        "mentor": seeded.mentor_email,
        "board_member": seeded.board_member_email,
        "coordinator": seeded.coordinator_email,
    }


def wrk(url: str, cookie: str, *, seconds: int, connections: int, rate: int = 0) -> dict:
    """One wrk run; what bench/wrk.lua reports (latencies in microseconds)."""
    command = [WRK, f"-t{THREADS}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s"]
    command += ["-s", str(LUA), "-H", f"Cookie: {cookie}", "-H", "X-Forwarded-Proto: https"]
    command += [url, "--", str(rate), str(THREADS)]
    run = subprocess.run(command, capture_output=True, text=True, check=True)
    line = next((ln for ln in run.stdout.splitlines() if ln.startswith("BENCH ")), None)
    if line is None:
        sys.exit(f"wrk printed no result for {url}:\n{run.stdout}\n{run.stderr}")
    found = json.loads(line.removeprefix("BENCH "))
    found["rps"] = found["requests"] / (found["duration_us"] / 1e6)
    return found


def saturate(url: str, cookie: str, serving: Callable[[], set[int]]) -> tuple[dict, float]:
    """One saturated run of `url`, warmed first: what wrk reports, and the CPU time per
    request in ms that the processes `serving` returns spent meanwhile."""
    wrk(url, cookie, seconds=WARM_SECONDS, connections=SATURATION_CONNECTIONS)
    before = cpu_seconds(serving())
    saturated = wrk(url, cookie, seconds=SATURATE_SECONDS, connections=SATURATION_CONNECTIONS)
    spent = cpu_spent(before, cpu_seconds(serving() | before.keys()))
    return saturated, (1000 * spent / saturated["requests"] if saturated["requests"] else 0.0)


def load(row: Row, port: int, cookie: str, serving: Callable[[], set[int]]) -> None:
    """Drives one page: saturated (its throughput and the CPU time per request), then paced
    (its latency)."""
    url = f"http://127.0.0.1:{port}{row.path}"
    saturated, row.cpu_ms = saturate(url, cookie, serving)
    paced = wrk(url, cookie, seconds=PACED_SECONDS, connections=PACED_CONNECTIONS, rate=PACED_RATE)
    row.saturated_rps = saturated["rps"]
    row.paced_rps = paced["rps"]
    row.p50_ms, row.p95_ms, row.p99_ms = (paced[f"p{n}_us"] / 1000 for n in (50, 95, 99))
    row.non2xx = saturated["non2xx"] + paced["non2xx"]
    row.socket_errors = sum(run["socket_errors"] + run["timeouts"] for run in (saturated, paced))


# CPU time per request: what the server's processes spent, read from /proc (Linux). Steadier
# than throughput from run to run on a machine shared with others: the wall clock counts the
# time another tenant holds the CPU, the process's CPU time does not.


def cpu_seconds(pids: Iterable[int]) -> dict[int, float]:
    """The CPU time (user and system) each process has spent so far, in seconds; a process
    that has ended is left out."""
    found = {}
    for pid in pids:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:  # ended
            continue
        # The name, field 2, is in brackets and may hold spaces: count from after it.
        fields = stat.rsplit(")", 1)[1].split()
        found[pid] = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime
    return found


def cpu_spent(before: dict[int, float], after: dict[int, float]) -> float:
    """The CPU time spent between two readings: by each process still there, since the
    first; by a process started in between, all of it. A process that ended in between
    took its share with it: a worker's database connection is renewed once a minute
    (`CONN_MAX_AGE`, as in production), so now and then the old server process's last
    seconds go uncounted, a few per cent of one page's figure at most."""
    return sum(spent - before.get(pid, 0.0) for pid, spent in after.items())


def process_group(group: int) -> set[int]:
    """The processes of a process group: gunicorn's master and workers (started in a
    session of their own)."""
    members = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group:  # field 5, pgrp
            members.add(int(entry.name))
    return members


def database_backends(database: str) -> set[int]:
    """PostgreSQL's server processes for the connections to `database`, but for the one
    asking (the bench's own, idle while wrk runs); none when the server is on another
    machine (its process ids are not this machine's)."""
    from django.db import connection

    if not database_is_local():
        return set()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [database],
        )
        return {pid for (pid,) in cursor.fetchall()}


def database_is_local() -> bool:
    return urlsplit(os.environ["DATABASE_URL"]).hostname in (None, "127.0.0.1", "localhost", "::1")


def compare(row: Row) -> None:
    """The page's shares of the ceiling measured beside it: by throughput, and by CPU time
    per request (the ceiling's as a share of the page's)."""
    row.ratio = row.saturated_rps / row.ceiling_rps if row.ceiling_rps else 0.0
    row.cpu_ratio = row.ceiling_cpu_ms / row.cpu_ms if row.cpu_ms else 0.0


def judge(row: Row, *, reference: bool) -> None:
    if row.non2xx or row.socket_errors:
        row.missed.append("errors")
    if row.paced_rps < 0.9 * PACED_RATE:
        row.missed.append(f"{PACED_RATE} req/s not reached")
    if row.p95_ms >= P95_MS:
        row.missed.append(f"p95 >= {P95_MS} ms")
    if not reference:
        if row.ratio < RATIO:
            row.missed.append(f"< {RATIO:.0%} of ceiling")
        if row.queries_small != row.queries_large:
            row.missed.append("queries grow with data")


# Reporting


def table(rows: list[Row]) -> str:
    header = (
        "| page | as | queries small/large | in process ms | req/s saturated "
        "| ceiling beside, req/s | of ceiling | CPU ms a request | ceiling's CPU ms "
        "| of ceiling by CPU "
        f"| p50 / p95 / p99 ms offered {PACED_RATE} req/s (achieved) | non-2xx | targets |"
    )
    lines = [header, "|" + "---|" * 13]
    for row in rows:
        reference = row.page in REFERENCES
        lines.append(
            f"| {row.page} | {row.role.replace('_', ' ')} "
            f"| {'-' if reference else f'{row.queries_small} / {row.queries_large}'} "
            f"| {'-' if reference else f'{row.in_process_ms:.1f}'} "
            f"| {row.saturated_rps:.0f} | {row.ceiling_rps:.0f} | {row.ratio:.0%} "
            f"| {row.cpu_ms:.2f} | {row.ceiling_cpu_ms:.2f} | {row.cpu_ratio:.0%} "
            f"| {row.p50_ms:.1f} / {row.p95_ms:.1f} / {row.p99_ms:.1f} ({row.paced_rps:.0f}) "
            f"| {row.non2xx + row.socket_errors} | {'; '.join(row.missed) or 'met'} |"
        )
    return "\n".join(lines)


def main() -> None:
    static_root = tempfile.mkdtemp(prefix="bench-static-")
    chosen = _environment(static_root)
    for name in ("DATABASE_URL", "REDIS_URL", "FIELD_ENCRYPTION_KEYS"):
        if name in chosen:
            print(f"{name} unset: the bench uses {'a new key' if 'KEY' in name else chosen[name]}")
    started_all = time.perf_counter()
    _collectstatic()

    import django

    django.setup()
    with throwaway_database(BENCH_DATABASE, bench="load bench") as took:
        print(f"database {BENCH_DATABASE} created and migrated in {took:.0f} s")
        _measure(static_root, started_all)


def _measure(static_root: str, started_all: float) -> None:
    """Steps 2 to 6 in the throwaway database; gunicorn stopped and the static files
    removed at the end, before the database is dropped."""
    from django.db import connection, transaction
    from django.utils import timezone

    server = None
    try:
        now = timezone.now()
        with transaction.atomic():
            small = in_process(fill(SMALL, now=now), runs=0)
            transaction.set_rollback(True)
        started = time.perf_counter()
        seeded = fill(LARGE, now=now)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        counts = ", ".join(f"{n:,} {name}" for name, n in seeded.counts.items())
        print(f"filled in {time.perf_counter() - started:.0f} s: {counts}")
        large = in_process(seeded, runs=IN_PROCESS_RUNS)
        connection.close()  # gunicorn's workers have the database to themselves

        port = _free_port()
        server = _start_gunicorn(port)
        print(f"gunicorn: {WORKERS} workers on port {port}, settings bench.settings, DEBUG off")
        cookies = {
            "mentor": sign_in(port, seeded.mentor_email),
            "board_member": sign_in(port, seeded.board_member_email),
            "coordinator": sign_in(port, seeded.coordinator_email, totp_secret=seeded.totp_secret),
        }
        print("signed in through the sign-in form: mentor, board member, coordinator (TOTP)")

        def serving() -> set[int]:
            return process_group(server.pid) | database_backends(BENCH_DATABASE)

        slug = seeded.programme_slug
        rows = [Row(page, role, path.format(slug=slug)) for page, role, path in PAGES]
        rows.append(Row(CEILING + " (again)", "mentor", "/bench/ping"))
        ping = f"http://127.0.0.1:{port}/bench/ping"
        for row in rows:
            status, _, _ = _as(port, cookies[row.role]).get(row.path)
            if status != 200:
                row.missed.append(f"answered {status}")
                continue
            if row.page in large:
                row.queries_small = small[row.page][0]
                row.queries_large, row.in_process_ms = large[row.page]
            if row.path == "/bench/ping":  # the ceiling itself: its own ceiling
                load(row, port, cookies[row.role], serving)
                row.ceiling_rps, row.ceiling_cpu_ms = row.saturated_rps, row.cpu_ms
            else:  # the ceiling beside it, measured just before
                beside, row.ceiling_cpu_ms = saturate(ping, cookies["mentor"], serving)
                row.ceiling_rps = beside["rps"]
                load(row, port, cookies[row.role], serving)
            print(
                f"  {row.page:<30} {row.saturated_rps:7.0f} req/s saturated "
                f"(ceiling beside {row.ceiling_rps:.0f}); at "
                f"{row.paced_rps:.0f} req/s p95 {row.p95_ms:.1f} ms; "
                f"{row.cpu_ms:.2f} ms of CPU a request (ceiling {row.ceiling_cpu_ms:.2f})",
                flush=True,
            )
        first, last = rows[0], rows.pop()
        for row in rows:
            compare(row)
            judge(row, reference=row.page in REFERENCES)
        met = not any(row.missed for row in rows)
        report = {
            "date": datetime.now(UTC).isoformat(timespec="seconds"),
            "machine": {
                "cpus": os.cpu_count(),
                "load_average_at_end": [round(n, 2) for n in os.getloadavg()],
            },
            "server": {"gunicorn_workers": WORKERS, "worker_class": "sync"},
            "load": {
                "generator": "wrk, bench/wrk.lua",
                "threads": THREADS,
                "saturation_connections": SATURATION_CONNECTIONS,
                "saturate_seconds": SATURATE_SECONDS,
                "paced_rate": PACED_RATE,
                "paced_connections": PACED_CONNECTIONS,
                "paced_seconds": PACED_SECONDS,
            },
            "data": {"large": seeded.counts, "small": asdict(SMALL)},
            "ceiling_rps": {"first": first.saturated_rps, "last": last.saturated_rps},
            "shares_against": "the ceiling saturated just before each page (its row's "
            "ceiling_rps and ceiling_cpu_ms)",
            "ceiling_cpu_ms": {"first": first.cpu_ms, "last": last.cpu_ms},
            "cpu_counted": "gunicorn's processes"
            + (" and PostgreSQL's for the bench database" if database_is_local() else ""),
            "targets": {"p95_ms": P95_MS, "ratio_of_ceiling": RATIO, "met": met},
            "pages": [asdict(row) for row in rows],
        }
        RESULTS.mkdir(parents=True, exist_ok=True)
        path = results_path(RESULTS, f"{datetime.now(UTC):%Y-%m-%d}")
        path.write_text(json.dumps(report, indent=2) + "\n")
        print()
        print(table(rows))
        print(
            f"\nceiling {first.saturated_rps:.0f} req/s first, {last.saturated_rps:.0f} last; "
            f"load average {report['machine']['load_average_at_end']} on {os.cpu_count()} CPUs"
        )
        print(f"targets: {'met' if met else 'NOT met'}; results in {path.relative_to(ROOT)}")
        print(f"bench took {time.perf_counter() - started_all:.0f} s")
    finally:
        if server is not None:
            _stop(server)
        shutil.rmtree(static_root, ignore_errors=True)


def _as(port: int, cookie: str) -> Browser:
    browser = Browser(port)
    browser.cookies = dict(part.split("=", 1) for part in cookie.split("; "))
    return browser


if __name__ == "__main__":
    main()
