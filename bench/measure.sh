#!/usr/bin/env bash
# The part of scripts/bench that runs on its private D-Bus session bus (run scripts/bench, not
# this): starts the keyring and a real Keystone, sets up an isolated kcred, measures, writes
# the report, and stops what it started.
set -euo pipefail
umask 077 # every file below may hold a secret or a token

root="$KCRED_BENCH_ROOT"
work="$KCRED_BENCH_WORK"
runs="$KCRED_BENCH_RUNS"
ks_bin="$KCRED_BENCH_KEYSTONE_VENV/bin"
osc_bin="$KCRED_BENCH_OSC_VENV/bin/openstack"
kcred="$root/target/release/kcred"
out="$root/target/bench"
contention_rounds=5 # rounds of each contention case

say() { echo "scripts/bench: $*" >&2; }

rm -rf "$out"
mkdir -p "$out" "$work/keyring" "$work/home" "$work/peers"
: >"$out/meta.txt"
meta() { printf '%s=%s\n' "$1" "$2" >>"$out/meta.txt"; }

# --- The machine and the versions ----------------------------------------------------------
# Asked first, while HOME is still the caller's (rustup finds its toolchains there).
meta date "$(date -u +%Y-%m-%d)"
meta nproc "$(nproc)"
meta cpu "$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
meta mem_kib "$(awk '/^MemTotal/ { print $2 }' /proc/meminfo)"
meta os "$(. /etc/os-release && echo "$PRETTY_NAME")"
meta kernel "$(uname -sr)"
meta kcred "$("$kcred" --version)"
meta commit "$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$root" diff --quiet HEAD -- src Cargo.toml Cargo.lock 2>/dev/null || echo ' (with uncommitted changes)')"
meta rustc "$(rustc --version)"
meta hyperfine "$(hyperfine --version)"
meta curl "$(curl --version | head -1 | cut -d' ' -f1-2)"
meta libsecret "$(dpkg-query -W -f '${Package} ${Version}' libsecret-tools 2>/dev/null || echo unknown)"
meta gnome_keyring "$(dpkg-query -W -f '${Package} ${Version}' gnome-keyring 2>/dev/null || echo unknown)"
meta keystone "keystone $("$ks_bin/python" -c 'import importlib.metadata as m; print(m.version("keystone"))')"
meta openstackclient "python-openstackclient $("$KCRED_BENCH_OSC_VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("python-openstackclient"))')"
meta python "$(python3 --version)"
meta runs "$runs"
meta contention_rounds "$contention_rounds"

# --- Stopping what this script starts ------------------------------------------------------
gunicorn_pid=""
keyring_pid=""
ks=""
pids=() # the kcred processes of a contention round
stop_all() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  # gunicorn's master stops its worker on TERM; bounded wait, then KILL.
  if [ -n "$gunicorn_pid" ] && kill -0 "$gunicorn_pid" 2>/dev/null; then
    kill -TERM "$gunicorn_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$gunicorn_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$gunicorn_pid" 2>/dev/null || true
  fi
  if [ -n "$keyring_pid" ]; then
    kill -TERM "$keyring_pid" 2>/dev/null || true
  fi
  if [ -n "$ks" ]; then
    rm -rf "$ks"
  fi
}
trap stop_all EXIT

# --- The keyring ---------------------------------------------------------------------------
# gnome-keyring keeps its files in a throwaway dir, never in the user's own keyring, and is
# unlocked with a throwaway password, as scripts/test does it.
printf kcred-bench | HOME="$work/keyring" XDG_DATA_HOME="$work/keyring" \
  gnome-keyring-daemon --unlock --components=secrets >/dev/null
# The daemon forks away; the bus knows its PID, which the EXIT trap needs.
for _ in $(seq 1 50); do
  keyring_pid=$(dbus-send --session --print-reply=literal --dest=org.freedesktop.DBus \
    /org/freedesktop/DBus org.freedesktop.DBus.GetConnectionUnixProcessID \
    string:org.freedesktop.secrets 2>/dev/null | awk '{print $2}') && [ -n "$keyring_pid" ] && break
  sleep 0.1
done
[ -n "$keyring_pid" ] || { say "gnome-keyring-daemon did not come up"; exit 1; }

