"""Wren: a static publisher for learning-in-public blogs."""

__version__ = "0.1.0"
