// The words of a report in Chinese and English: section titles, the names of ratios and
// positions, report kinds and the page's own phrases. The figures' own labels are in the
// field table (report_fields.h). Chinese uses the programme's terms (POLICY.zh.txt).
// Thread-safety: constant tables.
#pragma once

#include <string_view>

namespace crowdledger {

enum class ReportLanguage { Chinese, English };

// The label of a JSON key: a section ("capital"), a ratio, a position, a report kind or a
// phrase of the page ("period", "tree_size"...). The key itself if it has none.
std::string_view ReportText(std::string_view key, ReportLanguage language);
// The label of a figure, by its JSON name; the name itself if it is not a figure.
std::string_view FigureLabel(std::string_view name, ReportLanguage language);
// Whether the figure with this JSON name is an amount in minor units (fen).
bool IsAmountFigure(std::string_view name);

}  // namespace crowdledger
