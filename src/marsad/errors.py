"""The error catalogue: one base class, a few families, messages that say what to do."""

from __future__ import annotations


class MarsadError(Exception):
    """Base of every error Marsad raises on purpose."""

    exit_code = 1


class InputError(MarsadError):
    """Input that cannot be read or understood (empty, binary, wrong encoding, not news)."""

    exit_code = 3


class ConfigError(MarsadError):
    """An invalid setting or an impossible combination of settings."""

    exit_code = 2


class PipelineError(MarsadError):
    """A stage failed or a pipeline cannot be built (unknown stage, unmet requirement)."""

    exit_code = 4


class ModelError(MarsadError):
    """A shipped model or knowledge base is missing or corrupt."""

    exit_code = 5


class StoreError(MarsadError):
    """The store cannot be opened, migrated or written."""

    exit_code = 6


class AddressInUse(MarsadError):
    """The server cannot listen on its address (another program has the port)."""

    exit_code = 7
