// EPR feeds (docs/hub.md, "EPR feeds"): an EPR integration engine writes the clinical record of
// its EPR, keyed by resource type + the EPR's record identifier and ordered by the EPR's change
// time (extension epr-changed-at). Part of FhirInteractions, on its transaction and write lock.

#include "core/identity/Patient.h"
#include "core/mapping/NativePayload.h"
#include "server/FhirInteractions.h"
#include "server/HubSql.h"
#include "server/OperationOutcome.h"

#include <regex>

namespace avocet::hub {

namespace {

constexpr const char* kChangedAtUrl = "https://fhir.avocet.example/StructureDefinition/epr-changed-at";
constexpr const char* kRecordSystemPrefix = "https://fhir.avocet.example/Id/";

bool isRecordSystem(const std::string& system)
{
    return system.rfind(kRecordSystemPrefix, 0) == 0 && system.size() > 10 &&
           system.substr(system.size() - 10) == "-record-id";
}

std::vector<std::pair<std::string, std::string>> identifiersOf(const nlohmann::json& resource)
{
    std::vector<std::pair<std::string, std::string>> out;
    if (!resource.is_object() || !resource.contains("identifier"))
        return out;
    auto take = [&out](const nlohmann::json& identifier) {
        if (identifier.is_object() && identifier.contains("system") && identifier["system"].is_string() &&
            identifier.contains("value") && identifier["value"].is_string())
            out.emplace_back(identifier["system"].get<std::string>(), identifier["value"].get<std::string>());
    };
    const auto& field = resource["identifier"];
    if (field.is_array()) {
        for (const auto& identifier : field)
            take(identifier);
    } else {
        take(field);
    }
    return out;
}

// The epr-changed-at instant ("" when absent, "?" when present but not an instant with a zone).
std::string changedAtOf(const nlohmann::json& resource)
{
    if (!resource.contains("extension") || !resource["extension"].is_array())
        return {};
    for (const auto& extension : resource["extension"]) {
        if (!extension.is_object() || extension.value("url", "") != kChangedAtUrl)
            continue;
        static const std::regex instant(
            R"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$)");
        if (!extension.contains("valueInstant") || !extension["valueInstant"].is_string() ||
            !std::regex_match(extension["valueInstant"].get<std::string>(), instant))
            return "?";
        return extension["valueInstant"].get<std::string>();
    }
    return {};
}

InteractionResult information(int status, const std::string& severity, const std::string& code,
                              const std::string& text, const std::string& feedOutcome)
{
    InteractionResult result;
    result.status = status;
    result.body = makeOperationOutcome(severity, code, text);
    result.feedOutcome = feedOutcome;
    return result;
}

struct FeedKey
{
    std::string system;
    std::string value;
};

} // namespace

core::Status FhirInteractions::countFeed(const std::string& epr, const std::string& type,
                                         const std::string& outcome)
{
    return m_connection.execute(
        "INSERT INTO feed_stats AS s (epr, resource_type, outcome, count) VALUES ($1, $2, $3, 1)"
        " ON CONFLICT (epr, resource_type, outcome) DO UPDATE SET count = s.count + 1,"
        " last_at = clock_timestamp()",
        {epr, type, outcome});
}

InteractionResult FhirInteractions::conditionalUpdate(const std::string& type, const std::string& query,
                                                      nlohmann::json resource)
{
    if (!isFeed())
        return failure(405, "not-supported",
                       "conditional update (PUT /" + type +
                           "?identifier=...) is for EPR feed accounts; update by id");
    if (auto bad = checkBody(type, resource); bad)
        return *bad;
    if (auto refused = refuse(Operation::Write, type, {}); refused)
        return *refused;
    return feedWrite(type, std::move(resource), newResourceId(), query);
}

InteractionResult FhirInteractions::conditionalRemove(const std::string& type, const std::string& query)
{
    if (!isFeed())
        return failure(405, "not-supported",
                       "conditional delete (DELETE /" + type +
                           "?identifier=...) is for EPR feed accounts; delete by id");
    if (auto refused = refuse(Operation::Write, type, {}); refused)
        return *refused;
    return feedDelete(type, query);
}

InteractionResult FhirInteractions::feedWrite(const std::string& type, nlohmann::json resource,
                                              const std::string& assignedId,
                                              const std::string& conditionQuery)
{
    const auto epr = core::identity::eprFromName(m_context.caller.epr);
    if (!epr)
        return failure(403, "forbidden", "this feed account is bound to no EPR");
    const std::string eprName = core::identity::eprName(*epr);
    const std::string ownSystem = core::mapping::eprRecordSystem(*epr);

    // The key: this EPR's record identifier.
    std::optional<FeedKey> key;
    bool foreign = false;
    for (const auto& [system, value] : identifiersOf(resource)) {
        if (system == ownSystem && !value.empty() && !key)
            key = FeedKey{system, value};
        else if (isRecordSystem(system) && system != ownSystem)
            foreign = true;
    }
    if (!key && foreign)
        return failure(403, "forbidden",
                       type + ".identifier: this feed account writes " + eprName +
                           " records (identifier system " + ownSystem +
                           "); a record of another EPR is that EPR's feed's to write");
    if (!key)
        return failure(422, "required",
                       type + ".identifier: no identifier with system " + ownSystem +
                           " (the record's id in " + eprName + "), which is the key of every fed record");
    if (type == "QuestionnaireResponse") {
        // A form the EPR holds: marked with the EPR it came from, whatever the feed sent, so the
        // history names the right system; and never delivered back to an EPR (the feed's writes plan
        // no EPR messages).
        nlohmann::json& meta = resource["meta"];
        if (!meta.is_object())
            meta = nlohmann::json::object();
        nlohmann::json tags = nlohmann::json::array();
        if (meta.contains("tag") && meta["tag"].is_array())
            for (const auto& tag : meta["tag"])
                if (!tag.is_object() || tag.value("system", "") != core::mapping::kSourceEprTagSystem)
                    tags.push_back(tag);
        tags.push_back({{"system", std::string(core::mapping::kSourceEprTagSystem)}, {"code", eprName}});
        meta["tag"] = std::move(tags);
    }
    const std::string changedAt = changedAtOf(resource);
    if (changedAt.empty())
        return failure(
            422, "required",
            type + ".extension(" + kChangedAtUrl +
                "): missing; every fed record carries the EPR's change time as valueInstant with a zone");
    if (changedAt == "?")
        return failure(422, "value",
                       type + ".extension(" + kChangedAtUrl +
                           ").valueInstant: not an instant with a zone "
                           "(e.g. 2025-03-14T10:42:07Z)");
    if (!conditionQuery.empty()) {
        const auto params = parseQueryString(conditionQuery);
        if (params.size() != 1 || params[0].first != "identifier" ||
            params[0].second != key->system + "|" + key->value)
            return failure(
                400, "invalid",
                "a feed's conditional update must be PUT /" + type +
                    "?identifier=<system>|<value> naming the record identifier the resource carries");
    }
    if (auto failed = lock(); failed)
        return *failed;

    // What is stored for the key, and what is parked for it, compared with this change's time.
    auto stored =
        m_connection.query("SELECT coalesce(resource_id, ''), is_deleted, $4::timestamptz > changed_at,"
                           " $4::timestamptz = changed_at FROM feed_records"
                           " WHERE resource_type = $1 AND system = $2 AND value = $3",
                           {type, key->system, key->value, changedAt});
    if (!stored)
        return storeFailure(stored.error());
    if (stored->rows() == 1 && !stored->boolean(0, 2)) {
        const std::string resourceId = stored->text(0, 0);
        const bool deleted = stored->boolean(0, 1);
        const bool same = stored->boolean(0, 3);
        if (auto counted = countFeed(eprName, type, same ? "unchanged" : "stale"); !counted)
            return storeFailure(counted.error());
        if (deleted || resourceId.empty()) {
            return information(200, same ? "information" : "warning",
                               same ? "informational" : "business-rule",
                               same ? "this record was deleted at this change time; nothing changed"
                                    : "ignored: this change is older than the deletion of the record",
                               same ? "unchanged" : "stale");
        }
        auto current = m_repository.current(type, resourceId);
        if (!current)
            return storeFailure(current.error());
        if (!current.value())
            return failure(500, "exception", "the fed record vanished");
        auto answer = withResource(200, std::move(**current));
        answer.feedOutcome = same ? "unchanged" : "stale";
        if (!same)
            answer.outcome = makeOperationOutcome("warning", "business-rule",
                                                  "ignored: the hub holds a newer change of this record (by "
                                                  "epr-changed-at); answered with the current version");
        return answer;
    }
    auto parked = m_connection.query(
        "SELECT $4::timestamptz > changed_at, $4::timestamptz = changed_at FROM feed_parked"
        " WHERE resource_type = $1 AND system = $2 AND value = $3",
        {type, key->system, key->value, changedAt});
    if (!parked)
        return storeFailure(parked.error());
    if (parked->rows() == 1 && !parked->boolean(0, 0)) {
        const bool same = parked->boolean(0, 1);
        if (auto counted = countFeed(eprName, type, same ? "unchanged" : "stale"); !counted)
            return storeFailure(counted.error());
        return information(
            202, same ? "information" : "warning", same ? "informational" : "business-rule",
            same ? "parked: this change is already held until its patient arrives; nothing changed"
                 : "ignored: a newer change of this record is parked until its patient arrives",
            same ? "unchanged" : "stale");
    }

    // The patient: by reference (it must exist here) or by identifier (unknown = park).
    std::string compartment;
    if (type != "Patient") {
        resource.erase("id");
        compartment = ResourceRepository::compartmentOf(type, assignedId, resource);
        if (!compartment.empty()) {
            auto patient = m_repository.current("Patient", compartment.substr(8));
            if (!patient)
                return storeFailure(patient.error());
            if (!patient.value() || (*patient)->isDeleted)
                return failure(
                    422, "processing",
                    type + " names " + compartment +
                        ", which this hub does not hold; name the patient by NHS number or record id");
        } else {
            const auto named = patientIdentifiersNamed(type, resource);
            if (named.empty())
                return failure(
                    422, "required",
                    type + ": names no patient (subject, patient or an Appointment participant's actor, "
                           "by identifier or reference)");
            const auto& [where, identifier] = named.front();
            if (!identifier.is_object() || !identifier.contains("system") ||
                !identifier["system"].is_string() || !identifier.contains("value") ||
                !identifier["value"].is_string())
                return failure(422, "required", type + "." + where + ": needs a system and a value");
            const ResourceRepository::IdentifierKey patientKey{identifier["system"].get<std::string>(),
                                                               identifier["value"].get<std::string>()};
            auto found = m_repository.findByIdentifiers("Patient", {patientKey});
            if (!found)
                return storeFailure(found.error());
            const auto match = found->find(patientKey);
            const int count = match == found->end() ? 0 : match->second.count;
            if (count > 1)
                return failure(422, "processing",
                               type + "." + where + " (" + patientKey.first + ") matches " +
                                   std::to_string(count) +
                                   " Patients on this hub; the record is not attached to any of them");
            if (count == 0) {
                auto held = m_connection.execute(
                    "INSERT INTO feed_parked AS p (resource_type, system, value, epr, patient_system, "
                    "patient_value,"
                    " changed_at, resource) VALUES ($1, $2, $3, $4, $5, $6, $7::timestamptz, $8::jsonb)"
                    " ON CONFLICT (resource_type, system, value) DO UPDATE SET epr = EXCLUDED.epr,"
                    " patient_system = EXCLUDED.patient_system, patient_value = EXCLUDED.patient_value,"
                    " changed_at = EXCLUDED.changed_at, resource = EXCLUDED.resource, parked_at = "
                    "clock_timestamp()",
                    {type, key->system, key->value, eprName, patientKey.first, patientKey.second, changedAt,
                     resource.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)});
                if (!held)
                    return storeFailure(held.error());
                if (auto counted = countFeed(eprName, type, "parked"); !counted)
                    return storeFailure(counted.error());
                return information(
                    202, "information", "informational",
                    "parked: no Patient on this hub has the " + patientKey.first +
                        " identifier this record names; it is held, attached to no one, and applied "
                        "when that Patient arrives",
                    "parked");
            }
            compartment = "Patient/" + match->second.id;
        }
    }
    return storeFeedChange(type, key->system, key->value, eprName, changedAt, std::move(resource),
                           compartment, assignedId);
}

