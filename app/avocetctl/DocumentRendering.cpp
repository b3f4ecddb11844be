#include "app/avocetctl/DocumentRendering.h"

#ifdef AVOCET_HAVE_PRINT
#include "print/DocumentPdf.h"
#include "print/Letterhead.h"
#endif

#include <fstream>

namespace avocet::ctl {

core::Result<const core::documents::PdfRendition*> pdfRendition()
{
#ifdef AVOCET_HAVE_PRINT
    std::string error;
    if (!print::ensureGuiApplication(&error))
        return core::makeError(core::ErrorCode::Unsupported, "cannot draw the PDF: " + error);
    static const print::DocumentPdf renderer;
    return &renderer;
#else
    return core::makeError(core::ErrorCode::Unsupported,
                           "this avocetctl was built without Qt (AVOCET_BUILD_UI=OFF), so it cannot draw the PDF");
#endif
}

core::Result<std::string> renderPdf(const core::documents::DocumentView& view)
{
    auto renderer = pdfRendition();
    if (!renderer)
        return renderer.error();
    return (*renderer)->render(view);
}

core::documents::Sender letterhead(std::vector<std::string>* warnings)
{
#ifdef AVOCET_HAVE_PRINT
    return print::letterheadFromSystem(warnings);
#else
    (void)warnings;
    return {};
#endif
}

core::Result<core::documents::Sender> letterheadFromFile(const std::string& path, std::vector<std::string>* warnings)
{
    if (!std::ifstream(path))
        return core::makeError(core::ErrorCode::IoError, "cannot read the letterhead file " + path);
#ifdef AVOCET_HAVE_PRINT
    return print::letterheadFromFile(path, warnings);
#else
    (void)warnings;
    return core::makeError(core::ErrorCode::Unsupported,
                           "this avocetctl was built without Qt (AVOCET_BUILD_UI=OFF), so it cannot read a letterhead");
#endif
}

} // namespace avocet::ctl
