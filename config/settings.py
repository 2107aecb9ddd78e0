"""One settings module, driven by the environment.

Safe by default: DEBUG is off unless set, and a missing or malformed value fails
loudly at start-up instead of falling back silently. `make run` sets the few
variables the embedded demo needs; production sets the rest (see README).
"""

import math
import os
from datetime import timedelta
from email.utils import parseaddr
from pathlib import Path
from typing import TypeVar

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"
N = TypeVar("N", int, float)


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}")


def envnumber(name: str, default: N, *, minimum: N, maximum: N | None = None) -> N:
    """A number from the environment, whole if `default` is, from `minimum` to `maximum`
    (both included; no limit above without `maximum`). Anything else stops start-up with a
    message naming the variable, the value and what is accepted: a zero or negative count
    would otherwise be taken silently (no retry, a session ended at once)."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    kind = int if isinstance(default, int) else float
    try:
        number = kind(value)
    except ValueError:
        number = None
    # NaN and infinity are never accepted, whatever the range.
    if (
        number is None
        or not math.isfinite(number)
        or number < minimum
        or (maximum is not None and number > maximum)
    ):
        whole = "a whole number" if kind is int else "a number"
        accepted = (
            f"of at least {_shown(minimum)}"
            if maximum is None
            else f"from {_shown(minimum)} to {_shown(maximum)}"
        )
        raise ImproperlyConfigured(f"{name} must be {whole} {accepted}, not {value!r}")
    return number


def _shown(number: float) -> str:
    return str(int(number)) if number == int(number) else str(number)


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", False)

# Required to serve: config/wsgi.py and asgi.py refuse to start without it, and Django
# raises wherever it is used. Tools that sign nothing (makemigrations, collectstatic)
# run without it.
SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "insecure-development-key-only-used-when-DEBUG-is-on"
# Keys retired, still accepted on what they signed (sessions, links already emailed) while
# SECRET_KEY signs everything new: how a key is changed without signing everyone out.
SECRET_KEY_FALLBACKS = envlist("SECRET_KEY_FALLBACKS")


def field_encryption_keys() -> list[str]:
    """Fernet keys for confidential text, newest first (see accounts.encryption).

    Production sets FIELD_ENCRYPTION_KEYS. The embedded mode (DEBUG) makes one key under
    var/ the first time and keeps it, so the demo's notes survive a restart.
    """
    keys = envlist("FIELD_ENCRYPTION_KEYS")
    if keys or not DEBUG:
        return keys
    key_file = VAR_DIR / "field-encryption.key"
    if not key_file.exists():
        from cryptography.fernet import Fernet

        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(Fernet.generate_key().decode() + "\n")
        key_file.chmod(0o600)
    return [key_file.read_text().strip()]


# Required to serve, like SECRET_KEY (config/startup.py checks both when a server starts).
FIELD_ENCRYPTION_KEYS = field_encryption_keys()

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "localhost,127.0.0.1" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
# A form sent from a page that had expired: the site's own page (accounts.views.csrf_failure).
CSRF_FAILURE_VIEW = "accounts.views.csrf_failure"

# The absolute address of the site and its name: every email's links and greeting come from
# these two (ours through accounts.mail, allauth's through accounts.adapter), never from the
# host and port a request happened to arrive on. `make run` sets SITE_URL from PORT; without
# DEBUG there is no default, and a server refuses to start without it (config/startup.py).
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000" if DEBUG else "").rstrip("/")
SITE_NAME = env("SITE_NAME", "Reverse mentoring")

INSTALLED_APPS = [
    "config.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "accounts",
    "mentoring",
    "matching",
    "evaluation",
    "config",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "accounts.middleware.AllowedMethodsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Before those that answer for a view (a NUL refused, a session over, the set-up asked
    # for): every answer to a signed-in person is sent no-store, theirs too.
    "accounts.middleware.PrivatePagesMiddleware",
    # Before anything reads the query or the form (a session over shows back what was
    # typed): a request in another character set than UTF-8 is refused unread.
    "accounts.bounds.RefuseNulMiddleware",
    "accounts.sessions.SessionTimeoutMiddleware",
    "accounts.middleware.CoordinatorMFAMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

# Widgets may use the project's templates (e.g. the availability grid); the common ones are
# drawn in Python, in the same text (config/form_renderer.py).
FORM_RENDERER = "config.form_renderer.FormRenderer"

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.context_processors.site",
                # Django's CSRF token, masked for less work (config/csrf.py).
                "config.csrf.csrf",
                "mentoring.context_processors.navigation",
            ],
            # Django's {% url %} and |date, answering the same for less work.
            "builtins": ["config.templating", "config.form_fields"],
        },
    },
]

# Database: PostgreSQL in production (DATABASE_URL), a SQLite file under var/ otherwise.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=envnumber("CONN_MAX_AGE", 60, minimum=0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory, for the test database: the live server used by the browser tests
    # then opens its own connection instead of sharing one across threads.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-db.sqlite3")}
    # SQLite (the embedded mode) with more than one writer: wait for the write lock instead
    # of answering "database is locked", take it when a transaction begins (a transaction
    # that read first and asks for it later is refused at once, not queued), and let
    # readers go on while someone writes (WAL).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # At least a second: without waiting, a writer is told "database is locked".
            "timeout": envnumber("SQLITE_TIMEOUT", 20, minimum=1),
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's backend, with timestamps parsed by psycopg's compiled loader (see its module).
    DATABASES["default"]["ENGINE"] = "config.postgresql"
if DATABASES["default"]["ENGINE"] == "config.postgresql" and envbool(
    "DATABASE_PREPARED_STATEMENTS", True
):
    # PostgreSQL: parameters bound on the server, and a query sent twice on a connection is
    # prepared there, so that its plan is not worked out again on every page (planning
    # the pair page's joins took longer than running them). Set DATABASE_PREPARED_STATEMENTS=0
    # behind a pooler that cannot keep prepared statements (PgBouncer before 1.21 in
    # transaction mode).
    # Added to what DATABASE_URL says (its `?sslmode=require`, say), never instead of it.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"server_side_binding": True, "prepare_threshold": 2}
    )
if DATABASES["default"]["ENGINE"] == "config.postgresql" and env(
    "DATABASE_RANDOM_PAGE_COST", "1.1"
):
    # PostgreSQL's planner prices reading a row through an index as if from a spinning disk
    # (random_page_cost 4). A person's pairs are found through arrays of their ids, which it
    # guesses at ten rows each, so it joined those pairs by reading whole tables (every
    # board member, every board member's themes): up to a millisecond a query at the load
    # bench's 2,000 pairs, and more as a programme grows. At 1.1, the value usual for SSDs
    # and for data that stays in memory, it reads the few rows through their indexes. Sent
    # as a connection option, each time a connection opens; set DATABASE_RANDOM_PAGE_COST to
    # an empty value to keep the server's own (a pooler such as PgBouncer in transaction
    # mode refuses options it does not know unless told to ignore them).
    _cost = envnumber("DATABASE_RANDOM_PAGE_COST", 1.1, minimum=0.1, maximum=1000.0)
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = " ".join(
        filter(None, [_options.get("options", ""), f"-c random_page_cost={_cost}"])
    )
if DATABASES["default"]["ENGINE"] == "config.postgresql":
    # `.iterator()` reads through a client-side cursor: a form's choices (ModelChoiceField
    # iterates its queryset) otherwise cost three round trips each (DECLARE, FETCH, CLOSE),
    # 1.5 ms of /profile/. What is iterated is then held in memory at once: the largest is
    # every unexpired session's key and data, when a password change ends the others
    # (accounts.services), a few MB at tens of thousands of sessions.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis: unset means the embedded mode (tasks run in process).
REDIS_URL = env("REDIS_URL")

# The cache holds what must hold across every process: allauth's sign-in and password-reset
# rate limits and the record of used one-time codes. CACHE chooses it: "redis" (REDIS_URL),
# "database" (a table in DATABASE_URL, made by `manage.py createcachetable`) or "memory"
# (one process only). Unset, it is Redis when REDIS_URL is set, the database cache in the
# embedded mode (DEBUG), and otherwise memory, which config/startup.py refuses to serve with.
CACHE = env("CACHE", "redis" if REDIS_URL else "database" if DEBUG else "memory")
if CACHE == "redis":
    if not REDIS_URL:
        raise ImproperlyConfigured("CACHE=redis needs REDIS_URL.")
    CACHES = {
        "default": {
            # Django's, keeping one Redis client per process (config/cache.py).
            "BACKEND": "config.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "rm",
            # A Redis that hangs must not hang every page (rate limits live here).
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
elif CACHE == "database":
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "django_cache",
            "KEY_PREFIX": "rm",
            # Culling at the default 300 entries would forget rate-limit counters under the
            # very flood of attempts they count.
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    }
elif CACHE == "memory":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    raise ImproperlyConfigured(f"CACHE must be redis, database or memory, not {CACHE!r}")

AUTH_USER_MODEL = "accounts.User"
# Django's and allauth's backends, refusing demo accounts without DEBUG (accounts.demo).
AUTHENTICATION_BACKENDS = [
    "accounts.backends.ModelBackend",
    "accounts.backends.AuthenticationBackend",
]
# Argon2 for new and changed passwords; older PBKDF2 hashes are upgraded at the next sign-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"

# django-allauth: the email address is the only identifier and must be verified.
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupDetailsForm"
# Who may sign up themselves (a staff domain, no pending invitation) is the sign-up form's
# rule alone: a board member outside the staff domains resets a password like anyone else.
ACCOUNT_FORMS = {
    "signup": "accounts.signup.SignupForm",
    "add_email": "accounts.signup.AddEmailForm",
    # The rest say what is missing in the site's words, as the sign-up form does.
    "login": "accounts.allauth_forms.LoginForm",
    "change_password": "accounts.allauth_forms.ChangePasswordForm",
    "set_password": "accounts.allauth_forms.SetPasswordForm",
    "reset_password": "accounts.allauth_forms.ResetPasswordForm",
    "reset_password_from_key": "accounts.allauth_forms.ResetPasswordKeyForm",
    "user_token": "accounts.allauth_forms.UserTokenForm",
    "reauthenticate": "accounts.allauth_forms.ReauthenticateForm",
}
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# A password reset for an address nobody has answers as for a known one, and emails nobody:
# the site neither tells strangers who has an account nor mails addresses on their say-so.
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
# A person is emailed when their password, address or authenticator changes (allauth's
# notices, in the site's words under templates/account/email/ and templates/mfa/email/),
# so nobody who got hold of an account can change how it is reached unseen.
ACCOUNT_EMAIL_NOTIFICATIONS = True
# Adding an address (then making it the primary one, then resetting the password) would
# take the account over from a session left open: allauth asks for the password again first,
# as deleting the account does.
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_RATE_LIMITS = {
    # allauth's defaults, stated so that they are visibly on.
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# Recovery codes are shown once, when they are made: a later visit (a session left open)
# shows them masked and offers a new set, which makes the old ones useless.
MFA_RECOVERY_CODES_SHOW_ONCE = True
# Authenticator secrets and recovery-code seeds are stored encrypted (FIELD_ENCRYPTION_KEYS).
MFA_ADAPTER = "accounts.mfa.MFAAdapter"
# Forms that say what is missing in the site's words, as ACCOUNT_FORMS do.
MFA_FORMS = {
    "authenticate": "accounts.allauth_forms.AuthenticateForm",
    "reauthenticate": "accounts.allauth_forms.MFAReauthenticateForm",
    "activate_totp": "accounts.allauth_forms.ActivateTOTPForm",
}
MFA_TOTP_ISSUER = env("MFA_TOTP_ISSUER", "Reverse mentoring")
# Comma-separated domains whose staff may sign up themselves (e.g. example.ac.uk).
# Empty means nobody can self-register; board members always join by invitation.
ALLOWED_SIGNUP_DOMAINS = [domain.lower() for domain in envlist("ALLOWED_SIGNUP_DOMAINS")]
# A year at most: a link that lets someone in should not work for ever.
INVITATION_EXPIRY_DAYS = envnumber("INVITATION_EXPIRY_DAYS", 14, minimum=1, maximum=365)

# The email outbox (accounts.outbox): a failed attempt waits BASE, then twice as long each
# time up to MAX, and the message is given up (shown as failed, to send again from the
# admin) after MAX_ATTEMPTS. A message "sending" for longer than STUCK_AFTER (a worker that
# died mid-send) is put back in the queue by the sweep.
# With the defaults an email keeps trying for about three days (waits of 1, 2, 4 … minutes,
# then every 6 hours), so a weekend without the mail server delays mail and loses none.
# No wait of more than a week: an email held longer than that is as good as lost.
_WEEK = 7 * 24 * 60 * 60
# 1000 at most: the doubling wait is worked out as a float, which overflows soon after.
OUTBOX_MAX_ATTEMPTS = envnumber("OUTBOX_MAX_ATTEMPTS", 20, minimum=1, maximum=1000)
OUTBOX_RETRY_BASE_SECONDS = envnumber(
    "OUTBOX_RETRY_BASE_SECONDS", 60.0, minimum=1.0, maximum=float(_WEEK)
)
OUTBOX_RETRY_MAX_SECONDS = envnumber(
    "OUTBOX_RETRY_MAX_SECONDS", float(6 * 60 * 60), minimum=1.0, maximum=float(_WEEK)
)
# Retries sooner than this are a Celery countdown; later ones wait for the sweep, so no
# message sits in Redis as a far-future ETA (redelivered after the visibility timeout, an
# hour by default: hence the top). 0 leaves every retry to the sweep.
OUTBOX_COUNTDOWN_MAX_SECONDS = envnumber(
    "OUTBOX_COUNTDOWN_MAX_SECONDS", 300.0, minimum=0.0, maximum=3600.0
)
# At least a minute: sooner, an email still being sent would be queued again, and sent twice.
OUTBOX_STUCK_AFTER_SECONDS = envnumber(
    "OUTBOX_STUCK_AFTER_SECONDS", 15 * 60, minimum=60, maximum=_WEEK
)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

LANGUAGE_CODE = "en-gb"
# The 24-hour clock everywhere, the admin included (config/formats/en_GB).
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = env("TIME_ZONE", "Europe/London")
USE_I18N = True
# allauth's pages in the site's sentence case (locale/en_GB: its words, unchanged but for case).
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "config.storage.StaticFilesStorage"
        )
    },
}

# Email: SMTP when EMAIL_HOST is set, printed to the console otherwise. Without DEBUG, a
# server refuses to start without EMAIL_HOST or DEFAULT_FROM_EMAIL (config/startup.py): its
# emails would be marked sent and lost, their links written to the log. EMAIL_TO_CONSOLE=1
# prints them on purpose, for a server that sends no mail (the load bench's).
EMAIL_HOST = env("EMAIL_HOST")
EMAIL_TO_CONSOLE = envbool("EMAIL_TO_CONSOLE", False)
if EMAIL_HOST and EMAIL_TO_CONSOLE:
    raise ImproperlyConfigured(
        "Set EMAIL_HOST (send emails) or EMAIL_TO_CONSOLE (print them), not both."
    )
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = envnumber("EMAIL_PORT", 587, minimum=1, maximum=65535)
    EMAIL_HOST_USER = env("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", True)
    EMAIL_USE_SSL = envbool("EMAIL_USE_SSL", False)
    # Seconds each step of talking to the server may take (connecting, each command).
    EMAIL_TIMEOUT = envnumber("EMAIL_TIMEOUT", 20, minimum=1, maximum=300)
    # A sending takes several such steps: an email still being sent when its sending is
    # counted stuck would be queued again, and sent twice.
    if OUTBOX_STUCK_AFTER_SECONDS < 10 * EMAIL_TIMEOUT:
        raise ImproperlyConfigured(
            f"OUTBOX_STUCK_AFTER_SECONDS ({OUTBOX_STUCK_AFTER_SECONDS}) must be at least ten "
            f"times EMAIL_TIMEOUT ({EMAIL_TIMEOUT}), so that an email still being sent is "
            "not sent twice."
        )
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", "Reverse mentoring <mentoring@localhost>" if DEBUG else ""
)
SERVER_EMAIL = env("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# The programme office's address wherever no programme names its own: the account pages
# (sign-up, password reset), allauth's emails, every email of a programme without an office
# address, and the demo programme (seed_demo). `make run` sets the demo's.
PROGRAMME_OFFICE_EMAIL = env("PROGRAMME_OFFICE_EMAIL") or parseaddr(DEFAULT_FROM_EMAIL)[1]

# Security. Production runs behind a TLS-terminating proxy that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The sign-in, sign-up and password-reset limits count each client's address (allauth): the
# one the proxies in front add last to X-Forwarded-For, TRUSTED_PROXY_COUNT of them. Behind
# a proxy, REMOTE_ADDR is the proxy's for everyone: ten wrong passwords from anyone would
# stop everyone signing in for a minute. 0 when nothing is in front (the embedded mode).
ALLAUTH_TRUSTED_PROXY_COUNT = envnumber("TRUSTED_PROXY_COUNT", 0 if DEBUG else 1, minimum=0)
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = envnumber("SECURE_HSTS_SECONDS", 0 if DEBUG else 3600, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", False)
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", not DEBUG)
# Sessions end 12 hours after signing in, however active (SESSION_ABSOLUTE_HOURS), and a
# staff account's after 30 idle minutes (SESSION_STAFF_IDLE_MINUTES): accounts.sessions.
SESSION_ABSOLUTE_HOURS = envnumber("SESSION_ABSOLUTE_HOURS", 12, minimum=1)
SESSION_ENGINE = "accounts.sessions"  # the database's, refusing a key no session could have
SESSION_STAFF_IDLE_MINUTES = envnumber("SESSION_STAFF_IDLE_MINUTES", 30, minimum=1)
# The stored session outlives the limit by an hour, so the person is told why it ended.
SESSION_COOKIE_AGE = envnumber(
    "SESSION_COOKIE_AGE", (SESSION_ABSOLUTE_HOURS + 1) * 60 * 60, minimum=60
)
X_FRAME_OPTIONS = "DENY"
# Content Security Policy (django-csp) on every response, the admin included: scripts and
# styles come only from our own static files, never inline, so injected markup can neither
# run a script nor restyle a page. Templates keep no <script> body, <style> or style="...".
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],  # data: for the authenticator's QR code
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Celery: Redis as broker when configured. Without REDIS_URL (the embedded mode)
# tasks run eagerly in the calling process and `manage.py run_periodic` plays beat.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Without socket timeouts, a Redis that never answers (stuck, or gone without closing the
# connection: a failover, a NAT or firewall timeout) or whose packets are dropped makes
# every publish wait forever, and with it the web request that queues an email. With them,
# publishing gives up after about 4 s (tests/integration/test_email_delivery.py) and the
# email waits in the outbox for the sweep. Redis answers in milliseconds; the worker's
# event loop is not subject to socket_timeout (kombu checks its long-lived connections
# itself, see health_check_interval), so workers are unaffected.
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 2}
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_BEAT_SCHEDULE = {
    "send-waiting-email": {
        "task": "accounts.tasks.outbox_sweep",
        "schedule": timedelta(minutes=1),
    },
    "send-reminders": {
        "task": "mentoring.tasks.reminders_dispatch",
        # An hour at most: the office is told a reminder goes when the reminders next run.
        "schedule": timedelta(
            minutes=envnumber("REMINDERS_EVERY_MINUTES", 5, minimum=1, maximum=60)
        ),
    },
    # A closed survey's response rate counts those it asked when it closed
    # (docs/programme-office-guide.md, Opening and closing a survey).
    "count-closed-surveys-invited": {
        "task": "evaluation.tasks.surveys_count_invited",
        "schedule": timedelta(minutes=1),
    },
    # Answers wait sealed until their survey closes, then open in one shuffled batch
    # (docs/programme-office-guide.md, How answers stay anonymous); reading the results opens
    # them at once too.
    "open-closed-surveys-ballots": {
        "task": "evaluation.tasks.closed_ballots_open",
        "schedule": timedelta(minutes=5),
    },
    # At a minute of every hour, not every so many hours: beat counts an interval afresh from
    # its start, and may forget its schedule file when it is deployed again, so a task of
    # every day (or hour) would never run under deploys more often than that; a minute of
    # the clock comes whenever beat is up through it. Both are safe to run again.
    "clear-expired-sessions": {
        "task": "accounts.tasks.sessions_clear_expired",
        "schedule": crontab(minute=45),
    },
    # Each programme's retention period for what ended pairs wrote
    # (docs/programme-office-guide.md, Personal data): deleted within the hour its day comes.
    "delete-old-pair-notes": {
        "task": "mentoring.tasks.notes_apply_retention",
        "schedule": crontab(minute=15),
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Django names the path of every answer of 400 and above: a link that is a key is
    # written with its key hidden (config.secret_links).
    "filters": {"hide_secrets": {"()": "config.secret_links.HideSecrets"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["hide_secrets"]}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
