"""Pure functions: numbers in, numbers out. No widgets, no charts, no I/O."""
