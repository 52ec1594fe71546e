"""Rules on what only infrastructure code declares (outputs, variables); MODULES lists the modules the catalog reads."""

from types import ModuleType

from ssrm.rules.iac import code

MODULES: tuple[ModuleType, ...] = (code,)
