"""transpress: one press release, published in English, French and Japanese."""

from __future__ import annotations

__version__ = "0.1.0"
