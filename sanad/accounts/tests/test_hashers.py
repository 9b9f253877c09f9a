import subprocess
import sys
import textwrap
from pathlib import Path

from django.contrib.auth.hashers import Argon2PasswordHasher

from sanad.accounts.hashers import SerialArgon2PasswordHasher

PEAK_GROWTH = textwrap.dedent(
    """
    import threading
    from django.conf import settings
    settings.configure()
    from sanad.accounts.hashers import SerialArgon2PasswordHasher

    def peak():
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) // 1024

    hasher = SerialArgon2PasswordHasher()
    encoded = hasher.encode("a long passphrase", hasher.salt())
    before = peak()
    threads = [threading.Thread(target=hasher.verify, args=("a long passphrase", encoded))
               for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(peak() - before)
    """
)


def test_existing_argon2_passwords_still_verify_and_new_ones_are_standard():
    stock, serial = Argon2PasswordHasher(), SerialArgon2PasswordHasher()
    assert serial.algorithm == stock.algorithm == "argon2"
    assert serial.verify("correct horse", stock.encode("correct horse", stock.salt()))
    encoded = serial.encode("battery staple", serial.salt())
    assert stock.verify("battery staple", encoded)
    assert not serial.verify("wrong", encoded)


def test_simultaneous_sign_ins_hold_one_hash_worth_of_memory():
    """Four threads verifying at once grow the process's peak by one Argon2 computation
    (100 MiB), not four."""
    growth = subprocess.run(  # noqa: S603 (our interpreter, our script)
        [sys.executable, "-c", PEAK_GROWTH],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[3],
    ).stdout
    assert int(growth) < 150
