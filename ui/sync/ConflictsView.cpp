#include "ui/sync/ConflictsView.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

#include <nlohmann/json.hpp>

#include "ui/sync/ConflictRows.h"
#include "ui/sync/SyncController.h"

namespace avocet::ui::sync {

namespace {

enum Column { Key, Question, Mine, Theirs, TakeTheirs, ColumnCount };

QString kindText(const SyncConflictItem& conflict)
{
    if (conflict.type == QStringLiteral("QuestionnaireResponse")) {
        // The form's name from its canonical ("…/Questionnaire/phq-9|1.0" → "phq-9").
        const QString canonical = QString::fromStdString(
            nlohmann::json::parse(conflict.mine.toStdString(), nullptr, false).value("questionnaire", std::string()));
        const QString name = canonical.section(QLatin1Char('/'), -1).section(QLatin1Char('|'), 0, 0);
        return name.isEmpty() ? ConflictsView::tr("Form") : ConflictsView::tr("Form %1").arg(name);
    }
    if (conflict.type == QStringLiteral("Patient"))
        return ConflictsView::tr("Patient details");
    return conflict.type;
}

QString whenText(const QString& iso)
{
    const QDateTime when = QDateTime::fromString(iso, Qt::ISODateWithMs);
    return when.isValid() ? when.toLocalTime().toString(QStringLiteral("ddd d MMM HH:mm")) : iso;
}

} // namespace

ConflictsView::ConflictsView(SyncController& controller, QWidget* parent) : QWidget(parent), m_controller(controller)
{
    setObjectName(QStringLiteral("conflictsView"));
    auto* layout = new QVBoxLayout(this);
    auto* intro = new QLabel(tr("These records were changed on this computer and on the server while you were "
                                "off-line. Nothing has been overwritten: choose which version to keep, or merge "
                                "them by ticking the rows to take from the server."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto* splitter = new QSplitter(this);
    m_list = new QListWidget(splitter);
    m_list->setObjectName(QStringLiteral("conflictList"));
    m_list->setMinimumWidth(200);
    auto* right = new QWidget(splitter);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    m_heading = new QLabel(right);
    m_heading->setWordWrap(true);
    m_heading->setStyleSheet(QStringLiteral("font-weight: 600;"));
    m_table = new QTableWidget(0, ColumnCount, right);
    m_table->setObjectName(QStringLiteral("conflictComparison"));
    m_table->setHorizontalHeaderLabels(
        {tr("Item"), tr("Question"), tr("Mine (this computer)"), tr("Theirs (server)"), tr("Take theirs")});
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionMode(QAbstractItemView::NoSelection);
    m_table->setWordWrap(true);
    m_table->horizontalHeader()->setSectionResizeMode(Key, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(Question, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(Mine, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(Theirs, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(TakeTheirs, QHeaderView::ResizeToContents);
    rightLayout->addWidget(m_heading);
    rightLayout->addWidget(m_table, 1);

    auto* buttons = new QHBoxLayout;
    m_keepMine = new QPushButton(tr("Keep mine"), right);
    m_keepMine->setObjectName(QStringLiteral("keepMine"));
    m_keepTheirs = new QPushButton(tr("Keep theirs"), right);
    m_keepTheirs->setObjectName(QStringLiteral("keepTheirs"));
    m_merge = new QPushButton(tr("Merge (ticked rows from the server)"), right);
    m_merge->setObjectName(QStringLiteral("merge"));
    m_message = new QLabel(right);
    buttons->addWidget(m_message, 1);
    buttons->addWidget(m_keepMine);
    buttons->addWidget(m_keepTheirs);
    buttons->addWidget(m_merge);
    rightLayout->addLayout(buttons);
    splitter->addWidget(m_list);
    splitter->addWidget(right);
    splitter->setStretchFactor(1, 3);
    layout->addWidget(splitter, 1);

    connect(m_list, &QListWidget::currentRowChanged, this, &ConflictsView::showConflict);
    connect(m_keepMine, &QPushButton::clicked, this, [this] { resolve(int(ConflictChoice::KeepMine)); });
    connect(m_keepTheirs, &QPushButton::clicked, this, [this] { resolve(int(ConflictChoice::KeepTheirs)); });
    connect(m_merge, &QPushButton::clicked, this, [this] { resolve(int(ConflictChoice::Merge)); });
    setConflicts({});
}

QString ConflictsView::message() const
{
    return m_message->text();
}

void ConflictsView::clear()
{
    setConflicts({});
    m_message->clear();
}

void ConflictsView::setConflicts(const QVector<SyncConflictItem>& conflicts)
{
    const qint64 shown = current() ? current()->id : 0;
    m_conflicts = conflicts;
    const QSignalBlocker block(m_list);
    m_list->clear();
    int select = conflicts.isEmpty() ? -1 : 0;
    for (int i = 0; i < conflicts.size(); ++i) {
        const auto& c = conflicts[i];
        const QString reason = c.reason == QStringLiteral("deleted") ? tr("deleted on the server")
                                                                      : tr("changed on the server");
        auto* item = new QListWidgetItem(tr("%1 — %2\n%3").arg(kindText(c), reason, whenText(c.detectedAt)), m_list);
        item->setData(Qt::UserRole, c.id);
        if (c.id == shown)
            select = i;
    }
    m_list->setCurrentRow(select);
    showConflict(select);
}

const SyncConflictItem* ConflictsView::current() const
{
    const int row = m_list ? m_list->currentRow() : -1;
    return row >= 0 && row < m_conflicts.size() ? &m_conflicts[row] : nullptr;
}

void ConflictsView::showConflict(int row)
{
    m_table->setRowCount(0);
    const bool any = row >= 0 && row < m_conflicts.size();
    m_keepMine->setEnabled(any);
    m_keepTheirs->setEnabled(any);
    m_merge->setEnabled(false);
    if (!any) {
        m_heading->setText(tr("No conflicts. Everything you changed off-line has been accepted or is waiting to send."));
        return;
    }
    const auto& conflict = m_conflicts[row];
    const bool deleted = conflict.theirs.isEmpty();
    m_heading->setText(deleted ? tr("%1: deleted on the server after you changed it here.").arg(kindText(conflict))
                               : tr("%1: server version %2 differs from yours.")
                                     .arg(kindText(conflict), conflict.serverVersion));
    const auto rows = conflictRows(conflict.mine, conflict.theirs);
    m_table->setRowCount(static_cast<int>(rows.size()));
    const QColor highlight(0xff, 0xf0, 0xc2);
    int differing = 0;
    for (int r = 0; r < rows.size(); ++r) {
        const auto& line = rows[r];
        const QStringList cells{line.key, line.question, line.mine, line.theirs};
        for (int c = 0; c < cells.size(); ++c) {
            auto* cell = new QTableWidgetItem(cells[c]);
            if (line.differs)
                cell->setBackground(highlight);
            if ((c == Mine && line.mineMissing) || (c == Theirs && line.theirsMissing))
                cell->setForeground(QColor(0x80, 0x80, 0x80));
            m_table->setItem(r, c, cell);
        }
        auto* take = new QTableWidgetItem;
        take->setData(Qt::UserRole, line.key);
        if (line.differs && !deleted) {
            take->setFlags(Qt::ItemIsUserCheckable | Qt::ItemIsEnabled);
            take->setCheckState(Qt::Unchecked);
            take->setBackground(highlight);
            ++differing;
        } else {
            take->setFlags(Qt::NoItemFlags);
        }
        m_table->setItem(r, TakeTheirs, take);
    }
    m_table->resizeRowsToContents();
    m_merge->setEnabled(differing > 0);
    m_keepTheirs->setText(deleted ? tr("Accept the deletion") : tr("Keep theirs"));
}

void ConflictsView::resolve(int choiceValue)
{
    const auto* conflict = current();
    if (!conflict)
        return;
    const auto choice = static_cast<ConflictChoice>(choiceValue);
    QByteArray merged;
    if (choice == ConflictChoice::Merge) {
        QVector<QString> takeTheirs;
        for (int r = 0; r < m_table->rowCount(); ++r) {
            const auto* take = m_table->item(r, TakeTheirs);
            if (take && take->checkState() == Qt::Checked)
                takeTheirs.push_back(take->data(Qt::UserRole).toString());
        }
        merged = mergeConflict(conflict->mine, conflict->theirs, takeTheirs);
    }
    const qint64 id = conflict->id;
    m_keepMine->setEnabled(false);
    m_keepTheirs->setEnabled(false);
    m_merge->setEnabled(false);
    m_message->setText(tr("Saving your choice…"));
    m_controller.resolveConflict(id, choice, merged, this, [this, id](Reply<Done> reply) {
        if (!reply.ok()) {
            m_message->setText(tr("Your choice could not be saved. Nothing was changed; try again."));
            showConflict(m_list->currentRow());
            return;
        }
        m_message->setText(tr("Saved. It will be sent at the next sync."));
        Q_EMIT resolved(id);
    });
}

} // namespace avocet::ui::sync
