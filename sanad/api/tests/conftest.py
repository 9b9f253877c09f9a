from sanad.beneficiaries.tests.conftest import aicha, fatima, prisons  # noqa: F401 (fixtures)
