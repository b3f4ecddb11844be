#pragma once
// The patient list screen: an as-you-type search box over a table of patients.
#include <QWidget>

#include "core/usecases/TrustSearch.h"

class QButtonGroup;
class QPushButton;
class QTableWidget;
class QLabel;
class QRadioButton;
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

    // Whether the user has a caseload on this computer: when they do, search starts there ("My
    // caseload"); "Whole trust" finds anyone in the cache, marked, and opening asks for a reason.
    void setCaseloadAvailable(bool available);
    void setCaseloadOnly(bool caseloadOnly);

    QLineEdit* searchEdit() const { return m_search; }
    QRadioButton* caseloadScope() const { return m_caseloadScope; }
    QRadioButton* trustScope() const { return m_trustScope; }
    QTableView* table() const { return m_table; }

    // The whole trust, on-line: a button under the list asks the hub's trust-wide index for what
    // was typed (MainWindow runs it through ui/sync); what it finds is listed apart from the patients
    // held here, and activating one asks for the break-glass reason before anything is read.
    // `available` false shows why (off-line, or no sync set up).
    void setTrustSearchAvailable(bool available, const QString& why = {});
    void showTrustResults(const core::usecases::TrustSearchResult& result);
    void showTrustMessage(const QString& message);
    QPushButton* trustSearchButton() const { return m_trustSearch; }
    QTableWidget* trustResults() const { return m_trustResults; }
    QLabel* trustStatus() const { return m_trustStatus; }

Q_SIGNALS:
    void searchChanged(const QString& query);
    void trustSearchRequested(const QString& typed);
    // A patient found in the trust index: serverId is the hub's Patient id.
    void trustPatientChosen(const QString& serverId, bool onCaseload);

private:
    void runSearch();
    void updateEmptyState();

    PatientTableModel& m_model;
    QLineEdit* m_search = nullptr;
    QRadioButton* m_caseloadScope = nullptr;
    QRadioButton* m_trustScope = nullptr;
    QTableView* m_table = nullptr;
    QLabel* m_empty = nullptr;
    QTimer* m_debounce = nullptr;
    QWidget* m_trustPanel = nullptr;
    QPushButton* m_trustSearch = nullptr;
    QLabel* m_trustStatus = nullptr;
    QTableWidget* m_trustResults = nullptr;
    bool m_trustAvailable = false;
    void updateTrustPanel();
};

} // namespace avocet::ui
