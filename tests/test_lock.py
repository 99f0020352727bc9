"""The hashed locks are complete: an install of them that resolves nothing (``pip install
--no-deps --require-hashes``, as ``make`` does) gets every package each locked package needs.

The check walks the dependency graph from pyproject's requirements through the metadata of the
installed packages, evaluating markers and extras as a resolver would, and asks that each package
reached is pinned in the lock at a version its dependants accept. A package missing from the lock
would otherwise go unnoticed where an older install still has it.
"""

from __future__ import annotations

import re
import tomllib
from collections import deque
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^([A-Za-z0-9._-]+)(?:\[[^\]]*\])?==(\S+)", re.MULTILINE)


def read_lock(text: str) -> dict[str, Version]:
    """Each pinned package of a lock's text, by canonical name."""
    return {canonicalize_name(name): Version(version) for name, version in PIN.findall(text)}


def project_requirements(*, dev: bool) -> list[Requirement]:
    """What the project asks for: its dependencies, and for the dev lock its build requirements
    (``make`` installs the project without build isolation), the dev group and the batch extra."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    names = list(project["project"]["dependencies"])
    if dev:
        names += project["build-system"]["requires"]
        names += project["dependency-groups"]["dev"]
        names += project["project"]["optional-dependencies"]["batch"]
    return [Requirement(name) for name in names]


def lock_gaps(roots: list[Requirement], lock: dict[str, Version]) -> list[str]:
    """Every requirement reachable from ``roots`` that the lock leaves unmet, as one line each."""
    gaps: list[str] = []
    queue = deque((root, "pyproject.toml") for root in roots)
    seen: set[tuple[str, frozenset[str]]] = set()
    while queue:
        requirement, wanted_by = queue.popleft()
        name = canonicalize_name(requirement.name)
        if name not in lock:
            gaps.append(f"{requirement} (wanted by {wanted_by}) is not in the lock")
            continue
        if not requirement.specifier.contains(lock[name], prereleases=True):
            gaps.append(f"{requirement} (wanted by {wanted_by}) but the lock pins {name}=={lock[name]}")
        extras = frozenset(requirement.extras)
        if (name, extras) in seen:
            continue
        seen.add((name, extras))
        for needed in metadata.distribution(name).requires or []:
            dependency = Requirement(needed)
            active = {"", *extras}
            if dependency.marker is None or any(dependency.marker.evaluate({"extra": e}) for e in active):
                queue.append((dependency, f"{name}[{','.join(sorted(extras))}]" if extras else name))
    return gaps


@pytest.mark.parametrize(("lock_file", "dev"), [("requirements.lock", False), ("requirements-dev.lock", True)])
def test_the_lock_holds_everything_its_packages_need(lock_file: str, dev: bool) -> None:
    lock = read_lock((ROOT / lock_file).read_text(encoding="utf-8"))
    assert lock_gaps(project_requirements(dev=dev), lock) == []


def test_the_environment_is_the_dev_lock() -> None:
    """The metadata the walk reads is the locked packages' own: the venv holds the locked versions."""
    lock = read_lock((ROOT / "requirements-dev.lock").read_text(encoding="utf-8"))
    installed = {name: Version(metadata.version(name)) for name in lock}
    assert installed == lock


def test_every_pin_carries_a_hash() -> None:
    text = (ROOT / "requirements-dev.lock").read_text(encoding="utf-8")
    entries = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 2)[2])
    assert entries
    assert all("--hash=sha256:" in entry for entry in entries if PIN.match(entry))


def test_a_package_removed_from_the_lock_is_found_missing() -> None:
    """justext needs lxml[html_clean], which needs lxml-html-clean: drop it and the walk says so."""
    text = (ROOT / "requirements-dev.lock").read_text(encoding="utf-8")
    lock = read_lock(text)
    del lock["lxml-html-clean"]
    gaps = lock_gaps(project_requirements(dev=True), lock)
    assert any("wanted by lxml[html_clean]" in gap for gap in gaps), gaps


def test_a_pin_outside_a_dependants_range_is_found() -> None:
    lock = read_lock((ROOT / "requirements.lock").read_text(encoding="utf-8"))
    lock["spacy"] = Version("3.7.0")
    assert any("spacy<3.9,>=3.8" in gap for gap in lock_gaps(project_requirements(dev=False), lock))
