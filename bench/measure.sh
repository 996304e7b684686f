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
fleet_machines=4    # machines of the shared-profile contention case

say() { echo "scripts/bench: $*" >&2; }
# shellcheck disable=SC2034 # read by the library
LOCAL_IAM_NAME=scripts/bench
# shellcheck source=scripts/lib/local-iam.sh
. "$root/scripts/lib/local-iam.sh"
# shellcheck disable=SC2034 # read by the library
LOCAL_VAULT_NAME=scripts/bench
# shellcheck source=scripts/lib/local-vault.sh
. "$root/scripts/lib/local-vault.sh"
LOCAL_VAULT_BIN="$KCRED_BENCH_BAO" # installed by scripts/bench

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
meta openbao "$("$LOCAL_VAULT_BIN" version | cut -d' ' -f1-2)"
meta fleet_machines "$fleet_machines"
meta runs "$runs"
meta contention_rounds "$contention_rounds"

# --- Stopping what this script starts ------------------------------------------------------
pids=() # the kcred processes of a contention round
stop_all() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  local_vault_stop
  local_iam_stop 0 # Keystone (and its dir) and the keyring daemon; the bus is scripts/bench's
}
trap stop_all EXIT

# --- The keyring, and Keystone with KakaoCloud's rules (scripts/lib/local-iam.sh) -----------
# gnome-keyring keeps its files in a throwaway dir, never in the user's own keyring, and is
# unlocked with a throwaway password, as scripts/test does it. Keystone's files live in a dir
# named kcred-keystone-*: should this script be killed outright, the server
# (tests/keystone/kcred_keystone.py) sees its parent gone, removes that dir and stops.
local_iam_start_keyring "$work/keyring" kcred-bench
local_iam_start_keystone "$KCRED_BENCH_KEYSTONE_VENV" "$root" "$(mktemp -d -t kcred-keystone-XXXXXX)"
ks="$LOCAL_IAM_DIR"
endpoint="$LOCAL_IAM_ENDPOINT"
say "Keystone on $endpoint"

# --- A project, a member user and an IAM access key (see new_account in keystone.rs) --------
local_iam_new_account bench
key_id="$LOCAL_IAM_KEY_ID"
key_secret="$LOCAL_IAM_KEY_SECRET"
bench_secret="$key_secret"
unset LOCAL_IAM_KEY_SECRET

# --- An isolated kcred ---------------------------------------------------------------------
# Its own home and XDG dirs, and its own keyring service name; the secret goes in on stdin.
export HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" XDG_CACHE_HOME="$work/home/.cache"
export XDG_DATA_HOME="$work/home/.local/share" KCRED_KEYRING_SERVICE=kcred-bench
unset KAKAOCLOUD_ACCESS_KEY_ID KAKAOCLOUD_ACCESS_KEY_NAME KAKAOCLOUD_ACCESS_KEY_SECRET \
  KAKAOCLOUD_USER_ID KAKAOCLOUD_IAM_ENDPOINT KCRED_STORE KCRED_PROFILE \
  OS_APPLICATION_CREDENTIAL_ID OS_APPLICATION_CREDENTIAL_NAME OS_APPLICATION_CREDENTIAL_SECRET \
  OS_USER_ID OS_AUTH_URL
# Nor the caller's Vault settings: VAULT_TOKEN would win over the AppRole login measured below.
unset VAULT_ADDR VAULT_TOKEN VAULT_NAMESPACE VAULT_CACERT KCRED_VAULT_ROLE_ID KCRED_VAULT_SECRET_ID \
  KCRED_VAULT_JWT_ROLE KCRED_VAULT_JWT KCRED_VAULT_MOUNT KCRED_VAULT_PREFIX \
  KCRED_VAULT_APPROLE_MOUNT KCRED_VAULT_JWT_MOUNT
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
unset key_secret
curl_token=(curl -sf -o /dev/null -H Content-Type:application/json
  --data "@$work/peers/token-request.json" "$endpoint/auth/tokens")