# --- Keystone, as tests/it/support/keystone.rs starts it -----------------------------------
# Its files live in a dir named kcred-keystone-*: should this script be killed outright, the
# server (tests/keystone/kcred_keystone.py) sees its parent gone, removes that dir and stops.
ks="$(mktemp -d -t kcred-keystone-XXXXXX)"
mkdir -p "$ks/fernet-keys" "$ks/receipt-keys" "$ks/credential-keys"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
endpoint="http://127.0.0.1:$port/v3"
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
admin_password="$(python3 -c 'import secrets; print(secrets.token_urlsafe(18))')"
say "starting Keystone on 127.0.0.1:$port"
manage() {
  "$ks_bin/keystone-manage" --config-file "$ks/keystone.conf" "$@" >>"$ks/manage.log" 2>&1 \
    || { say "keystone-manage $1 failed; see $ks/manage.log"; tail -20 "$ks/manage.log" >&2; exit 1; }
}
manage db_sync
manage fernet_setup --keystone-user "$(id -un)" --keystone-group "$(id -gn)"
manage credential_setup --keystone-user "$(id -un)" --keystone-group "$(id -gn)"
# The catalog's identity URL is the real one (the tests' template says :5000, which kcred
# never reads): the OpenStack client finds the identity API through the catalog.
# The admin password reaches keystone-manage through its environment, not its command line.
OS_BOOTSTRAP_PASSWORD="$admin_password" \
  manage bootstrap --bootstrap-public-url "$endpoint"
# The access log is how the contention case counts token issuances; gunicorn's default line
# plus the time Keystone took (%(L)s, seconds), which tells server time from client time.
KCRED_KEYSTONE_CONFIG="$ks/keystone.conf" KCRED_TEST_PARENT_PID=$$ \
  "$ks_bin/gunicorn" --bind "127.0.0.1:$port" --workers 1 --worker-class sync --timeout 120 \
  --access-logfile "$ks/access.log" \
  --access-logformat '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(L)s' \
  --chdir "$root/tests/keystone" kcred_keystone:application \
  </dev/null >"$ks/gunicorn.log" 2>&1 &
gunicorn_pid=$!
up=""
for _ in $(seq 1 450); do # 90 s, as the tests allow
  if curl -sf -o /dev/null "$endpoint"; then up=1; break; fi
  kill -0 "$gunicorn_pid" 2>/dev/null || break
  sleep 0.2
done
[ -n "$up" ] || { say "Keystone did not come up; see $ks/gunicorn.log"; tail -20 "$ks/gunicorn.log" >&2; exit 1; }

# --- A project, a member user and an IAM access key (see new_account in keystone.rs) --------
# Request bodies and auth headers go to curl in 0600 files: no password, token or secret is
# ever on a command line.
json() { python3 -c "import json, sys; print(json.load(sys.stdin)$1)"; }
# ks_call METHOD PATH [HEADER_FILE] [BODY]: the response body on stdout; fails unless 2xx.
ks_call() {
  local args=(-sf -X "$1" "$endpoint$2" -H 'Content-Type: application/json')
  if [ -n "${3:-}" ]; then args+=(-H "@$3"); fi
  if [ -n "${4:-}" ]; then printf '%s' "$4" >"$ks/body.json"; args+=(--data "@$ks/body.json"); fi
  curl "${args[@]}"
}
# password_token BODY HEADER_FILE: a token, written as an X-Auth-Token header to HEADER_FILE.
password_token() {
  printf '%s' "$1" >"$ks/body.json"
  curl -sf -o /dev/null -D "$ks/headers.txt" -H 'Content-Type: application/json' \
    --data "@$ks/body.json" "$endpoint/auth/tokens"
  awk 'tolower($1) == "x-subject-token:" { sub(/\r$/, "", $2); print "X-Auth-Token: " $2 }' \
    "$ks/headers.txt" >"$2"
  [ -s "$2" ] || { say "Keystone issued no token"; exit 1; }
}
password_token "{\"auth\":{\"identity\":{\"methods\":[\"password\"],\"password\":{\"user\":{\"name\":\"admin\",\"domain\":{\"id\":\"default\"},\"password\":\"$admin_password\"}}},\"scope\":{\"project\":{\"name\":\"admin\",\"domain\":{\"id\":\"default\"}}}}}" "$ks/admin.hdr"
project=$(ks_call POST /projects "$ks/admin.hdr" '{"project":{"name":"bench","domain_id":"default"}}' | json '["project"]["id"]')
user_password="$(python3 -c 'import secrets; print(secrets.token_urlsafe(18))')"
user=$(ks_call POST /users "$ks/admin.hdr" "{\"user\":{\"name\":\"bench\",\"domain_id\":\"default\",\"password\":\"$user_password\"}}" | json '["user"]["id"]')
role=$(ks_call GET '/roles?name=member' "$ks/admin.hdr" | json '["roles"][0]["id"]')
ks_call PUT "/projects/$project/users/$user/roles/$role" "$ks/admin.hdr" >/dev/null
password_token "{\"auth\":{\"identity\":{\"methods\":[\"password\"],\"password\":{\"user\":{\"id\":\"$user\",\"password\":\"$user_password\"}}},\"scope\":{\"project\":{\"id\":\"$project\"}}}}" "$ks/user.hdr"
ks_call POST "/users/$user/application_credentials" "$ks/user.hdr" \
  '{"application_credential":{"name":"bench","unrestricted":true}}' >"$ks/key.json"
