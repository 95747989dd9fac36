"""Demo content of the matchmaking, loaded by `manage.py load_demo`: the programme first, then the register."""

from .programme import load_programme
from .register import load_register

__all__ = ["load_programme", "load_register"]
