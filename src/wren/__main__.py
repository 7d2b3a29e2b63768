"""Run the CLI as ``python -m wren``."""

from wren.cli import main

main()
