#include "ui/CaseloadModel.h"
#include "ui/PatientBanner.h"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QLocale>
#include <QTimeZone>

#include <algorithm>

namespace avocet::ui {

CaseloadModel::CaseloadModel(QObject* parent) : QAbstractTableModel(parent) {}

int CaseloadModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int CaseloadModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

const CaseloadEntry* CaseloadModel::entryAt(int row) const
{
    if (row < 0 || row >= m_rows.size())
        return nullptr;
    return &m_all.at(m_rows.at(row));
}

bool CaseloadModel::matches(const CaseloadEntry& entry, Filter filter)
{
    switch (filter) {
    case Filter::All: return true;
    case Filter::VisitsToday: return entry.visitStart.isValid();
    case Filter::Overdue: return entry.hasOverdue;
    case Filter::Alerts: return entry.record.unacknowledged > 0;
    }
    return true;
}

int CaseloadModel::count(Filter filter) const
{
    return int(std::count_if(m_all.begin(), m_all.end(), [filter](const auto& e) { return matches(e, filter); }));
}

void CaseloadModel::setEntries(QVector<CaseloadEntry> entries)
{
    // Today's visits first, in time order; then everyone else as the cache orders them (by name).
    std::stable_sort(entries.begin(), entries.end(), [](const CaseloadEntry& a, const CaseloadEntry& b) {
        if (a.visitStart.isValid() != b.visitStart.isValid())
            return a.visitStart.isValid();
        return a.visitStart.isValid() && a.visitStart < b.visitStart;
    });
    beginResetModel();
    m_all = std::move(entries);
    m_rows.clear();
    for (int i = 0; i < m_all.size(); ++i)
        if (matches(m_all.at(i), m_filter))
            m_rows.push_back(i);
    endResetModel();
}

void CaseloadModel::setFilter(Filter filter)
{
    m_filter = filter;
    rebuild();
}

void CaseloadModel::rebuild()
{
    beginResetModel();
    m_rows.clear();
    for (int i = 0; i < m_all.size(); ++i)
        if (matches(m_all.at(i), m_filter))
            m_rows.push_back(i);
    endResetModel();
}

void CaseloadModel::clear()
{
    beginResetModel();
    m_all.clear();
    m_rows.clear();
    endResetModel();
}

QVariant CaseloadModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case VisitColumn: return tr("Today");
    case NameColumn: return tr("Patient");
    case NhsNumberColumn: return tr("NHS number");
    case BirthDateColumn: return tr("Born");
    case LegalColumn: return tr("Mental Health Act");
    case FlagsColumn: return tr("EPR flags");
    case AlertsColumn: return tr("Alerts and overdue items");
    default: return {};
    }
}

QVariant CaseloadModel::data(const QModelIndex& index, int role) const
{
    const CaseloadEntry* entry = entryAt(index.row());
    if (!entry)
        return {};
    const PatientRecord& r = entry->record;
    if (role == PatientIdRole)
        return r.patient.id;
    if (role == Qt::ForegroundRole && index.column() == AlertsColumn && r.unacknowledged > 0)
        return QBrush(QColor(0xd5, 0x28, 0x1b));
    if (role == Qt::FontRole && index.column() == VisitColumn && entry->visitStart.isValid()) {
        QFont bold;
        bold.setBold(true);
        return bold;
    }
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole && role != Qt::AccessibleTextRole)
        return {};
    switch (index.column()) {
    case VisitColumn:
        if (!entry->visitStart.isValid())
            return QString();
        return tr("%1 %2").arg(entry->visitStart.toTimeZone(QTimeZone("Europe/London")).toString(QStringLiteral("HH:mm")),
                               entry->visitKind);
    case NameColumn: return r.patient.name;
    case NhsNumberColumn: return r.patient.nhsNumber;
    case BirthDateColumn:
        if (!r.patient.birthDate.isValid())
            return QString();
        return tr("%1 (%n y)", "date of birth and age in years", r.patient.ageYears)
            .arg(QLocale::c().toString(r.patient.birthDate, QStringLiteral("dd-MMM-yyyy")));
    case LegalColumn:
        if (!r.legal.present)
            return QString();
        if (r.legal.lapsed || (!r.legal.noFixedEnd && !r.legal.periodEnd.isValid()))
            return tr("%1: period ended").arg(r.legal.powerCode);
    {
        QString text = r.legal.noFixedEnd
                           ? tr("%1 · no fixed end", "a power with no expiry, e.g. a restriction order").arg(r.legal.powerCode)
                           : tr("%1 · %2").arg(r.legal.powerCode, PatientBanner::deadlineText(r.legal.periodEnd, r.legal.periodLastDay, false));
        for (const LegalStatusView& other : r.otherPowers)
            text += tr(" +%1", "a power beside the main one").arg(other.powerCode);
        return text;
    }
    case FlagsColumn: {
        QStringList shown;
        QStringList tips;
        for (const auto& flag : r.flags)
            if (flag.current) {
                shown << flag.title.section(QLatin1Char(':'), 0, 0); // the category: "Risk", "Safeguarding"
                tips << (flag.source.isEmpty() ? flag.title : tr("%1 (%2)", "flag, then the EPR it is from").arg(flag.title, flag.source));
            }
        shown.removeDuplicates();
        return role == Qt::ToolTipRole ? tips.join(QLatin1Char('\n')) : shown.join(QStringLiteral(", "));
    }
    case AlertsColumn: {
        QStringList open;
        for (const auto& alert : r.alerts)
            if (!alert.acknowledged)
                open << alert.title;
        if (role == Qt::ToolTipRole)
            return open.join(QLatin1Char('\n'));
        if (open.isEmpty())
            return QString();
        return open.size() == 1 ? open.first()
                                : tr("%1 (+%n more)", "first alert, then how many others", int(open.size() - 1))
                                      .arg(open.first());
    }
    default: return {};
    }
}

} // namespace avocet::ui
