#!/usr/bin/env bash
# Renders a `bigram report` page headless with Chromium to a PNG of the whole page, and fails if
# the page is not self-contained: a URL, <link>, @import, url(…), src=… or a <script> other than the
# page's two inline ones (its data and its controls) in the file, any console message while it
# loads, or any network request it makes. Utilities/explorable-test.py checks the controls.
#
# Usage: Utilities/render-report.sh REPORT.html OUT.png [WIDTH]
#   WIDTH defaults to 1400 px; the height is measured (a first, scripted pass on a copy of the
#   page) so the PNG holds the whole page.
# Needs: chromium (Debian: apt-get install -y chromium) and python3.
# Environment: CHROMIUM overrides the browser binary.
set -euo pipefail

if [[ $# -lt 2 || $# -gt 3 ]]; then
  echo "usage: $0 REPORT.html OUT.png [WIDTH]" >&2
  exit 64
fi
report=$1
png=$2
width=${3:-1400}
browser=${CHROMIUM:-chromium}
command -v "$browser" > /dev/null || { echo "render-report: $browser not found; apt-get install -y chromium" >&2; exit 69; }
[[ -f $report ]] || { echo "render-report: $report: no such file" >&2; exit 66; }

fail() {
  echo "render-report: FAIL: $*" >&2
  exit 1
}

# 1. Static checks: the page must not refer to anything outside itself.
for pattern in 'https\?://' '<link' '@import' 'url(' ' src='; do
  if match=$(grep -n -i -o -m 1 ".\{0,40\}$pattern.\{0,40\}" "$report"); then
    fail "$report contains '$pattern' at line $match"
  fi
done

scripts=$(grep -o -i '<script[^>]*>' "$report" | sort | uniq -c | awk '{$1=$1};1' | tr '\n' ';')
[[ $scripts == '1 <script type="application/json" id="bigram-data">;1 <script>;' ]] \
  || fail "$report has other scripts than its inline data and controls: $scripts"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
page_url="file://$(realpath "$report")"

# Chromium's own background services (updates, sync, accounts) would otherwise show up in the
# network log; the resolver rule makes every host lookup fail, so nothing can leave the machine.
flags=(
  --headless --disable-gpu --no-sandbox --no-first-run --no-default-browser-check
  --disable-background-networking --disable-component-update --disable-sync --disable-default-apps
  --disable-extensions --disable-domain-reliability --hide-scrollbars
  --host-resolver-rules="MAP * ~NOTFOUND"
)

# 2. Measure the page height at this width on a scripted copy (the original stays script-free).
sed 's#</body>#<script>document.documentElement.setAttribute("data-height", document.documentElement.scrollHeight)</script></body>#' \
  "$report" > "$work/measure.html"
height=$(timeout 120 "$browser" "${flags[@]}" --window-size="$width,1000" --dump-dom "file://$work/measure.html" 2> /dev/null \
  | grep -o 'data-height="[0-9]*"' | grep -o '[0-9]\+' || true)
[[ -n $height ]] || fail "could not measure the page height"

# 3. Render the original page, logging console messages and network activity.
timeout 180 "$browser" "${flags[@]}" --window-size="$width,$height" --enable-logging=stderr --v=0 \
  --log-net-log="$work/net.json" --screenshot="$work/page.png" "$page_url" > "$work/stdout.txt" 2> "$work/stderr.txt" \
  || fail "chromium exited with status $? (see its log: $(tail -3 "$work/stderr.txt"))"
[[ -s $work/page.png ]] || fail "chromium wrote no screenshot"

# Any console message counts: the page's script logs nothing, so the only sources are errors such
# as "Failed to load resource" or an exception in the script.
if grep -q ':CONSOLE' "$work/stderr.txt"; then
  fail "console output while loading the page: $(grep ':CONSOLE' "$work/stderr.txt" | head -3)"
fi

# A request made by the page carries the file:// network isolation key; the browser's own
# background requests (if any slipped through) carry their service's origin instead.
python3 - "$work/net.json" << 'EOF' || fail "the page made network requests"
import json, sys
log = json.load(open(sys.argv[1]))
names = {value: key for key, value in log["constants"]["logEventTypes"].items()}
requests = sorted({
    event["params"]["url"] for event in log["events"]
    if names.get(event["type"]) == "URL_REQUEST_START_JOB"
    and event.get("params", {}).get("network_isolation_key", "").startswith("file://")
})
for url in requests:
    print(f"render-report: request from the page: {url}", file=sys.stderr)
sys.exit(1 if requests else 0)
EOF

mv "$work/page.png" "$png"
echo "render-report: $png (${width}×${height}): no console messages, no network requests"
