"""gunicorn's logs in Safeguard's format (safeguard/core/logs.py): JSON lines in production.

The access log gives method, path without the query string (a register search holds a child's name),
status, bytes, duration, client address, user agent and the request id the application returned;
never the Referer (another page's query string) or any cookie.
"""

import logging

from gunicorn import glogging

from safeguard.core.logs import REQUEST_ID_HEADER, ContextFilter, JsonFormatter, TextFormatter


def _formatter(log_format: str) -> logging.Formatter:
    return JsonFormatter() if log_format == "json" else TextFormatter()


class SafeguardLogger(glogging.Logger):
    log_format = "json"  # set from LOG_FORMAT by config/gunicorn.conf.py

    def setup(self, cfg) -> None:
        super().setup(cfg)
        formatter = _formatter(self.log_format)
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                handler.setFormatter(formatter)
                handler.addFilter(ContextFilter())

    def access(self, resp, req, environ, request_time) -> None:
        if not self.access_log_enabled:
            return
        status = resp.status.split(None, 1)[0] if isinstance(resp.status, str) else resp.status
        headers = resp.headers.items() if hasattr(resp.headers, "items") else resp.headers
        request_id = next((v for k, v in headers if k.lower() == REQUEST_ID_HEADER.lower()), None)
        fields = {
            "method": environ.get("REQUEST_METHOD"),
            "path": environ.get("PATH_INFO", ""),
            "status": int(status) if str(status).isdigit() else status,
            "bytes": getattr(resp, "sent", None),
            "duration_ms": round(request_time.total_seconds() * 1000, 1),
            "remote_addr": environ.get("REMOTE_ADDR"),
            "user_agent": environ.get("HTTP_USER_AGENT"),
            "request_id": request_id,
        }
        try:
            self.access_log.info("%s %s %s", fields["method"], fields["path"], fields["status"], extra=fields)
        except Exception:
            self.exception("Could not write the access log line")
