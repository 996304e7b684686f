# shellcheck shell=bash disable=SC2034 # the LOCAL_IAM_* variables are the caller's to read
# A local KakaoCloud IAM and a private keyring, for scripts/demo and scripts/bench (source this
# file; it runs nothing by itself):
#
#   - a real OpenStack Keystone on a free 127.0.0.1 port, started exactly as the tests start it
#     (tests/it/support/keystone.rs): SQLite, Fernet tokens, and tests/keystone/kcred_keystone.py
#     for KakaoCloud's rules (2 IAM and 2 S3 access keys per project, S3 keys manageable with an
#     IAM access key's token, `Content-Type: application/json` required on POST /auth/tokens),
#     and, if asked, a second listener of the same Keystone that speaks HTTPS;
#   - a private D-Bus session bus and an unlocked gnome-keyring on it, whose files live in a
#     throwaway dir: never the user's own keyring;
#   - a project, a member user and an IAM access key (an unrestricted application credential).
#
# No password, token or secret is ever put on a command line: request bodies and auth headers
# reach curl in 0600 files, the admin password reaches keystone-manage in its environment.
# Callers set LOCAL_IAM_NAME (the name in messages) and call local_iam_stop when done.

# shellcheck source=scripts/lib/wait-for-http.sh
. "$(dirname "${BASH_SOURCE[0]}")/wait-for-http.sh"

LOCAL_IAM_NAME="${LOCAL_IAM_NAME:-local-iam}"
LOCAL_IAM_BUS_PID=""
LOCAL_IAM_KEYRING_PID=""
LOCAL_IAM_GUNICORN_PID=""
LOCAL_IAM_TLS_GUNICORN_PID="" # the HTTPS listener's (local_iam_start_keystone_tls), if any
LOCAL_IAM_TLS_ENDPOINT=""     # https://127.0.0.1:PORT/v3
LOCAL_IAM_TLS_PORT=""
LOCAL_IAM_TLS_CA=""           # the CA that signed its certificate
LOCAL_IAM_KEYSTONE_VENV=""
LOCAL_IAM_ROOT=""
LOCAL_IAM_PARENT=""
LOCAL_IAM_DIR=""      # Keystone's files: config, database, keys, logs
LOCAL_IAM_ENDPOINT="" # http://127.0.0.1:PORT/v3
LOCAL_IAM_PORT=""
LOCAL_IAM_JOBS=() # keystone-manage runs in the background, while they run
LOCAL_IAM_PYTHON="python3" # the Keystone venv's, once local_iam_start_keystone has run

local_iam_say() { echo "$LOCAL_IAM_NAME: $*" >&2; }
local_iam_fail() {
  local_iam_say "$*"
  return 1
}

# local_iam_start_bus DIR: a private session bus (its socket DIR/bus), exported in
# DBUS_SESSION_BUS_ADDRESS. It runs with a throwaway HOME and XDG dirs under DIR: should the
# keyring daemon die, the bus starts a new one on demand, and that one must not find (or create)
# the user's own keyring. The bus outlives the caller until local_iam_stop (or kill) ends it.
local_iam_start_bus() {
  local dir="$1" out
  (umask 077 && mkdir -p "$dir/bus-home/runtime")
  out=$(HOME="$dir/bus-home" XDG_DATA_HOME="$dir/bus-home/data" XDG_CACHE_HOME="$dir/bus-home/cache" \
    XDG_CONFIG_HOME="$dir/bus-home/config" XDG_RUNTIME_DIR="$dir/bus-home/runtime" \
    dbus-daemon --session --fork --nopidfile --print-address=1 --print-pid=1 \
    --address="unix:path=$dir/bus" </dev/null 2>"$dir/bus.log") || {
    cat "$dir/bus.log" >&2
    local_iam_fail "dbus-daemon did not start"
    return 1
  }
  DBUS_SESSION_BUS_ADDRESS=$(sed -n 1p <<<"$out")
  LOCAL_IAM_BUS_PID=$(sed -n 2p <<<"$out")
  export DBUS_SESSION_BUS_ADDRESS
  [ -n "$LOCAL_IAM_BUS_PID" ] || local_iam_fail "dbus-daemon gave no PID"
}

