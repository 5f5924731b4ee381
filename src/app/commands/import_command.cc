// SPDX-License-Identifier: Apache-2.0
#include "m2drop/app/commands/import_command.h"

#include <filesystem>
#include <memory>
#include <optional>
#include <utility>

#include "m2drop/app/commands/progress.h"
#include "m2drop/app/ledger_open.h"
#include "m2drop/app/magento_connection.h"
#include "m2drop/base/exit_codes.h"
#include "m2drop/base/strings.h"
#include "m2drop/config/loader.h"
#include "m2drop/config/warnings.h"
#include "m2drop/fs/file_system.h"
#include "m2drop/kinds/drop.h"
#include "m2drop/kinds/registry.h"
#include "m2drop/ledger/ledger.h"
#include "m2drop/pipeline/disposition.h"
#include "m2drop/pipeline/disposition_io.h"
#include "m2drop/pipeline/import_drop.h"
#include "m2drop/pipeline/report.h"
#include "m2drop/pipeline/report_files.h"

namespace m2drop::app {
namespace {

namespace stdfs = std::filesystem;

// Whether `file` sits directly in `dir` (both resolved).
bool IsIn(const std::string& file, const std::string& dir) {
  std::error_code ec;
  stdfs::path parent =
      stdfs::weakly_canonical(stdfs::path(file), ec).parent_path();
  stdfs::path inbox = stdfs::weakly_canonical(stdfs::path(dir), ec);
  return !ec && parent == inbox;
}

// Where the file ended up and where its reports went.
struct Filing {
  std::string file;  // the file's final path
  std::string note;  // for a person: "moved to …", "left in place: …"
  pipeline::ReportPaths reports;
};

// Writes the reports, then moves the file when it is to be moved: a file is
// never filed without its reports (issue 17). The Status of the first step
// that failed (the file is then where it was).
Result<Filing> FileAndReport(const ImportOptions& o,
                             const config::Profile& profile,
                             const pipeline::ImportResult& r) {
  fs::FileSystem& files = fs::PosixFileSystem::Instance();
  const Clock& clock = RealClock::Instance();
  Filing filing;
  filing.file = o.file;
  std::string report_dir = o.report_dir.empty()
                               ? stdfs::path(o.file).parent_path().string()
                               : o.report_dir;
  if (report_dir.empty()) report_dir = ".";
  const bool in_inbox = IsIn(o.file, profile.inbox);
  const bool move = !o.dry_run && (o.archive || in_inbox);
  const pipeline::Disposition d = pipeline::Decide(r.summary);
  const std::string name = stdfs::path(o.file).filename().string();
  const pipeline::ReportTexts texts =
      pipeline::RenderReports(pipeline::ToReportInput(r), clock.WallNow());
  if (move && d != pipeline::Disposition::kRetryLater) {
    const std::string& dest = d == pipeline::Disposition::kProcessed
                                  ? profile.processed_dir
                                  : profile.failed_dir;
    pipeline::FilingSteps steps;
    steps.move = [&](const std::string& target) {
      // fs's one error contract: never replaces `target`, and a move onto
      // another filesystem says so (m2drop never copies a drop).
      return files.RenameNoReplace(o.file, target);
    };
    M2DROP_ASSIGN_OR_RETURN(
        pipeline::FiledPaths filed,
        pipeline::FileAfterReports(files, name, dest, texts, clock, steps));
    filing.file = filed.path;
    filing.reports = filed.reports;
    filing.note = "moved to " + filed.path;
    return filing;
  }
  if (move) {
    filing.note = "left in place: some rows wait for Magento; run again";
  } else if (o.dry_run) {
    filing.note = "dry run: nothing written to Magento, the file stays";
  }
  if (in_inbox && o.report_dir.empty()) {
    // Never into the inbox: NAME.errors.csv would match the profile's
    // pattern (*.csv) and be taken for a new drop, and every retry of a
    // deferred file would add another report.
    filing.note += "; no report written into the inbox (see --report-dir)";
    return filing;
  }
  // Created like processed/ and failed/ are (issue 16).
  M2DROP_RETURN_IF_ERROR(files.MakeDirs(report_dir));
  M2DROP_RETURN_IF_ERROR(pipeline::WriteReports(files, texts, report_dir, name,
                                                clock, &filing.reports));
  return filing;
}

void PrintText(const pipeline::ImportResult& r, const Filing& filing,
               std::ostream& out) {
  const pipeline::FileSummary& s = r.summary;
  out << EscapeControls(s.file) << " (profile " << s.profile
      << (s.mode == "dry-run" ? ", dry run" : "") << "): " << s.rows_total
      << " rows: " << s.applied
      << (s.mode == "dry-run" ? " would be applied, " : " applied, ")
      << s.already_present << " already present, "
      << (s.stale > 0 ? std::to_string(s.stale) + " stale, " : "") << s.failed
      << " failed, " << s.deferred << " deferred; " << s.api_calls
      << " Magento calls in " << s.elapsed_ms << " ms\n";
  for (const pipeline::RowError& e : s.errors) {
    out << "  line " << e.line;
    if (e.column > 0) out << ", column " << e.column;
    out << ": " << EscapeControls(e.message) << "\n";
  }
  if (s.errors_omitted > 0) {
    out << "  … and " << s.errors_omitted << " more in the report\n";
  }
  if (!r.interrupted.ok()) {
    out << "  " << EscapeControls(r.interrupted.message()) << "\n";
  }
  if (!filing.note.empty()) out << "  " << filing.note << "\n";
  if (!filing.reports.report_json.empty()) {
    out << "  report: " << filing.reports.report_json << "\n";
  }
  if (!filing.reports.errors_csv.empty()) {
    out << "  rows to fix: " << filing.reports.errors_csv << "\n";
  }
}

// The ledger of stock versions, so that an older file never overwrites a
// newer quantity; created when missing. When it cannot be opened (no
// permission, a damaged file), says so on `err` and returns null: the
// import goes on comparing versions within the file only, which is what a
// one-off import without the daemon's state can do.
std::unique_ptr<ledger::Ledger> OpenVersionsLedger(
    const config::DaemonConfig& daemon, std::ostream& err) {
  auto opened = OpenLedger(daemon, fs::PosixFileSystem::Instance(),
                           RealClock::Instance(), LedgerOpen::kCreate);
  if (!opened.ok()) {
    err << "m2drop import: " << opened.status().message()
        << "; stale rows are only detected within this file\n";
    return nullptr;
  }
  return std::move(*opened);
}

int ExitCodeFor(const pipeline::FileSummary& s) {
  if (s.failed > 0) return kExitRowsFailed;
  if (s.deferred > 0) return kExitUnavailable;
  return kExitOk;
}

}  // namespace

int RunImport(const ImportOptions& o, std::ostream& out, std::ostream& err) {
  const std::string config_path =
      o.config_path.empty() ? config::DefaultConfigPath() : o.config_path;
  auto config = config::LoadFile(config_path);
  if (!config.ok()) {
    err << "m2drop import: " << config.status().message() << "\n";
    return kExitUsage;
  }
  const config::Profile* profile = config::FindProfile(*config, o.profile);
  if (profile == nullptr) {
    err << "m2drop import: no profile named " << QuoteForMessage(o.profile)
        << " in " << config_path << "\n";
    return kExitUsage;
  }
  for (const std::string& warning : config::ConfigWarnings(*config)) {
    err << "m2drop import: warning: " << warning << "\n";
  }
  auto connection = MagentoConnection::Create(*config, RealClock::Instance());
  if (!connection.ok()) {
    err << "m2drop import: " << connection.status().message() << "\n";
    return kExitUsage;
  }

  std::unique_ptr<ledger::Ledger> ledger;
  std::unique_ptr<ProgressLine> progress;
  pipeline::DropImportOptions options;
  options.dry_run = o.dry_run;
  options.max_parallel = config->magento.max_in_flight;
  if (kinds::ImportKindOf(*profile).keeps_versions) {
    ledger = OpenVersionsLedger(config->daemon, err);
    options.stock_versions = ledger.get();
    options.source_name = stdfs::path(o.file).filename().string();
  }
  if (o.progress) {
    progress = std::make_unique<ProgressLine>(
        err, RealClock::Instance(),
        "importing " + stdfs::path(o.file).filename().string());
    options.progress = [&](uint64_t done, uint64_t total) {
      progress->Update(done, total);
    };
  }
  auto result = kinds::ImportDrop(
      o.file, *profile, config->limits, (*connection)->caller(),
      ClientOptionsFor(*config), RealClock::Instance(), options);
  if (progress) progress->Finish();
  if (!result.ok()) {
    const Status& s = result.status();
    err << "m2drop import: " << EscapeControls(s.message()) << "\n";
    switch (s.code()) {
      case StatusCode::kUnauthenticated:
        return kExitUnauthorized;
      case StatusCode::kInvalidInput:
      case StatusCode::kNotFound:
      case StatusCode::kIo:
        return kExitUnreadable;
      default:
        // A look-up Magento refused or garbled: nothing was written.
        return kExitUnavailable;
    }
  }
  auto filing = FileAndReport(o, *profile, *result);
  if (!filing.ok()) {
    // The report holds the only copy of the failed rows: never lost in
    // silence. The file stays where it was; the next run finds the rows
    // applied now already present and writes the report.
    err << "m2drop import: the import ran but its report could not be "
           "written, so the file was not moved: "
        << filing.status().message()
        << "; run the import again once that is fixed\n";
  }
  if (o.json) {
    out << pipeline::ToJson(result->summary) << "\n";
  } else {
    PrintText(*result, filing.ok() ? *filing : Filing{o.file, "", {}}, out);
  }
  if (!filing.ok()) return kExitIoError;
  return ExitCodeFor(result->summary);
}

}  // namespace m2drop::app
