"""The Dataset tab and its own widgets."""
