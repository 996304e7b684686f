# shellcheck shell=bash
# A throwaway Wine prefix for running kcred's Windows build (source this file; it runs nothing by
# itself). Headless: no display is needed, Wine's Mono and Gecko installers are skipped, and
# Wine's own messages are off.
#
#   wine_prefix_start DIR   makes the prefix in DIR (exported as WINEPREFIX), with the
#                           ProcessPrng stand-in (scripts/lib/wine-processprng.c) in system32
#   wine_prefix_stop        stops this prefix's wineserver (never fails)

wine_prefix_start() {
  local dir="$1" lib
  lib="$(dirname "${BASH_SOURCE[0]}")"
  export WINEPREFIX="$dir" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=" WINEARCH=win64
  unset DISPLAY WAYLAND_DISPLAY
  mkdir -p "$dir"
  wineboot --init </dev/null >"$dir.boot.log" 2>&1 || {
    cat "$dir.boot.log" >&2
    echo "wineboot --init failed for $dir" >&2
    return 1
  }
  wineserver -w
  rm -f "$dir.boot.log"
  # Rust's std (1.78 and later) imports ProcessPrng from bcryptprimitives.dll, which Wine 8
  # lacks; real Windows has it.
  x86_64-w64-mingw32-gcc -shared -O2 -o "$dir/drive_c/windows/system32/bcryptprimitives.dll" \
    "$lib/wine-processprng.c" -ladvapi32
}

wine_prefix_stop() {
  [ -n "${WINEPREFIX:-}" ] && wineserver -k >/dev/null 2>&1 || true
}
