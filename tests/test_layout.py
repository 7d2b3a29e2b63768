"""The package's shape: importing one module loads only what it needs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from support import write_txtar

HEAVY = ("jinja2", "pyromark", "pygments", "tree_sitter", "rich", "numpy", "yaml")


def loaded_after(statement: str) -> set[str]:
    """The modules a fresh interpreter holds after running ``statement``."""
    script = f"{statement}\nimport sys\nprint('\\n'.join(sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    return set(result.stdout.split())


def test_wren_help_imports_no_build_machinery() -> None:
    loaded = loaded_after(
        "from click.testing import CliRunner\n"
        "from wren.commands.cli import cli\n"
        "assert CliRunner().invoke(cli, ['--help']).exit_code == 0"
    )
    wren = {m for m in loaded if m.startswith("wren")}
    assert wren <= {"wren", "wren.commands", "wren.commands.cli", "wren.config", "wren.errors"}
    assert not loaded & set(HEAVY)


@pytest.mark.parametrize(
    ("module", "allowed"),
    [
        (
            "wren.check.rust",
            {
                "wren.check",
                "wren.config",
                "wren.pipeline",
                "wren.pipeline.highlight",
                "wren.pipeline.grammars",
            },
        ),
        ("wren.pipeline.slug", {"wren.pipeline"}),
        ("wren.server", set()),
        ("wren.check", set()),
    ],
)
def test_importing_a_module_loads_only_what_it_imports(module: str, allowed: set[str]) -> None:
    loaded = loaded_after(f"import {module}")
    wren = {m for m in loaded if m.startswith("wren")}
    assert wren - {"wren", "wren.errors", "wren.atomic", module} <= allowed


def test_wren_check_without_rust_of_a_small_site_loads_no_http_client_pool_or_fuzzy_matcher(
    tmp_path: Path,
) -> None:
    """External links are fetched only with ``--external``; a pool of threads compiles Rust
    examples; rapidfuzz suggests a target for a broken link and compares the spellings of
    titles that share words, and here is neither."""
    site = write_txtar(
        tmp_path / "site",
        '-- site.toml --\ntitle = "Small"\n'
        "-- content/posts/2026-01-02-a.md --\n---\ntitle: Ferris on holiday\n---\n"
        "See [the other post](2026-01-03-b.md) and <https://example.org/>.\n"
        "-- content/posts/2026-01-03-b.md --\n---\ntitle: Borrowing explained\n---\nText.\n",
    )
    loaded = loaded_after(
        "from click.testing import CliRunner\n"
        "from wren.commands.cli import cli\n"
        f"result = CliRunner().invoke(cli, ['check', {str(site)!r}, '--no-rust'])\n"
        "assert result.exit_code == 0, result.output"
    )
    assert not loaded & {"urllib.request", "http.client", "concurrent.futures", "rapidfuzz"}


def test_a_small_build_imports_no_yaml_library_and_no_process_machinery(tmp_path: Path) -> None:
    site = write_txtar(
        tmp_path / "site",
        '-- site.toml --\ntitle = "Small"\n'
        '-- content/posts/2026-01-02-a.md --\n---\ntitle: "A"\ntags: [x, y]\n---\nText.\n',
    )
    loaded = loaded_after(
        "from pathlib import Path\n"
        "from wren.build import BuildOptions, build_site\n"
        f"build_site(Path({str(site)!r}), BuildOptions(use_cache=False, search=False))"
    )
    assert not loaded & {"yaml", "multiprocessing", "concurrent.futures"}
