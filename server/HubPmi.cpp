#include "server/HubPmi.h"

#include "core/crypto/SecureBuffer.h"

#include <fstream>
#include <set>
#include <sstream>
#include <utility>

namespace avocet::hub {

namespace identity = core::identity;
using core::ErrorCode;
using core::makeError;

namespace {

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
        return makeError(ErrorCode::InvalidArgument, "the PMI key file must hold 64 hex digits (a 256-bit key)");
    core::crypto::SecureBuffer key(32);
    for (std::size_t i = 0; i < 32; ++i)
        key.data()[i] = static_cast<std::uint8_t>(std::stoi(hex.substr(i * 2, 2), nullptr, 16));
    return key;
}

} // namespace

HubPmi::HubPmi(core::store::Database database) : m_database(std::move(database)), m_index(m_database) {}

core::Result<std::shared_ptr<HubPmi>> HubPmi::open(const std::string& path, const std::string& keyFile)
{
    auto key = readKey(keyFile);
    if (!key)
        return key.error();
    auto database = core::store::Database::open(path, key.value());
    if (!database)
        return makeError(database.code(), "cannot open the patient master index " + path + ": " + database.message());
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

} // namespace avocet::hub
