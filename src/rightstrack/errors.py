"""One exception hierarchy. Each message says what happened and, where useful, what to do."""


class RightsTrackError(Exception):
    """Root of every error Rights Track raises on purpose."""


class InputError(RightsTrackError):
    """A user's input cannot be ingested; other inputs still go through."""


class UnsupportedFormat(InputError):
    pass


class DocumentTooLarge(InputError):
    pass


class EmptyDocument(InputError):
    pass


class CorruptDocument(InputError):
    pass


class DecodeFailed(InputError):
    pass


class FetchFailed(InputError):
    pass


class NotFound(RightsTrackError):
    pass


class ImportFailed(RightsTrackError):
    pass


class StoreError(RightsTrackError):
    pass


class SettingsError(RightsTrackError):
    pass


class PermissionDenied(RightsTrackError):
    """The user may not do this, or is not signed in."""


class NotSignedIn(PermissionDenied):
    """Nobody is signed in, and this needs someone who is."""
