#pragma once
// The PDF rendition of a transfer-of-care document (core/documents DocumentView), drawn with QtGui:
// the document's text is laid out once by QTextDocument on A4 pages, and every page gets the
// trust's header and a footer naming the patient, their NHS number and "page n of N", so a page
// that comes loose is still identified. Needs a QGuiApplication (fonts); ensureGuiApplication
// makes one on the offscreen platform for a program that has none (avocetctl).
#include "core/documents/PdfRendition.h"

#include <string>

class QTextDocument;

namespace avocet::print {

class DocumentPdf : public core::documents::PdfRendition
{
public:
    core::Result<std::string> render(const core::documents::DocumentView& view) const override;
};

// The HTML QTextDocument lays out for the body of the document (no header or footer).
std::string documentBodyHtml(const core::documents::DocumentView& view);

// Creates a QGuiApplication on the offscreen platform when the process has no Qt application yet;
// false (with the reason) when one cannot be made.
bool ensureGuiApplication(std::string* error = nullptr);

} // namespace avocet::print