# The PID of whatever owns org.freedesktop.secrets on the session bus, if anything.
local_iam_keyring_owner() {
  dbus-send --session --print-reply=literal --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.GetConnectionUnixProcessID string:org.freedesktop.secrets 2>/dev/null |
    awk '{print $2}'
}

# local_iam_start_keyring DIR PASSWORD: gnome-keyring-daemon on the current session bus, its
# files in DIR (never the user's own keyring), unlocked with PASSWORD (given on its stdin), as
# scripts/test does it. Sets LOCAL_IAM_KEYRING_PID (the daemon forks away; the bus knows it).
local_iam_start_keyring() {
  local dir="$1" password="$2"
  (umask 077 && mkdir -p "$dir/runtime")
  printf '%s' "$password" | HOME="$dir" XDG_DATA_HOME="$dir" XDG_RUNTIME_DIR="$dir/runtime" \
    gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>"$dir/daemon.log"
  # Up to 30 s: on a loaded machine the daemon can take seconds to claim its name.
  for _ in $(seq 1 300); do
    LOCAL_IAM_KEYRING_PID=$(local_iam_keyring_owner) && [ -n "$LOCAL_IAM_KEYRING_PID" ] && return 0
    sleep 0.1
  done
  cat "$dir/daemon.log" >&2
  local_iam_fail "gnome-keyring-daemon did not come up"
}

# Whether the keyring daemon started above is still the one answering.
local_iam_keyring_alive() {
  [ -n "$LOCAL_IAM_KEYRING_PID" ] && [ "$(local_iam_keyring_owner)" = "$LOCAL_IAM_KEYRING_PID" ]
}

# local_iam_start_keystone VENV ROOT DIR [PARENT_PID]: Keystone from the venv VENV (as
# scripts/setup makes it), with ROOT/tests/keystone/kcred_keystone.py, its files in DIR (a dir
# named kcred-keystone-*). When the process PARENT_PID (default: this shell) is gone, the server
# removes DIR and stops by itself, so no Keystone outlives its caller even if the caller is
# killed outright; PARENT_PID 0 turns that off. Sets LOCAL_IAM_DIR, LOCAL_IAM_PORT,
# LOCAL_IAM_ENDPOINT, LOCAL_IAM_GUNICORN_PID, and leaves an admin token in DIR/admin.hdr.
local_iam_start_keystone() {
  local venv="$1" root="$2" ks="$3" parent="${4:-$$}"
  local bin="$venv/bin" admin_password
  LOCAL_IAM_PYTHON="$bin/python"
  case "$(basename "$ks")" in
    kcred-keystone-*) ;;
    *) local_iam_fail "Keystone's dir must be named kcred-keystone-*: $ks" || return 1 ;;
  esac
  LOCAL_IAM_DIR="$ks"
  (umask 077 && mkdir -p "$ks/fernet-keys" "$ks/receipt-keys" "$ks/credential-keys")
  _local_iam_pick_port
  # The same keystone.conf as write_config in tests/it/support/keystone.rs.
  cat >"$ks/keystone.conf" <<CONF
