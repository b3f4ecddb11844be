// avocetctl profile | demo | patients | cache | audit
#include <sstream>

#include "app/avocetctl/CliSupport.h"
#include "core/identity/NhsNumber.h"
#include "core/identity/SyntheticPatients.h"

namespace avocet::ctl {

using core::store::ProfileStore;

namespace {

nlohmann::json patientJson(const core::identity::Patient& p)
{
    return {{"id", p.id},
            {"nhsNumber", p.nhsNumber ? core::identity::formatNhsNumber(*p.nhsNumber) : ""},
            {"nhsVerified", p.nhsVerified},
            {"name", p.displayName()},
            {"givenName", p.givenName},
            {"familyName", p.familyName},
            {"birthDate", p.birthDate},
            {"sex", p.sex},
            {"postcode", p.postcode.value_or("")},
            {"epr", core::identity::eprName(p.epr)},
            {"eprId", p.eprId},
            {"team", p.team.value_or("")}};
}

int profileInit(CliContext& ctx, ProfileStore& store, const Args& args)
{
    auto kdf = core::crypto::KdfParams::named(optionValue(args, "--kdf").value_or("moderate"));
    if (!kdf)
        return fail(ctx, 2, kdf.message());
    auto passphrase = ctx.readPassphrase("Passphrase for " + ctx.user);
    if (!passphrase)
        return fail(ctx, 2, passphrase.message());
    if (core::Status st = store.create(ctx.user, *passphrase, *kdf); !st)
        return fail(ctx, exitCodeFor(st.code()), st.message());
    return succeed(ctx, {{"user", ctx.user}, {"directory", store.directoryOf(ctx.user).string()}, {"created", true}},
                   "Created an encrypted profile for " + ctx.user + " in " + store.directoryOf(ctx.user).string() +
                       "\n");
}

int profilePasswd(CliContext& ctx, ProfileStore& store)
{
    auto current = ctx.readPassphrase("Current passphrase for " + ctx.user);
    if (!current)
        return fail(ctx, 2, current.message());
    auto next = ctx.readPassphrase("New passphrase for " + ctx.user);
    if (!next)
        return fail(ctx, 2, next.message());
    if (core::Status st = store.changePassphrase(ctx.user, *current, *next); !st)
        return fail(ctx, exitCodeFor(st.code()), st.message());
    return succeed(ctx, {{"user", ctx.user}, {"passphraseChanged", true}},
                   "Passphrase changed for " + ctx.user + " (the cache itself was not rewritten).\n");
}

int profileRekey(CliContext& ctx, ProfileStore& store)
{
    auto passphrase = ctx.readPassphrase("Passphrase for " + ctx.user);
    if (!passphrase)
        return fail(ctx, 2, passphrase.message());
    if (core::Status st = store.rekey(ctx.user, *passphrase); !st)
        return fail(ctx, exitCodeFor(st.code()), st.message());
    return succeed(ctx, {{"user", ctx.user}, {"rekeyed", true}},
                   "The cache of " + ctx.user + " is now encrypted under a new data key.\n");
}

} // namespace

int runProfileCommand(CliContext& ctx, const Args& args)
{
    ProfileStore store(ctx.profileRoot);
    const std::string sub = args.empty() ? "" : args.front();
    if (sub == "init")
        return profileInit(ctx, store, args);
    if (sub == "passwd")
        return profilePasswd(ctx, store);
    if (sub == "rekey")
        return profileRekey(ctx, store);
    if (sub == "list") {
        auto users = store.users();
        if (!users)
            return fail(ctx, 1, users.message());
        std::string text;
        for (const auto& u : *users)
            text += u + "\n";
        return succeed(ctx, {{"users", *users}}, text);
    }
    return fail(ctx, 2, "profile needs one of: init, passwd, rekey, list");
}

int runDemoCommand(CliContext& ctx, const Args& args)
{
    if (args.empty() || args.front() != "seed")
        return fail(ctx, 2, "demo needs: seed [--patients N] [--canary TEXT]");
    std::string error;
    const auto count = intOption(args, "--patients", 200, 1, 1000000, error);
    if (!count)
        return fail(ctx, 2, error);
    ProfileStore store(ctx.profileRoot);
    int code = 0;
    auto cache = unlockProfile(ctx, store, code);
    if (!cache)
        return code;
    auto existing = cache->patients().count();
    if (!existing)
        return fail(ctx, 1, existing.message());
    core::identity::SyntheticOptions options;
    options.count = static_cast<int>(*count);
    options.firstSerial = static_cast<int>(*existing);
    options.seed += static_cast<std::uint64_t>(*existing);
    options.canary = optionValue(args, "--canary").value_or("");
    const auto patients = core::identity::generateSyntheticPatients(options);
    if (core::Status st = cache->patients().upsert(patients); !st)
        return fail(ctx, exitCodeFor(st.code()), st.message());
    (void)cache->record(core::audit::action::Import, std::nullopt,
                        "demo seed: " + std::to_string(patients.size()) + " synthetic patients");
    auto total = cache->patients().count();
    return succeed(ctx, {{"added", patients.size()}, {"total", total ? *total : 0}},
                   "Added " + std::to_string(patients.size()) + " synthetic patients (" +
                       std::to_string(total ? *total : 0) + " in the cache).\n");
}

int runPatientsCommand(CliContext& ctx, const Args& args)
{
    if (!args.empty() && args.front() == "show")
        return runPatientShowCommand(ctx, Args(args.begin() + 1, args.end()));
    if (!args.empty() && (args.front() == "find" || args.front() == "open"))
        return runPatientsTrustCommand(ctx, args);
    if (args.empty() || args.front() != "list")
        return fail(ctx, 2,
                    "patients needs: list [--limit N] [--search TEXT] | show --patient NHS | find --trust TEXT | open "
                    "--trust ID --reason TEXT");
    std::string error;
    const auto limit = intOption(args, "--limit", -1, -1, 10000000, error);
    if (!limit)
        return fail(ctx, 2, error);
    ProfileStore store(ctx.profileRoot);
    int code = 0;
    auto cache = unlockProfile(ctx, store, code);
    if (!cache)
        return code;
    const auto search = optionValue(args, "--search");
    auto patients = search ? cache->patients().search(*search, static_cast<int>(*limit))
                           : cache->patients().list(static_cast<int>(*limit));
    if (!patients)
        return fail(ctx, exitCodeFor(patients.code()), patients.message());
    (void)cache->record(core::audit::action::View, std::nullopt,
                        "patient list: " + std::to_string(patients->size()) + " rows");
    nlohmann::json rows = nlohmann::json::array();
    std::ostringstream text;
    for (const auto& p : *patients) {
        rows.push_back(patientJson(p));
        text << (p.nhsNumber ? core::identity::formatNhsNumber(*p.nhsNumber) : std::string("            ")) << "  "
             << p.birthDate << "  " << core::identity::eprName(p.epr) << "\t" << p.displayName() << "\n";
    }
    return succeed(ctx, {{"patients", rows}, {"count", rows.size()}}, text.str());
}

int runCacheCommand(CliContext& ctx, const Args& args)
{
    if (args.empty() || args.front() != "verify")
        return fail(ctx, 2, "cache needs: verify");
    ProfileStore store(ctx.profileRoot);
    int code = 0;
    auto cache = unlockProfile(ctx, store, code);
    if (!cache)
        return code;
    auto result = cache->verifyIntegrity();
    if (!result)
        return fail(ctx, 1, result.message());
    const std::string version = cache->database().cipherVersion();
    return succeed(ctx, {{"ok", true}, {"detail", *result}, {"cipherVersion", version}},
                   "Cache intact (" + *result + "; SQLCipher " + version + ").\n");
}

int runAuditCommand(CliContext& ctx, const Args& args)
{
    if (args.empty() || args.front() != "verify")
        return fail(ctx, 2, "audit needs: verify");
    ProfileStore store(ctx.profileRoot);
    int code = 0;
    auto cache = unlockProfile(ctx, store, code);
    if (!cache)
        return code;
    auto result = cache->audit().verify();
    if (!result)
        return fail(ctx, 1, result.message());
    nlohmann::json json = {{"intact", result->intact}, {"events", result->events}};
    if (!result->intact) {
        json["firstBadSeq"] = *result->firstBadSeq;
        json["problem"] = result->problem;
        if (ctx.json)
            ctx.out << json.dump(2) << "\n";
        ctx.err << "avocetctl: audit chain broken: " << result->problem << "\n";
        return 1;
    }
    return succeed(ctx, json, "Audit chain intact: " + std::to_string(result->events) + " events.\n");
}

int runNhsCommand(CliContext& ctx, const Args& args)
{
    if (args.size() < 2 || args.front() != "validate")
        return fail(ctx, 2, "nhs needs: validate NUMBER");
    auto number = core::identity::NhsNumber::parse(args[1]);
    if (!number) {
        if (ctx.json)
            ctx.out << nlohmann::json{{"valid", false}, {"reason", number.message()}}.dump() << "\n";
        else
            ctx.out << "invalid: " << number.message() << "\n";
        return 1;
    }
    return succeed(ctx, {{"valid", true}, {"formatted", number->formatted()}, {"synthetic", number->isSynthetic()}},
                   "valid: " + number->formatted() + "\n");
}

} // namespace avocet::ctl
