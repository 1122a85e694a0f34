"""Alerts: one JSON POST to ``NEWSBOT_ALERT_WEBHOOK`` per unhealthy outlet run (no mail agent assumed).

The body names the outlet, the run, the problems and where the report is, so a chat hook or an
incident tool can show it as is. A webhook that fails is logged and counted, never fatal: the run's
own exit status and report still say it was unhealthy.
"""

from __future__ import annotations

import socket
import urllib.error
import urllib.request

import orjson

USER_AGENT = "newsbot-alert/1"


def alert_payload(outlet: str, run_id: str, section: dict, report: str | None, host: str | None = None) -> dict:
    """What one alert says (pure)."""
    health = section.get("health") or {}
    problems = list(health.get("problems") or [])
    return {
        "event": "newsbot.unhealthy_run",
        "outlet": outlet,
        "run_id": run_id,
        "host": host or socket.gethostname(),
        "finished_at": section.get("finished_at"),
        "problems": problems,
        "text": f"newsbot: {outlet} unhealthy: {'; '.join(problems)}",
        "written": section.get("written"),
        "dropped": section.get("dropped"),
        "drops": section.get("drops"),
        "report": report,
    }


def post_alert(url: str, payload: dict, timeout: float) -> str | None:
    """POST the payload as JSON; None when the hook answered 2xx, else why not."""
    request = urllib.request.Request(
        url, data=orjson.dumps(payload), method="POST", headers={"Content-Type": "application/json", "User-Agent": USER_AGENT},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status = response.status
    except urllib.error.HTTPError as exc:
        return f"HTTP {exc.code}"
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return f"{type(exc).__name__}: {getattr(exc, 'reason', exc)}"
    return None if 200 <= status < 300 else f"HTTP {status}"
