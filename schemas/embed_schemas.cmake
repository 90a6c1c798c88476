# Writes OUTPUT: a header with the schemas' text (includes, root types and file identifiers
# removed) as one raw string, so that tools can parse and print the JSON form of any root
# table at run time. Run as: cmake -DOUTPUT=... -DSCHEMAS="a.fbs;b.fbs" -P embed_schemas.cmake
set(text "")
foreach(schema IN LISTS SCHEMAS)
  file(READ "${schema}" content)
  string(REGEX REPLACE "(^|\n)(include|root_type|file_identifier)[^\n]*" "\\1" content "${content}")
  string(APPEND text "${content}\n")
endforeach()
file(WRITE "${OUTPUT}.tmp" "// Generated from schemas/*.fbs by embed_schemas.cmake. Do not edit.\n"
  "#pragma once\n\nnamespace crowdledger::schema {\n\n"
  "inline constexpr char kSchemaText[] = R\"crowdledger_fbs(${text})crowdledger_fbs\";\n\n}\n")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
