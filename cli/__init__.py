"""The `complaints-tui` command: the desk by default, and the headless commands, which use the
same use cases and queries of the case file as the desk does."""
