"""casework: a workflow engine for political case processing in Danish municipalities."""

__version__ = "0.1.0"
