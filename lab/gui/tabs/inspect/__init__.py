"""The Inspect tab and its own widgets."""
