#pragma once
// On the patient screen: the patient's forms and harmonised history in one list — drafts,
// completed and amended responses made here (with where they were delivered) and historic
// records from Paris, Mobius and SystmOne — and one rendering of the selected form.
#include <QVector>
#include <QWidget>

#include "ui/PatientRow.h"
#include "ui/history/FormHistory.h"

class QLabel;
class QPlainTextEdit;
class QTreeWidget;

namespace avocet::ui {
class Session;
}

namespace avocet::ui::history {

class PatientFormsView : public QWidget
{
    Q_OBJECT
public:
    explicit PatientFormsView(Session& session, QWidget* parent = nullptr);

    void showPatient(const PatientRow& patient);
    void reload();
    void clear();

    void setEntries(const QVector<HistoryEntry>& entries);
    const QVector<HistoryEntry>& entries() const { return m_entries; }
    QTreeWidget* tree() const { return m_tree; }
    QPlainTextEdit* rendering() const { return m_rendering; }

Q_SIGNALS:
    void loaded();

private:
    void showSelected();

    Session& m_session;
    PatientRow m_patient;
    quint64 m_generation = 0;
    QVector<HistoryEntry> m_entries;
    QLabel* m_title = nullptr;
    QTreeWidget* m_tree = nullptr;
    QLabel* m_renderTitle = nullptr;
    QPlainTextEdit* m_rendering = nullptr;
};

} // namespace avocet::ui::history
