// JSON <-> FlatBuffers through flatbuffers::Parser over the embedded schema text.
#include "tools/schema_json.h"

#include <flatbuffers/idl.h>

#include "schema_text.h"

namespace crowdledger::tool {
namespace {

Result<std::unique_ptr<flatbuffers::Parser>> ParserFor(const std::string& root,
                                                       const std::string& identifier) {
  flatbuffers::IDLOptions options;
  options.strict_json = true;
  options.output_default_scalars_in_json = true;  // explicit zeros: sequence 0, no duplicate
  auto parser = std::make_unique<flatbuffers::Parser>(options);
  std::string schema = std::string(schema::kSchemaText) + "\nroot_type " + root + ";\n";
  if (!identifier.empty()) schema += "file_identifier \"" + identifier + "\";\n";
  if (!parser->Parse(schema.c_str())) {
    return Status(ErrorCode::Corruption, "embedded schema does not parse: " + parser->error_);
  }
  return parser;
}

}  // namespace

Result<std::string> JsonToFlatbuffer(std::string_view json, const std::string& root,
                                     const std::string& identifier) {
  ASSIGN_OR_RETURN(auto parser, ParserFor(root, identifier));
  std::string text(json);
  if (!parser->Parse(text.c_str())) {
    return Status(ErrorCode::BadEncoding,
                  "JSON does not match the " + root + " schema: " + parser->error_);
  }
  return std::string(reinterpret_cast<const char*>(parser->builder_.GetBufferPointer()),
                     parser->builder_.GetSize());
}

Result<std::string> FlatbufferToJson(std::string_view bytes, const std::string& root) {
  ASSIGN_OR_RETURN(auto parser, ParserFor(root, ""));
  std::string text;
  if (!flatbuffers::GenerateText(*parser, bytes.data(), &text)) {
    return Status(ErrorCode::Malformed, "cannot print the " + root + " as JSON");
  }
  return text;
}

}  // namespace crowdledger::tool
