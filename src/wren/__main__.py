"""Run the CLI as ``python -m wren``."""

from wren.commands.cli import main

main()