# --- A shared profile on OpenBao (scripts/lib/local-vault.sh) ------------------------------
# A dev server (in memory) with kcred's runner and operator policies; the shared profile `ci`
# has an IAM access key of its own project, added by the operator as the README shows.
local_vault_start "$work/vault" "$root"
vault_addr="$LOCAL_VAULT_ADDR"
say "OpenBao on $vault_addr"
local_vault_token kcred-runner "$work/vault/runner-token"
local_vault_token kcred-operator "$work/vault/operator-token"
local_vault_approle "$work/vault/role-id" "$work/vault/secret-id"
runner_token=$(<"$work/vault/runner-token")
operator_token=$(<"$work/vault/operator-token")
role_id=$(<"$work/vault/role-id")
secret_id=$(<"$work/vault/secret-id")
# machine_env NAME LOGIN: makes this (sub)shell one machine of the fleet: a HOME and XDG dirs of
# its own (so no local state is shared), the shared store, and LOGIN's credentials in its
# environment: runner (a runner-policy token in VAULT_TOKEN), approle (an AppRole login on
# every run) or operator.
machine_env() {
  local m="$work/machines/$1"
  mkdir -p "$m/.config" "$m/.cache" "$m/.local/share"
  export HOME="$m" XDG_CONFIG_HOME="$m/.config" XDG_CACHE_HOME="$m/.cache"
  export XDG_DATA_HOME="$m/.local/share" KCRED_STORE=vault VAULT_ADDR="$vault_addr"
  case "$2" in
    runner) export VAULT_TOKEN="$runner_token" ;;
    operator) export VAULT_TOKEN="$operator_token" ;;
    approle) export KCRED_VAULT_ROLE_ID="$role_id" KCRED_VAULT_SECRET_ID="$secret_id" ;;
  esac
}
# machine NAME LOGIN COMMAND...: COMMAND (a program or a function) on that machine.
machine() { (machine_env "$1" "$2" && shift 2 && "$@"); }
local_iam_new_account ci
printf '%s\n' "$LOCAL_IAM_KEY_SECRET" | machine operator operator "$kcred" profile add ci \
  --endpoint "$endpoint" --access-key-id "$LOCAL_IAM_KEY_ID" --secret-stdin --store vault \
  >/dev/null 2>"$work/profile-add-ci.log" || { cat "$work/profile-add-ci.log" >&2; exit 1; }
unset LOCAL_IAM_KEY_SECRET
machine m1 runner "$kcred" --profile ci token >/dev/null # the shared cache is warm from here on

# --- Reading Keystone's access log ---------------------------------------------------------
# How many tokens Keystone has issued so far: local_iam_posts. Once a marker request made after
# the others is in the access log, every earlier one is too (local_iam_mark).
posts() { local_iam_posts; }
log_settled() { local_iam_mark "bench-$1" >/dev/null; }

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
# The floor is one Secret Service lookup (of the profile's secret: the token itself is in the
# kernel keyring where there is one).
hf warm "$kcred token" "secret-tool lookup service kcred-bench username profile/bench/access-key-secret"
cold_from=$(($(wc -l <"$ks/access.log") + 1))
hf cold "$kcred token --no-cache" "${curl_token[*]}" "$osc token issue"
# Keystone's side of the cold case: its access-log lines, whose user agent says which client.
log_settled cold
tail -n "+$cold_from" "$ks/access.log" >"$out/access-cold.log"
hf startup "$kcred --version" "true"
# Where a warm token comes from: the kernel keyring (the default on Linux) against the Secret
# Service (KCRED_TOKEN_CACHE=store, a second profile of the same key so that the two never
# move each other's token), against the process-start floor and `keyctl pipe` of the same key.
# Every command goes through `env`, so each pays the same extra exec.
if command -v keyctl >/dev/null 2>&1 \
  && kernel_key=$(keyctl search @u user "kcred-bench:profile/bench/token" 2>/dev/null); then
  printf '%s\n' "$bench_secret" | KCRED_TOKEN_CACHE=store "$kcred" profile add bench-ss \
    --endpoint "$endpoint" --access-key-id "$key_id" --secret-stdin >/dev/null 2>&1
  KCRED_TOKEN_CACHE=store "$kcred" --profile bench-ss token >/dev/null
  hf kernel "env $kcred token" "env KCRED_TOKEN_CACHE=store $kcred --profile bench-ss token" \
    "env $kcred --version" "env keyctl pipe $kernel_key"
  meta keyutils "$(keyctl --version 2>&1 | head -1)"
else
  say "not measured: the kernel keyring (no keyctl, or kcred kept the token elsewhere)"
fi
if "$kcred" iam-key list --help >/dev/null 2>&1; then
  hf listing "$kcred iam-key list" "$osc application credential list"
else
  say "not measured: kcred iam-key list (command not available)"
