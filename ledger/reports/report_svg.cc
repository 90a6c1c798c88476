// SVG charts: coordinates are integers scaled in 128 bits, so a chart never involves a float.
#include "ledger/reports/report_svg.h"

#include <algorithm>

#include "ledger/reports/money_text.h"

namespace crowdledger {
namespace {

constexpr int64_t kWidth = 960;
constexpr int64_t kLineHeight = 280;
constexpr int64_t kLeft = 110, kRight = 20, kTop = 20, kBottom = 50;
constexpr const char* kColours[] = {"#1f6fb2", "#d9822b", "#2e9e5b", "#b8403a",
                                    "#7a5cb0", "#8c6d31", "#4a9aa8"};
constexpr size_t kColourCount = sizeof(kColours) / sizeof(kColours[0]);
// Bounds a chart's size whatever the report holds: more points or bars are not drawn.
constexpr size_t kMaxBars = 40;

// value * span / whole, rounded down, for non-negative value <= whole.
int64_t Scale(int64_t value, int64_t span, int64_t whole) {
  if (whole <= 0 || value <= 0) return 0;
  __extension__ using Wide = __int128;
  return static_cast<int64_t>(static_cast<Wide>(value) * span / whole);
}

std::string Num(int64_t value) { return std::to_string(value); }

}  // namespace

std::string HtmlEscape(std::string_view text) {
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

std::string DailyLineChart(const std::vector<std::string>& days,
                           const std::vector<ChartSeries>& series) {
  int64_t top = 0;
  for (const ChartSeries& line : series) {
    for (int64_t value : line.values) top = std::max(top, value);
  }
  if (days.empty() || top == 0) return "";
  const int64_t plot_width = kWidth - kLeft - kRight, plot_height = kLineHeight - kTop - kBottom;
  auto x = [&](size_t i) {
    return days.size() == 1 ? kLeft + plot_width / 2
                            : kLeft + Scale(static_cast<int64_t>(i), plot_width,
                                            static_cast<int64_t>(days.size() - 1));
  };
  auto y = [&](int64_t value) { return kTop + plot_height - Scale(value, plot_height, top); };
  std::string svg = "<svg class=\"chart\" viewBox=\"0 0 " + Num(kWidth) + " " +
                    Num(kLineHeight + 24 * static_cast<int64_t>((series.size() + 3) / 4)) +
                    "\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\">";
  for (int step = 0; step <= 4; ++step) {  // grid and y labels: 0, 1/4 .. the maximum
    int64_t value = Scale(top, step, 4);
    svg += "<line class=\"grid\" x1=\"" + Num(kLeft) + "\" x2=\"" + Num(kWidth - kRight) +
           "\" y1=\"" + Num(y(value)) + "\" y2=\"" + Num(y(value)) + "\"/>";
    svg += "<text class=\"axis\" x=\"" + Num(kLeft - 6) + "\" y=\"" + Num(y(value) + 4) +
           "\" text-anchor=\"end\">" + YuanFromFen(value, true) + "</text>";
  }
  size_t label_every = std::max<size_t>(1, days.size() / 8);
  for (size_t i = 0; i < days.size(); i += label_every) {
    svg += "<text class=\"axis\" x=\"" + Num(x(i)) + "\" y=\"" + Num(kLineHeight - kBottom + 18) +
           "\" text-anchor=\"middle\">" + HtmlEscape(days[i]) + "</text>";
  }
  for (size_t s = 0; s < series.size(); ++s) {
    const char* colour = kColours[s % kColourCount];
    std::string points;
    for (size_t i = 0; i < series[s].values.size() && i < days.size(); ++i) {
      points += Num(x(i)) + "," + Num(y(series[s].values[i])) + " ";
      svg += "<circle cx=\"" + Num(x(i)) + "\" cy=\"" + Num(y(series[s].values[i])) +
             "\" r=\"3\" fill=\"" + colour + "\"/>";
    }
    svg += "<polyline fill=\"none\" stroke-width=\"2\" stroke=\"" + std::string(colour) +
           "\" points=\"" + points + "\"/>";
    int64_t legend_x = kLeft + static_cast<int64_t>(s % 4) * 210;
    int64_t legend_y = kLineHeight + 4 + static_cast<int64_t>(s / 4) * 24;
    svg += "<rect x=\"" + Num(legend_x) + "\" y=\"" + Num(legend_y) +
           "\" width=\"14\" height=\"14\" fill=\"" + colour + "\"/><text class=\"legend\" x=\"" +
           Num(legend_x + 20) + "\" y=\"" + Num(legend_y + 12) + "\">" +
           HtmlEscape(series[s].label) + "</text>";
  }
  return svg + "</svg>";
}

std::string HorizontalBarChart(const std::vector<ChartBar>& all_bars) {
  std::vector<ChartBar> bars(
      all_bars.begin(),
      all_bars.begin() + static_cast<std::ptrdiff_t>(std::min(all_bars.size(), kMaxBars)));
  int64_t top = 0;
  for (const ChartBar& bar : bars) top = std::max(top, bar.value);
  if (bars.empty() || top == 0) return "";
  constexpr int64_t kBarHeight = 22, kLabelWidth = 220, kValueWidth = 150;
  int64_t height = static_cast<int64_t>(bars.size()) * (kBarHeight + 8) + 8;
  std::string svg = "<svg class=\"chart\" viewBox=\"0 0 " + Num(kWidth) + " " + Num(height) +
                    "\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\">";
  int64_t span = kWidth - kLabelWidth - kValueWidth;
  for (size_t i = 0; i < bars.size(); ++i) {
    int64_t y = 8 + static_cast<int64_t>(i) * (kBarHeight + 8);
    int64_t width = std::max<int64_t>(1, Scale(bars[i].value, span, top));
    svg += "<text class=\"legend\" x=\"" + Num(kLabelWidth - 8) + "\" y=\"" + Num(y + 16) +
           "\" text-anchor=\"end\">" + HtmlEscape(bars[i].label) + "</text>";
    svg += "<rect x=\"" + Num(kLabelWidth) + "\" y=\"" + Num(y) + "\" width=\"" + Num(width) +
           "\" height=\"" + Num(kBarHeight) + "\" fill=\"" + kColours[0] + "\"/>";
    svg += "<text class=\"axis\" x=\"" + Num(kLabelWidth + width + 6) + "\" y=\"" + Num(y + 16) +
           "\">" + YuanFromFen(bars[i].value, true) + "</text>";
  }
  return svg + "</svg>";
}

}  // namespace crowdledger
