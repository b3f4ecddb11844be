#pragma once
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "app/avocetctl/Commands.h"
#include "core/store/ProfileStore.h"

namespace avocet::ctl {

// The value after `name` in args (e.g. --patients 100), if present.
std::optional<std::string> optionValue(const Args& args, const std::string& name);
bool hasFlag(const Args& args, const std::string& name);
// Parses an integer option; nullopt with a message in `error` when it is not a number in range.
std::optional<long> intOption(const Args& args, const std::string& name, long fallback, long min, long max,
                              std::string& error);

// Reads a template, response or other JSON input file of at most 8 MiB (the forms engine's limit);
// the error names the file.
core::Result<std::string> readSmallFile(const std::string& path);

// Maps a core error code to the CLI exit code (2 bad input, 3 refused, 1 otherwise).
int exitCodeFor(core::ErrorCode code);

// Prints `json` with --json, or `text` otherwise, and returns 0.
int succeed(CliContext& ctx, const nlohmann::json& json, const std::string& text);

// Unlocks the --user profile under --profile with the passphrase from the environment or a prompt.
// On failure prints the reason and sets exitCode.
std::unique_ptr<core::store::Cache> unlockProfile(CliContext& ctx, core::store::ProfileStore& store, int& exitCode);

} // namespace avocet::ctl
