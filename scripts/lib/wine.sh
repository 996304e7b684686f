# shellcheck shell=bash
# A throwaway Wine prefix for running kcred's Windows build (source this file; it runs nothing by
# itself). Headless: no display is needed, Wine's Mono and Gecko installers are skipped, and
# Wine's own messages are off.
#
#   wine_scratch_dir NAME   prints a new empty directory for a prefix, under target/wine (on the
#                           work disk: a Wine 8 prefix holds about 700 MB of DLLs, more than a
#                           small /tmp may have)
#   wine_prefix_start DIR   makes the prefix in DIR (exported as WINEPREFIX), with the
#                           ProcessPrng stand-in (scripts/lib/wine-processprng.c) in system32;
#                           exit 3 when Wine itself cannot make a prefix on this machine (its
#                           log, the disk's free space and the limits are printed)
#   wine_prefix_stop        stops this prefix's wineserver (never fails)

wine_scratch_dir() {
  local base
  base="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/target/wine"
  mkdir -p "$base"
  mktemp -d -p "$base" "$1-XXXXXX"
}

# One `wineboot --init`; success means the prefix can run a program, not only that wineboot
# said so.
wine_boot_once() {
  local dir="$1" log="$2"
  WINEDEBUG=err+all wineboot --init </dev/null >"$log" 2>&1 || true
  # A boot that outlives Wine's own wait goes on in the background: let it finish.
  wineserver -w >/dev/null 2>&1 || true
  [ -f "$dir/drive_c/windows/system32/kernel32.dll" ] \
    && wine cmd.exe /c exit 0 </dev/null >>"$log" 2>&1
}

wine_prefix_start() {
  local dir="$1" lib attempt
  lib="$(dirname "${BASH_SOURCE[0]}")"
  export WINEPREFIX="$dir" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=" WINEARCH=win64
  unset DISPLAY WAYLAND_DISPLAY
  mkdir -p "$dir"
  for attempt in 1 2; do
    wine_boot_once "$dir" "$dir.boot.log" && break
    wineserver -k >/dev/null 2>&1 || true
    if [ "$attempt" -eq 2 ]; then
      {
        echo "Wine could not make a prefix in $dir (twice); its log:"
        grep -v ':fixme:' "$dir.boot.log" | tail -n 40 | sed 's/^/    | /'
        echo "wine: $(wine --version 2>&1); free space: $(df -h "$dir" | tail -n 1)"
        echo "limits: virtual memory $(ulimit -v), open files $(ulimit -n), processes $(ulimit -u)"
      } >&2
      rm -rf "$dir" "$dir.boot.log"
      return 3
    fi
    rm -rf "$dir"
    mkdir -p "$dir"
  done
  rm -f "$dir.boot.log"
  # Rust's std (1.78 and later) imports ProcessPrng from bcryptprimitives.dll, which Wine 8
  # lacks; real Windows has it.
  x86_64-w64-mingw32-gcc -shared -O2 -o "$dir/drive_c/windows/system32/bcryptprimitives.dll" \
    "$lib/wine-processprng.c" -ladvapi32
}

wine_prefix_stop() {
  [ -n "${WINEPREFIX:-}" ] && wineserver -k >/dev/null 2>&1 || true
}
