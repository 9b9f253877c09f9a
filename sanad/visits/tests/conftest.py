from sanad.beneficiaries.tests.conftest import aicha, fatima, prisons  # noqa: F401 (fixtures)
from sanad.legal.tests.conftest import rules  # noqa: F401 (fixture)
