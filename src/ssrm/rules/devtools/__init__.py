"""devtools rules; MODULES lists the modules the catalog reads."""

from types import ModuleType

MODULES: tuple[ModuleType, ...] = ()
