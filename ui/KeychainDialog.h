#pragma once
// Session ▸ Unlock with this computer's keychain (managed laptops only): explains what turning it on
// means and asks for the passphrase once to confirm; turning it off needs no passphrase.
#include <QDialog>

class QLabel;
class QLineEdit;
class QPushButton;

namespace avocet::ui {

class KeychainUnlock;

class KeychainDialog : public QDialog
{
    Q_OBJECT
public:
    KeychainDialog(KeychainUnlock& keychain, QWidget* parent = nullptr);

    QLineEdit* passphraseEdit() const { return m_passphrase; }
    QPushButton* turnOnButton() const { return m_turnOn; }
    QString message() const;

private:
    void submit();

    KeychainUnlock& m_keychain;
    QLineEdit* m_passphrase = nullptr;
    QPushButton* m_turnOn = nullptr;
    QLabel* m_message = nullptr;
};

} // namespace avocet::ui
