#include "html_text.hpp"

#include <fmt/format.h>

namespace graphstat::formatters::html {
namespace {

/// Width of a bar at 100%; shares scale linearly below it.
constexpr double kBarEm = 6.0;

}  // namespace

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string name_cell(std::string_view name, int depth, Fold fold) {
  std::string_view button;
  if (fold == Fold::open) button = "<button class=\"fold\" aria-expanded=\"true\">▾</button>";
  if (fold == Fold::closed) button = "<button class=\"fold\" aria-expanded=\"false\">▸</button>";
  return fmt::format("<td style=\"padding-left:{:.2f}em\">{}{}</td>", 0.8 + 1.25 * depth, button,
                     escape(name));
}

std::string share_cell(std::uint64_t value, std::uint64_t total) {
  if (total == 0 || value == 0) return "<td class=\"share\"></td>";
  const double share = static_cast<double>(value) / static_cast<double>(total);
  return fmt::format(
      "<td class=\"share\"><span class=\"bar\" style=\"width:{:.2f}em\"></span>{:.1f}%</td>",
      share * kBarEm, share * 100.0);
}

std::string cells(const std::vector<std::string>& texts) {
  std::string out;
  for (const std::string& text : texts) out += "<td>" + escape(text) + "</td>";
  return out;
}

const std::string_view kStyle =
    R"(body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}
h1{font-size:1.4em;margin:0 0 .2em}
h2{font-size:1.1em;margin:1.5em 0 .4em}
.meta{color:#666;margin:0 0 1em}
dl.totals{display:grid;grid-template-columns:max-content auto;gap:.2em 1em;margin:0 0 1.5em}
dl.totals dt{color:#555}
dl.totals dd{margin:0}
table{border-collapse:collapse;font-variant-numeric:tabular-nums}
th,td{padding:.2em .8em;border-bottom:1px solid #eee;white-space:nowrap;text-align:right}
th{border-bottom:2px solid #ccc}
th[data-col]{cursor:pointer}
th[aria-sort=descending]::after{content:" ▼"}
th[aria-sort=ascending]::after{content:" ▲"}
th:first-child,td:first-child{text-align:left}
tr.model td{font-weight:600}
tr.op td:first-child{font-style:italic}
tr.param td{color:#888;font-size:.9em}
td.shape{text-align:left;font-family:monospace}
td.share{text-align:left;min-width:11em}
.bar{display:inline-block;height:.8em;background:#4a7fd6;vertical-align:middle;margin-right:.4em}
button.fold{border:0;background:none;cursor:pointer;width:1.2em;padding:0;margin-left:-1.2em}
.charts{display:flex;flex-wrap:wrap;gap:2em;align-items:flex-start}
.where td{border:0;padding:.1em .5em}
svg.roofline{border:1px solid #ddd;background:#fff}
svg.roofline .roof{fill:none;stroke:#c33;stroke-width:2}
svg.roofline .grid{stroke:#eee}
svg.roofline .pt{fill:#4a7fd6;fill-opacity:.7}
svg.roofline .pt.memory{fill:#e0a000}
svg.roofline text{font-size:11px;fill:#555}
)";

// Folding: a row's children are the rows whose data-parent is its data-id. Sorting: siblings are
// reordered by the clicked column's exact value, each subtree moving with its root; parameter
// rows stay first under their module.
const std::string_view kScript = R"((function () {
  var table = document.getElementById('modules');
  if (!table) return;
  var values = JSON.parse(document.getElementById('graphstat-rows').textContent);
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var kids = {};
  rows.forEach(function (tr) {
    var p = tr.getAttribute('data-parent');
    if (p !== null) (kids[p] = kids[p] || []).push(tr);
  });
  function show(id, visible) {
    (kids[id] || []).forEach(function (c) {
      c.hidden = !visible;
      var cid = c.getAttribute('data-id');
      if (cid !== null) show(cid, visible && c.getAttribute('data-open') === '1');
    });
  }
  function fold(tr, open) {
    tr.setAttribute('data-open', open ? '1' : '0');
    var b = tr.querySelector('button.fold');
    if (b) {
      b.textContent = open ? '\u25be' : '\u25b8';
      b.setAttribute('aria-expanded', open ? 'true' : 'false');
    }
    show(tr.getAttribute('data-id'), open);
  }
  body.addEventListener('click', function (e) {
    var b = e.target.closest('button.fold');
    if (b) { var tr = b.closest('tr'); fold(tr, tr.getAttribute('data-open') !== '1'); }
  });
  var sorted = -1, descending = true;
  table.tHead.addEventListener('click', function (e) {
    var th = e.target.closest('th[data-col]');
    if (!th) return;
    var col = +th.getAttribute('data-col');
    descending = col === sorted ? !descending : col !== 0;
    sorted = col;
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) {
      c.removeAttribute('aria-sort');
    });
    th.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
    function key(tr) { return values[+tr.getAttribute('data-id')][col]; }
    function compare(a, b) {
      var x = key(a), y = key(b);
      var r = typeof x === 'number' && typeof y === 'number' ? x - y
            : String(x).localeCompare(String(y), undefined, {numeric: true});
      return descending ? -r : r;
    }
    var order = [];
    (function walk(tr) {
      order.push(tr);
      var list = kids[tr.getAttribute('data-id')] || [];
      var params = list.filter(function (c) { return c.getAttribute('data-id') === null; });
      var modules = list.filter(function (c) { return c.getAttribute('data-id') !== null; });
      params.concat(modules.sort(compare)).forEach(walk);
    })(rows[0]);
    order.forEach(function (tr) { body.appendChild(tr); });
  });
})();
)";

}  // namespace graphstat::formatters::html
