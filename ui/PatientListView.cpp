#include "ui/PatientListView.h"

#include <QFontMetrics>
#include <QButtonGroup>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QRadioButton>
#include <QDate>
#include <QPushButton>
#include <QTableView>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

#include "ui/PatientTableModel.h"

#include <algorithm>

namespace avocet::ui {

PatientListView::PatientListView(PatientTableModel& model, QWidget* parent) : QWidget(parent), m_model(model)
{
    setObjectName(QStringLiteral("patientListView"));

    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("search"));
    m_search->setPlaceholderText(tr("Search by name, NHS number or date of birth (Ctrl+F)"));
    m_search->setAccessibleName(tr("Search patients"));
    m_search->setClearButtonEnabled(true);

    m_caseloadScope = new QRadioButton(tr("My caseload"), this);
    m_caseloadScope->setObjectName(QStringLiteral("scopeCaseload"));
    m_caseloadScope->setToolTip(tr("Search only the patients of your team(s)"));
    m_trustScope = new QRadioButton(tr("&Whole trust"), this);
    m_trustScope->setObjectName(QStringLiteral("scopeTrust"));
    m_trustScope->setToolTip(tr("Search every patient on this computer. Opening a record outside your caseload "
                                "asks for a reason, which is audited."));
    auto* scopes = new QButtonGroup(this);
    scopes->addButton(m_caseloadScope);
    scopes->addButton(m_trustScope);
    m_trustScope->setChecked(true);
    auto* scopeLabel = new QLabel(tr("Search in:"), this);
    auto* scopeRow = new QHBoxLayout;
    scopeRow->setSpacing(14);
    scopeRow->addWidget(scopeLabel);
    scopeRow->addWidget(m_caseloadScope);
    scopeRow->addWidget(m_trustScope);
    scopeRow->addStretch(1);
    connect(m_caseloadScope, &QRadioButton::toggled, this, [this](bool on) {
        if (m_model.caseloadOnly() != on) {
            m_model.setCaseloadOnly(on);
            runSearch();
        }
    });

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("patients"));
    m_table->setAccessibleName(tr("Patients"));
    m_table->setModel(&m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setShowGrid(false);
    m_table->setWordWrap(false);
    m_table->setTabKeyNavigation(false);
    m_table->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    // Fixed row heights keep scrolling O(visible rows), whatever the size of the cache.
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 14);
    auto* header = m_table->horizontalHeader();
    header->setHighlightSections(false);
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setStretchLastSection(true);
    header->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    // Widths from the text they must hold (headers are bold in the stylesheet), so nothing is
    // cut off at any font size.
    QFont bold = font();
    bold.setBold(true);
    const QFontMetrics metrics(bold);
    const auto fit = [&](int column, const QString& sample) {
        const QString title = m_model.headerData(column, Qt::Horizontal).toString();
        header->resizeSection(column, std::max(metrics.horizontalAdvance(title), metrics.horizontalAdvance(sample)) + 36);
    };
    fit(PatientTableModel::NameColumn, QStringLiteral("MACKENZIE-JONES, Alexandra"));
    fit(PatientTableModel::NhsNumberColumn, QStringLiteral("999 000 0000"));
    fit(PatientTableModel::BirthDateColumn, QStringLiteral("00-Mmm-0000 (100 y)"));
    fit(PatientTableModel::EprColumn, QStringLiteral("SystmOne"));

    m_empty = new QLabel(this);
    m_empty->setObjectName(QStringLiteral("emptyState"));
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->hide();

    // The whole trust, on-line, apart from the patients held here.
    m_trustPanel = new QWidget(this);
    m_trustPanel->setObjectName(QStringLiteral("trustPanel"));
    m_trustSearch = new QPushButton(tr("Search the whole trust on-line"), m_trustPanel);
    m_trustSearch->setObjectName(QStringLiteral("trustSearch"));
    m_trustSearch->setToolTip(tr("Ask the trust's patient index for an NHS number, or a name with a given name or "
                                 "date of birth. The search is recorded."));
    m_trustStatus = new QLabel(m_trustPanel);
    m_trustStatus->setObjectName(QStringLiteral("trustStatus"));
    m_trustStatus->setWordWrap(true);
    m_trustResults = new QTableWidget(0, 4, m_trustPanel);
    m_trustResults->setObjectName(QStringLiteral("trustResults"));
    m_trustResults->setAccessibleName(tr("Patients found in the whole trust"));
    m_trustResults->setHorizontalHeaderLabels({tr("Name"), tr("NHS number"), tr("Born"), tr("Caseload")});
    m_trustResults->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_trustResults->setSelectionMode(QAbstractItemView::SingleSelection);
    m_trustResults->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_trustResults->setTabKeyNavigation(false);
    m_trustResults->verticalHeader()->hide();
    m_trustResults->horizontalHeader()->setStretchLastSection(true);
    m_trustResults->setMaximumHeight(fontMetrics().height() * 10);
    m_trustResults->hide();
    auto* trustRow = new QHBoxLayout;
    trustRow->addWidget(m_trustSearch);
    trustRow->addWidget(m_trustStatus, 1);
    auto* trustLayout = new QVBoxLayout(m_trustPanel);
    trustLayout->setContentsMargins(0, 0, 0, 0);
    trustLayout->addLayout(trustRow);
    trustLayout->addWidget(m_trustResults);
    connect(m_trustSearch, &QPushButton::clicked, this, [this] {
        m_trustResults->setRowCount(0);
        m_trustResults->hide();
        m_trustStatus->setText(tr("Searching the whole trust…"));
        Q_EMIT trustSearchRequested(m_search->text());
    });
    connect(m_trustResults, &QTableWidget::cellActivated, this, [this](int row, int) {
        const QTableWidgetItem* item = m_trustResults->item(row, 0);
        if (item)
            Q_EMIT trustPatientChosen(item->data(Qt::UserRole).toString(), item->data(Qt::UserRole + 1).toBool());
    });
    connect(m_trustScope, &QRadioButton::toggled, this, [this] { updateTrustPanel(); });
    connect(m_search, &QLineEdit::textChanged, this, [this] { updateTrustPanel(); });

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 12, 16, 8);
    layout->setSpacing(10);
    layout->addWidget(m_search);
    layout->addLayout(scopeRow);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_empty, 1);
    layout->addWidget(m_trustPanel);

    m_debounce = new QTimer(this);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(kSearchDebounceMs);
    connect(m_debounce, &QTimer::timeout, this, &PatientListView::runSearch);
    connect(m_search, &QLineEdit::textEdited, m_debounce, qOverload<>(&QTimer::start));
    // The clear button changes the text without textEdited: search at once.
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString& text) {
        if (text.isEmpty())
            runSearch();
    });
    connect(m_search, &QLineEdit::returnPressed, this, &PatientListView::runSearch);
    connect(&m_model, &QAbstractItemModel::modelReset, this, [this] {
        if (m_model.rowCount() > 0) {
            m_empty->hide();
            m_table->show();
        }
    });
    connect(&m_model, &PatientTableModel::populated, this, &PatientListView::updateEmptyState);

    setTabOrder(m_search, m_caseloadScope);
    setTabOrder(m_caseloadScope, m_trustScope);
    setTabOrder(m_trustScope, m_table);
    setTabOrder(m_table, m_trustSearch);
    setTabOrder(m_trustSearch, m_trustResults);
    updateTrustPanel();
}

