#pragma once
// The PDF rendition of a transfer-of-care document, for human readers at the receiving end. Core
// cannot draw (no Qt here), so the use cases take this interface and each front end passes the
// implementation in print/ (QtGui's PDF writer): the desktop its own, avocetctl the same one.
#include "core/common/Result.h"

#include <string>

namespace avocet::core::documents {

struct DocumentView;

class PdfRendition
{
public:
    virtual ~PdfRendition() = default;
    // The PDF's bytes: the trust's header, the patient's name and NHS number and the page number
    // on every page, the headings in order.
    virtual Result<std::string> render(const DocumentView& view) const = 0;
};

} // namespace avocet::core::documents
