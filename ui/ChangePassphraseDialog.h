#pragma once
// Session ▸ Change passphrase: the passphrase that unlocks this user's encrypted profile on this
// computer (after a trust password change, say). Re-wraps the data key; the records are not rewritten.
#include <QDialog>

class QLabel;
class QLineEdit;
class QPushButton;

namespace avocet::ui {

class Session;

class ChangePassphraseDialog : public QDialog
{
    Q_OBJECT
public:
    ChangePassphraseDialog(Session& session, QWidget* parent = nullptr);

    QLineEdit* currentEdit() const { return m_current; }
    QLineEdit* newEdit() const { return m_new; }
    QLineEdit* confirmEdit() const { return m_confirm; }
    QPushButton* changeButton() const { return m_change; }
    QString message() const;

private:
    void submit();

    Session& m_session;
    QLineEdit* m_current = nullptr;
    QLineEdit* m_new = nullptr;
    QLineEdit* m_confirm = nullptr;
    QPushButton* m_change = nullptr;
    QLabel* m_message = nullptr;
};

} // namespace avocet::ui