InteractionResult FhirInteractions::storeFeedChange(const std::string& type, const std::string& system,
                                                    const std::string& value, const std::string& epr,
                                                    const std::string& changedAt, nlohmann::json resource,
                                                    const std::string& compartment,
                                                    const std::string& assignedId)
{
    auto stored = m_connection.query("SELECT coalesce(resource_id, ''), is_deleted FROM feed_records"
                                     " WHERE resource_type = $1 AND system = $2 AND value = $3",
                                     {type, system, value});
    if (!stored)
        return storeFailure(stored.error());
    std::string targetId;
    if (stored->rows() == 1 && !stored->boolean(0, 1))
        targetId = stored->text(0, 0);
    if (targetId.empty()) {
        // A record of this EPR the hub already holds under that identifier (written before the feed,
        // or by a client) is taken over rather than doubled.
        auto held = m_repository.findByIdentifiers(type, {{system, value}});
        if (!held)
            return storeFailure(held.error());
        if (const auto match = held->find({system, value}); match != held->end() && match->second.count == 1)
            targetId = match->second.id;
    }
    std::optional<StoredResource> existing;
    if (!targetId.empty()) {
        auto current = m_repository.current(type, targetId);
        if (!current)
            return storeFailure(current.error());
        if (current.value() && !(*current)->isDeleted)
            existing = std::move(*current.value());
    }
    const std::string id = existing ? existing->id : assignedId;
    const std::string patientCompartment = type == "Patient" ? "Patient/" + id : compartment;
    auto written = existing
                       ? m_repository.write(type, id, existing->versionId + 1, "PUT", std::move(resource),
                                            patientCompartment)
                       : m_repository.write(type, id, 1, "POST", std::move(resource), patientCompartment);
    if (!written)
        return storeFailure(written.error());
    forgetAbsent(written.value());
    auto recorded = m_connection.execute(
        "INSERT INTO feed_records AS f (resource_type, system, value, epr, resource_id, changed_at, "
        "is_deleted)"
        " VALUES ($1, $2, $3, $4, $5, $6::timestamptz, false) ON CONFLICT (resource_type, system, value) DO "
        "UPDATE"
        " SET epr = EXCLUDED.epr, resource_id = EXCLUDED.resource_id, changed_at = EXCLUDED.changed_at,"
        " is_deleted = false, updated_at = clock_timestamp()",
        {type, system, value, epr, id, changedAt});
    if (!recorded)
        return storeFailure(recorded.error());
    // A parked change of this key that is not newer is superseded.
    if (auto superseded =
            m_connection.execute("DELETE FROM feed_parked WHERE resource_type = $1 AND system = $2"
                                 " AND value = $3 AND changed_at <= $4::timestamptz",
                                 {type, system, value, changedAt});
        !superseded)
        return storeFailure(superseded.error());
    const std::string outcome = existing ? "updated" : "created";
    if (auto counted = countFeed(epr, type, outcome); !counted)
        return storeFailure(counted.error());
    if (type == "Patient") {
        if (auto failed = applyParkedFor(written.value()); failed)
            return *failed;
    }
    auto answer = withResource(existing ? 200 : 201, std::move(written.value()));
    answer.feedOutcome = outcome;
    return answer;
}

