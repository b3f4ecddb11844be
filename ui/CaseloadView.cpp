#include "ui/CaseloadView.h"

#include <algorithm>

#include <QButtonGroup>
#include <QHBoxLayout>
#include <QFontMetrics>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace avocet::ui {

namespace {

constexpr CaseloadModel::Filter kFilters[] = {CaseloadModel::Filter::All, CaseloadModel::Filter::VisitsToday,
                                              CaseloadModel::Filter::Overdue, CaseloadModel::Filter::Alerts};

} // namespace

CaseloadView::CaseloadView(CaseloadModel& model, QWidget* parent) : QWidget(parent), m_model(model)
{
    setObjectName(QStringLiteral("caseloadView"));
    m_title = new QLabel(tr("My caseload"), this);
    m_title->setStyleSheet(QStringLiteral("font-size: 15pt; font-weight: 600;"));

    m_filters = new QButtonGroup(this);
    m_filters->setExclusive(true);
    auto* filterRow = new QHBoxLayout;
    filterRow->addWidget(m_title);
    filterRow->addSpacing(16);
    for (auto filter : kFilters) {
        auto* button = new QPushButton(this);
        button->setCheckable(true);
        button->setChecked(filter == CaseloadModel::Filter::All);
        m_filters->addButton(button, int(filter));
        filterRow->addWidget(button);
    }
    filterRow->addStretch(1);
    connect(m_filters, &QButtonGroup::idClicked, this,
            [this](int id) { m_model.setFilter(static_cast<CaseloadModel::Filter>(id)); });

    m_table = new QTableView(this);
    m_table->setModel(&m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->setWordWrap(false);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setAccessibleName(tr("Caseload"));
    // Narrow enough on a 1280-pixel window that the last column (alerts) keeps its whole title.
    m_table->setColumnWidth(CaseloadModel::VisitColumn, 160);
    m_table->setColumnWidth(CaseloadModel::NameColumn, 190);
    m_table->setColumnWidth(CaseloadModel::NhsNumberColumn, 120);
    m_table->setColumnWidth(CaseloadModel::BirthDateColumn, 165);
    m_table->setColumnWidth(CaseloadModel::LegalColumn, 210);
    m_table->setColumnWidth(CaseloadModel::FlagsColumn, 110);
    // Never narrower than the (bold) column title, whatever the language.
    QFont bold = font();
    bold.setBold(true);
    const QFontMetrics titleMetrics(bold);
    for (int column = CaseloadModel::VisitColumn; column < CaseloadModel::AlertsColumn; ++column)
        m_table->setColumnWidth(
            column, std::max(m_table->columnWidth(column),
                             titleMetrics.horizontalAdvance(m_model.headerData(column, Qt::Horizontal).toString()) + 36));
    connect(m_table, &QTableView::activated, this, [this](const QModelIndex& index) {
        Q_EMIT patientActivated(index.data(CaseloadModel::PatientIdRole).toString());
    });

    m_empty = new QLabel(this);
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->hide();

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 12, 16, 12);
    layout->addLayout(filterRow);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_empty);
    connect(&m_model, &QAbstractItemModel::modelReset, this, &CaseloadView::updateCounts);
    updateCounts();
}

QPushButton* CaseloadView::filterButton(CaseloadModel::Filter filter) const
{
    return qobject_cast<QPushButton*>(m_filters->button(int(filter)));
}

void CaseloadView::setFilter(CaseloadModel::Filter filter)
{
    filterButton(filter)->setChecked(true);
    m_model.setFilter(filter);
}

void CaseloadView::setLoading(bool loading)
{
    m_empty->setText(tr("Loading your caseload…"));
    m_empty->setVisible(loading);
}

void CaseloadView::updateCounts()
{
    filterButton(CaseloadModel::Filter::All)->setText(tr("Everyone (%1)").arg(m_model.count(CaseloadModel::Filter::All)));
    filterButton(CaseloadModel::Filter::VisitsToday)
        ->setText(tr("Today's visits (%1)").arg(m_model.count(CaseloadModel::Filter::VisitsToday)));
    filterButton(CaseloadModel::Filter::Overdue)
        ->setText(tr("Overdue (%1)").arg(m_model.count(CaseloadModel::Filter::Overdue)));
    filterButton(CaseloadModel::Filter::Alerts)
        ->setText(tr("Alerts (%1)").arg(m_model.count(CaseloadModel::Filter::Alerts)));
    if (m_model.totalEntries() > 0)
        m_empty->hide();
}

} // namespace avocet::ui
