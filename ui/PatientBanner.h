#pragma once
// The patient banner at the top of every patient screen (NHS patient banner conventions): name,
// NHS number 3-3-4 with a secure copy button, date of birth and age, the EPR that holds the record,
// alerts, and the current Mental Health Act power with a live countdown to the end of the period
// now running (computed by core/alerts; the banner only counts down).
#include <QDateTime>
#include <QWidget>

#include "ui/ClinicalRecords.h"

class QLabel;
class QTimer;
class QToolButton;

namespace avocet::ui {

class SecureClipboard;
class SessionClock;

class PatientBanner : public QWidget
{
    Q_OBJECT
public:
    static constexpr int kRefreshMs = 30'000;

    PatientBanner(const SessionClock& clock, SecureClipboard& clipboard, QWidget* parent = nullptr);

    void setRecord(const PatientRecord& record);
    // Forgets the patient (on lock).
    void clear();
    // Recomputes the countdown from the clock (the timer calls this; tests call it directly).
    void refreshCountdown();

    // "4 days 9 hours", "5 hours 20 minutes", "12 minutes"; empty when end is not after now.
    static QString remainingText(const QDateTime& now, const QDateTime& end);
    // How every view states a deadline: "last day Fri 27-Nov-2026" for a period "beginning with" a
    // day (lastDay valid: the rule engine's last whole day, never guessed from the end's time of
    // day), "at the latest Sat 28-Nov-2026 14:00 GMT" for one that ends at an instant (hours).
    // withWeekday false: "last day 27-Nov-2026" (the caseload's narrow column).
    static QString deadlineText(const QDateTime& end, const QDate& lastDay, bool withWeekday = true);
    // "Sat 29-Nov-2026 00:00 GMT" in London time.
    static QString londonText(const QDateTime& when);

    // Test seams.
    QLabel* nameLabel() const { return m_name; }
    QLabel* nhsLabel() const { return m_nhs; }
    QLabel* birthLabel() const { return m_birth; }
    QLabel* eprLabel() const { return m_epr; }
    QLabel* legalLabel() const { return m_legal; }
    QLabel* alertsLabel() const { return m_alerts; }
    QLabel* flagsLabel() const { return m_flags; }
    // The powers running beside the leading one (a s.58 clock, a recall, leave), each with its end.
    QLabel* otherPowersLabel() const { return m_others; }
    QToolButton* copyButton() const { return m_copy; }

private:
    void refreshOtherPowers();

    const SessionClock& m_clock;
    SecureClipboard& m_clipboard;
    PatientRecord m_record;
    QLabel* m_name = nullptr;
    QLabel* m_nhs = nullptr;
    QToolButton* m_copy = nullptr;
    QLabel* m_birth = nullptr;
    QLabel* m_epr = nullptr;
    QLabel* m_access = nullptr;
    QLabel* m_legal = nullptr;
    QLabel* m_others = nullptr; // powers running beside the leading one
    QLabel* m_alerts = nullptr;
    QLabel* m_flags = nullptr; // current EPR flags, each with its EPR
    QTimer* m_timer = nullptr;
};

} // namespace avocet::ui
