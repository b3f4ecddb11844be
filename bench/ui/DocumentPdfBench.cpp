// The PDF rendition of a 20-page discharge summary: print/ DocumentPdf (QTextDocument lays the body
// out on A4 pages for a QPdfWriter, and every page gets the trust's letterhead and a footer with the
// patient's name, NHS number and "Page n of N") against rendering the same text with QTextDocument
// alone. The baseline of the figure is the least QTextDocument can do to put that text into a PDF:
// the same body HTML, font and body area on the same A4 writer, laid out once and drawn page by page
// with drawContents, no letterhead and no footer (so both sides make the same 20 pages and the ratio
// is what the frame and DocumentPdf's own work cost). A second figure compares with Qt's one-call
// QTextDocument::print to a QPdfWriter (its own margins, pagination and plain page numbers), which
// lays a clone of the document out again for the printer.
//
// Every side builds its QTextDocument and its PDF from the HTML string in each round; the
// DocumentView and its body HTML are built before the clock starts. The page counts are checked
// before any figure is printed: a summary that is not about 20 pages is not this benchmark, and the
// scenario says so on stderr and prints no ratio.
//
// AVOCET_BENCH_PDF_DIR=<dir> writes the three PDFs there (synthetic patient) to look at.
#include <QAbstractTextDocumentLayout>
#include <QApplication>
#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QFont>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QTextDocument>

#include <cstdio>
#include <fstream>
#include <functional>
#include <optional>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "bench/Bench.h"
#include "core/documents/DocumentView.h"
#include "core/documents/TransferTemplate.h"
#include "core/forms/Questionnaire.h"
#include "print/DocumentPdf.h"

namespace bench = avocet::bench;
namespace documents = avocet::core::documents;
namespace forms = avocet::core::forms;
using nlohmann::json;

namespace {

constexpr int kMinPages = 19; // "a 20-page discharge summary"
constexpr int kMaxPages = 21;
constexpr int kProgressDays = 60; // entries in the day-by-day progress record

// DocumentPdf's page geometry (print/DocumentPdf.cpp): 300 dpi, 18 mm side margins, 26 mm from the
// top edge to the body and 20 mm from the body to the bottom edge. The lean baseline uses the same
// body area so that it paginates the text exactly as DocumentPdf does.
constexpr int kResolution = 300;
constexpr double kMarginMm = 18.0;
constexpr double kHeaderMm = 26.0;
constexpr double kFooterMm = 20.0;

double pixels(double millimetres)
{
    return millimetres * kResolution / 25.4;
}

json readJson(const std::string& relative)
{
    std::ifstream in(std::string(AVOCET_BENCH_SOURCE_DIR) + "/" + relative);
    std::stringstream text;
    text << in.rdbuf();
    return json::parse(text.str(), nullptr, false);
}

// The shipped discharge summary answered as the test fixture answers it, with every free-text
// heading (the template's `text` items) written at length and a day-by-day progress record under
// the clinical summary, as a long admission has: about 20 pages. Short answers (names, ODS codes,
// the GP practice) stay as they are.
std::optional<documents::DocumentView> longDischargeSummary(std::string* error)
{
    auto questionnaire = forms::Questionnaire::fromJson(readJson("resources/templates/discharge-summary-1.0.0.json"));
    if (!questionnaire) {
        *error = "resources/templates/discharge-summary-1.0.0.json could not be read";
        return std::nullopt;
    }
    auto transfer = documents::transferTemplateOf(*questionnaire);
    if (!transfer || !*transfer) {
        *error = "the discharge-summary template is not a transfer-of-care template";
        return std::nullopt;
    }
    json response = readJson("tests/fixtures/transfer/discharge-summary-response.json");
    if (!response.is_object() || !response.contains("item")) {
        *error = "tests/fixtures/transfer/discharge-summary-response.json could not be read";
        return std::nullopt;
    }
    std::set<std::string> freeText;
    for (const auto* item : questionnaire->allItems())
        if (item->type == forms::ItemType::Text)
            freeText.insert(item->linkId);

    const std::string paragraph =
        "Reviewed on the ward round with the named nurse and the occupational therapist. Mental state stable; sleeping "
        "and eating well; engaged with groups and one-to-one sessions; took leave as planned without concern. "
        "Medication taken as prescribed, no side effects reported beyond mild sedation in the mornings, which settled. ";
    std::string fourParagraphs;
    for (int i = 0; i < 4; ++i)
        fourParagraphs += paragraph;
    int lengthened = 0;
    std::function<void(json&)> lengthen = [&](json& items) {
        for (auto& item : items) {
            if (item.contains("item"))
                lengthen(item["item"]);
            if (!item.contains("answer") || !freeText.count(item.value("linkId", "")))
                continue;
            for (auto& answer : item["answer"])
                if (answer.contains("valueString")) {
                    answer["valueString"] =
                        answer["valueString"].get<std::string>() + "\n" + fourParagraphs + "\n" + fourParagraphs;
                    ++lengthened;
                }
        }
    };
    lengthen(response["item"]);
    if (lengthened == 0) {
        *error = "the fixture answers none of the template's free-text items";
        return std::nullopt;
    }
    auto built = documents::documentView(*questionnaire, **transfer, response);
    if (!built) {
        *error = "the fixture does not make a document view";
        return std::nullopt;
    }
    std::optional<documents::DocumentView> view = std::move(*built);
    bool progress = false;
    for (auto& section : view->sections)
        if (section.heading.linkId == "clinical-summary") {
            for (int day = 1; day <= kProgressDays; ++day)
                section.rows.push_back({"Progress, day " + std::to_string(day), paragraph + paragraph});
            progress = true;
        }
    if (!progress) {
        *error = "the discharge summary has no clinical-summary heading";
        return std::nullopt;
    }
    return view;
}

// Page objects in a PDF from QPdfWriter ("/Type /Page", not the "/Type /Pages" tree node).
int pagesOf(const QByteArray& pdf)
{
    int pages = 0;
    for (qsizetype at = pdf.indexOf("/Type /Page"); at >= 0; at = pdf.indexOf("/Type /Page", at + 1))
        pages += pdf.mid(at, 12) == "/Type /Pages" ? 0 : 1;
    return pages;
}

// QTextDocument alone, the least it can do: the body laid out once for the PDF writer on the same
// body area as DocumentPdf, each page's slice drawn; no letterhead, no footer.
QByteArray leanPdf(const QString& html)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QPdfWriter writer(&buffer);
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setPageMargins(QMarginsF(0, 0, 0, 0));
    writer.setResolution(kResolution);
    QTextDocument document;
    document.documentLayout()->setPaintDevice(&writer);
    document.setDefaultFont(QFont(QStringLiteral("DejaVu Sans"), 10));
    document.setDocumentMargin(0);
    document.setHtml(html);
    const QSizeF body(writer.width() - 2 * pixels(kMarginMm), writer.height() - pixels(kHeaderMm) - pixels(kFooterMm));
    document.setPageSize(body);
    const int pages = document.pageCount();
    QPainter painter(&writer);
    for (int index = 0; index < pages; ++index) {
        if (index > 0)
            writer.newPage();
        painter.save();
        painter.translate(pixels(kMarginMm), pixels(kHeaderMm) - index * body.height());
        document.drawContents(&painter, QRectF(0, index * body.height(), body.width(), body.height()));
        painter.restore();
    }
    painter.end();
    buffer.close();
    return bytes;
}

