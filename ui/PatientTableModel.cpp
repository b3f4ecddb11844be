#include "ui/PatientTableModel.h"

#include <QFont>
#include <QFontDatabase>
#include <QIcon>

#include <algorithm>
#include <cstdlib>
#include <limits>

#include <QLocale>

#include "ui/ErrorText.h"
#include "ui/Session.h"
#include "ui/UiLog.h"

namespace avocet::ui {

PatientTableModel::PatientTableModel(Session& session, QObject* parent)
    : QAbstractTableModel(parent), m_session(session)
{
}

int PatientTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : m_rows;
}

int PatientTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

bool PatientTableModel::isLoaded(int row) const
{
    return rowAt(row) != nullptr;
}

const PatientRow* PatientTableModel::rowAt(int row) const
{
    if (row < 0 || row >= m_rows)
        return nullptr;
    if (m_searching)
        return &m_results[row];
    const auto page = m_pages.constFind(row / kPageSize);
    if (page == m_pages.constEnd() || row % kPageSize >= page->size())
        return nullptr;
    return &(*page)[row % kPageSize];
}

QVariant PatientTableModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid())
        return {};
    const PatientRow* row = rowAt(index.row());
    if (!row) {
        if (!m_searching)
            requestPage(index.row() / kPageSize);
        if (role == Qt::DisplayRole && index.column() == NameColumn)
            return tr("Loading…");
        if (role == LoadedRole)
            return false;
        return {};
    }
    switch (role) {
    case Qt::DisplayRole:
        return display(*row, index.column());
    case Qt::AccessibleTextRole:
        if (index.column() == TeamColumn && !row->onCaseload) // what the lock icon says, for screen readers
            return tr("%1 (not your caseload)", "team of a patient outside the user's caseload")
                .arg(row->team.isEmpty() ? tr("No team") : row->team);
        return display(*row, index.column());
    case Qt::DecorationRole:
        if (index.column() == TeamColumn && !row->onCaseload)
            return QIcon(QStringLiteral(":/ui/lock.svg"));
        return {};
    case Qt::ToolTipRole:
        if (!row->onCaseload && index.column() != NhsNumberColumn)
            return tr("Not on your caseload: opening this record asks for a reason, which is audited.");
        if (index.column() == NhsNumberColumn && !row->nhsNumber.isEmpty())
            return row->nhsVerified ? tr("NHS number verified") : tr("NHS number not verified");
        return {};
    case Qt::TextAlignmentRole:
        return QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::FontRole:
        if (index.column() == NameColumn || !row->onCaseload) {
            QFont font;
            font.setBold(index.column() == NameColumn);
            font.setItalic(!row->onCaseload);
            return font;
        }
        return {};
    case PatientIdRole:
        return row->id;
    case LoadedRole:
        return true;
    default:
        return {};
    }
}

QVariant PatientTableModel::display(const PatientRow& row, int column) const
{
    switch (column) {
    case NameColumn:
        return row.name;
    case NhsNumberColumn:
        return row.nhsNumber.isEmpty() ? tr("Not known") : row.nhsNumber;
    case BirthDateColumn:
        if (!row.birthDate.isValid())
            return tr("Not known");
        // NHS display format, e.g. 03-Mar-1984 (C locale: three-letter months, "Sep" not "Sept"),
        // then the age in whole years.
        return tr("%1 (%n y)", "date of birth and age in years", row.ageYears)
            .arg(QLocale::c().toString(row.birthDate, QStringLiteral("dd-MMM-yyyy")));
    case EprColumn:
        return row.epr;
    case TeamColumn:
        return row.team;
    default:
        return {};
    }
}

QVariant PatientTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn: return tr("Name");
    case NhsNumberColumn: return tr("NHS number");
    case BirthDateColumn: return tr("Date of birth (age)");
    case EprColumn: return tr("EPR of record");
    case TeamColumn: return tr("Team");
    default: return {};
    }
}

void PatientTableModel::clear()
{
    beginResetModel();
    ++m_generation;
    m_searching = false;
    m_total = 0;
    m_rows = 0;
    m_results.clear();
    m_results.squeeze();
    m_pages.clear();
    m_pages.squeeze();
    m_pending.clear();
    endResetModel();
}

void PatientTableModel::showAll()
{
    clear();
    const quint64 generation = m_generation;
    m_session.countPatients(this, [this, generation](Reply<qint64> reply) {
        if (generation != m_generation)
            return;
        if (!reply.ok()) {
            Q_EMIT failed(ErrorText::general(reply.code, reply.message));
            return;
        }
        beginResetModel();
        m_total = reply.value;
        m_rows = int(std::min<qint64>(reply.value, std::numeric_limits<int>::max()));
        endResetModel();
        Q_EMIT populated(m_total, m_rows, false);
    });
}

void PatientTableModel::search(const QString& query)
{
    if (query.trimmed().isEmpty() && !m_caseloadOnly) {
        showAll();
        return;
    }
    const qint64 total = m_total;
    clear();
    m_total = total;
    m_searching = true;
    const quint64 generation = m_generation;
    m_session.searchPatients(query, kSearchLimit, m_caseloadOnly, this, [this, generation](Reply<QVector<PatientRow>> reply) {
        if (generation != m_generation)
            return;
        if (!reply.ok()) {
            Q_EMIT failed(ErrorText::general(reply.code, reply.message));
            return;
        }
        beginResetModel();
        m_results = std::move(reply.value);
        m_rows = int(m_results.size());
        endResetModel();
        Q_EMIT populated(m_total, m_rows, true);
    });
    if (total > 0)
        return;
    // Searching straight after an unlock (restoring the view): the cache size is not known yet.
    m_session.countPatients(this, [this, generation](Reply<qint64> reply) {
        if (generation != m_generation || !reply.ok())
            return;
        m_total = reply.value;
        Q_EMIT populated(m_total, m_rows, true);
    });
}

void PatientTableModel::requestPage(int page) const
{
    if (m_pending.contains(page))
        return;
    m_pending.insert(page);
    const quint64 generation = m_generation;
    // The model is logically const here: fetching is a cache fill, not a change of contents.
    auto* self = const_cast<PatientTableModel*>(this);
    m_session.listPatients(kPageSize, page * kPageSize, self, [self, generation, page](Reply<QVector<PatientRow>> reply) {
        if (generation != self->m_generation)
            return;
        self->m_pending.remove(page);
        if (!reply.ok()) {
            qCWarning(lcViews) << "patient page failed, code" << int(reply.code);
            Q_EMIT self->failed(ErrorText::general(reply.code, reply.message));
            return;
        }
        self->acceptPage(generation, page, std::move(reply.value));
    });
}

void PatientTableModel::acceptPage(quint64 generation, int page, QVector<PatientRow> rows)
{
    if (generation != m_generation || m_searching)
        return;
    evictFarFrom(page);
    const int first = page * kPageSize;
    const int last = std::min(m_rows, first + int(rows.size())) - 1;
    m_pages.insert(page, std::move(rows));
    if (last >= first)
        Q_EMIT dataChanged(index(first, 0), index(last, ColumnCount - 1));
}

void PatientTableModel::evictFarFrom(int page)
{
    // Keep the pages nearest the one being read; the view only ever shows a screenful.
    while (m_pages.size() >= kMaxPages) {
        auto farthest = m_pages.begin();
        for (auto it = m_pages.begin(); it != m_pages.end(); ++it) {
            if (std::abs(it.key() - page) > std::abs(farthest.key() - page))
                farthest = it;
        }
        m_pages.erase(farthest);
    }
}

} // namespace avocet::ui
