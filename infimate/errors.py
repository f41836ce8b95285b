"""Errors a user can act on. The CLI prints them as one line (exit 2); pages show them."""


class InfimateError(Exception):
    """Base class: a problem with the user's input or data, not a bug."""


class DataFileError(InfimateError):
    """A file cannot be read at all (missing, empty, binary, not UTF-8, missing columns)."""

    def __init__(self, path: object, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = str(path)
        self.problem = problem
