#pragma once
// The PDF rendition for avocetctl: print/ (QtGui, offscreen) when this avocetctl was built with Qt,
// else a clear refusal. Shared by `document render` and the commands that sign a document off.
#include "core/common/Result.h"
#include "core/documents/DocumentView.h"
#include "core/documents/PdfRendition.h"

#include <string>
#include <vector>

namespace avocet::ctl {

// The renderer to hand to the use cases, or an error saying why there is none.
core::Result<const core::documents::PdfRendition*> pdfRendition();
core::Result<std::string> renderPdf(const core::documents::DocumentView& view);

// The trust on the letterhead and as the document's custodian: the system-wide settings' [letterhead]
// (the same file the desktop reads, print/Letterhead.h), else the demo trust. Warnings name the file and key.
core::documents::Sender letterhead(std::vector<std::string>* warnings = nullptr);
// The same from an INI file of the administrator's (its [letterhead] section), to try a letterhead
// before deploying it; an error when the file cannot be read.
core::Result<core::documents::Sender> letterheadFromFile(const std::string& path,
                                                         std::vector<std::string>* warnings = nullptr);

} // namespace avocet::ctl
