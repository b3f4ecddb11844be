#pragma once
// The patient list screen: an as-you-type search box over a table of patients.
#include <QWidget>

class QLabel;
class QLineEdit;
class QTableView;
class QTimer;

namespace avocet::ui {

class PatientTableModel;

class PatientListView : public QWidget
{
    Q_OBJECT
public:
    static constexpr int kSearchDebounceMs = 180;

    explicit PatientListView(PatientTableModel& model, QWidget* parent = nullptr);

    void focusSearch();
    QString query() const;
    // Sets the search text without waiting for the debounce (restoring a view after unlock).
    void setQuery(const QString& query);
    int topRow() const;
    void scrollToRow(int row);
    // Forget what was typed (on lock): no patient detail may stay on screen.
    void clearQuery();

    QLineEdit* searchEdit() const { return m_search; }
    QTableView* table() const { return m_table; }

Q_SIGNALS:
    void searchChanged(const QString& query);

private:
    void runSearch();
    void updateEmptyState();

    PatientTableModel& m_model;
    QLineEdit* m_search = nullptr;
    QTableView* m_table = nullptr;
    QLabel* m_empty = nullptr;
    QTimer* m_debounce = nullptr;
};

} // namespace avocet::ui