[DEFAULT]
log_file = $ks/keystone.log
[database]
connection = sqlite:///$ks/keystone.db
[token]
provider = fernet
expiration = 3600
[fernet_tokens]
key_repository = $ks/fernet-keys
[fernet_receipts]
key_repository = $ks/receipt-keys
[credential]
key_repository = $ks/credential-keys
[application_credential]
user_limit = -1
[identity]
# bcrypt's cheapest cost, as in the tests: this is no production.
password_hash_rounds = 4
CONF
  admin_password="$("$LOCAL_IAM_PYTHON" -c 'import secrets; print(secrets.token_urlsafe(18))')"
  # The three are independent, and each spends most of its time importing Keystone.
  local job failed=0
  _local_iam_manage "$bin" db_sync &
  LOCAL_IAM_JOBS+=($!)
  _local_iam_manage "$bin" fernet_setup --keystone-user "$(id -un)" --keystone-group "$(id -gn)" &
  LOCAL_IAM_JOBS+=($!)
  _local_iam_manage "$bin" credential_setup --keystone-user "$(id -un)" --keystone-group "$(id -gn)" &
  LOCAL_IAM_JOBS+=($!)
  for job in "${LOCAL_IAM_JOBS[@]}"; do wait "$job" || failed=1; done
  LOCAL_IAM_JOBS=()
  [ "$failed" = 0 ] || return 1
  LOCAL_IAM_KEYSTONE_VENV="$venv"
  LOCAL_IAM_ROOT="$root"
  LOCAL_IAM_PARENT="$parent"
  # The port was free when picked, seconds ago; another process may have taken it since (a
  # busy machine binds ports all the time). Then gunicorn cannot bind it: another port, and
  # the catalog updated to it (bootstrap updates an endpoint it made before).
  local attempt
  for attempt in 1 2 3; do
    if [ "$attempt" -gt 1 ]; then
      _local_iam_pick_port
      local_iam_say "Keystone's port was taken meanwhile; trying port $LOCAL_IAM_PORT"
    fi
    # The catalog names this Keystone's own URL in KakaoCloud's region, as the tests make it
    # (point_catalog_here in keystone.rs): the OpenStack client finds the identity API there.
    OS_BOOTSTRAP_PASSWORD="$admin_password" \
      _local_iam_manage "$bin" bootstrap --bootstrap-public-url "$LOCAL_IAM_ENDPOINT" \
      --bootstrap-region-id kr-central-2 || return 1
    _local_iam_gunicorn LOCAL_IAM_GUNICORN_PID "$LOCAL_IAM_PORT" "$ks/access.log" "$ks/gunicorn.log"
    # 90 s, as the tests allow; and the server that answers must be this gunicorn, not
    # whatever took the port.
    if wait_for_http "$LOCAL_IAM_ENDPOINT" "$LOCAL_IAM_GUNICORN_PID" 90 &&
      grep -qF "Listening at: http://127.0.0.1:$LOCAL_IAM_PORT ($LOCAL_IAM_GUNICORN_PID)" "$ks/gunicorn.log"; then
      break
    fi
    if ! grep -q "Connection in use" "$ks/gunicorn.log" || [ "$attempt" = 3 ]; then
      tail -20 "$ks/gunicorn.log" >&2
      local_iam_fail "Keystone did not come up; see $ks/gunicorn.log" || return 1
    fi
    kill -TERM "$LOCAL_IAM_GUNICORN_PID" 2>/dev/null || true
    _local_iam_wait_gone "$LOCAL_IAM_GUNICORN_PID"
    mv "$ks/gunicorn.log" "$ks/gunicorn-$attempt.log"
  done
  _local_iam_password_token "{\"auth\":{\"identity\":{\"methods\":[\"password\"],\"password\":{\"user\":{\"name\":\"admin\",\"domain\":{\"id\":\"default\"},\"password\":\"$admin_password\"}}},\"scope\":{\"project\":{\"name\":\"admin\",\"domain\":{\"id\":\"default\"}}}}}" "$ks/admin.hdr"
}

