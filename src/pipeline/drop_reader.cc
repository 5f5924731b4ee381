// SPDX-License-Identifier: Apache-2.0
#include "m2drop/pipeline/drop_reader.h"

#include "m2drop/config/fields.h"
#include "m2drop/csv/byte_source.h"
#include "m2drop/csv/dialect.h"
#include "m2drop/csv/encoding.h"

namespace m2drop::pipeline {

csv::ReaderOptions ReaderOptionsFor(const config::Profile& profile,
                                    const config::LimitsConfig& limits) {
  csv::ReaderOptions options;
  options.forced_delimiter = profile.delimiter;
  switch (profile.encoding) {
    case config::Encoding::kAuto:
      break;
    case config::Encoding::kUtf8:
      options.forced_encoding = csv::Encoding::kUtf8;
      break;
    case config::Encoding::kWindows1252:
      options.forced_encoding = csv::Encoding::kWindows1252;
      break;
    case config::Encoding::kUtf16:
      // A BOM still decides the byte order; without one, Windows (where
      // UTF-16 exports come from) writes little-endian.
      options.forced_encoding = csv::Encoding::kUtf16Le;
      break;
  }
  options.max_file_size = limits.max_file_size;
  options.max_line_length = static_cast<size_t>(limits.max_line_length);
  options.max_fields = static_cast<size_t>(limits.max_fields);
  return options;
}

std::vector<csv::FieldSpec> FieldSpecsFor(const config::Profile& profile) {
  std::vector<csv::FieldSpec> specs;
  for (config::FieldDef& def : config::EffectiveFields(profile)) {
    specs.push_back(
        {std::move(def.name), def.required, std::move(def.aliases)});
  }
  return specs;
}

Result<Drop> OpenDrop(const std::string& path, const config::Profile& profile,
                      const config::LimitsConfig& limits,
                      const fs::ReadableFile* file) {
  const csv::ReaderOptions options = ReaderOptionsFor(profile, limits);
  auto reader =
      file == nullptr
          ? csv::Reader::Open(fs::PosixFileSystem::Instance(), path, options)
          : csv::Reader::FromSource(
                std::make_unique<csv::OpenFileByteSource>(*file), options,
                path);
  if (!reader.ok()) return reader.status();
  auto columns = csv::MapHeader((*reader)->header(), FieldSpecsFor(profile));
  if (!columns.ok()) return columns.status().WithContext(path);
  return Drop{std::move(reader).value(), std::move(columns).value()};
}

DialectSummary SummarizeDialect(const csv::Dialect& dialect) {
  return DialectSummary{std::string(csv::EncodingName(dialect.encoding)),
                        dialect.bom, csv::DelimiterText(dialect.delimiter),
                        dialect.line_ending};
}

}  // namespace m2drop::pipeline
