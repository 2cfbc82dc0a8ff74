"""The one exception the command line turns into ``Error: …`` and exit code 1."""


class LedgerError(Exception):
    """The ledger or the request is wrong; the message is shown to the user as is."""

    def __init__(self, message: str, details: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.details = details  # further lines, e.g. an item's validation problems
