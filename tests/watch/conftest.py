from tests.e2e.conftest import env, planted  # noqa: F401  (the demo account in the emulator)
