"""Runs MiniStack in the foreground under uvicorn, keeping the emails it captured across restarts.

Serving: MiniStack is an ASGI app that its own `ministack` command serves with Hypercorn (h11, asyncio).
Served by uvicorn with httptools and uvloop (pinned beside MiniStack by scripts/infra/aws-emulator.ts), one
emulator call costs about half the time and CPU, on a path where an order's email waits for five of them.
The app is the same: its lifespan loads the saved state at start and saves it on SIGTERM, as under
Hypercorn. What `ministack` does around it that matters here is done below: a raised file limit, no
Server/Date headers added by the server (the app sets Date itself).

Captured emails: MiniStack saves each service's state to STATE_DIR when it shuts down cleanly (PERSIST_STATE=1, on SIGTERM)
and loads it when it starts. Its SES state covers identities, templates and configuration sets but not the
messages it captured, so after a restart `npm run emails` and the tests that reconcile orders with emails
would see none of the earlier ones. This adds the captured messages to what SES saves and loads. It relies
on two names inside the pinned MiniStack (scripts/infra/aws-emulator.ts pins the version) and stops with a
clear message if an upgrade removes them.
"""

import copy
import os
import resource
import sys

from ministack.services import ses

for name in ("_sent_emails", "_restore_regional_store", "get_state", "load_persisted_state"):
    if not hasattr(ses, name):
        sys.exit(f"this MiniStack has no ministack.services.ses.{name}: update infra/ministack/launch.py")

_get_state = ses.get_state
_load_persisted_state = ses.load_persisted_state


def get_state():
    state = _get_state()
    state["_sent_emails"] = copy.deepcopy(ses._sent_emails)
    return state


def load_persisted_state(data):
    _load_persisted_state(data)
    ses._restore_regional_store(ses._sent_emails, data.get("_sent_emails", {}))


ses.get_state = get_state
ses.load_persisted_state = load_persisted_state

import uvicorn  # noqa: E402
from ministack.app import app  # noqa: E402  (after the patch, which app reads at shutdown and start)

if __name__ == "__main__":
    # Connection bursts (the benchmark's 50 clients, each function's SDK pool) must not hit a soft limit of 1024.
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    uvicorn.run(
        app,
        host=os.environ["BIND_HOST"],
        port=int(os.environ["GATEWAY_PORT"]),
        loop="uvloop",
        http="httptools",
        lifespan="on",
        log_level=os.environ.get("LOG_LEVEL", "info").lower(),
        access_log=False,
        server_header=False,
        date_header=False,
        # MiniStack's own keep-alive; the SDKs' pools reuse a connection for that long.
        timeout_keep_alive=75,
        # Requests under way get this long to finish on SIGTERM, before the state is saved.
        timeout_graceful_shutdown=5,
    )
