"""Content checks run by ``wren check``."""
