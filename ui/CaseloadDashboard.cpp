#include "ui/CaseloadDashboard.h"

#include "core/metrics/MetricLibrary.h"
#include "core/store/Cache.h"
#include "ui/Session.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QHorizontalBarSeries>
#include <QLabel>
#include <QLineSeries>
#include <QTabWidget>
#include <QTableWidget>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <optional>

namespace avocet::ui {

namespace {

QTableWidget* makeTable(const QStringList& headers, const QString& accessibleName, QWidget* parent)
{
    auto* table = new QTableWidget(0, int(headers.size()), parent);
    table->setHorizontalHeaderLabels(headers);
    table->setAccessibleName(accessibleName);
    table->verticalHeader()->setVisible(false);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table->horizontalHeader()->setStretchLastSection(true);
    return table;
}

QChartView* makeChartView(const QString& accessibleName, QWidget* parent)
{
    auto* view = new QChartView(new QChart, parent);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumSize(360, 260);
    view->setAccessibleName(accessibleName);
    return view;
}

// The chart and its table side by side (a short table).
QGroupBox* section(const QString& title, QChartView* chart, QTableWidget* table, QWidget* parent)
{
    auto* box = new QGroupBox(title, parent);
    auto* row = new QHBoxLayout(box);
    table->setMaximumWidth(440);
    row->addWidget(chart, 3);
    row->addWidget(table, 2);
    return box;
}

// The chart with its full width, the table one tab away (a wide table).
QGroupBox* tabbedSection(const QString& title, QChartView* chart, QTableWidget* table, QWidget* parent)
{
    auto* box = new QGroupBox(title, parent);
    auto* column = new QVBoxLayout(box);
    auto* tabs = new QTabWidget(box);
    tabs->setObjectName(QStringLiteral("metricsTabs"));
    tabs->addTab(chart, CaseloadDashboard::tr("Chart"));
    tabs->addTab(table, CaseloadDashboard::tr("Table"));
    column->addWidget(tabs);
    return box;
}

// The library compiled into the program, loaded once: the figures point at its metrics, so it
// outlives every worklist.
const core::metrics::MetricLibrary* builtinLibrary()
{
    static const std::optional<core::metrics::MetricLibrary> library = []() -> std::optional<core::metrics::MetricLibrary> {
        auto loaded = core::metrics::MetricLibrary::builtin();
        if (!loaded)
            return std::nullopt;
        return std::move(loaded).value();
    }();
    return library ? &*library : nullptr;
}

double percentOf(long long numerator, long long denominator)
{
    return denominator > 0 ? std::round(1000.0 * double(numerator) / double(denominator)) / 10.0 : 0.0;
}

} // namespace

CaseloadDashboard::CaseloadDashboard(Session& session, QWidget* parent) : QWidget(parent), m_session(session)
{
    setObjectName(QStringLiteral("caseloadDashboard"));
    auto* layout = new QVBoxLayout(this);
    m_title = new QLabel(tr("My dashboard"), this);
    m_title->setObjectName(QStringLiteral("dashboardTitle"));
    QFont big = m_title->font();
    big.setPointSizeF(big.pointSizeF() * 1.4);
    big.setBold(true);
    m_title->setFont(big);
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    layout->addWidget(m_title);
    layout->addWidget(m_status);

    m_worklistChart = makeChartView(tr("What needs doing on your caseload, chart"), this);
    m_worklistTable = makeTable({tr("What"), tr("Patients or forms")}, tr("What needs doing on your caseload, as a table"), this);
    m_worklistTable->setObjectName(QStringLiteral("worklistTable"));
    layout->addWidget(section(tr("What needs doing"), m_worklistChart, m_worklistTable, this), 1);

    m_metricsChart = makeChartView(tr("This month's figures against target, chart"), this);
    m_metricsTable = makeTable({tr("Measure"), tr("Met"), tr("Of"), tr("Per cent"), tr("Target"), tr("Meets target")},
                               tr("This month's figures against target, as a table"), this);
    m_metricsTable->setObjectName(QStringLiteral("metricsTable"));
    layout->addWidget(tabbedSection(tr("This month's figures against target"), m_metricsChart, m_metricsTable, this), 1);
    clear();
}

void CaseloadDashboard::clear()
{
    ++m_generation;
    m_loading = false;
    m_status->setText(tr("Open your caseload to see its figures."));
    m_worklistTable->setRowCount(0);
    m_metricsTable->setRowCount(0);
    m_worklistChart->chart()->removeAllSeries();
    m_metricsChart->chart()->removeAllSeries();
}

void CaseloadDashboard::refresh(const QDate& today)
{
    m_loading = true;
    const int generation = ++m_generation;
    m_status->setText(tr("Counting your caseload's figures…"));
    const std::string day = today.toString(Qt::ISODate).toStdString();
    m_session.withCache<core::usecases::CaseloadWorklist>(
        this,
        [day](core::store::Cache& cache) -> Reply<core::usecases::CaseloadWorklist> {
            Reply<core::usecases::CaseloadWorklist> reply;
            const core::metrics::MetricLibrary* library = builtinLibrary();
            if (!library) {
                reply.code = core::ErrorCode::MetricsInvalid;
                reply.message = QStringLiteral("the metric library compiled into Avocet does not load");
                return reply;
            }
            auto set = library->activeOn(day);
            const core::metrics::MetricSet& inForce = set ? **set : library->latest();
            auto worklist = core::usecases::caseloadWorklist(cache, inForce, day);
            if (!worklist) {
                reply.code = worklist.code();
                reply.message = QString::fromStdString(worklist.message());
                return reply;
            }
            reply.value = std::move(worklist).value();
            return reply;
        },
        [this, generation, today](Reply<core::usecases::CaseloadWorklist> reply) {
            if (generation != m_generation)
                return; // cleared or refreshed again meanwhile
            m_loading = false;
            if (!reply.ok()) {
                m_status->setText(tr("The figures could not be counted: %1").arg(reply.message));
                Q_EMIT loaded();
                return;
            }
            setWorklist(reply.value, today);
            Q_EMIT loaded();
        });
}

void CaseloadDashboard::setWorklist(const core::usecases::CaseloadWorklist& worklist, const QDate& today)
{
    m_status->setText(tr("%n patient(s) on your caseload. Figures from this computer's copy of the record, "
                         "%1 to %2; sync for the latest.",
                         "", int(worklist.patients))
                          .arg(QDate(today.year(), today.month(), 1).toString(QStringLiteral("d MMM")),
                               today.toString(QStringLiteral("d MMM yyyy"))));

    // What needs doing: one bar per kind of work, the same numbers in the table.
    const QStringList labels = {tr("Reviews overdue"), tr("Outcome measures due"), tr("Forms waiting for delivery")};
    const long long values[] = {worklist.reviewsOverdue, worklist.outcomeMeasuresDue, worklist.formsWaiting};
    QChart* chart = m_worklistChart->chart();
    chart->removeAllSeries();
    for (auto* axis : chart->axes())
        chart->removeAxis(axis);
    auto* set = new QBarSet(tr("Now"));
    set->setColor(QColor(0x1d, 0x4f, 0x91));
    set->setLabelColor(QColor(0x1a, 0x1a, 0x1a));
    long long top = 1;
    for (int i = int(std::size(values)) - 1; i >= 0; --i) {
        *set << double(values[i]);
        top = std::max(top, values[i]);
    }
    auto* bars = new QHorizontalBarSeries;
    bars->append(set);
    bars->setLabelsVisible(true);
    bars->setLabelsPosition(QAbstractBarSeries::LabelsOutsideEnd);
    bars->setLabelsFormat(QStringLiteral("@value"));
    chart->addSeries(bars);
    // Top to bottom in the order of the table (a horizontal bar axis lists bottom up).
    QStringList bottomUp = labels;
    std::reverse(bottomUp.begin(), bottomUp.end());
    auto* categories = new QBarCategoryAxis;
    categories->append(bottomUp);
    chart->addAxis(categories, Qt::AlignLeft);
    bars->attachAxis(categories);
    auto* counts = new QValueAxis;
    counts->setRange(0, double(top) * 1.15 + 1);
    counts->setLabelFormat(QStringLiteral("%d"));
    counts->setTickCount(6);
    chart->addAxis(counts, Qt::AlignBottom);
    bars->attachAxis(counts);
    chart->legend()->setVisible(false);
    chart->setTitle(tr("What needs doing now"));
    m_worklistTable->setRowCount(int(labels.size()));
    for (int row = 0; row < labels.size(); ++row) {
        m_worklistTable->setItem(row, 0, new QTableWidgetItem(labels[row]));
        m_worklistTable->setItem(row, 1, new QTableWidgetItem(QString::number(values[row])));
    }

    // Figures against target: horizontal bars of the per cent met, the target beside each.
    chart = m_metricsChart->chart();
    chart->removeAllSeries();
    for (auto* axis : chart->axes())
        chart->removeAxis(axis);
    auto* met = new QBarSet(tr("Met (per cent)"));
    met->setColor(QColor(0x1d, 0x4f, 0x91));
    met->setLabelColor(QColor(0x1a, 0x1a, 0x1a));
    QStringList names;
    QVector<double> percents;
    m_metricsTable->setRowCount(int(worklist.metrics.size()));
    int row = 0;
    for (const auto& figure : worklist.metrics) {
        const QString title = QString::fromStdString(figure.metric->title);
        names << tr("target %1 % · %2").arg(QString::number(figure.metric->targetPercent), title);
        percents << percentOf(figure.numerator, figure.denominator);
        const QString percent = figure.denominator > 0
                                    ? QString::number(percentOf(figure.numerator, figure.denominator), 'f', 1)
                                    : tr("none to count");
        m_metricsTable->setItem(row, 0, new QTableWidgetItem(title));
        m_metricsTable->setItem(row, 1, new QTableWidgetItem(QString::number(figure.numerator)));
        m_metricsTable->setItem(row, 2, new QTableWidgetItem(QString::number(figure.denominator)));
        m_metricsTable->setItem(row, 3, new QTableWidgetItem(percent));
        m_metricsTable->setItem(row, 4, new QTableWidgetItem(QString::number(figure.metric->targetPercent)));
        m_metricsTable->setItem(row, 5, new QTableWidgetItem(figure.meetsTarget ? tr("yes") : tr("no")));
        ++row;
    }
    // Bottom up, so the chart reads top to bottom in the order of the table.
    std::reverse(names.begin(), names.end());
    std::reverse(percents.begin(), percents.end());
    for (const double p : percents)
        *met << p;
    auto* horizontal = new QHorizontalBarSeries;
    horizontal->append(met);
    horizontal->setLabelsVisible(true);
    horizontal->setLabelsPosition(QAbstractBarSeries::LabelsOutsideEnd);
    horizontal->setLabelsFormat(QStringLiteral("@value %"));
    chart->addSeries(horizontal);
    auto* measures = new QBarCategoryAxis;
    measures->append(names);
    chart->addAxis(measures, Qt::AlignLeft);
    horizontal->attachAxis(measures);
    auto* percentAxis = new QValueAxis;
    percentAxis->setRange(0, 110);
    percentAxis->setTickCount(12);
    percentAxis->setLabelFormat(QStringLiteral("%d"));
    chart->addAxis(percentAxis, Qt::AlignBottom);
    horizontal->attachAxis(percentAxis);
    chart->legend()->setVisible(false);
    chart->setTitle(tr("This month so far: per cent met, with each target"));
}

} // namespace avocet::ui
