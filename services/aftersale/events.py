"""Events aftersale publishes (none yet beyond the shared blacklist machinery)."""