void PatientListView::setTrustSearchAvailable(bool available, const QString& why)
{
    m_trustAvailable = available;
    m_trustSearch->setToolTip(available ? tr("Ask the trust's patient index for an NHS number, or a name with a "
                                             "given name or date of birth. The search is recorded.")
                                        : why);
    if (!available && !why.isEmpty())
        m_trustStatus->setText(why);
    else if (available && m_trustResults->isHidden())
        m_trustStatus->clear();
    updateTrustPanel();
}

void PatientListView::updateTrustPanel()
{
    const bool trust = m_trustScope->isChecked();
    m_trustPanel->setVisible(trust);
    m_trustSearch->setEnabled(trust && m_trustAvailable && m_search->text().trimmed().size() >= 2);
    if (!trust) {
        m_trustResults->setRowCount(0);
        m_trustResults->hide();
    }
}

void PatientListView::showTrustResults(const core::usecases::TrustSearchResult& result)
{
    m_trustResults->setRowCount(0);
    for (const auto& match : result.matches) {
        const int row = m_trustResults->rowCount();
        m_trustResults->insertRow(row);
        const QString name = QStringLiteral("%1, %2")
                                 .arg(QString::fromStdString(match.family).toUpper(), QString::fromStdString(match.given));
        auto* nameItem = new QTableWidgetItem(name);
        nameItem->setData(Qt::UserRole, QString::fromStdString(match.serverId));
        nameItem->setData(Qt::UserRole + 1, match.onCaseload);
        m_trustResults->setItem(row, 0, nameItem);
        const QString nhs = QString::fromStdString(match.nhsNumber);
        m_trustResults->setItem(row, 1, new QTableWidgetItem(nhs.size() == 10 ? nhs.left(3) + QLatin1Char(' ') +
                                                                                   nhs.mid(3, 3) + QLatin1Char(' ') +
                                                                                   nhs.mid(6)
                                                                             : nhs));
        const QDate born = QDate::fromString(QString::fromStdString(match.birthDate), Qt::ISODate);
        m_trustResults->setItem(row, 2, new QTableWidgetItem(born.isValid() ? born.toString(QStringLiteral("dd-MMM-yyyy"))
                                                                            : QString::fromStdString(match.birthDate)));
        m_trustResults->setItem(row, 3, new QTableWidgetItem(match.onCaseload ? tr("Yours") : tr("Not yours: asks for a reason")));
    }
    m_trustResults->resizeColumnsToContents();
    m_trustResults->setVisible(!result.matches.empty());
    if (result.matches.empty())
        m_trustStatus->setText(tr("No patient in the trust matches. Check the spelling, or search by NHS number."));
    else if (result.more)
        m_trustStatus->setText(tr("More patients match than can be listed: add a date of birth or given name."));
    else
        m_trustStatus->setText(tr("%n patient(s) found in the trust. Opening one outside your caseload asks for a "
                                  "reason, and the record is kept only until you lock.",
                                  nullptr, int(result.matches.size())));
}

