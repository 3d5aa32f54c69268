"""Errors a person can read: each carries the Indonesian message the chat or the CLI shows."""

from __future__ import annotations


class WorkflowError(Exception):
    """A refused action; nothing was changed."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotRegistered(WorkflowError):
    """The Telegram account is bound to no role."""


class NotAllowed(WorkflowError):
    """The person lacks the role (or the bidang) the action needs."""


class Stale(WorkflowError):
    """The round or submission moved on since the button was shown, or the version differs."""


class LostRace(Exception):
    """Another unit of work changed the round or submission between this one's read and its
    write (two presses at once, two processes). Not shown to anyone: the use case runs again
    and refuses with what happened (`bot.workflow.transitions.once`)."""


class InvalidInput(WorkflowError):
    """A value or reason that cannot be accepted as given."""


class NotFound(WorkflowError):
    """No such round, submission, indicator or bidang (or one the person may not see)."""


class StartupError(Exception):
    """`kinerja-bot run` could not start (Telegram, the network, the webhook port); its text is
    the one Indonesian sentence the CLI prints, and never holds the token."""
