"""Runs MiniStack in the foreground, keeping the emails it captured across restarts.

MiniStack saves each service's state to STATE_DIR when it shuts down cleanly (PERSIST_STATE=1, on SIGTERM)
and loads it when it starts. Its SES state covers identities, templates and configuration sets but not the
messages it captured, so after a restart `npm run emails` and the tests that reconcile orders with emails
would see none of the earlier ones. This adds the captured messages to what SES saves and loads. It relies
on two names inside the pinned MiniStack (scripts/infra/aws-emulator.ts pins the version) and stops with a
clear message if an upgrade removes them.
"""

import copy
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

from ministack.app import main  # noqa: E402  (after the patch, which app reads at shutdown and start)

if __name__ == "__main__":
    sys.argv[0] = "ministack"
    sys.exit(main())
