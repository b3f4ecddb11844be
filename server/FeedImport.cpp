#include "server/FeedImport.h"

#include "core/identity/Patient.h"
#include "core/mapping/NativePayload.h"
#include "server/AccessControl.h"
#include "server/FhirInteractions.h"
#include "server/Log.h"
#include "server/ResourceRepository.h"

#include <csignal>
#include <fstream>
#include <map>
#include <sodium.h>

namespace avocet::hub {

using core::ErrorCode;
using core::makeError;
using nlohmann::json;

namespace {

const std::vector<std::string> kOutcomes = {"created", "updated", "unchanged", "stale", "parked", "rejected"};

core::Result<std::string> fileDigest(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return makeError(ErrorCode::NotFound, "cannot read " + path);
    crypto_hash_sha256_state state;
    crypto_hash_sha256_init(&state);
    std::vector<char> buffer(1 << 16);
    while (in) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        const auto got = in.gcount();
        if (got > 0)
            crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(buffer.data()),
                                      static_cast<unsigned long long>(got));
    }
    if (in.bad())
        return makeError(ErrorCode::IoError, "cannot read " + path);
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&state, digest);
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    return std::string(hex);
}

json emptyCounts()
{
    json counts = json::object();
    for (const auto& outcome : kOutcomes)
        counts[outcome] = 0;
    return counts;
}

std::string diagnosticsOf(const InteractionResult& result)
{
    if (result.body.is_object() && result.body.contains("issue") && result.body["issue"].is_array() &&
        !result.body["issue"].empty() && result.body["issue"][0].is_object())
        return result.body["issue"][0].value("diagnostics", "refused");
    return "refused (HTTP " + std::to_string(result.status) + ")";
}

// The conditional-update query a feed sends for this resource: its record identifier in the
// EPR's system; empty when it has none (the feed write then refuses the line, naming the rule).
std::string conditionFor(const json& resource, const std::string& ownSystem)
{
    if (!resource.contains("identifier"))
        return {};
    const auto& field = resource["identifier"];
    const json list = field.is_array() ? field : json::array({field});
    for (const auto& identifier : list) {
        if (identifier.is_object() && identifier.value("system", "") == ownSystem &&
            identifier.contains("value") && identifier["value"].is_string() &&
            !identifier["value"].get<std::string>().empty())
            return "identifier=" + urlEncode(ownSystem) + "|" +
                   urlEncode(identifier["value"].get<std::string>());
    }
    return {};
}

std::string progressLine(const std::string& file, long long lines, const json& counts)
{
    std::string text = "avocet-hub admin import: " + file + ": " + std::to_string(lines) + " lines done (";
    bool first = true;
    for (const auto& outcome : kOutcomes) {
        text += (first ? "" : ", ") + outcome + " " + std::to_string(counts.value(outcome, 0LL));
        first = false;
    }
    return text + ")";
}

} // namespace

