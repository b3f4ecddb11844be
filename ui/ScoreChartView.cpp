#include "ui/ScoreChartView.h"

#include "core/store/Cache.h"
#include "core/store/CaseloadStore.h"
#include "ui/Session.h"

#include <QAreaSeries>
#include <QChart>
#include <QCategoryAxis>
#include <QChartView>
#include <QDateTimeAxis>
#include <QHeaderView>
#include <QLabel>
#include <QLineSeries>
#include <QScatterSeries>
#include <QHBoxLayout>
#include <QTableWidget>
#include <QTimeZone>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>
#include <iterator>
#include <map>

namespace avocet::ui {

QVector<SeverityBand> severityBands(const QString& instrument)
{
    if (instrument == QStringLiteral("PHQ-9"))
        return {{0, 4, ScoreChartView::tr("Minimal")},
                {5, 9, ScoreChartView::tr("Mild")},
                {10, 14, ScoreChartView::tr("Moderate")},
                {15, 19, ScoreChartView::tr("Moderately severe")},
                {20, 27, ScoreChartView::tr("Severe")}};
    if (instrument == QStringLiteral("GAD-7"))
        return {{0, 4, ScoreChartView::tr("Minimal")},
                {5, 9, ScoreChartView::tr("Mild")},
                {10, 14, ScoreChartView::tr("Moderate")},
                {15, 21, ScoreChartView::tr("Severe")}};
    return {};
}

namespace {

// Band colours from calm to alarming, light enough for the line and labels to read over them.
QColor bandColour(int index, int count)
{
    static const QColor colours[] = {QColor(0xe3, 0xf2, 0xe6), QColor(0xf1, 0xf5, 0xdc), QColor(0xfd, 0xf1, 0xd6),
                                     QColor(0xfb, 0xe2, 0xd0), QColor(0xf8, 0xd3, 0xd3)};
    const int last = static_cast<int>(std::size(colours)) - 1;
    const int at = count <= 1 ? 0 : (index * last + (count - 1) / 2) / (count - 1);
    return colours[std::clamp(at, 0, last)];
}

QString bandOf(const QString& instrument, double value)
{
    for (const auto& band : severityBands(instrument))
        if (value >= band.from && value <= band.to)
            return band.label;
    return {};
}

QChartView* chartFor(const QString& instrument, const QVector<ScorePoint>& points, QWidget* parent)
{
    auto* chart = new QChart;
    chart->setTitle(ScoreChartView::tr("%1 total over time").arg(instrument));
    chart->legend()->setVisible(false);
    chart->setMargins(QMargins(4, 4, 4, 4));
    const QTimeZone london("Europe/London");
    QDateTime first = points.front().at;
    QDateTime last = points.back().at;
    if (first == last) {
        first = first.addDays(-14);
        last = last.addDays(14);
    } else {
        const qint64 pad = std::max<qint64>(first.secsTo(last) / 20, 86400);
        first = first.addSecs(-pad);
        last = last.addSecs(pad);
    }
    auto* axisX = new QDateTimeAxis;
    axisX->setFormat(QStringLiteral("MMM yy"));
    axisX->setRange(first.toTimeZone(london), last.toTimeZone(london));
    axisX->setTickCount(std::min<int>(4, std::max<int>(2, static_cast<int>(points.size()) + 1)));
    auto* axisY = new QValueAxis;
    axisY->setLabelFormat(QStringLiteral("%d"));
    const auto bands = severityBands(instrument);
    double top = bands.isEmpty() ? 0 : bands.back().to;
    for (const auto& p : points)
        top = std::max(top, p.value);
    axisY->setRange(0, top);
    axisY->setTickType(QValueAxis::TicksDynamic);
    axisY->setTickAnchor(0);
    axisY->setTickInterval(5);
    axisY->setTitleText(ScoreChartView::tr("Total score"));
    chart->addAxis(axisX, Qt::AlignBottom);
    chart->addAxis(axisY, Qt::AlignLeft);

    // The bands first, so the scores are drawn over them.
    for (int i = 0; i < bands.size(); ++i) {
        auto* lower = new QLineSeries(chart);
        auto* upper = new QLineSeries(chart);
        const double from = i == 0 ? bands[i].from : bands[i - 1].to;
        lower->append(double(first.toMSecsSinceEpoch()), from);
        lower->append(double(last.toMSecsSinceEpoch()), from);
        upper->append(double(first.toMSecsSinceEpoch()), bands[i].to);
        upper->append(double(last.toMSecsSinceEpoch()), bands[i].to);
        auto* area = new QAreaSeries(upper, lower);
        area->setName(bands[i].label);
        area->setColor(bandColour(i, int(bands.size())));
        area->setBorderColor(Qt::transparent);
        area->setPointLabelsVisible(false);
        chart->addSeries(area);
        area->attachAxis(axisX);
        area->attachAxis(axisY);
    }
    auto* line = new QLineSeries;
    line->setName(instrument);
    QPen pen(QColor(0x1d, 0x4f, 0x91));
    pen.setWidth(2);
    line->setPen(pen);
    auto* dots = new QScatterSeries;
    dots->setMarkerSize(9);
    dots->setColor(QColor(0x1d, 0x4f, 0x91));
    dots->setBorderColor(Qt::white);
    dots->setPointLabelsVisible(true);
    dots->setPointLabelsFormat(QStringLiteral("@yPoint"));
    dots->setPointLabelsClipping(false);
    for (const auto& p : points) {
        line->append(double(p.at.toMSecsSinceEpoch()), p.value);
        dots->append(double(p.at.toMSecsSinceEpoch()), p.value);
    }
    chart->addSeries(line);
    chart->addSeries(dots);
    for (auto* series : {static_cast<QAbstractSeries*>(line), static_cast<QAbstractSeries*>(dots)}) {
        series->attachAxis(axisX);
        series->attachAxis(axisY);
    }
    // Band names on the right-hand axis, at each band's middle.
    if (!bands.isEmpty()) {
        auto* names = new QCategoryAxis;
        names->setRange(0, top);
        names->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
        for (const auto& band : bands)
            names->append(band.label, (band.from + band.to) / 2);
        names->setGridLineVisible(false);
        QFont small = names->labelsFont();
        small.setPointSizeF(std::max(6.0, small.pointSizeF() * 0.8));
        names->setLabelsFont(small);
        chart->addAxis(names, Qt::AlignRight);
        line->attachAxis(names);
    }
    auto* view = new QChartView(chart, parent);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumSize(340, 260);
    view->setAccessibleName(ScoreChartView::tr("%1 total over time, chart").arg(instrument));
    view->setAccessibleDescription(
        ScoreChartView::tr("%n score(s); the table beside it lists each with its date and band.", "", int(points.size())));
    return view;
}

} // namespace

ScoreChartView::ScoreChartView(Session& session, QWidget* parent) : QWidget(parent), m_session(session)
{
    setObjectName(QStringLiteral("scoreCharts"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_empty = new QLabel(tr("No scores recorded yet."), this);
    m_empty->setWordWrap(true);
    layout->addWidget(m_empty);
    auto* row = new QWidget(this);
    auto* rowLayout = new QHBoxLayout(row);
    rowLayout->setContentsMargins(0, 0, 0, 0);
    m_charts = new QWidget(row);
    m_chartsLayout = new QHBoxLayout(m_charts); // one chart per measure, side by side
    m_chartsLayout->setContentsMargins(0, 0, 0, 0);
    m_table = new QTableWidget(0, 4, row);
    m_table->setObjectName(QStringLiteral("scoreTable"));
    m_table->setHorizontalHeaderLabels({tr("Measure"), tr("Date"), tr("Total"), tr("Band")});
    m_table->setAccessibleName(tr("Scores over time, as a table"));
    m_table->verticalHeader()->setVisible(false);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setMaximumWidth(400);
    rowLayout->addWidget(m_charts, 3);
    rowLayout->addWidget(m_table, 2);
    layout->addWidget(row, 1);
    setPoints({});
}

void ScoreChartView::clear()
{
    m_patientId.clear();
    setPoints({});
}

void ScoreChartView::load(const QString& patientId)
{
    m_patientId = patientId;
    m_loading = true;
    m_session.withCache<QVector<ScorePoint>>(
        this,
        [id = patientId.toStdString()](core::store::Cache& cache) -> Reply<QVector<ScorePoint>> {
            Reply<QVector<ScorePoint>> reply;
            auto scores = core::store::CaseloadStore(cache.database()).scores(id);
            if (!scores) {
                reply.code = scores.code();
                reply.message = QString::fromStdString(scores.message());
                return reply;
            }
            for (const auto& score : *scores) {
                if (score.item != "total")
                    continue;
                reply.value.push_back({QString::fromStdString(score.instrument),
                                       QDateTime::fromString(QString::fromStdString(score.recordedAt), Qt::ISODate),
                                       score.value});
            }
            return reply;
        },
        [this, patientId](Reply<QVector<ScorePoint>> reply) {
            if (patientId != m_patientId)
                return; // another patient opened meanwhile
            m_loading = false;
            setPoints(reply.ok() ? reply.value : QVector<ScorePoint>{});
        });
}

void ScoreChartView::setPoints(const QVector<ScorePoint>& given)
{
    QVector<ScorePoint> points = given;
    std::stable_sort(points.begin(), points.end(), [](const ScorePoint& a, const ScorePoint& b) {
        return a.instrument != b.instrument ? a.instrument < b.instrument : a.at < b.at;
    });
    while (QLayoutItem* item = m_chartsLayout->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    m_instruments.clear();
    std::map<QString, QVector<ScorePoint>> byInstrument;
    for (const auto& p : points)
        byInstrument[p.instrument].push_back(p);
    for (const auto& [instrument, series] : byInstrument) {
        m_instruments << instrument;
        m_chartsLayout->addWidget(chartFor(instrument, series, m_charts));
    }
    m_table->setRowCount(int(points.size()));
    const QTimeZone london("Europe/London");
    for (int row = 0; row < points.size(); ++row) {
        const auto& p = points[row];
        m_table->setItem(row, 0, new QTableWidgetItem(p.instrument));
        m_table->setItem(row, 1, new QTableWidgetItem(p.at.toTimeZone(london).toString(QStringLiteral("dd-MMM-yyyy"))));
        m_table->setItem(row, 2, new QTableWidgetItem(QString::number(p.value)));
        m_table->setItem(row, 3, new QTableWidgetItem(bandOf(p.instrument, p.value)));
    }
    m_empty->setVisible(points.isEmpty());
    m_charts->parentWidget()->setVisible(!points.isEmpty());
}

} // namespace avocet::ui
