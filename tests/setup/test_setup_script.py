"""``scripts/setup`` on a stock Debian Python: uv installed privately, never into the system."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEBIAN_PYTHON = Path("/usr/bin/python3")
PROJECT_FILES = ("scripts/setup", "pyproject.toml", "uv.lock", "README.md", "src")

pytestmark = pytest.mark.skipif(
    not DEBIAN_PYTHON.is_file() or shutil.which("uv", path="/usr/bin:/bin") is not None,
    reason="needs the system's /usr/bin/python3 and no uv in /usr/bin or /bin",
)


def copy_project(target: Path) -> Path:
    """What a fresh clone holds that setup reads (no .venv/, no .venv-tools/)."""
    for name in PROJECT_FILES:
        source, copy = ROOT / name, target / name
        copy.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, copy, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, copy)
    return target


def debian_environment(path: str = "/usr/bin:/bin") -> dict[str, str]:
    """The caller's environment with Debian's Python first on PATH and no uv to be found."""
    environment = dict(os.environ, PATH=path)
    for name in ("VIRTUAL_ENV", "PYENV_VERSION", "CONDA_PREFIX", "UV_PYTHON"):
        environment.pop(name, None)
    return environment


def run_setup(project: Path, environment: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["/bin/bash", str(project / "scripts/setup")],
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def system_python_has_uv() -> bool:
    found = subprocess.run(
        [str(DEBIAN_PYTHON), "-c", "import uv"], capture_output=True, check=False
    )
    return found.returncode == 0


@pytest.mark.slow
def test_setup_with_debians_python_installs_uv_privately_and_the_project(
    tmp_path: Path,
) -> None:
    project = copy_project(tmp_path / "clone")
    assert not system_python_has_uv()

    result = run_setup(project, debian_environment())

    assert result.returncode == 0, result.stderr
    assert "Installing uv" in result.stdout
    assert "externally-managed-environment" not in result.stderr
    tools_python = (project / ".venv-tools/bin/python").resolve()
    assert tools_python.is_file()
    assert (project / ".venv-tools/bin/uv").is_file()
    assert not system_python_has_uv()  # the system's Python is left as it was
    wren = subprocess.run(
        [str(project / ".venv/bin/wren"), "--help"], capture_output=True, text=True, check=False
    )
    assert wren.returncode == 0, wren.stderr
    assert "serve" in wren.stdout


def test_a_python_without_venv_is_named_in_one_line(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "clone")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    # Debian's python3 as it is before python3-venv is installed: `-m venv` fails.
    python3 = bin_dir / "python3"
    python3.write_text(
        "#!/bin/sh\n"
        'if [ "$1" = "-m" ] && [ "$2" = "venv" ]; then\n'
        '  echo "The virtual environment was not created successfully because ensurepip is not'
        ' available." >&2\n'
        "  exit 1\n"
        "fi\n"
        f'exec {DEBIAN_PYTHON} "$@"\n'
    )
    python3.chmod(0o755)

    result = run_setup(project, debian_environment(f"{bin_dir}:/usr/bin:/bin"))

    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "scripts/setup: python3 cannot make a virtual environment: install python3-venv"
        " (Debian: sudo apt-get install python3-venv)"
    ]
    assert not (project / ".venv-tools").exists()
    assert not (project / ".venv").exists()
