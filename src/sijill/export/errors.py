"""The one error type of the exporters."""


class ExportError(Exception):
    """An export that cannot be made (a missing optional dependency, an unknown format)."""
