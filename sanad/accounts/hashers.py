"""Password hashing with Argon2, one computation at a time per process.

Each Argon2 computation holds `memory_cost` (100 MiB with Django's defaults) for its duration.
A threaded worker signing several people in at once would hold that much per thread; taking
turns bounds a worker's peak memory to one computation at the cost of a short wait (a
sign-in's hash takes about 0.1 s). The parameters, and so the protection, are Django's."""

import threading

from django.contrib.auth.hashers import Argon2PasswordHasher

_one_at_a_time = threading.Lock()


class SerialArgon2PasswordHasher(Argon2PasswordHasher):
    """Django's Argon2 hasher (same algorithm name and encoded form, so existing hashes
    verify unchanged), with hashing and verification serialised within the process."""

    def encode(self, password, salt):
        with _one_at_a_time:
            return super().encode(password, salt)

    def verify(self, password, encoded):
        with _one_at_a_time:
            return super().verify(password, encoded)
