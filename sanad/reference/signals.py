"""Signals the reference app sends for the apps that build on it."""

from django.dispatch import Signal

# Sent by `load_reference` once its own data is in: apps above add theirs (the privacy
# app its retention rules) without the reference app knowing them.
reference_loaded = Signal()
