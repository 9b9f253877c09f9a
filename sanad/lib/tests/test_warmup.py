from pathlib import Path

from django.conf import settings
from django.template import engines

from sanad.lib.warmup import warm_up


def _cached_loader():
    loader = engines["django"].engine.template_loaders[0]
    while not hasattr(loader, "get_template_cache"):  # template_partials wraps Django's cache
        (loader,) = loader.loaders
    return loader


def test_every_project_template_is_compiled_before_the_first_request():
    loader = _cached_loader()
    loader.reset()
    names = warm_up()
    root = Path(settings.BASE_DIR) / "templates"
    assert len(names) == sum(1 for path in root.rglob("*") if path.is_file())
    assert "beneficiaries/beneficiary_list.html" in names
    assert set(names) <= set(loader.get_template_cache)
