#pragma once
// Small dialogs of the sync area: server and sign-in, and the list of changes the server refused.
#include <QDialog>

#include "ui/sync/SyncState.h"

class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;

namespace avocet::ui::sync {

class SyncController;

// The server's FHIR base URL (kept in the encrypted cache, as `avocetctl login --server` does) and
// an optional sign-in: the password goes to the server once; only the token is kept, encrypted.
class ServerLoginDialog : public QDialog
{
    Q_OBJECT
public:
    ServerLoginDialog(SyncController& controller, const QString& user, QWidget* parent = nullptr);

    QLineEdit* serverEdit() const { return m_server; }
    QLineEdit* userEdit() const { return m_user; }
    QLineEdit* passwordEdit() const { return m_password; }
    QString message() const;

private:
    void submit(bool signIn);
    void setBusy(bool busy);

    SyncController& m_controller;
    QLineEdit* m_server = nullptr;
    QLineEdit* m_user = nullptr;
    QLineEdit* m_password = nullptr;
    QPushButton* m_signIn = nullptr;
    QPushButton* m_saveOnly = nullptr;
    QLabel* m_message = nullptr;
};

// Changes the server refused, each with the server's reason; "Send again" re-queues them.
class FailuresDialog : public QDialog
{
    Q_OBJECT
public:
    FailuresDialog(SyncController& controller, QWidget* parent = nullptr);
    void setFailures(const QVector<SyncFailureItem>& failures);
    QTableWidget* table() const { return m_table; }

private:
    QTableWidget* m_table = nullptr;
    QPushButton* m_retry = nullptr;
};

} // namespace avocet::ui::sync
