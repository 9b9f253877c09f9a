"""WSGI entry point (gunicorn sanad.wsgi)."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanad.settings")
application = get_wsgi_application()

from sanad.lib.warmup import warm_up  # noqa: E402 (needs the settings loaded above)

warm_up()
# Everything loaded so far (modules, settings, templates, URL map) lives as long as the
# process: keep it out of the garbage collector's full passes, which otherwise scan it every
# few requests (docs/performance.md).
gc.freeze()
