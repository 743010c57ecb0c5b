// write_lifecycle_run and export_bundle (include/accessgraph/batch.hpp): the files that
// record a state change, and a version as a bundle.
#include "accessgraph/batch.hpp"
#include "core/io/csv_format.hpp"
#include "core/io/hr_events_csv.hpp"
#include "core/io/output_file.hpp"
#include "engine/report/bundle_writer.hpp"
#include "engine/version/version_state.hpp"

namespace accessgraph {
namespace {

void write_text(const std::filesystem::path& path, const std::string& text) {
  OutputFile file(path);
  file.write(text);
  file.commit();
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ";") + item;
  return out;
}

}  // namespace

void export_bundle(const Engine& engine, const std::filesystem::path& dir) { write_bundle(state_of(engine).graph, dir); }

void write_lifecycle_run(const LifecycleRun& run, const std::filesystem::path& dir, OutputCompression compression) {
  std::filesystem::create_directories(dir);
  std::string text = "event_id,seq,action,identity_id,account_id,target_id,date,cause\n";
  for (const PlanAction& a : run.plan)
    append_csv_row(text, a.event_id, std::to_string(a.seq), lifecycle_action_name(a.action), a.identity_id,
                   a.account_id, a.target_id, a.date, a.cause);
  write_text(dir / output_file_name("plan.csv", compression), text);

  text = "event_id,effective_date,seq,action,subject_kind,subject_id,field,before,after,date,cause\n";
  for (const AuditEntry& e : run.audit)
    append_csv_row(text, e.event_id, e.effective_date, std::to_string(e.seq), lifecycle_action_name(e.action),
                   e.subject_kind, e.subject_id, e.field, e.before, e.after, e.date, e.cause);
  write_text(dir / output_file_name("audit.csv", compression), text);

  text = "account_id,identity_id,system_id,termination_date,deleted_on,groups,entitlements,effective_entitlements\n";
  for (const ArchivedAccount& a : run.archived)
    append_csv_row(text, a.account_id, a.identity_id, a.system_id, a.termination_date, a.deleted_on,
                   joined(a.groups), joined(a.entitlements), joined(a.effective_entitlements));
  write_text(dir / output_file_name("archive.csv", compression), text);

  // Events dated after the clock, in the format of hr_events.csv: they wait.
  write_text(dir / "pending_events.csv", format_hr_events(run.pending));

  export_bundle(run.after, dir / "bundle");
}

}  // namespace accessgraph
