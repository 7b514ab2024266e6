"""No secrets in the repository (issue 11 §3).

Scans every file git tracks for what must never be committed: private keys, cloud and
chat tokens, password hashes, database URLs with a real password, secret-looking
assignments in the app's own code, and files that hold secrets by their nature (.env,
key stores, database files full of password hashes). The documented demo passwords
(README, models/seed.py) are allowed where they are documented; everywhere else in the
app's code they would be a default a real deployment might keep. Each rule is also
tried on a planted example, so a rule that can never match fails here.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from models.seed import DEMO_USERS

ROOT = Path(__file__).resolve().parents[2]
DEMO_PASSWORDS = {u.password for u in DEMO_USERS}
# Where the demo passwords are documented (and tests, which log in with them).
DEMO_PLACES = ("README.md", "models/seed.py", "tests/")

# Files that hold secrets by their nature. An example file (.env.example) is fine.
SECRET_FILES = re.compile(
    r"(^|/)(\.env(\.[^/]*)?|secrets\.toml|id_(rsa|dsa|ecdsa|ed25519))$"
    r"|\.(pem|key|p12|pfx|jks|keystore|db|sqlite|sqlite3)$"
)
NOT_SECRET_FILES = re.compile(r"\.example$|\.sample$")

# (name, pattern): text that is a secret wherever it appears.
SECRET_TEXT = [
    ("private key", re.compile(r"-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----")),
    ("AWS access key", re.compile(r"\bAKIA[0-9A-Z]{16}\b")),
    ("GitHub token", re.compile(r"\bgh[pousr]_[A-Za-z0-9]{30,}\b")),
    ("Slack token", re.compile(r"\bxox[abpr]-[A-Za-z0-9-]{10,}")),
    ("API key", re.compile(r"\bsk-[A-Za-z0-9_-]{20,}")),
    ("argon2 hash", re.compile(r"\$argon2(?:id|i|d)\$v=\d+\$m=\d+")),
    ("bcrypt hash", re.compile(r"\$2[aby]\$\d\d\$[./A-Za-z0-9]{53}")),
]
# scheme://user:password@host, unless the password is a placeholder or a test's fake.
URL_PASSWORD = re.compile(r"\b[a-z][a-z0-9+.-]*://[^/\s:@'\"]+:([^/\s@'\"]+)@")
PLACEHOLDER_PASSWORDS = {"pass", "password", "***", "PASSWORD", "<password>", "secret"}
FAKE_TEST_PASSWORDS = {"s3cret-pw"}  # tests/app/test_error_boundary.py: an unreachable server
# password = "…" / SECRET: '…' in the app's own code (tests pass made-up passwords).
ASSIGNED_SECRET = re.compile(
    r"(?i)\b[a-z_]*(?:password|passwd|secret|token|api_?key)[a-z_]*\s*[:=]\s*[\"']([^\"'\s]{6,})[\"']"
)
# Names of constants that hold the *name* of a secret, not the secret.
NAME_NOT_VALUE = re.compile(r"(?i)(_KEY|_NAME|_FIELD|_HEADER|_COOKIE)\s*[:=]")


def tracked_files() -> list[str]:
    """Files git tracks (a checkout without git: every file outside ignored folders)."""
    try:
        out = subprocess.run(
            ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True, timeout=30
        ).stdout
        return [p for p in out.decode().split("\0") if p]
    except (OSError, subprocess.SubprocessError):
        skip = {".venv", ".git", "data", "test-artifacts", "__pycache__", ".mypy_cache"}
        return [
            str(p.relative_to(ROOT))
            for p in ROOT.rglob("*")
            if p.is_file() and not skip & set(p.relative_to(ROOT).parts)
        ]


def read_text(path: str) -> str | None:
    """The file's text, or None for a binary file."""
    data = (ROOT / path).read_bytes()
    if b"\0" in data[:4096]:
        return None
    return data.decode("utf-8", errors="replace")


def findings(path: str, text: str) -> list[str]:
    """Every secret-looking thing in one file's text."""
    found = []
    for name, pattern in SECRET_TEXT:
        found += [f"{path}: {name}" for _ in pattern.finditer(text)]
    for match in URL_PASSWORD.finditer(text):
        password = match.group(1)
        # "{NAME}" is an f-string placeholder: the value lives elsewhere (and is checked there).
        is_template = password.startswith("{") and password.endswith("}")
        if password not in PLACEHOLDER_PASSWORDS | FAKE_TEST_PASSWORDS and not is_template:
            found.append(f"{path}: password in a URL ({match.group(0)[:40]}…)")
    in_tests = path.startswith("tests/")
    for line in text.splitlines():
        match = ASSIGNED_SECRET.search(line)
        named_only = bool(NAME_NOT_VALUE.search(line))
        if match and not in_tests and not named_only and match.group(1) not in DEMO_PASSWORDS:
            found.append(f"{path}: secret-looking assignment {line.strip()[:60]!r}")
    if not path.startswith(DEMO_PLACES):
        found += [
            f"{path}: demo password {p!r} outside its documented places"
            for p in DEMO_PASSWORDS
            if p in text
        ]
    return found


def test_no_file_that_holds_secrets_by_its_nature_is_tracked() -> None:
    bad = [p for p in tracked_files() if SECRET_FILES.search(p) and not NOT_SECRET_FILES.search(p)]
    assert bad == []


def test_no_secret_in_any_tracked_file() -> None:
    found: list[str] = []
    files = tracked_files()
    assert len(files) > 50, "the scan found almost no files: it would prove nothing"
    for path in files:
        if (ROOT / path).is_file() and (text := read_text(path)) is not None:
            found += findings(path, text)
    assert found == []


# Planted examples, assembled at run time so the repository never holds them whole.
KEY = "-----BEGIN " + "RSA PRIVATE KEY-----\nMIIE..."
PLANTED = {
    "private key": KEY,
    "AWS access key": "aws = AKIA" + "ABCDEFGHIJKLMNOP",
    "GitHub token": "gh" + "p_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8",
    "argon2 hash": "$argon2id$" + "v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA",
    "password in a URL": "DATABASE_URL=postgresql://jingan:" + "Real-Pw-9@db:5432/j",
    "secret-looking assignment": "SESSION_SECRET = '" + "f00dbabe" * 4 + "'",
    "demo password": "default_password = '" + "admin-demo-2026" + "'",
}


@pytest.mark.parametrize("rule", sorted(PLANTED))
def test_each_rule_finds_its_planted_secret(rule: str) -> None:
    found = findings("models/planted.py", PLANTED[rule])
    assert any(rule in f for f in found), found


def test_documented_and_placeholder_values_pass() -> None:
    assert findings("README.md", "`postgresql+psycopg://user:pass@host:5432/db`") == []
    assert findings("README.md", "| `admin` | `admin-demo-2026` | administrator |") == []
    assert findings("models/settings.py", 'COOKIE_NAME = "jingan_login"') == []
    assert findings("tests/unit/x.py", 'PASSWORD = "correct-horse-2026"') == []
    assert SECRET_FILES.search("deploy/.env") and not NOT_SECRET_FILES.search("deploy/.env")
    assert NOT_SECRET_FILES.search(".env.example")
