"""The kit's runtime layer (see the README's picture of the layers)."""
