#pragma once
// The caseload screen, the default after unlocking: the user's team patients with today's visits
// first, legal status and alerts, and filter buttons for today's visits, overdue items and alerts.
#include <QWidget>

#include "ui/CaseloadModel.h"

class QButtonGroup;
class QLabel;
class QPushButton;
class QTableView;

namespace avocet::ui {

class CaseloadView : public QWidget
{
    Q_OBJECT
public:
    explicit CaseloadView(CaseloadModel& model, QWidget* parent = nullptr);

    void setFilter(CaseloadModel::Filter filter);
    void setLoading(bool loading);
    void updateCounts();

    QTableView* table() const { return m_table; }
    QPushButton* filterButton(CaseloadModel::Filter filter) const;

Q_SIGNALS:
    void patientActivated(const QString& patientId);

private:
    CaseloadModel& m_model;
    QLabel* m_title = nullptr;
    QLabel* m_empty = nullptr;
    QTableView* m_table = nullptr;
    QButtonGroup* m_filters = nullptr;
};

} // namespace avocet::ui
