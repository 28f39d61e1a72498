"""The kit's infra layer (see the README's picture of the layers)."""
