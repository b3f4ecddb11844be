#pragma once
// The patient list. Browsing: rowCount() is the whole cache and rows are fetched from the worker
// in pages of kPageSize as the view paints them, so 10,000 (or 300,000) patients scroll without
// loading them all. Searching: the model holds the (bounded) result list of PatientStore::search.
#include <QAbstractTableModel>
#include <QHash>
#include <QSet>
#include <QVector>

#include "ui/PatientRow.h"

namespace avocet::ui {

class Session;

class PatientTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { NameColumn, NhsNumberColumn, BirthDateColumn, EprColumn, TeamColumn, ColumnCount };
    enum Role { PatientIdRole = Qt::UserRole + 1, LoadedRole };
    static constexpr int kPageSize = 500;
    static constexpr int kMaxPages = 40;     // at most 20,000 rows held in memory
    static constexpr int kSearchLimit = 200; // search shows the best matches, not the whole cache

    explicit PatientTableModel(Session& session, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Browse every patient in the cache (asks the worker for the count first).
    void showAll();
    // Empty query = showAll() (or, for the caseload, the caseload's first kSearchLimit by name).
    void search(const QString& query);
    // Search only the user's caseload (the default when they have one) or the whole cache; rows
    // outside the caseload are marked, and opening them asks for a reason (break-glass).
    void setCaseloadOnly(bool caseloadOnly) { m_caseloadOnly = caseloadOnly; }
    bool caseloadOnly() const { return m_caseloadOnly; }
    // Forgets every patient (on lock).
    void clear();

    bool isSearching() const { return m_searching; }
    qint64 totalPatients() const { return m_total; }
    bool isLoaded(int row) const;
    int loadedPages() const { return int(m_pages.size()); }

Q_SIGNALS:
    // After showAll()/search() have their first answer: total is the cache size, shown the rows listed.
    void populated(qint64 total, int shown, bool searching);
    void failed(const QString& message);

private:
    const PatientRow* rowAt(int row) const;
    void requestPage(int page) const;
    void acceptPage(quint64 generation, int page, QVector<PatientRow> rows);
    void evictFarFrom(int page);
    QVariant display(const PatientRow& row, int column) const;

    Session& m_session;
    quint64 m_generation = 0; // answers from before the last clear/search are dropped
    bool m_searching = false;
    bool m_caseloadOnly = false;
    qint64 m_total = 0;
    int m_rows = 0;
    QVector<PatientRow> m_results;               // search mode
    QHash<int, QVector<PatientRow>> m_pages;     // browse mode, by page number
    mutable QSet<int> m_pending;                 // pages asked for and not yet answered
};

} // namespace avocet::ui
