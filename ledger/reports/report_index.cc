// Bucket indexes and scope lists: record codecs with every count bounded by the bytes left.
#include "ledger/reports/report_index.h"

#include "ledger/state/record_codec.h"

namespace crowdledger {

std::string EncodeBucketIndex(const std::vector<BucketId>& buckets) {
  RecordWriter writer(kRecordVersion);
  writer.U32(static_cast<uint32_t>(buckets.size()));
  for (const BucketId& bucket : buckets) writer.U64(bucket.block).I64(bucket.day);
  return writer.Finish();
}

Result<std::vector<BucketId>> DecodeBucketIndex(std::string_view bytes) {
  RecordReader reader(bytes, "report bucket index");
  uint32_t count = reader.U32();
  constexpr size_t kBytesPerBucket = 16;
  if (count > bytes.size() / kBytesPerBucket) {
    return Status(ErrorCode::Corruption, "report bucket index is damaged");
  }
  std::vector<BucketId> buckets(count);
  for (BucketId& bucket : buckets) {
    bucket.block = reader.U64();
    bucket.day = reader.I64();
  }
  return FinishRecord(reader, std::move(buckets));
}

std::string EncodeScopeList(const std::vector<std::string>& names) {
  RecordWriter writer(kRecordVersion);
  writer.U32(static_cast<uint32_t>(names.size()));
  for (const std::string& name : names) writer.Text(name);
  return writer.Finish();
}

Result<std::vector<std::string>> DecodeScopeList(std::string_view bytes) {
  RecordReader reader(bytes, "report scope list");
  uint32_t count = reader.U32();
  constexpr size_t kBytesPerName = 4;  // at least its length
  if (count > bytes.size() / kBytesPerName) {
    return Status(ErrorCode::Corruption, "report scope list is damaged");
  }
  std::vector<std::string> names(count);
  for (std::string& name : names) name = reader.Text();
  return FinishRecord(reader, std::move(names));
}

}  // namespace crowdledger
