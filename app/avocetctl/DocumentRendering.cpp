#include "app/avocetctl/DocumentRendering.h"

#ifdef AVOCET_HAVE_PRINT
#include "print/DocumentPdf.h"
#include "print/Letterhead.h"
#endif

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

} // namespace avocet::ctl
