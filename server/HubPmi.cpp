#include "server/HubPmi.h"

#include "core/crypto/SecureBuffer.h"
#include "core/identity/NhsNumber.h"
#include "core/mapping/NativePayload.h"
#include "core/store/Migrations.h"

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <utility>

namespace avocet::hub {

namespace identity = core::identity;
using core::ErrorCode;
using core::makeError;
using nlohmann::json;

namespace {

// UK Core: the NHS number's verification status on Patient.identifier; code 01 = verified.
constexpr const char* kNhsVerificationExtension =
    "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus";
constexpr const char* kUpdatedBy = "avocet-hub admin pmi-update";
constexpr int kPageSize = 500;

core::Result<core::crypto::SecureBuffer> readKey(const std::string& keyFile)
{
    std::ifstream in(keyFile);
    if (!in)
        return makeError(ErrorCode::NotFound, "cannot read the PMI key file " + keyFile);
    std::ostringstream text;
    text << in.rdbuf();
    std::string hex;
    for (const char c : text.str()) {
        if (c != ' ' && c != '\n' && c != '\r' && c != '\t')
            hex.push_back(c);
    }
    if (hex.size() != 64 || hex.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos)
        return makeError(ErrorCode::InvalidArgument,
                         "the PMI key file " + keyFile + " must hold 64 hex digits (a 256-bit key)");
    core::crypto::SecureBuffer key(32);
    for (std::size_t i = 0; i < 32; ++i)
        key.data()[i] = static_cast<std::uint8_t>(std::stoi(hex.substr(i * 2, 2), nullptr, 16));
    return key;
}

std::string stringAt(const json& object, const char* key)
{
    if (!object.is_object())
        return {};
    const auto found = object.find(key);
    return found != object.end() && found->is_string() ? found->get<std::string>() : std::string();
}

const json& arrayAt(const json& object, const char* key)
{
    static const json kEmpty = json::array();
    if (!object.is_object())
        return kEmpty;
    const auto found = object.find(key);
    return found != object.end() && found->is_array() ? *found : kEmpty;
}

} // namespace

bool verifiedIdentifier(const json& identifier)
{
    for (const auto& extension : arrayAt(identifier, "extension")) {
        if (stringAt(extension, "url") != kNhsVerificationExtension || !extension.contains("valueCodeableConcept"))
            continue;
        for (const auto& coding : arrayAt(extension["valueCodeableConcept"], "coding"))
            if (stringAt(coding, "code") == "01")
                return true;
    }
    return false;
}

namespace {

bool sameDemographics(const identity::Patient& held, const identity::Patient& incoming)
{
    return held.nhsNumber == incoming.nhsNumber && held.nhsVerified == incoming.nhsVerified &&
           held.givenName == incoming.givenName && held.familyName == incoming.familyName &&
           held.birthDate == incoming.birthDate && held.postcode == incoming.postcode;
}

// Which hub database a watermark belongs to: its name, and the cluster's system identifier
// when this role may read it. Another database gets a watermark of its own.
std::string sourceOf(PgConnection& hub)
{
    std::string source = "unknown";
    if (auto name = hub.query("SELECT current_database()"); name && name->rows() == 1)
        source = name->text(0, 0);
    if (auto system = hub.query("SELECT system_identifier::text FROM pg_control_system()");
        system && system->rows() == 1)
        source += "@" + system->text(0, 0);
    return source;
}

void removeDatabaseFiles(const std::string& path)
{
    std::error_code ignored;
    for (const char* suffix : {"", "-wal", "-shm"})
        std::filesystem::remove(path + suffix, ignored);
}

} // namespace

HubPatient readHubPatient(const std::string& id, const json& content)
{
    HubPatient patient;
    patient.id = id;
    identity::Patient& person = patient.demographics;
    person.id = id;
    std::vector<std::pair<identity::Epr, std::string>> eprRecords;
    for (const auto& identifier : arrayAt(content, "identifier")) {
        const std::string system = stringAt(identifier, "system");
        const std::string value = stringAt(identifier, "value");
        if (value.empty())
            continue;
        if (system == identity::kNhsNumberSystem) {
            if (auto number = identity::NhsNumber::parse(value); number && !person.nhsNumber) {
                person.nhsNumber = number->digits();
                person.nhsVerified = verifiedIdentifier(identifier);
            }
            continue;
        }
        for (const auto epr : {identity::Epr::Paris, identity::Epr::Mobius, identity::Epr::SystmOne})
            if (system == core::mapping::eprRecordSystem(epr))
                eprRecords.emplace_back(epr, value);
    }
    if (const std::string gender = stringAt(content, "gender"); !gender.empty())
        person.sex = gender;
    const json* name = nullptr;
    for (const auto& candidate : arrayAt(content, "name"))
        if (name == nullptr || stringAt(candidate, "use") == "official") {
            name = &candidate;
            if (stringAt(candidate, "use") == "official")
                break;
        }
    if (name != nullptr) {
        person.familyName = stringAt(*name, "family");
        if (const auto& given = arrayAt(*name, "given"); !given.empty() && given.front().is_string())
            person.givenName = given.front().get<std::string>();
    }
    person.birthDate = stringAt(content, "birthDate");
    if (const auto& addresses = arrayAt(content, "address"); !addresses.empty())
        if (const std::string postcode = stringAt(addresses.front(), "postalCode"); !postcode.empty())
            person.postcode = postcode;
    for (const auto& [epr, eprId] : eprRecords) {
        identity::Patient record = person;
        record.epr = epr;
        record.eprId = eprId;
        patient.records.push_back(std::move(record));
    }
    return patient;
}

HubPmi::HubPmi(core::store::Database database) : m_database(std::move(database)), m_index(m_database) {}

core::Result<std::shared_ptr<HubPmi>> HubPmi::open(const std::string& path, const std::string& keyFile,
                                                   OpenMode mode)
{
    if (path.empty() || keyFile.empty())
        return makeError(ErrorCode::InvalidArgument, "the patient master index needs --pmi FILE and --pmi-key-file FILE");
    auto key = readKey(keyFile);
    if (!key)
        return key.error();
    const bool create = mode == OpenMode::CreateIfMissing && !std::filesystem::exists(path);
    if (mode == OpenMode::Existing && !std::filesystem::exists(path))
        return makeError(ErrorCode::NotFound, "there is no patient master index at " + path);
    auto database = core::store::Database::open(
        path, key.value(), create ? core::store::Database::Mode::CreateIfMissing : core::store::Database::Mode::OpenExisting);
    if (!database) {
        if (create)
            removeDatabaseFiles(path);
        if (database.code() == ErrorCode::StoreNotADatabase)
            return makeError(database.code(), "cannot open the patient master index " + path + " with the key in " +
                                                  keyFile + ": wrong key, or not a patient master index file");
        return makeError(database.code(), "cannot open the patient master index " + path + ": " + database.message());
    }
    if (create) {
        if (auto migrated = core::store::applyMigrations(database.value(), core::store::cacheMigrations()); !migrated) {
            (void)database.value().close(); // removed next: nothing of the new file stays
            removeDatabaseFiles(path);
            return makeError(migrated.code(), "cannot create the patient master index " + path + ": " + migrated.message());
        }
    }
    auto pmi = std::make_shared<HubPmi>(std::move(database.value()));
    if (auto people = pmi->m_index.personCount(); !people)
        return makeError(people.code(), path + " is not a patient master index: " + people.message());
    return pmi;
}

core::Result<std::vector<identity::Patient>> HubPmi::linkedRecords(const std::vector<identity::Patient>& own)
{
    std::vector<identity::Patient> records = own;
    std::set<std::pair<identity::Epr, std::string>> seen;
    for (const auto& record : own)
        seen.emplace(record.epr, record.eprId);
    std::set<std::string> people;
    std::lock_guard lock(m_mutex);
    for (const auto& record : own) {
        auto person = m_index.personOf({record.epr, record.eprId});
        if (!person)
            return person.error();
        if (!person.value() || !people.insert(**person).second)
            continue;
        auto linked = m_index.recordsOf(**person);
        if (!linked)
            return linked.error();
        for (const auto& indexed : linked.value()) {
            if (!seen.emplace(indexed.record.epr, indexed.record.eprId).second)
                continue;
            identity::Patient extra;
            extra.id = record.id; // the hub's Patient: the EPR record belongs to the same person
            extra.epr = indexed.record.epr;
            extra.eprId = indexed.record.eprId;
            records.push_back(std::move(extra));
        }
    }
    return records;
}

core::Result<NhsNumberLookup> HubPmi::recordsForNhsNumber(const HubPatient& patient)
{
    NhsNumberLookup lookup;
    const identity::Patient& person = patient.demographics;
    if (!person.nhsNumber)
        return lookup;
    if (!person.nhsVerified) {
        lookup.note = "the Patient's NHS number is not verified, so the patient master index was not asked";
        return lookup;
    }
    if (person.birthDate.empty()) {
        lookup.note = "the Patient has no date of birth to confirm its NHS number against the patient master index";
        return lookup;
    }
    std::lock_guard lock(m_mutex);
    auto found = m_index.recordsWithVerifiedNhsNumber(*person.nhsNumber);
    if (!found)
        return found.error();
    std::set<std::string> people;
    for (const auto& indexed : found.value())
        if (indexed.record.birthDate == person.birthDate)
            people.insert(indexed.record.id);
    if (people.empty()) {
        lookup.note = "the patient master index holds no record with the Patient's verified NHS number and date of birth";
        return lookup;
    }
    if (people.size() > 1) {
        lookup.note = "the Patient's verified NHS number and date of birth match " + std::to_string(people.size()) +
                      " people in the patient master index; a PMI reviewer must decide (avocet-hub admin pmi-reviews)";
        return lookup;
    }
    auto linked = m_index.recordsOf(*people.begin());
    if (!linked)
        return linked.error();
    for (const auto& indexed : linked.value()) {
        identity::Patient record;
        record.id = patient.id;
        record.epr = indexed.record.epr;
        record.eprId = indexed.record.eprId;
        lookup.records.push_back(std::move(record));
    }
    return lookup;
}

core::Result<PmiUpdateSummary> HubPmi::updateFromHub(PgConnection& hub, bool full)
{
    std::lock_guard lock(m_mutex);
    const std::string watermarkKey = "hub-pmi-update-seq:" + sourceOf(hub);
    PmiUpdateSummary summary;
    if (!full) {
        auto stored = m_database.prepare("SELECT value FROM meta WHERE key = ?");
        if (!stored)
            return stored.error();
        stored->bindAll(watermarkKey);
        auto row = stored->step();
        if (!row)
            return row.error();
        const std::string value = *row ? stored->text(0) : std::string();
        if (!value.empty() && value.size() < 19 && value.find_first_not_of("0123456789") == std::string::npos)
            summary.fromSeq = std::stoll(value); // anything else: start again from 0 (records unchanged are skipped)
    }
    summary.toSeq = summary.fromSeq;
    while (true) {
        // Writers commit in seq order under the hub's write lock, so nothing commits later with
        // a seq at or below one already read: the watermark never skips a Patient.
        auto page = hub.query("SELECT resource_id, seq, is_deleted, content::text FROM resources"
                              " WHERE resource_type = 'Patient' AND seq > $1::bigint ORDER BY seq LIMIT " +
                                  std::to_string(kPageSize),
                              {std::to_string(summary.toSeq)});
        if (!page)
            return page.error();
        for (int row = 0; row < page->rows(); ++row) {
            const std::string id = page->text(row, 0);
            ++summary.patientsRead;
            if (page->boolean(row, 2)) {
                ++summary.deletedPatients;
                continue;
            }
            const HubPatient patient = readHubPatient(id, json::parse(page->text(row, 3), nullptr, false));
            for (const auto& record : patient.records) {
                auto held = m_index.recordOf({record.epr, record.eprId});
                if (!held)
                    return held.error();
                if (held.value() && sameDemographics((*held)->record, record)) {
                    ++summary.recordsUnchanged;
                    continue;
                }
                auto added = m_index.addRecord(record, kUpdatedBy);
                if (!added && added.code() == ErrorCode::IdentityInvalid) {
                    summary.skipped.push_back({"Patient/" + id, identity::eprName(record.epr), added.message()});
                    continue;
                }
                if (!added)
                    return added.error();
                ++(held.value() ? summary.recordsUpdated : summary.recordsAdded);
                summary.autoLinked += added->autoLinked ? 1 : 0;
                summary.reviewsQueued += static_cast<int>(added->queuedReviews.size());
            }
        }
        if (page->rows() == 0)
            break;
        summary.toSeq = page->integer(page->rows() - 1, 1);
        // After each page: a run that stops half-way resumes here (and finds the page's records unchanged).
        auto saved = m_database.prepare(
            "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value"
            " WHERE CAST(excluded.value AS INTEGER) > CAST(meta.value AS INTEGER)");
        if (!saved)
            return saved.error();
        saved->bindAll(watermarkKey, std::to_string(summary.toSeq));
        if (auto status = saved->run(); !status)
            return status.error();
        if (page->rows() < kPageSize)
            break;
    }
    return summary;
}

} // namespace avocet::hub
