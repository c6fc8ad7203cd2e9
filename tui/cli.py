"""The command line lives in `cli`; this older name is kept so that scripts importing it still
work."""

from cli.main import main

__all__ = ["main"]
