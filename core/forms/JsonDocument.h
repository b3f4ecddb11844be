#pragma once
// Parses untrusted JSON text (templates and responses arrive from files, servers and other EPRs)
// with a size and nesting limit, and reports syntax errors by line and column.

#include <cstddef>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/common/Result.h"

namespace avocet::core::forms {

struct JsonLimits
{
    std::size_t maxBytes = 8 * 1024 * 1024;
    int maxDepth = 64;
};

struct TextPosition
{
    std::size_t line = 1;
    std::size_t column = 1;
};

// 1-based line and column of a byte offset (0-based) in text; columns count bytes.
TextPosition positionOf(std::string_view text, std::size_t offset);

// ErrorCode::ParseError with "line L, column C" in the message on bad input.
Result<nlohmann::json> parseJsonDocument(std::string_view text, const JsonLimits& limits = {});

} // namespace avocet::core::forms
