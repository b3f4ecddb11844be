#include "print/DocumentPdf.h"

#include "core/documents/DocumentView.h"

#include <QAbstractTextDocumentLayout>
#include <QBuffer>
#include <QFont>
#include <QFontMetricsF>
#include <QGuiApplication>
#include <QPageSize>
#include <QPainter>
#include <QPen>
#include <QColor>
#include <QPdfWriter>
#include <QStringList>
#include <QTextDocument>

#include <cstdio>
#include <memory>

namespace avocet::print {

namespace {

namespace documents = core::documents;

constexpr double kMarginMm = 18.0;    // left and right
constexpr double kHeaderMm = 26.0;    // from the top edge to the body
constexpr double kFooterMm = 20.0;    // from the body to the bottom edge
constexpr int kResolution = 300;      // dots per inch: text is vector anyway; lines and rules need no more

QString text(const std::string& value)
{
    return QString::fromStdString(value);
}

QString html(const std::string& value)
{
    QString escaped = text(value).toHtmlEscaped();
    escaped.replace(QLatin1Char('\n'), QStringLiteral("<br/>"));
    return escaped;
}

// Without ligatures: "Examination findings" must read back as those letters (the recipient's system
// and a screen reader search the PDF's text), not with an "fi" glyph standing for two.
QFont textFont(int points, int weight = QFont::Normal)
{
    QFont font(QStringLiteral("DejaVu Sans"), points, weight);
    font.setStyleStrategy(QFont::PreferNoShaping);
    return font;
}

double pixels(double millimetres)
{
    return millimetres * kResolution / 25.4;
}

QString footerText(const documents::DocumentView& view)
{
    QString who = text(view.patientName);
    if (!view.nhsNumber.empty())
        who += (who.isEmpty() ? QString() : QStringLiteral("  ·  ")) + QStringLiteral("NHS number ") + text(view.nhsNumber);
    if (!view.birthDate.empty())
        who += QStringLiteral("  ·  Born ") + text(view.birthDate);
    return who;
}

void drawFrame(QPainter& painter, const documents::DocumentView& view, const QRectF& page, int number, int count)
{
    const double left = pixels(kMarginMm);
    const double width = page.width() - 2 * left;
    painter.save();
    painter.setPen(QColor(0x00, 0x5e, 0xb8)); // NHS blue for the letterhead
    QFont heading = textFont(11, QFont::Bold);
    painter.setFont(heading);
    const QRectF top(left, pixels(8), width, pixels(7));
    painter.drawText(top, Qt::AlignLeft | Qt::AlignVCenter, text(view.sender.name));
    QFont small = textFont(8);
    painter.setFont(small);
    painter.setPen(Qt::black);
    painter.drawText(top, Qt::AlignRight | Qt::AlignVCenter, text(view.documentType));
    // The sender's address, then its telephone and ODS code, under its name; the patient on the right.
    // An address too long for the space the patient leaves is shortened rather than written over them.
    const QFontMetricsF metrics(small, painter.device());
    const QString patient = footerText(view);
    const double room = width - metrics.horizontalAdvance(patient) - pixels(4);
    painter.drawText(QRectF(left, pixels(13.2), width, pixels(4)), Qt::AlignLeft | Qt::AlignVCenter,
                     metrics.elidedText(text(view.sender.address), Qt::ElideRight, room));
    painter.drawText(QRectF(left, pixels(13.2), width, pixels(4)), Qt::AlignRight | Qt::AlignVCenter, patient);
    QStringList contact;
    if (!view.sender.phone.empty())
        contact << QStringLiteral("Tel ") + text(view.sender.phone);
    if (!view.sender.odsCode.empty())
        contact << QStringLiteral("ODS ") + text(view.sender.odsCode);
    painter.drawText(QRectF(left, pixels(16.6), width, pixels(4)), Qt::AlignLeft | Qt::AlignVCenter,
                     contact.join(QStringLiteral("  ·  ")));
    painter.setPen(QPen(QColor(0x00, 0x5e, 0xb8), pixels(0.3)));
    painter.drawLine(QPointF(left, pixels(21)), QPointF(left + width, pixels(21)));

    const double footerTop = page.height() - pixels(kFooterMm) + pixels(6);
    painter.drawLine(QPointF(left, footerTop), QPointF(left + width, footerTop));
    painter.setPen(Qt::black);
    const QRectF footer(left, footerTop + pixels(1.5), width, pixels(5));
    painter.drawText(footer, Qt::AlignLeft | Qt::AlignVCenter, footerText(view));
    painter.drawText(footer, Qt::AlignRight | Qt::AlignVCenter,
                     QStringLiteral("Page %1 of %2").arg(number).arg(count));
    painter.drawText(QRectF(left, footerTop + pixels(6.5), width, pixels(5)), Qt::AlignLeft | Qt::AlignVCenter,
                     text(view.statusLine));
    painter.restore();
}

} // namespace

std::string documentBodyHtml(const documents::DocumentView& view)
{
    QString body = QStringLiteral("<html><body>");
    body += QStringLiteral("<h1 style=\"font-size:15pt\">") + html(view.title) + QStringLiteral("</h1>");
    body += QStringLiteral("<p><b>") + html(view.patientName) + QStringLiteral("</b>");
    if (!view.nhsNumber.empty())
        body += QStringLiteral(" &nbsp; NHS number ") + html(view.nhsNumber);
    if (!view.birthDate.empty())
        body += QStringLiteral(" &nbsp; Born ") + html(view.birthDate);
    body += QStringLiteral("</p>");
    if (!view.recipientName.empty() || !view.recipientCode.empty()) {
        body += QStringLiteral("<p>To: ") + html(view.recipientName);
        if (!view.recipientCode.empty())
            body += QStringLiteral(" (") + html(view.recipientCode) + QStringLiteral(")");
        body += QStringLiteral("</p>");
    }
    body += QStringLiteral("<p><i>") + html(view.statusLine) + QStringLiteral("</i></p>");
    for (const auto& section : view.sections) {
        body += QStringLiteral("<h2 style=\"font-size:12pt; color:#005eb8\">") + html(section.heading.title) +
                QStringLiteral("</h2>");
        if (section.rows.empty()) {
            body += QStringLiteral("<p><i>Nothing recorded under this heading.</i></p>");
            continue;
        }
        body += QStringLiteral("<table width=\"100%\" cellspacing=\"0\" cellpadding=\"3\">");
        for (const auto& row : section.rows)
            body += QStringLiteral("<tr><td width=\"32%\"><b>") + html(row.label) + QStringLiteral("</b></td><td>") +
                    html(row.value) + QStringLiteral("</td></tr>");
        body += QStringLiteral("</table>");
    }
    body += QStringLiteral("</body></html>");
    return body.toStdString();
}

core::Result<std::string> DocumentPdf::render(const documents::DocumentView& view) const
{
    if (!qobject_cast<QGuiApplication*>(QCoreApplication::instance()))
        return core::makeError(core::ErrorCode::Unsupported,
                               "the PDF can only be drawn in a program with a Qt GUI application (fonts)");
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QPdfWriter writer(&buffer);
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setPageMargins(QMarginsF(0, 0, 0, 0));
    writer.setResolution(kResolution);
    writer.setCreator(QStringLiteral("Avocet"));
    writer.setTitle(text(view.documentType.empty() ? view.title : view.documentType));

    QTextDocument document;
    document.documentLayout()->setPaintDevice(&writer);
    document.setDefaultFont(textFont(10));
    document.setDocumentMargin(0);
    document.setHtml(text(documentBodyHtml(view)));
    const QRectF page(0, 0, writer.width(), writer.height());
    const QRectF bodyArea(pixels(kMarginMm), pixels(kHeaderMm), page.width() - 2 * pixels(kMarginMm),
                          page.height() - pixels(kHeaderMm) - pixels(kFooterMm));
    document.setPageSize(bodyArea.size());
    const int pages = document.pageCount();

    QPainter painter;
    if (!painter.begin(&writer))
        return core::makeError(core::ErrorCode::IoError, "the PDF writer could not start a page");
    for (int index = 0; index < pages; ++index) {
        if (index > 0)
            writer.newPage();
        drawFrame(painter, view, page, index + 1, pages);
        painter.save();
        painter.translate(bodyArea.left(), bodyArea.top() - index * bodyArea.height());
        document.drawContents(&painter, QRectF(0, index * bodyArea.height(), bodyArea.width(), bodyArea.height()));
        painter.restore();
    }
    if (!painter.end())
        return core::makeError(core::ErrorCode::IoError, "the PDF could not be finished");
    buffer.close();
    return std::string(bytes.constData(), static_cast<std::size_t>(bytes.size()));
}

bool ensureGuiApplication(std::string* error)
{
    if (qobject_cast<QGuiApplication*>(QCoreApplication::instance()))
        return true;
    if (QCoreApplication::instance()) {
        if (error)
            *error = "this program runs a Qt application without a GUI, which cannot draw a PDF";
        return false;
    }
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    // A command-line program's output is its answer: Qt's notes about the environment (no
    // XDG_RUNTIME_DIR, font fallbacks) are not for its user. Errors still reach stderr.
    qInstallMessageHandler([](QtMsgType type, const QMessageLogContext&, const QString& message) {
        if (type == QtCriticalMsg || type == QtFatalMsg)
            std::fprintf(stderr, "%s\n", qPrintable(message));
    });
    static int argc = 1;
    static char name[] = "avocet";
    static char* argv[] = {name, nullptr};
    // Initialised in one expression, so it is destroyed at exit before the Qt globals its
    // constructor created (a static assigned later would outlive them and crash on the way out).
    static const auto application = std::make_unique<QGuiApplication>(argc, argv);
    return application != nullptr;
}

} // namespace avocet::print
