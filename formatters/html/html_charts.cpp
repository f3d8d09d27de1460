#include "html_charts.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "common/report_walk.hpp"
#include "html_text.hpp"

namespace graphstat::formatters::html {
namespace {

constexpr double kWidth = 560, kHeight = 360, kLeft = 60, kRight = 20, kTop = 20, kBottom = 40;

struct Point {
  const ModuleStats* row;
  double intensity;  // FLOPs per byte; 0 for a module without FLOPs.
  double rate;       // FLOPs per second attained; 0 likewise.
};

// A log10 axis over whole decades that holds [low, high].
struct LogAxis {
  double lo, hi;  // Decade exponents.
  double pixel_lo, pixel_hi;
  LogAxis(double low, double high, double from, double to)
      : lo(std::floor(std::log10(low))),
        hi(std::ceil(std::log10(high))),
        pixel_lo(from),
        pixel_hi(to) {
    if (hi <= lo) hi = lo + 1;
  }
  double operator()(double v) const {
    const double e = std::clamp(std::log10(v), lo, hi);
    return pixel_lo + (e - lo) / (hi - lo) * (pixel_hi - pixel_lo);
  }
};

void collect(const ModuleStats& row, std::vector<Point>& points) {
  if (row.kind == RowKind::module && row.seconds > 0) {
    const bool flops = row.flops > 0 && row.memory_bytes() > 0;
    points.push_back({&row, flops ? row.arithmetic_intensity() : 0.0,
                      flops ? static_cast<double>(row.flops) / row.seconds : 0.0});
  }
  for (const auto& child : row.children) collect(child, points);
}

void axes(const LogAxis& x, const LogAxis& y, std::ostream& out) {
  for (double e = x.lo; e <= x.hi; ++e) {
    const double px = x(std::pow(10.0, e));
    out << fmt::format(
        "<line class=\"grid\" x1=\"{0:.1f}\" y1=\"{1}\" x2=\"{0:.1f}\" y2=\"{2}\"/>"
        "<text x=\"{0:.1f}\" y=\"{3}\" text-anchor=\"middle\">1e{4}</text>\n",
        px, kTop, kHeight - kBottom, kHeight - kBottom + 14, e);
  }
  for (double e = y.lo; e <= y.hi; ++e) {
    const double py = y(std::pow(10.0, e));
    out << fmt::format(
        "<line class=\"grid\" x1=\"{0}\" y1=\"{1:.1f}\" x2=\"{2}\" y2=\"{1:.1f}\"/>"
        "<text x=\"{3}\" y=\"{1:.1f}\" text-anchor=\"end\" dy=\"4\">1e{4}</text>\n",
        kLeft, py, kWidth - kRight, kLeft - 6, e);
  }
  out << fmt::format(
      "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">arithmetic intensity (FLOPs/byte)</text>\n"
      "<text x=\"14\" y=\"{}\" text-anchor=\"middle\" transform=\"rotate(-90 14 {})\">FLOP/s"
      "</text>\n",
      (kLeft + kWidth - kRight) / 2, kHeight - 6, (kTop + kHeight - kBottom) / 2,
      (kTop + kHeight - kBottom) / 2);
}

}  // namespace

void write_roofline_svg(const Report& report, std::ostream& out) {
  if (!report.roofline) return;
  const RooflineSummary& r = *report.roofline;
  std::vector<Point> points;
  collect(report.root, points);
  double min_i = r.ridge_point(), max_i = r.ridge_point(), min_rate = r.peak_ops_per_s;
  for (const Point& p : points) {
    if (p.rate <= 0) continue;
    min_i = std::min(min_i, p.intensity);
    max_i = std::max(max_i, p.intensity);
    min_rate = std::min(min_rate, p.rate);
  }
  const LogAxis x(min_i / 2, max_i * 2, kLeft, kWidth - kRight);
  const LogAxis y(min_rate / 2, r.peak_ops_per_s * 2, kHeight - kBottom, kTop);
  out << "<figure>\n<figcaption>Roofline: " << escape(hardware_text(r))
      << "; one point per module</figcaption>\n"
      << fmt::format(
             "<svg class=\"roofline\" id=\"roofline\" width=\"{}\" height=\"{}\" "
             "viewBox=\"0 0 {} {}\">\n",
             kWidth, kHeight, kWidth, kHeight);
  axes(x, y, out);
  const double left = std::pow(10.0, x.lo), right = std::pow(10.0, x.hi);
  const double ridge = r.ridge_point();
  out << fmt::format(
      "<polyline class=\"roof\" points=\"{:.1f},{:.1f} {:.1f},{:.1f} {:.1f},{:.1f}\"/>\n", x(left),
      y(r.memory_bytes_per_s * left), x(ridge), y(r.peak_ops_per_s), x(right), y(r.peak_ops_per_s));
  for (const Point& p : points) {
    // A module without FLOPs has no place on a log axis: it sits on the left edge, at the floor.
    const double px = p.rate > 0 ? x(p.intensity) : x.pixel_lo;
    const double py = p.rate > 0 ? y(p.rate) : y.pixel_lo;
    out << fmt::format(
        "<circle class=\"pt {}\" cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"4\"><title>{}: {:.2f} FLOPs/byte, "
        "{:.3g} FLOP/s, {}</title></circle>\n",
        p.row->compute_bound() ? "compute" : "memory", px, py, escape(p.row->name), p.intensity,
        p.rate, escape(time_cell(*p.row)));
  }
  out << "</svg>\n</figure>\n";
}

void write_where_it_goes(const Report& report, std::ostream& out) {
  const ModuleStats& root = report.root;
  if (root.children.empty()) return;
  std::vector<const ModuleStats*> top;
  for (const auto& child : root.children) top.push_back(&child);
  std::stable_sort(top.begin(), top.end(), [&](const ModuleStats* a, const ModuleStats* b) {
    return a->metric_value(report.metric) > b->metric_value(report.metric);
  });
  const std::string_view metric = metric_label(report.metric);
  out << "<figure>\n<figcaption>Where the " << metric << " and the memory go (top-level rows)"
      << "</figcaption>\n<table class=\"where\">\n<thead><tr><th>Row</th><th>" << metric
      << "</th><th>Memory</th></tr></thead>\n<tbody>\n";
  for (const ModuleStats* row : top) {
    out << "<tr><td>" << escape(row->name) << "</td>"
        << share_cell(row->metric_value(report.metric), root.metric_value(report.metric))
        << share_cell(row->memory_bytes(), root.memory_bytes()) << "</tr>\n";
  }
  out << "</tbody>\n</table>\n</figure>\n";
}

}  // namespace graphstat::formatters::html
