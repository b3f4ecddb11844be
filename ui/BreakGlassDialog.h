#pragma once
// Asks why the user needs a patient who is not on their team's caseload. The reason is audited
// ("break-glass") before anything about the patient is shown; without one, nothing opens.
#include <QDialog>
#include <QString>

class QComboBox;
class QDialogButtonBox;
class QPlainTextEdit;

namespace avocet::ui {

class BreakGlassDialog : public QDialog
{
    Q_OBJECT
public:
    explicit BreakGlassDialog(QWidget* parent = nullptr);

    // The chosen reason and any detail typed, "" when none was given.
    QString reason() const;

    QComboBox* reasonPicker() const { return m_reasons; }
    QPlainTextEdit* detailEdit() const { return m_detail; }
    QDialogButtonBox* buttons() const { return m_buttons; }

private:
    void updateOk();

    QComboBox* m_reasons = nullptr;
    QPlainTextEdit* m_detail = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
};

} // namespace avocet::ui
