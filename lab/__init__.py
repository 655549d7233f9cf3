"""Digit Lab: browse MNIST and notMNIST, train classic recognizers live, look inside them, draw."""

__version__ = "0.1.0"
