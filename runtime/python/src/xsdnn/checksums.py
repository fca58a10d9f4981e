"""SHA-256 checksums and the ``SHA256SUMS`` file of a model directory (GNU ``sha256sum`` format)."""

from __future__ import annotations

import hashlib
import os
import re
from typing import Dict

__all__ = ["FILE_NAME", "hex_of", "parse", "format_sums"]

#: Name of the checksum file inside a model directory.
FILE_NAME = "SHA256SUMS"

_SEPARATOR = re.compile(r"\s+\*?", re.ASCII)
_HEX64 = re.compile(r"[0-9a-fA-F]{64}", re.ASCII)


def hex_of(path: "os.PathLike[str] | str") -> str:
    """Lower-case hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def parse(text: str) -> Dict[str, str]:
    """``SHA256SUMS`` text to file name → lower-case hex, in file order.

    Accepts the binary marker ``*`` that ``sha256sum -b`` writes before the name. Raises ValueError
    naming the line that is not ``<64 hex digits>  <name>``.
    """
    sums: Dict[str, str] = {}
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if not line:
            continue
        parts = _SEPARATOR.split(line, maxsplit=1)
        if len(parts) != 2 or not _HEX64.fullmatch(parts[0]):
            raise ValueError(f'{FILE_NAME}:{number}: "{line}"; expected <64 hex digits>  <file name>')
        sums[parts[1]] = parts[0].lower()
    return sums


def format_sums(hex_by_file_name: Dict[str, str]) -> str:
    """One ``<hex>  <name>`` line per entry, in the mapping's order."""
    return "".join(f"{hex_}  {name}\n" for name, hex_ in hex_by_file_name.items())
