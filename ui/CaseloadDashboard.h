#pragma once
// "My dashboard": the clinician's caseload at a glance, from the encrypted cache, off-line (core
// usecases caseloadWorklist): what needs doing now (reviews overdue, outcome measures due, forms
// waiting for delivery) and this month's figures for the metric library against their targets.
// Every chart has a table of the same figures beside it, for screen readers and exact reading.
#include <QDate>
#include <QWidget>

#include "core/usecases/CaseloadMetrics.h"

class QLabel;
class QTableWidget;
class QVBoxLayout;
class QChartView;

namespace avocet::ui {

class Session;

class CaseloadDashboard : public QWidget
{
    Q_OBJECT
public:
    explicit CaseloadDashboard(Session& session, QWidget* parent = nullptr);

    // Computes the figures for `today` (London) on the session's worker.
    void refresh(const QDate& today);
    void clear();
    // Shows a worklist (refresh() and tests).
    void setWorklist(const core::usecases::CaseloadWorklist& worklist, const QDate& today);

    bool isLoading() const { return m_loading; }
    QTableWidget* worklistTable() const { return m_worklistTable; }
    QTableWidget* metricsTable() const { return m_metricsTable; }
    QChartView* worklistChart() const { return m_worklistChart; }
    QChartView* metricsChart() const { return m_metricsChart; }

Q_SIGNALS:
    void loaded();

private:
    Session& m_session;
    QLabel* m_title = nullptr;
    QLabel* m_status = nullptr;
    QChartView* m_worklistChart = nullptr;
    QTableWidget* m_worklistTable = nullptr;
    QChartView* m_metricsChart = nullptr;
    QTableWidget* m_metricsTable = nullptr;
    bool m_loading = false;
    int m_generation = 0;
};

} // namespace avocet::ui
