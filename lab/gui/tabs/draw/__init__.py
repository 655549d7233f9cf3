"""The Draw tab and its own widgets."""