std::optional<InteractionResult> FhirInteractions::applyParkedFor(const StoredResource& patient)
{
    if (patient.isDeleted)
        return std::nullopt;
    std::vector<std::string> systems, values;
    for (const auto& [system, value] : identifiersOf(patient.content)) {
        systems.push_back(system);
        values.push_back(value);
    }
    if (systems.empty())
        return std::nullopt;
    auto parked = m_connection.query(
        "SELECT p.resource_type, p.system, p.value, p.epr, p.patient_system, p.patient_value,"
        " to_char(p.changed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), p.resource::text"
        " FROM feed_parked p JOIN unnest($1::text[], $2::text[]) AS k(system, value)"
        " ON p.patient_system = k.system AND p.patient_value = k.value ORDER BY p.changed_at, "
        "p.resource_type, p.value",
        {sql::textArray(systems), sql::textArray(values)});
    if (!parked)
        return storeFailure(parked.error());
    for (int row = 0; row < parked->rows(); ++row) {
        const std::string type = parked->text(row, 0);
        const std::string system = parked->text(row, 1);
        const std::string value = parked->text(row, 2);
        const std::string epr = parked->text(row, 3);
        // Attached only when exactly this Patient has the identifier: never to the wrong person.
        const ResourceRepository::IdentifierKey patientKey{parked->text(row, 4), parked->text(row, 5)};
        auto holders = m_repository.findByIdentifiers("Patient", {patientKey});
        if (!holders)
            return storeFailure(holders.error());
        const auto match = holders->find(patientKey);
        if (match == holders->end() || match->second.count != 1 || match->second.id != patient.id)
            continue;
        if (auto taken =
                m_connection.execute("DELETE FROM feed_parked WHERE resource_type = $1 AND system = $2"
                                     " AND value = $3",
                                     {type, system, value});
            !taken)
            return storeFailure(taken.error());
        // The key may have moved on meanwhile (a delete or a newer change stored directly).
        auto newer = m_connection.query("SELECT 1 FROM feed_records WHERE resource_type = $1 AND system = $2"
                                        " AND value = $3 AND changed_at >= $4::timestamptz",
                                        {type, system, value, parked->text(row, 6)});
        if (!newer)
            return storeFailure(newer.error());
        if (newer->rows() > 0)
            continue;
        auto resource = nlohmann::json::parse(parked->text(row, 7), nullptr, false);
        if (!resource.is_object())
            continue;
        auto applied = storeFeedChange(type, system, value, epr, parked->text(row, 6), std::move(resource),
                                       "Patient/" + patient.id, newResourceId());
        if (applied.isError())
            return applied;
        if (auto counted = countFeed(epr, type, "applied"); !counted)
            return storeFailure(counted.error());
    }
    return std::nullopt;
}

