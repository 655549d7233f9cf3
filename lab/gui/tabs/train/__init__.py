"""The Train tab and its own widgets."""
