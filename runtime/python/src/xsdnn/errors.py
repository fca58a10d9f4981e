"""Exceptions of the xsdnn runtime; their messages are the texts of the Java runtime."""

from __future__ import annotations

__all__ = ["ContractError", "ScoringError"]


class ContractError(ValueError):
    """A model directory or member file does not meet the contract this runtime reads.

    Layout, checksums, model card, tensor names and shapes. The message names the file, what was found,
    what was expected and what to do; it is the text of the Java ``ContractException``.
    """


class ScoringError(RuntimeError):
    """ONNX Runtime failed while evaluating a member that had passed the contract check on open."""