fi
# The registry helper: `docker build` and skopeo run `get` for every configured host, several
# times a run. Against kcred's start-up (target: at most 2×, as `get` reads one keyring entry)
# and Debian's Secret Service helper reading the same secret (target: faster). The request
# comes on stdin, so each of the three runs through one `sh -c`.
helper="$root/target/release/docker-credential-kcred"
registry_host=bench.registry.example
if [ -x "$helper" ] && command -v docker-credential-secretservice >/dev/null 2>&1; then
  "$kcred" registry configure "$registry_host" --yes >/dev/null 2>"$work/registry.log" \
    || { cat "$work/registry.log" >&2; exit 1; }
  printf '{"ServerURL":"%s","Username":"%s","Secret":"%s"}\n' "$registry_host" "$key_id" \
    "$bench_secret" | docker-credential-secretservice store
  hf registry "sh -c 'printf $registry_host | $helper get'" "sh -c '$kcred --version'" \
    "sh -c 'printf $registry_host | docker-credential-secretservice get'"
  meta secretservice_helper "$(docker-credential-secretservice version 2>&1 | head -1)"
else
  say "not measured: docker-credential-kcred get (no helper binary, or no docker-credential-secretservice)"
fi
meta load_after "$(cut -d' ' -f1-3 /proc/loadavg)"

# --- Shared profiles: the warm token --------------------------------------------------------
# The OS keyring's warm token again, next to the shared ones, so all three share one stretch
# of the machine's load. A local copy of the shared token would cost that keyring read plus the
# HTTP client and one Vault read of the profile (to see a rotation): kcred's request log (-v)
# gives each read's own time.
meta shared_load_before "$(cut -d' ' -f1-3 /proc/loadavg)"
hf shared-keyring "$kcred token"
machine m1 runner hf shared-token "$kcred --profile ci token"
machine m1 approle hf shared-approle "$kcred --profile ci token"
for _ in $(seq 1 "$runs"); do
  machine m1 runner "$kcred" -v --profile ci token 2>&1 >/dev/null | grep '^kcred: GET ' || true
done >"$out/shared-requests.log"
meta shared_load_after "$(cut -d' ' -f1-3 /proc/loadavg)"
keyring_alive() { local_iam_keyring_alive; }
keyring_pid="$LOCAL_IAM_KEYRING_PID"
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

# --- Shared profiles: a fleet on an empty shared cache -------------------------------------
# N `kcred --profile ci token` on each of M machines at once, the shared cache emptied by the
# operator first: Keystone must see one issuance a round, however many machines.
: >"$out/contention-vault.txt"
for n in 4 8; do
  say "measuring shared contention: $n kcred token on each of $fleet_machines machines, $contention_rounds rounds"
  for round in $(seq 1 "$contention_rounds"); do
    machine operator operator "$kcred" --profile ci token forget >/dev/null 2>&1 || say "token forget failed (round $n-$round)"
    log_settled "vault-$n-$round-before"
    before=$(posts)
    pids=()
    started=$EPOCHREALTIME
    for m in $(seq 1 "$fleet_machines"); do
      for i in $(seq 1 "$n"); do
        # exec: the PID waited for (and stopped on exit) is kcred's.
        (machine_env "m$m" runner && exec "$kcred" --profile ci token) \
          >"$work/contention-$m-$i.out" 2>"$work/contention-$m-$i.err" &
        pids+=($!)
      done
    done
    failed=0
    for pid in "${pids[@]}"; do wait "$pid" || failed=$((failed + 1)); done
    ended=$EPOCHREALTIME
    pids=()
    log_settled "vault-$n-$round-after"
    after=$(posts)
    distinct=$(cat "$work"/contention-*.out | sort -u | wc -l)
    wall_ms=$(python3 -c "print(round(($ended - $started) * 1000, 1))")
    echo "$n $fleet_machines $round $((after - before)) $wall_ms $failed $distinct" >>"$out/contention-vault.txt"
    if [ "$failed" != 0 ]; then cat "$work"/contention-*.err >>"$out/contention-vault-errors.log"; fi
    rm -f "$work"/contention-*.out "$work"/contention-*.err
  done
done
machine m1 runner "$kcred" --profile ci token >/dev/null

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
  unset bench_secret
  echo "kcred_warm $(peak_kib "$kcred" token)"
  echo "kcred_cold $(peak_kib "$kcred" token --no-cache)"
  echo "kcred_version $(peak_kib "$kcred" --version)"
  echo "kcred_shared_warm $(machine m1 runner peak_kib "$kcred" --profile ci token)"
  echo "kcred_shared_approle $(machine m1 approle peak_kib "$kcred" --profile ci token)"
  echo "secret_tool $(peak_kib secret-tool lookup service kcred-bench username profile/bench/access-key-secret)"
  echo "curl $(peak_kib "${curl_token[@]}")"
  echo "openstack $(peak_kib "$osc" token issue)"
} >"$out/memory.txt"
meta binary_bytes "$(stat -c %s "$kcred")"
keyring_alive || { say "gnome-keyring-daemon $keyring_pid died during the run"; exit 1; }

python3 "$root/bench/report.py" "$out" | tee "$out/report.md"