key_id=$(json '["application_credential"]["id"]' <"$ks/key.json")
key_secret=$(json '["application_credential"]["secret"]' <"$ks/key.json")
rm -f "$ks/key.json" "$ks/body.json" "$ks/headers.txt"

# --- An isolated kcred ---------------------------------------------------------------------
# Its own home and XDG dirs, and its own keyring service name; the secret goes in on stdin.
export HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" XDG_CACHE_HOME="$work/home/.cache"
export XDG_DATA_HOME="$work/home/.local/share" KCRED_KEYRING_SERVICE=kcred-bench
unset KAKAOCLOUD_ACCESS_KEY_ID KAKAOCLOUD_ACCESS_KEY_NAME KAKAOCLOUD_ACCESS_KEY_SECRET \
  KAKAOCLOUD_USER_ID KAKAOCLOUD_IAM_ENDPOINT KCRED_STORE KCRED_PROFILE \
  OS_APPLICATION_CREDENTIAL_ID OS_APPLICATION_CREDENTIAL_NAME OS_APPLICATION_CREDENTIAL_SECRET \
  OS_USER_ID OS_AUTH_URL
printf '%s\n' "$key_secret" | "$kcred" profile add bench --endpoint "$endpoint" \
  --access-key-id "$key_id" --secret-stdin >/dev/null 2>"$work/profile-add.log" \
  || { cat "$work/profile-add.log" >&2; exit 1; }
"$kcred" token >/dev/null # the cache is warm from here on

# --- The peers' credentials ----------------------------------------------------------------
# curl reads the same request body kcred sends from a 0600 file. The OpenStack client reads
# the key from OS_* variables set by a two-line wrapper: not on a command line, and not in
# kcred's environment (where OS_APPLICATION_CREDENTIAL_* would replace the profile).
printf '{"auth":{"identity":{"methods":["application_credential"],"application_credential":{"id":"%s","secret":"%s"}}}}' \
  "$key_id" "$key_secret" >"$work/peers/token-request.json"
cat >"$work/peers/openstack.env" <<ENV
export OS_AUTH_TYPE=v3applicationcredential OS_AUTH_URL='$endpoint' OS_IDENTITY_API_VERSION=3
export OS_APPLICATION_CREDENTIAL_ID='$key_id' OS_APPLICATION_CREDENTIAL_SECRET='$key_secret'
ENV
printf '#!/bin/sh\n. "%s"\nexec "%s" "$@"\n' "$work/peers/openstack.env" "$osc_bin" >"$work/peers/openstack"
chmod 700 "$work/peers/openstack"
osc="$work/peers/openstack"
unset key_secret admin_password user_password
curl_token=(curl -sf -o /dev/null -H Content-Type:application/json
  --data "@$work/peers/token-request.json" "$endpoint/auth/tokens")

# --- Reading Keystone's access log ---------------------------------------------------------
# How many tokens Keystone has issued so far.
posts() { grep -c '"POST /v3/auth/tokens' "$ks/access.log" || true; }
# Keystone runs one sync worker, so once a request made after the others is in the access log,
# every earlier one is too (gunicorn writes the line after it has answered).
log_settled() {
  local mark="bench-mark-$1"
  curl -sf -o /dev/null "$endpoint?$mark" || true
  for _ in $(seq 1 100); do grep -q "$mark" "$ks/access.log" && return 0; sleep 0.05; done
  say "the access log did not settle"
  exit 1
}