void PatientListView::showTrustMessage(const QString& message)
{
    m_trustResults->setRowCount(0);
    m_trustResults->hide();
    m_trustStatus->setText(message);
}

void PatientListView::setCaseloadAvailable(bool available)
{
    m_caseloadScope->setEnabled(available);
    m_caseloadScope->setToolTip(available ? tr("Search only the patients of your team(s)")
                                          : tr("There is no caseload for you on this computer yet"));
    setCaseloadOnly(available);
}

void PatientListView::setCaseloadOnly(bool caseloadOnly)
{
    (caseloadOnly ? m_caseloadScope : m_trustScope)->setChecked(true); // toggled() re-runs the search
}

void PatientListView::focusSearch()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

QString PatientListView::query() const
{
    return m_search->text();
}

void PatientListView::setQuery(const QString& query)
{
    m_search->setText(query);
    runSearch();
}

void PatientListView::clearQuery()
{
    m_debounce->stop();
    const QSignalBlocker quiet(m_search);
    m_search->clear();
    m_trustResults->setRowCount(0); // no patient detail stays on screen
    m_trustResults->hide();
    m_trustStatus->clear();
    updateTrustPanel();
    m_empty->hide();
    m_table->show();
}

int PatientListView::topRow() const
{
    return m_table->rowAt(0);
}

void PatientListView::scrollToRow(int row)
{
    if (row >= 0 && row < m_model.rowCount())
        m_table->scrollTo(m_model.index(row, 0), QAbstractItemView::PositionAtTop);
}

void PatientListView::runSearch()
{
    m_debounce->stop();
    const QString text = m_search->text();
    m_model.search(text);
    Q_EMIT searchChanged(text);
}

void PatientListView::updateEmptyState()
{
    const bool nothing = m_model.rowCount() == 0;
    const QString typed = m_search->text().trimmed();
    if (nothing && m_model.caseloadOnly() && typed.isEmpty())
        m_empty->setText(tr("There is no one on your caseload on this computer yet."));
    else if (nothing && m_model.caseloadOnly())
        m_empty->setText(tr("No one on your caseload matches “%1”.\nCheck the spelling, or choose Whole trust "
                            "(Alt+W) to look among the other patients held on this computer; opening a record "
                            "outside your caseload asks for a reason.")
                             .arg(typed));
    else if (nothing && m_model.isSearching() && m_trustAvailable)
        m_empty->setText(tr("No patient held on this computer matches “%1”.\nTo look in the whole trust, choose "
                            "Search the whole trust on-line below (an NHS number, or a name with a given name or "
                            "date of birth).")
                             .arg(typed));
    else if (nothing && m_model.isSearching())
        m_empty->setText(tr("No patient held on this computer matches “%1”.\nCheck the spelling, or search by NHS "
                            "number (999 000 0018 or 999-000-0018) or date of birth (31/12/1960 or 1960-12-31). "
                            "Only patients synced to this computer can be found here.")
                             .arg(typed));
    else
        m_empty->setText(tr("There are no patients on this computer yet."));
    m_empty->setVisible(nothing);
    m_table->setVisible(!nothing);
}

} // namespace avocet::ui
