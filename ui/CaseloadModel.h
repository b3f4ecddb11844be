#pragma once
// The caseload table: the user's team patients with today's visit, legal status and alerts.
// Filters show everyone, today's visits, patients with overdue items, or those with open alerts.
#include <QAbstractTableModel>
#include <QVector>

#include "ui/ClinicalRecords.h"

namespace avocet::ui {

class CaseloadModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { VisitColumn, NameColumn, NhsNumberColumn, BirthDateColumn, LegalColumn, FlagsColumn, AlertsColumn, ColumnCount };
    enum Role { PatientIdRole = Qt::UserRole + 1 };
    enum class Filter { All, VisitsToday, Overdue, Alerts };

    explicit CaseloadModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setEntries(QVector<CaseloadEntry> entries);
    void setFilter(Filter filter);
    Filter filter() const { return m_filter; }
    void clear();

    const CaseloadEntry* entryAt(int row) const;
    int totalEntries() const { return int(m_all.size()); }
    int count(Filter filter) const;

private:
    static bool matches(const CaseloadEntry& entry, Filter filter);
    void rebuild();

    QVector<CaseloadEntry> m_all;
    QVector<int> m_rows; // indexes into m_all that pass the filter
    Filter m_filter = Filter::All;
};

} // namespace avocet::ui
