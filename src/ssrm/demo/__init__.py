"""The embedded demo account: a small web shop planted in the moto emulator, then scanned for real."""
