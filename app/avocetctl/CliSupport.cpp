#include "app/avocetctl/CliSupport.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "core/forms/JsonDocument.h"

namespace avocet::ctl {

std::optional<std::string> optionValue(const Args& args, const std::string& name)
{
    const auto it = std::find(args.begin(), args.end(), name);
    if (it == args.end() || std::next(it) == args.end())
        return std::nullopt;
    return *std::next(it);
}

bool hasFlag(const Args& args, const std::string& name) { return std::find(args.begin(), args.end(), name) != args.end(); }

std::optional<long> intOption(const Args& args, const std::string& name, long fallback, long min, long max,
                              std::string& error)
{
    const auto text = optionValue(args, name);
    if (!text) {
        if (hasFlag(args, name)) {
            error = name + " needs a value";
            return std::nullopt;
        }
        return fallback;
    }
    try {
        std::size_t used = 0;
        const long value = std::stol(*text, &used);
        if (used == text->size() && value >= min && value <= max)
            return value;
    } catch (const std::exception&) {
    }
    error = name + " must be a whole number from " + std::to_string(min) + " to " + std::to_string(max) +
            " (got '" + *text + "')";
    return std::nullopt;
}

core::Result<std::string> readSmallFile(const std::string& path)
{
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (ec)
        return core::makeError(core::ErrorCode::IoError, "cannot read " + path + ": " + ec.message());
    if (size > core::forms::JsonLimits{}.maxBytes)
        return core::makeError(core::ErrorCode::ParseError, path + " is larger than the 8 MiB limit for forms");
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return core::makeError(core::ErrorCode::IoError, "cannot open " + path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

int exitCodeFor(core::ErrorCode code)
{
    using core::ErrorCode;
    switch (code) {
    case ErrorCode::InvalidArgument:
    case ErrorCode::ParseError:
    case ErrorCode::NotFound:
    case ErrorCode::AlreadyExists:
    case ErrorCode::WeakPassphrase:
        return 2;
    case ErrorCode::WrongPassphrase:
    case ErrorCode::Throttled:
    case ErrorCode::ProfileInUse:
    case ErrorCode::ProfileLocked:
    case ErrorCode::StoreWrongLibrary:
    case ErrorCode::Busy:
        return 3;
    default:
        return 1;
    }
}

int fail(CliContext& ctx, int exitCode, const std::string& message)
{
    if (ctx.json)
        ctx.out << nlohmann::json{{"error", message}, {"exitCode", exitCode}}.dump() << "\n";
    ctx.err << "avocetctl: " << message << "\n";
    return exitCode;
}

int succeed(CliContext& ctx, const nlohmann::json& json, const std::string& text)
{
    if (ctx.json)
        ctx.out << json.dump(2) << "\n";
    else
        ctx.out << text;
    return 0;
}

std::unique_ptr<core::store::Cache> unlockProfile(CliContext& ctx, core::store::ProfileStore& store, int& exitCode)
{
    auto passphrase = ctx.readPassphrase("Passphrase for " + ctx.user);
    if (!passphrase) {
        exitCode = fail(ctx, 2, passphrase.message());
        return nullptr;
    }
    auto cache = store.unlock(ctx.user, *passphrase, "avocetctl");
    if (!cache) {
        if (cache.code() == core::ErrorCode::WrongPassphrase) {
            // Each process gets one attempt; the pause makes scripted guessing slow.
            std::this_thread::sleep_for(std::chrono::seconds(1));
        }
        exitCode = fail(ctx, exitCodeFor(cache.code()), cache.message());
        return nullptr;
    }
    exitCode = 0;
    return std::move(*cache);
}

} // namespace avocet::ctl
