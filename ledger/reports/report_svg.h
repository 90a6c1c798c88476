// Inline SVG charts for the HTML report, drawn with integer arithmetic from amounts in fen:
// lines of amounts by day, and horizontal bars of amounts by name. Self-contained (no
// script, no external asset), with text in the page's font, readable in print.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace crowdledger {

struct ChartSeries {
  std::string label;
  std::vector<int64_t> values;  // one per x label, in fen
};

// `days` label the x axis; every series has one value per day. "" if there is nothing to draw.
std::string DailyLineChart(const std::vector<std::string>& days,
                           const std::vector<ChartSeries>& series);

struct ChartBar {
  std::string label;
  int64_t value = 0;  // fen
};
std::string HorizontalBarChart(const std::vector<ChartBar>& bars);

// Text for HTML element content and attribute values.
std::string HtmlEscape(std::string_view text);

}  // namespace crowdledger
