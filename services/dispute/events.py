"""Events dispute publishes (none yet beyond the shared blacklist machinery)."""
