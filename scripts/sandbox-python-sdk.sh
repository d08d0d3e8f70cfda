#!/usr/bin/env bash
# Bandwidth's official Python SDK (PyPI `bandwidth-sdk`) against bandwidth-sandbox: send (Basic and OAuth2),
# list, and a media round trip (upload / list / download / delete, media id with '/').
# Prints "N passed, M failed" and exits non-zero on a failure.
#
# Usage: scripts/sandbox-python-sdk.sh          (needs python3 with venv and pip, and access to PyPI)
set -euo pipefail
cd "$(dirname "$0")/.."

SDK_VERSION="${BANDWIDTH_SDK_VERSION:-23.3.1}"
PORT="${SANDBOX_PORT:-19250}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}"

WORK="$(mktemp -d)"
SANDBOX_PID=""
cleanup() {
  if [ -n "$SANDBOX_PID" ]; then kill "$SANDBOX_PID" 2>/dev/null || true; wait "$SANDBOX_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

VENV="${SANDBOX_PY_VENV:-$WORK/venv}"
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
"$VENV/bin/pip" install -q "bandwidth-sdk==$SDK_VERSION"

cargo build -q -p bandwidth-sandbox --bin bandwidth-sandbox
RUST_LOG=warn "$CARGO_TARGET_DIR/debug/bandwidth-sandbox" --listen "127.0.0.1:$PORT" >"$WORK/sandbox.out" 2>"$WORK/sandbox.err" &
SANDBOX_PID=$!
for _ in $(seq 1 100); do
  if grep -q "listening" "$WORK/sandbox.out" 2>/dev/null; then break; fi
  sleep 0.1
done

"$VENV/bin/python" - "http://127.0.0.1:$PORT" <<'EOF'
import sys

import bandwidth
from bandwidth.api.media_api import MediaApi
from bandwidth.api.messages_api import MessagesApi
from bandwidth.models.message_request import MessageRequest

ROOT = sys.argv[1]
ACCOUNT = "9900000"
APP = "00000000-0000-4000-8000-000000000001"
passed, failed = 0, 0


def check(name, condition, detail=""):
    global passed, failed
    if condition:
        passed += 1
        print(f"ok   {name}")
    else:
        failed += 1
        print(f"FAIL {name} {detail}")


basic = bandwidth.Configuration(
    host=f"{ROOT}/api/v2", username="sandbox", password="sandbox", ignore_operation_servers=True
)
oauth = bandwidth.Configuration(
    host=f"{ROOT}/api/v2",
    client_id="sandbox-client",
    client_secret="sandbox-secret",
    access_token_url=f"{ROOT}/api/v1/oauth2/token",
    ignore_operation_servers=True,
)

with bandwidth.ApiClient(basic) as client:
    messages = MessagesApi(client)
    request = MessageRequest(application_id=APP, to=["+15551234567"], var_from="+15557654321", text="Hello from the Python SDK")
    response = messages.create_message_with_http_info(ACCOUNT, request)
    check("create_message answers 202", response.status_code == 202, response.status_code)
    message = response.data
    check("the Message has a 29-character id", message.id is not None and len(message.id) == 29, message.id)
    check("segmentCount is 1", message.segment_count == 1, message.segment_count)
    check("owner is the sender", message.owner == "+15557654321", message.owner)

    failed_request = MessageRequest(application_id=APP, to=["+15550004432"], var_from="+15557654321", text="magic")
    messages.create_message(ACCOUNT, failed_request)

    listed = messages.list_messages(ACCOUNT, source_tn="+15557654321")
    check("list_messages returns both", listed.total_count == 2, listed.total_count)
    statuses = sorted(str(item.message_status.value) for item in listed.messages)
    check("statuses are DELIVERED and FAILED", statuses == ["DELIVERED", "FAILED"], statuses)
    check("no text in the list", all(not hasattr(item, "text") for item in listed.messages))

    try:
        messages.create_message(ACCOUNT, MessageRequest(application_id=APP, to=["123"], var_from="+15557654321", text="x"))
        check("an invalid number is refused", False, "no exception")
    except bandwidth.exceptions.ApiException as error:
        check("an invalid number is refused with 400", error.status == 400, error.status)

    media = MediaApi(client)
    payload = bytes(range(256)) * 4
    media.upload_media(ACCOUNT, "sdk/0/image.png", payload, _content_type="image/png")
    downloaded = media.get_media(ACCOUNT, "sdk/0/image.png")
    check("media round trip keeps the bytes", bytes(downloaded) == payload, len(downloaded))
    names = [item.media_name for item in media.list_media(ACCOUNT)]
    check("list_media shows the file", "sdk/0/image.png" in names, names)
    media.delete_media(ACCOUNT, "sdk/0/image.png")
    try:
        media.get_media(ACCOUNT, "sdk/0/image.png")
        check("a deleted file is gone", False, "still there")
    except bandwidth.exceptions.ApiException as error:
        check("a deleted file answers 404", error.status == 404, error.status)

with bandwidth.ApiClient(oauth) as client:
    response = MessagesApi(client).create_message_with_http_info(
        ACCOUNT, MessageRequest(application_id=APP, to=["+15551234567"], var_from="+15557654321", text="via OAuth2")
    )
    check("create_message with OAuth2 answers 202", response.status_code == 202, response.status_code)

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
EOF
