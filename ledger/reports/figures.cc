// Figures: checked sums, gauges by latest entry, and the bucket record codec.
#include "ledger/reports/figures.h"

#include <cstdint>

#include "ledger/state/record_codec.h"

namespace crowdledger {
namespace {

const char kWhat[] = "report bucket";

Status Overflows(uint8_t id) {
  const ReportFieldInfo* info = FindReportField(id);
  return Status(ErrorCode::Overflow, std::string("report figure ") +
                                         (info != nullptr ? info->name : "?") + " overflows");
}

// Leaves `total` as it was when the sum overflows.
Status AddChecked(FigureSum& total, FigureSum value, uint8_t id) {
  FigureSum sum = 0;
  if (__builtin_add_overflow(total, value, &sum)) return Overflows(id);
  total = sum;
  return Status::Ok();
}

// A stored value's figure number has this bit set when the value takes 128 bits (two i64,
// low half first); numbers are below 128, so the bit is free.
constexpr uint8_t kWideValue = 0x80;

bool FitsIn64(FigureSum value) { return value >= INT64_MIN && value <= INT64_MAX; }

void MergeGauge(FigureGauge& into, const FigureGauge& from) {
  if (from.present && (!into.present || from.sequence >= into.sequence)) into = from;
}

}  // namespace

Status FigureCell::Add(ReportField field, int64_t value) {
  uint8_t id = FieldId(field);
  return AddChecked(values[id], value, id);
}

bool FigureCell::empty() const {
  for (FigureSum value : values) {
    if (value != 0) return false;
  }
  for (const FigureGauge& gauge : gauges) {
    if (gauge.present) return false;
  }
  return true;
}

bool Figures::empty() const {
  for (const auto& entry : cells_) {
    if (!entry.second.empty()) return false;
  }
  return true;
}

FigureCell& Figures::MutableCell(std::string_view breakdown, std::string_view currency) {
  auto found = cells_.find(FigureCellKey(breakdown, currency));
  if (found != cells_.end()) return found->second;
  return cells_[FigureCellKey(breakdown, currency)];
}

const FigureCell& Figures::Cell(std::string_view breakdown, std::string_view currency) const {
  static const FigureCell kEmpty;
  auto found = cells_.find(FigureCellKey(breakdown, currency));
  return found == cells_.end() ? kEmpty : found->second;
}

Status Figures::Add(std::string_view breakdown, std::string_view currency, ReportField field,
                    int64_t value) {
  return MutableCell(breakdown, currency).Add(field, value);
}

void Figures::SetGauge(std::string_view currency, ReportGauge gauge, uint64_t sequence,
                       int64_t value) {
  FigureGauge& slot = MutableCell("", currency).gauges[static_cast<uint8_t>(gauge)];
  MergeGauge(slot, FigureGauge{sequence, value, true});
}

Status Figures::Merge(const Figures& other) {
  for (const auto& [key, from] : other.cells_) {
    if (from.empty()) continue;
    FigureCell& into = MutableCell(key.first, key.second);
    for (size_t id = 0; id < kReportFieldSlots; ++id) {
      if (from.values[id] != 0) {
        RETURN_IF_ERROR(AddChecked(into.values[id], from.values[id], static_cast<uint8_t>(id)));
      }
    }
    for (size_t id = 0; id < kReportGaugeSlots; ++id) MergeGauge(into.gauges[id], from.gauges[id]);
  }
  return Status::Ok();
}

std::string Figures::Encode() const {
  uint32_t cells = 0;
  for (const auto& entry : cells_) cells += entry.second.empty() ? 0U : 1U;
  RecordWriter writer(kRecordVersion);
  writer.U32(cells);
  for (const auto& [key, cell] : cells_) {
    if (cell.empty()) continue;
    writer.Text(key.first).Text(key.second);
    uint32_t values = 0, gauges = 0;
    for (FigureSum value : cell.values) values += value != 0 ? 1U : 0U;
    for (const FigureGauge& gauge : cell.gauges) gauges += gauge.present ? 1U : 0U;
    writer.U32(values);
    for (size_t id = 0; id < kReportFieldSlots; ++id) {
      FigureSum value = cell.values[id];
      if (value == 0) continue;
      if (FitsIn64(value)) {
        writer.U8(static_cast<uint8_t>(id)).I64(static_cast<int64_t>(value));
      } else {
        __extension__ using Unsigned = unsigned __int128;
        auto bits = static_cast<Unsigned>(value);
        writer.U8(static_cast<uint8_t>(id | kWideValue))
            .U64(static_cast<uint64_t>(bits))
            .U64(static_cast<uint64_t>(bits >> 64));
      }
    }
    writer.U32(gauges);
    for (size_t id = 0; id < kReportGaugeSlots; ++id) {
      const FigureGauge& gauge = cell.gauges[id];
      if (gauge.present) writer.U8(static_cast<uint8_t>(id)).U64(gauge.sequence).I64(gauge.value);
    }
  }
  return writer.Finish();
}

Result<Figures> Figures::Decode(std::string_view bytes) {
  RecordReader reader(bytes, kWhat);
  Figures figures;
  // Every count is bounded by the bytes left: a damaged count cannot make a long loop.
  uint32_t cells = reader.U32();
  if (cells > bytes.size()) return Status(ErrorCode::Corruption, "report bucket is damaged");
  for (uint32_t i = 0; i < cells && reader.status().ok(); ++i) {
    std::string breakdown = reader.Text();
    std::string currency = reader.Text();
    FigureCell& cell = figures.cells_[FigureCellKey(std::move(breakdown), std::move(currency))];
    uint32_t values = reader.U32();
    if (values > kReportFieldSlots)
      return Status(ErrorCode::Corruption, "report bucket is damaged");
    for (uint32_t v = 0; v < values; ++v) {
      uint8_t tagged = reader.U8();
      auto id = static_cast<uint8_t>(tagged & ~kWideValue);
      FigureSum value = 0;
      if ((tagged & kWideValue) != 0) {
        __extension__ using Unsigned = unsigned __int128;
        uint64_t low = reader.U64();
        uint64_t high = reader.U64();
        value = static_cast<FigureSum>((static_cast<Unsigned>(high) << 64) | low);
        // A wide value is written wide only when it needs it: one form per value.
        if (reader.status().ok() && FitsIn64(value)) {
          return Status(ErrorCode::Corruption, "report bucket holds a needlessly wide value");
        }
      } else {
        value = reader.I64();
      }
      if (reader.status().ok() && FindReportField(id) == nullptr) {
        return Status(ErrorCode::Corruption, "report bucket holds unknown figure " +
                                                 std::to_string(static_cast<unsigned>(id)));
      }
      cell.values[id] = value;
    }
    uint32_t gauges = reader.U32();
    if (gauges > kReportGaugeSlots)
      return Status(ErrorCode::Corruption, "report bucket is damaged");
    for (uint32_t g = 0; g < gauges; ++g) {
      uint8_t id = reader.U8();
      uint64_t sequence = reader.U64();
      int64_t value = reader.I64();
      if (reader.status().ok() && FindReportGauge(id) == nullptr) {
        return Status(ErrorCode::Corruption, "report bucket holds unknown gauge " +
                                                 std::to_string(static_cast<unsigned>(id)));
      }
      if (id < kReportGaugeSlots) cell.gauges[id] = FigureGauge{sequence, value, true};
    }
  }
  return FinishRecord(reader, std::move(figures));
}

}  // namespace crowdledger
