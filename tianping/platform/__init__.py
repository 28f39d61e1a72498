"""The kit's platform layer (see the README's picture of the layers)."""
