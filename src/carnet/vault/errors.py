"""Errors raised by the vault. They never carry key material or clear text."""


class VaultError(Exception):
    """Base class of every vault error."""


class InvalidToken(VaultError):
    """A ciphertext is malformed, was altered, or belongs to another context.

    AES-GCM cannot tell these cases apart, and neither do we: a token copied to
    another row, column or practice fails exactly like a flipped bit.
    """


class MissingKey(VaultError):
    """The key a token or a wrapped key names is not available."""


class MasterKeyError(VaultError):
    """The master key configuration is missing, malformed or unsafe."""
