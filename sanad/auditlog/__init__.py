"""The audit log's pages: above the network layer, since who may read which event is an
access rule (`access.py`); the log itself is written by `sanad.audit`, below every app."""
