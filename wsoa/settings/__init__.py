"""Settings by environment: base (shared), local (embedded default), test, production."""
