#!/usr/bin/env bash
# Regenerates docs/images/html-report.png, the README's picture of the HTML report: ResNet-50 on
# the A100 profile, layer3 unfolded and the table sorted by MACs, taken by headless chromium
# (Debian package chromium) from build/bin/graphstat.
#
#   tools/screenshot-html.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$build/bin/graphstat" --model resnet50 --hardware a100 -o "$work/report.html"
# Unfold layer3 and sort by MACs, as a reader would, before the picture is taken.
cat > "$work/clicks.html" <<'JS'
<script>(function () {
  var rows = document.querySelectorAll('#modules tr');
  var layer3 = Array.prototype.filter.call(rows, function (t) {
    return t.cells[0].textContent.slice(1) === 'layer3';
  })[0];
  layer3.querySelector('button.fold').click();
  document.querySelector('th[data-col="2"]').click();
})();</script>
JS
{ sed '/<\/body>/,$d' "$work/report.html"; cat "$work/clicks.html"
  sed -n '/<\/body>/,$p' "$work/report.html"; } > "$work/shot.html"
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$work/profile" \
  --window-size=1280,1500 --screenshot="$PWD/docs/images/html-report.png" \
  "file://$work/shot.html" 2>/dev/null
echo "wrote docs/images/html-report.png" >&2
