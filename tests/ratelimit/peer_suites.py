"""Peer libraries' own test files, fetched from their sdists on PyPI at test time (never vendored).

Each sdist is pinned by version and sha256: pip downloads it with --require-hashes, the hash is
checked again on every use of the cached copy, and the version must be the one installed. The
archive is unpacked once into var/peer-suites/ (git-ignored); a second run works offline.
"""

import fcntl
import hashlib
import importlib.metadata
import importlib.util
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / "var" / "peer-suites"

# distribution -> (version, sha256 of its sdist on PyPI). The versions are those in requirements.txt.
SDISTS = {
    "djangorestframework": ("3.18.3", "446a9b352e7eff630421ab3f2328bd2401b109a9470afa4a31189994911ed030"),
    "django-ratelimit": ("4.1.0", "555943b283045b917ad59f196829530d63be2a39adb72788d985b90c81ba808b"),
}


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def _download(name, version, sha256, into):
    requirement = Path(into) / "requirement.txt"
    requirement.write_text(f"{name}=={version} --hash=sha256:{sha256}\n")
    command = [sys.executable, "-m", "pip", "download", "--no-binary", ":all:", "--no-deps", "--require-hashes"]
    command += ["--disable-pip-version-check", "-q", "-r", str(requirement), "-d", str(into)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    archives = list(Path(into).glob("*.tar.gz"))
    if done.returncode or len(archives) != 1:
        raise RuntimeError(
            f"Could not fetch the {name}=={version} sdist from the package index for its test suite "
            f"(run `{' '.join(command[:7])} {name}=={version}` to see why):\n{done.stderr[-2000:]}"
        )
    return archives[0]


def sdist_root(name):
    """The unpacked sdist of `name` at its pinned version: var/peer-suites/<name>-<version>/."""
    version, sha256 = SDISTS[name]
    installed = importlib.metadata.version(name)
    if installed != version:
        raise RuntimeError(f"{name} {installed} is installed but its suite is pinned at {version}: update SDISTS.")
    target = CACHE / f"{name}-{version}"
    archive = CACHE / f"{name}-{version}.tar.gz"
    CACHE.mkdir(parents=True, exist_ok=True)
    with open(CACHE / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # two test runs at once: one fetches, the other waits and reuses it
        if not (target.is_dir() and archive.is_file() and sha256_of(archive) == sha256):
            _fetch(name, version, sha256, target, archive)
    return target


def _fetch(name, version, sha256, target, archive):
    work = Path(tempfile.mkdtemp(dir=CACHE, prefix=".fetch-"))
    try:
        fetched = _download(name, version, sha256, work)
        if sha256_of(fetched) != sha256:
            raise RuntimeError(f"{fetched.name} does not have the pinned sha256 {sha256}.")
        unpacked = work / "unpacked"
        with tarfile.open(fetched) as tar:
            tar.extractall(unpacked, filter="data")
        (top,) = unpacked.iterdir()
        shutil.rmtree(target, ignore_errors=True)
        os.replace(top, target)
        os.replace(fetched, archive)
    finally:
        shutil.rmtree(work, ignore_errors=True)


@contextmanager
def rebound(*replacements):
    """(object, attribute, value) rebound for the duration: their modules import the names we substitute."""
    saved = [(owner, attribute, getattr(owner, attribute)) for owner, attribute, _ in replacements]
    for owner, attribute, value in replacements:
        setattr(owner, attribute, value)
    try:
        yield
    finally:
        for owner, attribute, value in saved:
            setattr(owner, attribute, value)


def load_module(module_name, path, *replacements):
    """Run the peer's test file as `module_name`, with `replacements` in place while it imports."""
    spec = importlib.util.spec_from_file_location(module_name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    with rebound(*replacements):
        spec.loader.exec_module(module)
    return module
