from sanad.beneficiaries.tests.conftest import prisons  # noqa: F401 (fixture)
