"""Engine and sessions, schema migrations, reference data, backup and restore."""
