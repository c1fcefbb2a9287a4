#!/usr/bin/env bash
# Installs, once, the Debian packages zhengzhi's reports and tests need:
# the free Chinese faces of templates/fonts.yaml — LXGW WenKai (楷, with a real
# bold), WenQuanYi Micro Hei (黑) and AR PL UMing (宋), all TrueType outlines —,
# poppler for pdftotext/pdftoppm, headless Chromium for the portal's browser test,
# and systemd-analyze to verify the units of deploy/.
# and LibreOffice Writer (no GUI) to convert the Word documents in their test.
# Skips what is already there; needs root (or sudo) otherwise.
set -euo pipefail
need=()
[ -f /usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf ] || need+=(fonts-lxgw-wenkai)
[ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || need+=(fonts-wqy-microhei)
[ -f /usr/share/fonts/truetype/arphic/uming.ttc ] || need+=(fonts-arphic-uming)
command -v pdftotext >/dev/null || need+=(poppler-utils)
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v systemd-analyze >/dev/null || need+=(systemd)   # the deploy units' test
command -v soffice >/dev/null || need+=(libreoffice-writer-nogui)
[ ${#need[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "installing: ${need[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
