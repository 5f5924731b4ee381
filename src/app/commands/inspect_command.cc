// SPDX-License-Identifier: Apache-2.0
#include "m2drop/app/commands/inspect_command.h"

#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

#include "m2drop/base/exit_codes.h"
#include "m2drop/base/strings.h"

namespace m2drop::app {
namespace {

using Json = nlohmann::ordered_json;

// What the first pass learns.
struct Survey {
  csv::Dialect dialect;
  std::vector<csv::RecordError> errors;
  std::vector<size_t> widths;  // per column, in characters, capped
  uint64_t records = 0;
};

std::string Dump(const Json& value) {
  // The reader hands out valid UTF-8; replace guards file names and messages.
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

size_t CharCount(std::string_view s) {
  return static_cast<size_t>(std::count_if(s.begin(), s.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

// A cell as the table shows it: control characters (line breaks, tabs,
// terminal escapes) made visible, cut to `width` characters with "…".
std::string DisplayCell(std::string_view text, size_t width) {
  const std::string shown = EscapeControls(text);
  if (CharCount(shown) <= width) return shown;
  std::string cut;
  size_t chars = 0;
  for (size_t i = 0; i < shown.size(); ++i) {
    bool starts_char = (static_cast<unsigned char>(shown[i]) & 0xC0) != 0x80;
    if (starts_char && ++chars == width) break;  // Room for "…".
    cut += shown[i];
  }
  return cut + "\u2026";
}

std::string Pad(const std::string& cell, size_t width) {
  size_t n = CharCount(cell);
  return n >= width ? cell : cell + std::string(width - n, ' ');
}

void WidenTo(std::vector<size_t>& widths, size_t i, std::string_view cell,
             size_t cap) {
  if (widths.size() <= i) widths.resize(i + 1, 0);
  widths[i] = std::max(widths[i], CharCount(DisplayCell(cell, cap)));
}

Result<Survey> SurveyFile(const InspectOptions& options) {
  M2DROP_ASSIGN_OR_RETURN(std::unique_ptr<csv::Reader> reader,
                          csv::Reader::Open(fs::PosixFileSystem::Instance(),
                                            options.file, options.reader));
  Survey survey;
  const size_t cap = options.max_cell_width;
  survey.widths.push_back(std::string_view("line").size());
  for (size_t i = 0; i < reader->header().size(); ++i) {
    WidenTo(survey.widths, i + 1, reader->header()[i], cap);
  }
  // Keep each error's message but not its raw text (up to max_line_length
  // bytes each), so a badly broken file costs little memory.
  reader->set_error_sink([&survey](const csv::RecordError& e) {
    survey.errors.push_back({e.line, e.column, e.message, {}});
  });
  csv::Record record;
  while (reader->Next(&record)) {
    ++survey.records;
    if (options.json) continue;
    WidenTo(survey.widths, 0, std::to_string(record.line()), cap);
    for (size_t i = 0; i < record.size(); ++i) {
      WidenTo(survey.widths, i + 1, record[i], cap);
    }
  }
  M2DROP_RETURN_IF_ERROR(reader->status());
  survey.dialect = reader->dialect();
  return survey;
}

Json ErrorsJson(const std::vector<csv::RecordError>& errors) {
  Json out = Json::array();
  for (const csv::RecordError& e : errors) {
    out.push_back(
        {{"line", e.line}, {"column", e.column}, {"message", e.message}});
  }
  return out;
}

// Writes the object piece by piece so the records stream through.
Status PrintJson(const InspectOptions& options, const Survey& survey,
                 csv::Reader& reader, std::ostream& out) {
  const csv::Dialect& d = survey.dialect;
  out << "{\"file\":" << Dump(options.file)
      << ",\"encoding\":" << Dump(csv::EncodingName(d.encoding))
      << ",\"bom\":" << (d.bom ? "true" : "false")
      << ",\"delimiter\":" << Dump(std::string(1, d.delimiter))
      << ",\"line_ending\":" << Dump(d.line_ending)
      << ",\"header\":" << Dump(reader.header()) << ",\n\"records\":[";
  csv::Record record;
  Json fields = Json::array();
  bool first = true;
  while (reader.Next(&record)) {
    fields.clear();
    for (std::string_view f : record.fields()) fields.push_back(f);
    out << (first ? "\n" : ",\n") << "{\"line\":" << record.line()
        << ",\"fields\":" << Dump(fields) << "}";
    first = false;
  }
  out << "],\n\"errors\":" << Dump(ErrorsJson(survey.errors)) << "}\n";
  return reader.status();
}

void PrintRow(const std::vector<std::string>& cells,
              const std::vector<size_t>& widths, std::ostream& out) {
  std::string line;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) line += "  ";
    size_t width = i < widths.size() ? widths[i] : 0;
    line += i + 1 == cells.size() ? cells[i] : Pad(cells[i], width);
  }
  out << line << "\n";
}

Status PrintTable(const InspectOptions& options, const Survey& survey,
                  csv::Reader& reader, std::ostream& out) {
  const csv::Dialect& d = survey.dialect;
  const size_t cap = options.max_cell_width;
  out << EscapeControls(options.file) << ": " << csv::EncodingName(d.encoding)
      << (d.bom ? " with BOM" : "") << ", delimiter "
      << Dump(std::string(1, d.delimiter)) << ", line endings " << d.line_ending
      << ", " << survey.records << " records, " << survey.errors.size()
      << " errors\n";
  std::vector<std::string> cells{"line"};
  for (const std::string& name : reader.header()) {
    cells.push_back(DisplayCell(name, cap));
  }
  PrintRow(cells, survey.widths, out);
  size_t total = 0;
  for (size_t w : survey.widths) total += w + 2;
  out << std::string(total > 2 ? total - 2 : 0, '-') << "\n";
  csv::Record record;
  while (reader.Next(&record)) {
    cells.assign(1, std::to_string(record.line()));
    for (std::string_view f : record.fields()) {
      cells.push_back(DisplayCell(f, cap));
    }
    PrintRow(cells, survey.widths, out);
  }
  for (const csv::RecordError& e : survey.errors) {
    out << "error: line " << e.line;
    if (e.column > 0) out << ", column " << e.column;
    out << ": " << EscapeControls(e.message) << "\n";
  }
  return reader.status();
}

}  // namespace

int RunInspect(const InspectOptions& options, std::ostream& out,
               std::ostream& err) {
  Result<Survey> survey = SurveyFile(options);
  if (!survey.ok()) {
    err << "m2drop inspect: " << survey.status().message() << "\n";
    return kExitUnreadable;
  }
  auto reader = csv::Reader::Open(fs::PosixFileSystem::Instance(), options.file,
                                  options.reader);
  if (!reader.ok()) {
    err << "m2drop inspect: " << reader.status().message() << "\n";
    return kExitUnreadable;
  }
  // The second pass reports the same errors again; the survey has them.
  (*reader)->set_error_sink([](const csv::RecordError&) {});
  Status printed = options.json ? PrintJson(options, *survey, **reader, out)
                                : PrintTable(options, *survey, **reader, out);
  if (!printed.ok()) {
    err << "m2drop inspect: " << printed.message() << "\n";
    return kExitUnreadable;
  }
  return survey->errors.empty() ? kExitOk : kExitRowsFailed;
}

}  // namespace m2drop::app
