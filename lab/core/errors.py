"""Errors meant for people: each message says what is wrong and what to do about it.

The CLI prints ``error: <message>`` and exits 2; the GUI shows the message and keeps running.
"""


class LabError(Exception):
    """Base of every error Digit Lab reports to a person instead of a traceback."""


class DatasetError(LabError):
    """A data file or folder is missing, damaged or not what it claims to be."""


class DownloadError(DatasetError):
    """A download failed, was interrupted or did not match its checksum."""


class ModelError(LabError):
    """A model folder is missing, corrupt, unsafe or does not fit the data."""


class TrainingError(LabError):
    """Training could not start or had to stop (for example a NaN loss)."""


class ImageError(LabError):
    """An image file cannot be read or used for prediction."""


class EmptyImageError(ImageError):
    """The image holds no ink: there is nothing to classify."""
