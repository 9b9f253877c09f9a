"""Plain text from Django templates: e-mails and letters are not web pages."""

from django.template import Context, engines


def render_plain_text(name: str, context: dict) -> str:
    """The template `name` rendered without HTML escaping, so that "d'éducation & Co" stays
    as typed (Django's templates escape every value by default, whatever the file). Only for
    text that never reaches a page unescaped: e-mails, and letters shown in a form field
    (which escapes them) before they become a PDF."""
    template = engines["django"].engine.get_template(name)
    return template.render(Context(context, autoescape=False))
