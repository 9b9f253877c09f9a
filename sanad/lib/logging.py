"""What the server log keeps of a refused request: one line, never a traceback."""

import logging


class OneLineRefusals(logging.Filter):
    """Drops the traceback Django attaches to a 4xx: a refusal is the request's doing, and a
    probe would otherwise fill the log with stacks. Server errors keep theirs. Django escapes
    the request path it logs."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", 500) < 500:
            record.exc_info = None
            record.exc_text = None
        return True