# _local_iam_pick_port: a port free now on 127.0.0.1, in LOCAL_IAM_PORT and LOCAL_IAM_ENDPOINT.
_local_iam_pick_port() {
  LOCAL_IAM_PORT=$("$LOCAL_IAM_PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  LOCAL_IAM_ENDPOINT="http://127.0.0.1:$LOCAL_IAM_PORT/v3"
}

# _local_iam_gunicorn PID_VAR PORT ACCESS_LOG LOG [GUNICORN_ARGS…]: a gunicorn of this
# Keystone on 127.0.0.1:PORT, in the background (a child of this shell); its PID goes in the
# variable PID_VAR. The access log counts requests: gunicorn's default line plus the time
# Keystone took (%(L)s, seconds, from the parsed request to the answer: a TLS handshake is not
# in it), which tells server time from client time. Its HOME is Keystone's dir too: gunicorn and Python write there (~/.gunicorn, ~/.cache).
_local_iam_gunicorn() {
  local pid_var="$1" port="$2" access="$3" log="$4"
  shift 4
  HOME="$LOCAL_IAM_DIR" KCRED_KEYSTONE_CONFIG="$LOCAL_IAM_DIR/keystone.conf" \
    KCRED_TEST_PARENT_PID="$LOCAL_IAM_PARENT" \
    "$LOCAL_IAM_KEYSTONE_VENV/bin/gunicorn" --bind "127.0.0.1:$port" --workers 1 \
    --worker-class sync --timeout 120 "$@" --access-logfile "$access" \
    --access-logformat '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(L)s' \
    --chdir "$LOCAL_IAM_ROOT/tests/keystone" kcred_keystone:application \
    </dev/null >"$log" 2>&1 &
  printf -v "$pid_var" '%s' "$!"
}

# local_iam_start_keystone_tls CERT KEY CA: a second gunicorn of the same Keystone (the same
# database, Fernet keys and config, so a token from either listener is valid at both) on
# another free 127.0.0.1 port, speaking HTTPS with CERT and KEY (PEM); CA is what signed CERT,
# to check it came up. Its access log is LOCAL_IAM_DIR/access-tls.log. Sets
# LOCAL_IAM_TLS_PORT, LOCAL_IAM_TLS_ENDPOINT (https://127.0.0.1:PORT/v3) and
# LOCAL_IAM_TLS_GUNICORN_PID. Call after local_iam_start_keystone.
local_iam_start_keystone_tls() {
  local cert="$1" key="$2" ca_file="$3" ks="$LOCAL_IAM_DIR"
  [ -n "$LOCAL_IAM_GUNICORN_PID" ] || local_iam_fail "call local_iam_start_keystone first" || return 1
  LOCAL_IAM_TLS_CA="$ca_file"
  LOCAL_IAM_TLS_PORT=$("$LOCAL_IAM_PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  LOCAL_IAM_TLS_ENDPOINT="https://127.0.0.1:$LOCAL_IAM_TLS_PORT/v3"
  _local_iam_gunicorn LOCAL_IAM_TLS_GUNICORN_PID "$LOCAL_IAM_TLS_PORT" "$ks/access-tls.log" \
    "$ks/gunicorn-tls.log" --certfile "$cert" --keyfile "$key"
  if ! wait_for_http "$LOCAL_IAM_TLS_ENDPOINT" "$LOCAL_IAM_TLS_GUNICORN_PID" 90 "$ca_file"; then
    tail -20 "$ks/gunicorn-tls.log" >&2
    local_iam_fail "Keystone over TLS did not come up; see $ks/gunicorn-tls.log" || return 1
  fi
}

_local_iam_manage() {
  local bin="$1" log="$LOCAL_IAM_DIR/manage-$2.log"
  shift
  HOME="$LOCAL_IAM_DIR" "$bin/keystone-manage" --config-file "$LOCAL_IAM_DIR/keystone.conf" "$@" >"$log" 2>&1 || {
    tail -20 "$log" >&2
    local_iam_fail "keystone-manage $1 failed; see $log"
  }
}

# local_iam_call METHOD PATH [HEADER_FILE] [BODY]: the response body on stdout; fails unless 2xx.
local_iam_call() {
  local args=(-sf -X "$1" "$LOCAL_IAM_ENDPOINT$2" -H 'Content-Type: application/json')
  if [ -n "${3:-}" ]; then args+=(-H "@$3"); fi
  if [ -n "${4:-}" ]; then
    printf '%s' "$4" >"$LOCAL_IAM_DIR/body.json"
    args+=(--data "@$LOCAL_IAM_DIR/body.json")
  fi
  curl "${args[@]}"
}

# _local_iam_password_token BODY HEADER_FILE: a token, written as an X-Auth-Token header.
_local_iam_password_token() {
  printf '%s' "$1" >"$LOCAL_IAM_DIR/body.json"
  curl -sf -o /dev/null -D "$LOCAL_IAM_DIR/headers.txt" -H 'Content-Type: application/json' \
    --data "@$LOCAL_IAM_DIR/body.json" "$LOCAL_IAM_ENDPOINT/auth/tokens" || true
  awk 'tolower($1) == "x-subject-token:" { sub(/\r$/, "", $2); print "X-Auth-Token: " $2 }' \
    "$LOCAL_IAM_DIR/headers.txt" >"$2"
  rm -f "$LOCAL_IAM_DIR/body.json" "$LOCAL_IAM_DIR/headers.txt"
  [ -s "$2" ] || local_iam_fail "Keystone issued no token"
}

_local_iam_json() { "$LOCAL_IAM_PYTHON" -c "import json, sys; print(json.load(sys.stdin)$1)"; }

# local_iam_new_account NAME: a project NAME, a user NAME with the member role on it, and an IAM
# access key NAME (an unrestricted application credential) of that user in that project, as in
# new_account of tests/it/support/keystone.rs. Sets LOCAL_IAM_PROJECT_ID, LOCAL_IAM_USER_ID,
# LOCAL_IAM_KEY_ID, LOCAL_IAM_KEY_NAME and LOCAL_IAM_KEY_SECRET (the caller unsets it when done).
local_iam_new_account() {
  local name="$1" ks="$LOCAL_IAM_DIR" user_password role
  LOCAL_IAM_PROJECT_ID=$(local_iam_call POST /projects "$ks/admin.hdr" \
    "{\"project\":{\"name\":\"$name\",\"domain_id\":\"default\"}}" | _local_iam_json '["project"]["id"]') &&
    [ -n "$LOCAL_IAM_PROJECT_ID" ] || local_iam_fail "Keystone made no project" || return 1
  user_password="$("$LOCAL_IAM_PYTHON" -c 'import secrets; print(secrets.token_urlsafe(18))')"
  LOCAL_IAM_USER_ID=$(local_iam_call POST /users "$ks/admin.hdr" \
    "{\"user\":{\"name\":\"$name\",\"domain_id\":\"default\",\"password\":\"$user_password\"}}" | _local_iam_json '["user"]["id"]') &&
    [ -n "$LOCAL_IAM_USER_ID" ] || local_iam_fail "Keystone made no user" || return 1
  role=$(local_iam_call GET '/roles?name=member' "$ks/admin.hdr" | _local_iam_json '["roles"][0]["id"]') &&
    local_iam_call PUT "/projects/$LOCAL_IAM_PROJECT_ID/users/$LOCAL_IAM_USER_ID/roles/$role" "$ks/admin.hdr" >/dev/null ||
    local_iam_fail "Keystone gave the user no role" || return 1
  _local_iam_password_token "{\"auth\":{\"identity\":{\"methods\":[\"password\"],\"password\":{\"user\":{\"id\":\"$LOCAL_IAM_USER_ID\",\"password\":\"$user_password\"}}},\"scope\":{\"project\":{\"id\":\"$LOCAL_IAM_PROJECT_ID\"}}}}" "$ks/user.hdr" || return 1
  local_iam_call POST "/users/$LOCAL_IAM_USER_ID/application_credentials" "$ks/user.hdr" \
    "{\"application_credential\":{\"name\":\"$name\",\"unrestricted\":true}}" >"$ks/key.json" ||
    local_iam_fail "Keystone made no IAM access key" || return 1
  LOCAL_IAM_KEY_ID=$(_local_iam_json '["application_credential"]["id"]' <"$ks/key.json")
  LOCAL_IAM_KEY_NAME="$name"
  LOCAL_IAM_KEY_SECRET=$(_local_iam_json '["application_credential"]["secret"]' <"$ks/key.json")
  rm -f "$ks/key.json" "$ks/body.json" "$ks/user.hdr"
}

# The access log of a listener: LISTENER is plain (the default) or tls.
_local_iam_access_log() {
  if [ "${1:-plain}" = tls ]; then echo "$LOCAL_IAM_DIR/access-tls.log"; else echo "$LOCAL_IAM_DIR/access.log"; fi
}

# local_iam_mark NAME [LISTENER]: once every request made before it is in LISTENER's access log
# (plain or tls), the line number of a marker request (a GET with ?NAME). Keystone runs one
# sync worker a listener and gunicorn logs a request after answering it, so a request's line
# comes after those of all earlier ones to the same listener.
local_iam_mark() {
  local mark="kcred-mark-$1" line log url="$LOCAL_IAM_ENDPOINT" ca=()
  log=$(_local_iam_access_log "${2:-plain}")
  if [ "${2:-plain}" = tls ]; then url="$LOCAL_IAM_TLS_ENDPOINT" ca=(--cacert "$LOCAL_IAM_TLS_CA"); fi
  curl -sf --max-time 60 "${ca[@]}" -o /dev/null "$url?$mark" || true
  # Up to 30 s: on a loaded machine the worker may write its log line seconds after answering.
  for _ in $(seq 1 600); do
    # No line yet is no failure (gunicorn may log it a moment after answering).
    line=$(grep -n -m1 -F "$mark " "$log" | cut -d: -f1) || true
    if [ -n "$line" ]; then
      echo "$line"
      return 0
    fi
    sleep 0.05
  done
  local_iam_fail "the access log did not settle"
}

# local_iam_requests FROM TO: the access-log lines between two marks (the requests made then).
local_iam_requests() {
  awk -v from="$1" -v to="$2" 'NR > from && NR < to' "$LOCAL_IAM_DIR/access.log"
}

# local_iam_posts [LISTENER]: how many tokens Keystone has issued so far through LISTENER
# (plain, the default, or tls).
local_iam_posts() { grep -c '"POST /v3/auth/tokens' "$(_local_iam_access_log "${1:-plain}")" || true; }

# local_iam_validations [LISTENER]: how many tokens Keystone has been asked about so far
# (`GET /v3/auth/tokens`: a shared token's proof, kubectl's webhook) through LISTENER.
local_iam_validations() { grep -c '"GET /v3/auth/tokens' "$(_local_iam_access_log "${1:-plain}")" || true; }

# local_iam_validation_ms LISTENER FROM_LINE: Keystone's own time (%(L)s, in ms) for the
# `GET /v3/auth/tokens` in LISTENER's access log after line FROM_LINE, summed.
local_iam_validation_ms() {
  awk -v from="$2" 'NR > from && /"GET \/v3\/auth\/tokens/ { ms += $NF * 1000 } END { printf "%.0f\n", ms }' \
    "$(_local_iam_access_log "$1")"
}

# local_iam_log_lines LISTENER: how many lines LISTENER's access log has so far.
local_iam_log_lines() { wc -l <"$(_local_iam_access_log "$1")"; }

# local_iam_stop [KEEP_FILES]: stops Keystone (both listeners), the keyring daemon and the bus started above,
# each with a bounded wait, and removes Keystone's dir unless KEEP_FILES is 1. Never fails.
local_iam_stop() {
  local workers=() job pid
  for job in "${LOCAL_IAM_JOBS[@]}"; do
    for pid in $(_local_iam_children "$job"); do kill -TERM "$pid" 2>/dev/null || true; done
    kill -TERM "$job" 2>/dev/null || true
  done
  for pid in "$LOCAL_IAM_TLS_GUNICORN_PID" "$LOCAL_IAM_GUNICORN_PID"; do
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      # gunicorn's master stops its worker on TERM; the worker is killed too if it is left.
      mapfile -t workers < <(_local_iam_children "$pid")
      kill -TERM "$pid" 2>/dev/null || true
      _local_iam_wait_gone "$pid" "${workers[@]}"
    fi
  done
  if [ -n "$LOCAL_IAM_KEYRING_PID" ] && kill -0 "$LOCAL_IAM_KEYRING_PID" 2>/dev/null; then
    kill -TERM "$LOCAL_IAM_KEYRING_PID" 2>/dev/null || true
    _local_iam_wait_gone "$LOCAL_IAM_KEYRING_PID"
  fi
  if [ -n "$LOCAL_IAM_BUS_PID" ] && kill -0 "$LOCAL_IAM_BUS_PID" 2>/dev/null; then
    kill -TERM "$LOCAL_IAM_BUS_PID" 2>/dev/null || true
    _local_iam_wait_gone "$LOCAL_IAM_BUS_PID"
  fi
  if [ "${1:-0}" != 1 ] && [ -n "$LOCAL_IAM_DIR" ]; then
    rm -rf "$LOCAL_IAM_DIR"
  fi
  return 0
}

# _local_iam_children PID: the PIDs of PID's children (from /proc: procps may be missing).
_local_iam_children() {
  local status key value
  for status in /proc/[0-9]*/status; do
    while read -r key value; do
      if [ "$key" = PPid: ]; then
        if [ "$value" = "$1" ]; then
          value="${status#/proc/}"
          echo "${value%/status}"
        fi
        break
      fi
    done 2>/dev/null <"$status" || true
  done
}

# _local_iam_wait_gone PID [OTHER…]: waits up to 5 s for PID to end, then KILLs PID and OTHERs.
_local_iam_wait_gone() {
  local pid state
  for _ in $(seq 1 50); do
    kill -0 "$1" 2>/dev/null || break
    # A zombie has ended; only its parent (init, for a daemon) has yet to reap it.
    state=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1)
    [ "$state" != Z ] || break
    sleep 0.1
  done
  for pid in "$@"; do kill -KILL "$pid" 2>/dev/null || true; done
}
