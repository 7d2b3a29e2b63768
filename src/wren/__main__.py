"""Run the CLI as ``python -m wren``."""

import sys

try:
    from wren.commands.cli import main
except KeyboardInterrupt:  # Ctrl-C while Wren is still starting
    sys.exit(130)

main()