// Qt's one call: QTextDocument::print to an A4 QPdfWriter (2 cm margins, page numbers).
QByteArray printedPdf(const QString& html)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QPdfWriter writer(&buffer);
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setResolution(kResolution);
    QTextDocument document;
    document.setDefaultFont(QFont(QStringLiteral("DejaVu Sans"), 10));
    document.setHtml(html);
    document.print(&writer);
    buffer.close();
    return bytes;
}

void keep(const char* name, const QByteArray& pdf)
{
    const QString dir = qEnvironmentVariable("AVOCET_BENCH_PDF_DIR");
    if (dir.isEmpty())
        return;
    QFile file(QDir(dir).filePath(QString::fromLatin1(name)));
    if (file.open(QIODevice::WriteOnly))
        file.write(pdf);
}

int documentPdfScenario()
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    int argc = 1;
    char name[] = "avocet_ui_bench";
    char* argv[] = {name, nullptr};
    QApplication app(argc, argv);

    std::string error;
    const auto view = longDischargeSummary(&error);
    if (!view) {
        std::fprintf(stderr, "BENCHMARK NOT RUN: %s\n", error.c_str());
        return 1;
    }
    const avocet::print::DocumentPdf renderer;
    const QString html = QString::fromStdString(avocet::print::documentBodyHtml(*view));

    // One run of each side before the clock starts: fonts and glyph caches warm for all three, and
    // the output checked.
    auto first = renderer.render(*view);
    if (!first) {
        std::fprintf(stderr, "BENCHMARK NOT RUN: DocumentPdf could not render the summary\n");
        return 1;
    }
    const QByteArray ours = QByteArray::fromStdString(*first);
    const QByteArray lean = leanPdf(html);
    const QByteArray printed = printedPdf(html);
    keep("discharge-summary-documentpdf.pdf", ours);
    keep("discharge-summary-qtextdocument.pdf", lean);
    keep("discharge-summary-qtextdocument-print.pdf", printed);
    const int pages = pagesOf(ours);
    const int leanPages = pagesOf(lean);
    const int printedPages = pagesOf(printed);
    if (pages < kMinPages || pages > kMaxPages || leanPages != pages || printedPages < kMinPages ||
        printedPages > kMaxPages + 2) {
        std::fprintf(stderr,
                     "BENCHMARK INVALID: the summary must be about 20 pages (%d-%d) on both sides; DocumentPdf made %d, "
                     "QTextDocument alone %d, QTextDocument::print %d\n",
                     kMinPages, kMaxPages, pages, leanPages, printedPages);
        return 1;
    }

    std::size_t sink = 0;
    auto real = [&] {
        auto rendered = renderer.render(*view);
        sink += rendered ? rendered->size() : 0;
    };
    auto alone = [&] { sink += static_cast<std::size_t>(leanPdf(html).size()); };
    auto print = [&] { sink += static_cast<std::size_t>(printedPdf(html).size()); };
    const auto [withFrame, bare] = bench::alternate(9, real, alone);
    const auto [withFrame2, printCall] = bench::alternate(9, real, print);
    std::fprintf(stderr,
                 "discharge summary PDF, %d pages: DocumentPdf %.1f ms; QTextDocument alone (same pages, no "
                 "letterhead or footer) %.1f ms; DocumentPdf %.1f ms vs QTextDocument::print (%d pages) %.1f ms "
                 "(sink %zu)\n",
                 pages, withFrame * 1000, bare * 1000, withFrame2 * 1000, printedPages, printCall * 1000, sink);
    int missed = bench::reportRatio("ui.discharge_summary_pdf_20_pages_vs_qtextdocument", withFrame / bare, 2.0);
    missed += bench::reportRatio("ui.discharge_summary_pdf_20_pages_vs_qtextdocument_print", withFrame2 / printCall, 2.0);
    return missed;
}

} // namespace

AVOCET_BENCHMARK("ui.discharge_summary_pdf", documentPdfScenario);
