"""Errors a user can act on.  Each says what went wrong and what to do next, and carries the
exit status the command line ends with; `pipeline.cli` handles them all in one place.

1: the command ran and could not answer (nothing matched, the database does not exist yet).
2: the command could not run as asked (bad input file, database held by another process, a
   statement that is refused).
"""
from __future__ import annotations


class ChcError(Exception):
    exit_status = 1


class UsageError(ChcError):
    """The command could not run as asked."""

    exit_status = 2


class DatabaseMissing(ChcError, FileNotFoundError):
    """The database file does not exist yet."""


class DatabaseBusy(UsageError):
    """Another process holds the database file."""


class NotFound(ChcError, LookupError):
    """A provision, landlord or other thing the user named is not in the database."""