InteractionResult FhirInteractions::feedDelete(const std::string& type, const std::string& conditionQuery)
{
    const auto epr = core::identity::eprFromName(m_context.caller.epr);
    if (!epr)
        return failure(403, "forbidden", "this feed account is bound to no EPR");
    const std::string eprName = core::identity::eprName(*epr);
    const std::string ownSystem = core::mapping::eprRecordSystem(*epr);
    std::optional<FeedKey> key;
    std::optional<std::string> changedAt;
    for (const auto& [name, value] : parseQueryString(conditionQuery)) {
        const auto bar = value.find('|');
        if (name == "identifier" && !key && bar != std::string::npos && bar + 1 < value.size()) {
            key = FeedKey{value.substr(0, bar), value.substr(bar + 1)};
        } else if (name == "epr-changed-at" && !changedAt) {
            static const std::regex instant(
                R"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$)");
            std::string text = value;
            for (auto& c : text) {
                if (c == ' ')
                    c = '+';
            }
            if (!std::regex_match(text, instant))
                return failure(422, "value",
                               "epr-changed-at: not an instant with a zone (e.g. 2025-03-14T10:42:07Z)");
            changedAt = text;
        } else {
            return failure(400, "invalid",
                           "a feed deletes with DELETE /" + type +
                               "?identifier=<system>|<value>[&epr-changed-at=<instant>]; '" + name +
                               "' is not accepted");
        }
    }
    if (!key)
        return failure(422, "required",
                       type + ".identifier: the delete names no record identifier (identifier=" + ownSystem +
                           "|<value>)");
    if (key->system != ownSystem) {
        if (isRecordSystem(key->system))
            return failure(403, "forbidden",
                           "this feed account deletes " + eprName + " records (identifier system " +
                               ownSystem + ")");
        return failure(422, "value",
                       type + ".identifier: a feed deletes by its record identifier system " + ownSystem);
    }
    if (auto failed = lock(); failed)
        return *failed;
    auto when =
        m_connection.query("SELECT to_char(coalesce($1::timestamptz, clock_timestamp()) AT TIME ZONE 'UTC',"
                           " 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')",
                           {changedAt ? SqlParam(*changedAt) : SqlParam()});
    if (!when)
        return storeFailure(when.error());
    const std::string deletedAt = when->text(0, 0);
    auto done = [&](const std::string& outcome) {
        InteractionResult result;
        result.status = 204;
        result.feedOutcome = outcome;
        return result;
    };
    auto stale = [&]() -> InteractionResult {
        if (auto counted = countFeed(eprName, type, "stale"); !counted)
            return storeFailure(counted.error());
        return information(
            200, "warning", "business-rule",
            "ignored: the hub holds a newer change of this record than the deletion (by epr-changed-at)",
            "stale");
    };

    auto stored =
        m_connection.query("SELECT coalesce(resource_id, ''), is_deleted, changed_at > $4::timestamptz"
                           " FROM feed_records WHERE resource_type = $1 AND system = $2 AND value = $3",
                           {type, key->system, key->value, deletedAt});
    if (!stored)
        return storeFailure(stored.error());
    if (stored->rows() == 1 && stored->boolean(0, 1)) {
        if (auto counted = countFeed(eprName, type, "unchanged"); !counted)
            return storeFailure(counted.error());
        return done("unchanged");
    }
    if (stored->rows() == 1 && stored->boolean(0, 2))
        return stale();
    auto parked = m_connection.query("SELECT changed_at > $4::timestamptz FROM feed_parked"
                                     " WHERE resource_type = $1 AND system = $2 AND value = $3",
                                     {type, key->system, key->value, deletedAt});
    if (!parked)
        return storeFailure(parked.error());
    if (parked->rows() == 1 && parked->boolean(0, 0))
        return stale();

    std::string targetId = stored->rows() == 1 ? stored->text(0, 0) : std::string();
    if (targetId.empty()) {
        auto held = m_repository.findByIdentifiers(type, {{key->system, key->value}});
        if (!held)
            return storeFailure(held.error());
        if (const auto match = held->find({key->system, key->value});
            match != held->end() && match->second.count == 1)
            targetId = match->second.id;
    }
    if (!targetId.empty()) {
        auto current = m_repository.current(type, targetId);
        if (!current)
            return storeFailure(current.error());
        if (current.value() && !(*current)->isDeleted) {
            auto tombstone = m_repository.write(type, targetId, (*current)->versionId + 1, "DELETE", nullptr,
                                                (*current)->compartment);
            if (!tombstone)
                return storeFailure(tombstone.error());
        }
    }
    auto recorded =
        m_connection.execute("INSERT INTO feed_records AS f (resource_type, system, value, epr, resource_id, "
                             "changed_at, is_deleted)"
                             " VALUES ($1, $2, $3, $4, $5, $6::timestamptz, true) ON CONFLICT "
                             "(resource_type, system, value) DO UPDATE"
                             " SET resource_id = coalesce(EXCLUDED.resource_id, f.resource_id), changed_at = "
                             "greatest(f.changed_at,"
                             " EXCLUDED.changed_at), is_deleted = true, updated_at = clock_timestamp()",
                             {type, key->system, key->value, eprName,
                              targetId.empty() ? SqlParam() : SqlParam(targetId), deletedAt});
    if (!recorded)
        return storeFailure(recorded.error());
    if (auto cleared = m_connection.execute("DELETE FROM feed_parked WHERE resource_type = $1 AND system = $2"
                                            " AND value = $3",
                                            {type, key->system, key->value});
        !cleared)
        return storeFailure(cleared.error());
    if (auto counted = countFeed(eprName, type, "deleted"); !counted)
        return storeFailure(counted.error());
    auto result = done("deleted");
    result.resourceType = type;
    result.resourceId = targetId;
    return result;
}

} // namespace avocet::hub
