"""Plain-Python domain: tables, codes and value rules. No Qt, no I/O beyond a session."""