core::Result<json> importFeedFiles(PgConnection& connection, const FeedImportOptions& options,
                                   const ImportReporter& rejected, const ImportReporter& progress)
{
    const auto epr = core::identity::eprFromName(options.epr);
    if (!epr)
        return makeError(ErrorCode::InvalidArgument, "unknown EPR '" + options.epr + "'");
    const std::string eprName = core::identity::eprName(*epr);
    const std::string ownSystem = core::mapping::eprRecordSystem(*epr);
    const int batchSize = options.batchSize > 0 ? options.batchSize : 500;

    RequestContext context;
    context.caller.username = "avocet-hub admin import";
    context.caller.role = Role::EprFeed;
    context.caller.epr = eprName;
    context.method = "PUT";
    context.route = "/import";

    json files = json::array();
    json types = json::object();
    long long appliedThisRun = 0;
    for (const auto& path : options.files) {
        auto digest = fileDigest(path);
        if (!digest)
            return digest.error();
        // One import of a file at a time: a second run of the same file waits for none, it stops.
        const std::string lockKey = eprName + "|" + digest.value();
        auto locked = connection.query("SELECT pg_try_advisory_lock(hashtextextended($1, 7))", {lockKey});
        if (!locked)
            return locked.error();
        if (!locked->boolean(0, 0))
            return makeError(ErrorCode::Busy, "another import of " + path + " is running");
        auto unlock = [&] {
            (void)connection.execute("SELECT pg_advisory_unlock(hashtextextended($1, 7))", {lockKey});
        };

        auto checkpoint =
            connection.query("SELECT lines_done, summary::text, coalesce(resource_type, '') FROM"
                             " feed_imports WHERE epr = $1 AND file_sha256 = $2",
                             {eprName, digest.value()});
        if (!checkpoint) {
            unlock();
            return checkpoint.error();
        }
        long long done = 0;
        json counts = emptyCounts();
        std::string fileType;
        if (checkpoint->rows() == 1) {
            done = checkpoint->integer(0, 0);
            counts = json::parse(checkpoint->text(0, 1), nullptr, false);
            if (!counts.is_object())
                counts = emptyCounts();
            fileType = checkpoint->text(0, 2);
        }
        const long long resumedAt = done;

        std::ifstream in(path);
        if (!in) {
            unlock();
            return makeError(ErrorCode::NotFound, "cannot read " + path);
        }
        long long lineNumber = 0;
        std::string line;
        bool more = true;
        while (more) {
            // Skip what committed batches already applied.
            while (lineNumber < done && std::getline(in, line))
                ++lineNumber;
            PgTransaction transaction(connection);
            core::Status status = transaction.begin();
            ResourceRepository repository(connection);
            if (status)
                status = repository.lockForWrite(); // held for the batch: savepoints below never release it
            if (!status) {
                unlock();
                return status.error();
            }
            FhirInteractions fhir(connection, context);
            int inBatch = 0;
            while (inBatch < batchSize && (more = static_cast<bool>(std::getline(in, line)))) {
                ++lineNumber;
                ++inBatch;
                if (line.find_first_not_of(" \t\r") == std::string::npos)
                    continue; // a blank line (e.g. the end of the file) is no resource
                if (options.killAtLine > 0 && ++appliedThisRun >= options.killAtLine)
                    std::raise(SIGKILL);
                const std::string where = path + ":" + std::to_string(lineNumber);
                auto refuse = [&](const std::string& rule) {
                    counts["rejected"] = counts.value("rejected", 0LL) + 1;
                    rejected(where + ": " + rule);
                };
                json resource = json::parse(line, nullptr, false);
                if (!resource.is_object() || !resource.contains("resourceType") ||
                    !resource["resourceType"].is_string()) {
                    refuse("not a FHIR resource as one JSON object with a resourceType");
                    continue;
                }
                const std::string type = resource["resourceType"];
                if (fileType.empty())
                    fileType = type;
                if (type != fileType) {
                    refuse(type + " in a file of " + fileType + " (Bulk Data: one resource type per file)");
                    continue;
                }
                const std::string condition = conditionFor(resource, ownSystem);
                if (auto saved = connection.execute("SAVEPOINT import_line"); !saved) {
                    unlock();
                    return saved.error();
                }
                const InteractionResult result = fhir.conditionalUpdate(type, condition, std::move(resource));
                if (result.isError()) {
                    // Undo whatever the refused line did (a failed statement aborts the savepoint only).
                    if (auto undone = connection.execute("ROLLBACK TO SAVEPOINT import_line"); !undone) {
                        unlock();
                        return undone.error();
                    }
                    if (result.status >= 500) {
                        unlock();
                        return makeError(ErrorCode::StoreQueryFailed, where + ": " + diagnosticsOf(result));
                    }
                    refuse(diagnosticsOf(result));
                    continue;
                }
                if (auto released = connection.execute("RELEASE SAVEPOINT import_line"); !released) {
                    unlock();
                    return released.error();
                }
                const std::string outcome = result.feedOutcome.empty() ? "updated" : result.feedOutcome;
                counts[outcome] = counts.value(outcome, 0LL) + 1;
            }
            done = lineNumber;
            auto saved = connection.execute(
                "INSERT INTO feed_imports AS f (epr, file_sha256, file_name, resource_type, lines_done, "
                "complete,"
                " summary) VALUES ($1, $2, $3, nullif($4, ''), $5::bigint, $6::boolean, $7::jsonb)"
                " ON CONFLICT (epr, file_sha256) DO UPDATE SET file_name = EXCLUDED.file_name,"
                " resource_type = EXCLUDED.resource_type, lines_done = EXCLUDED.lines_done,"
                " complete = EXCLUDED.complete, summary = EXCLUDED.summary, updated_at = clock_timestamp()",
                {eprName, digest.value(), path, fileType, std::to_string(done), more ? "false" : "true",
                 counts.dump()});
            if (saved)
                saved = transaction.commit();
            if (!saved) {
                unlock();
                return saved.error();
            }
            if (inBatch > 0)
                progress(progressLine(path, done, counts));
        }
        unlock();
        json entry = counts;
        entry["file"] = path;
        entry["type"] = fileType;
        entry["lines"] = done;
        entry["resumedAt"] = resumedAt;
        files.push_back(entry);
        if (!fileType.empty()) {
            json& total = types[fileType];
            if (total.is_null())
                total = emptyCounts();
            for (const auto& outcome : kOutcomes)
                total[outcome] = total.value(outcome, 0LL) + counts.value(outcome, 0LL);
        }
        logEvent("info", "feed_import_file",
                 {{"epr", eprName},
                  {"type", fileType},
                  {"lines", done},
                  {"resumedAt", resumedAt},
                  {"counts", counts}});
    }
    return json{{"epr", eprName}, {"files", files}, {"types", types}};
}

} // namespace avocet::hub
