#!/usr/bin/env bash
# Installs what the tests need from the system, idempotently:
#   chromium   headless browser for end-to-end tests; also ships SwiftShader, the Vulkan
#              driver Dawn (the `webgpu` package) runs on when the machine has no GPU
#   libvulkan1 the Vulkan loader Dawn opens (Chromium bundles its own copy, out of Dawn's reach)
# Exits non-zero with a clear message where it cannot install them.
set -euo pipefail

need=()
[ -x /usr/bin/chromium ] && [ -f /usr/lib/chromium/vk_swiftshader_icd.json ] || need+=(chromium)
ldconfig -p 2>/dev/null | grep -q 'libvulkan\.so\.1 ' || need+=(libvulkan1)

if [ ${#need[@]} -eq 0 ]; then
  echo "setup-system: chromium and libvulkan1 already installed"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup-system: missing ${need[*]} and this is not a Debian-like system (no apt-get)." >&2
  echo "  Install Chromium (with its SwiftShader Vulkan driver) and the Vulkan loader by hand," >&2
  echo "  then set CODESIGN_CHROMIUM to the browser binary and VK_ICD_FILENAMES to SwiftShader's ICD json." >&2
  exit 1
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo=(sudo -n)
  else
    echo "setup-system: missing ${need[*]}; installing needs root. Run: sudo apt-get install -y ${need[*]}" >&2
    exit 1
  fi
fi

echo "setup-system: installing ${need[*]} with apt-get"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
if ! "${sudo[@]}" apt-get install -y -qq "${need[@]}" >/tmp/codesign-setup-system.log 2>&1; then
  echo "setup-system: apt-get install ${need[*]} failed; see /tmp/codesign-setup-system.log" >&2
  tail -20 /tmp/codesign-setup-system.log >&2
  exit 1
fi
echo "setup-system: installed ${need[*]}"
