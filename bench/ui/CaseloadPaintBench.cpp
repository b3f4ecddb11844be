// First paint of a 100,000-row caseload: the real ui::CaseloadModel (rowCount() and
// data() for the rows the view shows, with its fonts, colours, dates and Mental Health Act text)
// in a QTableView, against a trivial in-memory QAbstractTableModel holding the very same display
// strings. Both models are filled before the clock starts; each round builds a QTableView of
// 1280 x 800, sets the model, shows it and grabs it offscreen (layout, headers, data() for the
// visible cells, painting). Target <= 1.2x.
#include <QAbstractTableModel>
#include <QApplication>
#include <QDate>
#include <QPixmap>
#include <QTableView>
#include <QTimeZone>

#include <cstdio>
#include <cstdlib>
#include <memory>

#include "bench/Bench.h"
#include "core/identity/SyntheticPatients.h"
#include "ui/CaseloadModel.h"
#include "ui/PatientRow.h"

namespace bench = avocet::bench;
using avocet::ui::CaseloadEntry;
using avocet::ui::CaseloadModel;

namespace {

constexpr int kRows = 100000;

class TrivialModel : public QAbstractTableModel
{
public:
    TrivialModel(QVector<QString> cells, QVector<QString> headers)
        : m_cells(std::move(cells)), m_headers(std::move(headers))
    {
    }
    int rowCount(const QModelIndex& parent = {}) const override
    {
        return parent.isValid() ? 0 : int(m_cells.size() / m_headers.size());
    }
    int columnCount(const QModelIndex& parent = {}) const override { return parent.isValid() ? 0 : int(m_headers.size()); }
    QVariant data(const QModelIndex& index, int role) const override
    {
        if (role != Qt::DisplayRole || !index.isValid())
            return {};
        return m_cells.at(index.row() * m_headers.size() + index.column());
    }
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override
    {
        if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
            return {};
        return m_headers.at(section);
    }

private:
    QVector<QString> m_cells;
    QVector<QString> m_headers;
};

QVector<CaseloadEntry> makeEntries()
{
    avocet::core::identity::SyntheticOptions options;
    options.count = kRows;
    const auto patients = avocet::core::identity::generateSyntheticPatients(options);
    const QDate today = QDate::currentDate();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QVector<CaseloadEntry> entries;
    entries.reserve(kRows);
    for (int i = 0; i < kRows; ++i) {
        CaseloadEntry e;
        e.record.patient = avocet::ui::toPatientRow(patients[static_cast<std::size_t>(i)], today);
        if (i % 7 == 0) {
            e.record.legal.present = true;
            e.record.legal.powerCode = QStringLiteral("s3");
            e.record.legal.start = now.addDays(-(i % 90));
            e.record.legal.periodEnd = now.addDays(180 - (i % 90));
        }
        if (i % 5 == 0) {
            avocet::ui::AlertItem alert;
            alert.title = QStringLiteral("Risk review overdue");
            e.record.alerts.push_back(alert);
            if (i % 15 == 0) {
                alert.title = QStringLiteral("PHQ-9 item 9 above zero");
                e.record.alerts.push_back(alert);
            }
            e.record.unacknowledged = int(e.record.alerts.size());
        }
        if (i % 500 == 0) {
            e.visitStart = now.addSecs(3600 + i % 28800);
            e.visitKind = QStringLiteral("home visit");
            e.visitMinutes = 45;
        }
        e.hasOverdue = i % 5 == 0;
        entries.push_back(std::move(e));
    }
    return entries;
}

qint64 firstPaint(QAbstractItemModel& model)
{
    QTableView view;
    view.resize(1280, 800);
    view.setModel(&model);
    view.show();
    const QPixmap pixmap = view.grab();
    return pixmap.cacheKey();
}

int caseloadPaintScenario()
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    int argc = 1;
    char name[] = "avocet_ui_bench";
    char* argv[] = {name, nullptr};
    QApplication app(argc, argv);

    CaseloadModel caseload;
    caseload.setEntries(makeEntries());
    QVector<QString> headers;
    for (int c = 0; c < caseload.columnCount(); ++c)
        headers.push_back(caseload.headerData(c, Qt::Horizontal, Qt::DisplayRole).toString());
    QVector<QString> cells;
    cells.reserve(kRows * headers.size());
    for (int r = 0; r < caseload.rowCount(); ++r)
        for (int c = 0; c < caseload.columnCount(); ++c)
            cells.push_back(caseload.data(caseload.index(r, c), Qt::DisplayRole).toString());
    TrivialModel trivial(std::move(cells), headers);

    qint64 sink = 0;
    firstPaint(caseload); // fonts, style and glyph caches warm for both sides
    firstPaint(trivial);
    const auto [real, plain] = bench::alternate(
        15, [&] { sink += firstPaint(caseload); }, [&] { sink += firstPaint(trivial); });
    std::fprintf(stderr, "100,000-row caseload first paint %.2f ms, trivial model %.2f ms (sink %lld)\n", real * 1000,
                 plain * 1000, static_cast<long long>(sink));
    return bench::reportRatio("ui.caseload_first_paint_100k_vs_trivial_model", real / plain, 1.2);
}

} // namespace

AVOCET_BENCHMARK("ui.caseload", caseloadPaintScenario);
