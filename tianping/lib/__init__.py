"""The kit's lib layer (see the README's picture of the layers)."""