# --- Timings -------------------------------------------------------------------------------
# hf NAME COMMAND...: the commands side by side, each run without a shell (-N), so only the
# program itself is timed. hyperfine stops the script if a command fails.
hf() {
  local name="$1"
  shift
  say "measuring $name ($runs runs a command)"
  hyperfine -N --style basic --warmup 3 --runs "$runs" --export-json "$out/$name.json" "$@" \
    >>"$out/hyperfine.log" 2>&1 || { tail -20 "$out/hyperfine.log" >&2; exit 1; }
}
meta load_before "$(cut -d' ' -f1-3 /proc/loadavg)"
hf warm "$kcred token" "secret-tool lookup service kcred-bench username profile/bench/token"
cold_from=$(($(wc -l <"$ks/access.log") + 1))
hf cold "$kcred token --no-cache" "${curl_token[*]}" "$osc token issue"
# Keystone's side of the cold case: its access-log lines, whose user agent says which client.
log_settled cold
tail -n "+$cold_from" "$ks/access.log" >"$out/access-cold.log"
hf startup "$kcred --version" "true"
if "$kcred" iam-key list --help >/dev/null 2>&1; then
  hf listing "$kcred iam-key list" "$osc application credential list"
else
  say "not measured: kcred iam-key list (command not available)"
fi
meta load_after "$(cut -d' ' -f1-3 /proc/loadavg)"
keyring_alive() {
  [ "$(dbus-send --session --print-reply=literal --dest=org.freedesktop.DBus \
    /org/freedesktop/DBus org.freedesktop.DBus.GetConnectionUnixProcessID \
    string:org.freedesktop.secrets 2>/dev/null | awk '{print $2}')" = "$keyring_pid" ]
}
# A keyring daemon that died and was replaced would have timed something else.
keyring_alive || { say "gnome-keyring-daemon $keyring_pid died during the timings"; exit 1; }

# --- Contention ----------------------------------------------------------------------------
# N `kcred token` at once on an empty cache must cost Keystone one issuance: the others wait
# on the cache's lock and take the token the first one cached.
: >"$out/contention.txt"
for n in 8 32; do
  say "measuring contention: $n parallel kcred token, $contention_rounds rounds"
  for round in $(seq 1 "$contention_rounds"); do
    "$kcred" token forget >/dev/null 2>&1
    log_settled "$n-$round-before"
    before=$(posts)
    pids=()
    started=$EPOCHREALTIME
    for i in $(seq 1 "$n"); do
      "$kcred" token >"$work/contention-$i.out" 2>"$work/contention-$i.err" &
      pids+=($!)
    done
    failed=0
    for pid in "${pids[@]}"; do wait "$pid" || failed=$((failed + 1)); done
    ended=$EPOCHREALTIME
    pids=()
    log_settled "$n-$round-after"
    after=$(posts)
    # All N must have printed the same token.
    distinct=$(cat "$work"/contention-*.out | sort -u | wc -l)
    wall_ms=$(python3 -c "print(round(($ended - $started) * 1000, 1))")
    echo "$n $round $((after - before)) $wall_ms $failed $distinct" >>"$out/contention.txt"
    rm -f "$work"/contention-*.out "$work"/contention-*.err
  done
done
"$kcred" token >/dev/null

# --- Peak memory and size ------------------------------------------------------------------
# The largest resident set (GNU time -v, "Maximum resident set size", KiB), median of 5 runs.
peak_kib() {
  local samples=()
  for _ in 1 2 3 4 5; do
    samples+=("$(/usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident set size/ { print $2 }')")
  done
  printf '%s\n' "${samples[@]}" | sort -n | sed -n 3p
}
say "measuring peak memory"
{
  echo "kcred_warm $(peak_kib "$kcred" token)"
  echo "kcred_cold $(peak_kib "$kcred" token --no-cache)"
  echo "kcred_version $(peak_kib "$kcred" --version)"
  echo "secret_tool $(peak_kib secret-tool lookup service kcred-bench username profile/bench/token)"
  echo "curl $(peak_kib "${curl_token[@]}")"
  echo "openstack $(peak_kib "$osc" token issue)"
} >"$out/memory.txt"
meta binary_bytes "$(stat -c %s "$kcred")"
keyring_alive || { say "gnome-keyring-daemon $keyring_pid died during the run"; exit 1; }

python3 "$root/bench/report.py" "$out" | tee "$out/report.md"
