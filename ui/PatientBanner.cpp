#include "ui/PatientBanner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QStyle>
#include <QTimeZone>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

#include "ui/SecureClipboard.h"
#include "ui/SessionClock.h"

namespace avocet::ui {

namespace {

// A chip holds one line: a long alert or flag title is cut at a word before `limit` characters
// with an ellipsis (the whole text is in the chip's tooltip), so the banner never widens the window
// beyond the screen.
QString chipText(const QString& text, int limit = 60)
{
    if (text.size() <= limit)
        return text;
    int cut = int(text.lastIndexOf(QLatin1Char(' '), limit - 1));
    if (cut < limit / 2)
        cut = limit - 1;
    return text.left(cut).trimmed() + QStringLiteral("…");
}

QLabel* makeLabel(const QString& objectName, QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setTextInteractionFlags(Qt::NoTextInteraction);
    return label;
}

} // namespace

PatientBanner::PatientBanner(const SessionClock& clock, SecureClipboard& clipboard, QWidget* parent)
    : QWidget(parent), m_clock(clock), m_clipboard(clipboard)
{
    setObjectName(QStringLiteral("patientBanner"));
    setAttribute(Qt::WA_StyledBackground, true);
    setAccessibleName(tr("Patient banner"));
    setStyleSheet(QStringLiteral(
        "#patientBanner { background: #005eb8; border-radius: 6px; }"
        "#patientBanner QLabel { color: white; }"
        "#patientBanner QLabel#bannerName { font-size: 17pt; font-weight: 600; }"
        "#patientBanner QLabel#bannerNhs { font-size: 13pt; font-weight: 600; }"
        "#patientBanner QLabel#bannerLegal { background: #ffeb3b; color: #212b32; border-radius: 4px; padding: 3px 8px; font-weight: 600; }"
        "#patientBanner QLabel#bannerLegal[urgent=\"true\"] { background: #d5281b; color: white; }"
        "#patientBanner QLabel#bannerLegal[informal=\"true\"] { background: transparent; color: #4c6272; "
        "font-weight: 400; border: 1px solid #aeb7bd; }"
        "#patientBanner QLabel#bannerOtherPowers { background: #fff9c4; color: #212b32; border-radius: 4px; padding: 3px 8px; }"
        "#patientBanner QLabel#bannerOtherPowers[urgent=\"true\"] { background: #d5281b; color: white; }"
        "#patientBanner QLabel#bannerAlerts { background: #ffffff; color: #d5281b; border-radius: 4px; padding: 3px 8px; font-weight: 600; }"
        "#patientBanner QLabel#bannerFlags { background: #330072; color: white; border-radius: 4px; padding: 3px 8px; font-weight: 600; }"
        "#patientBanner QLabel#bannerAccess { background: #ffb81c; color: #212b32; border-radius: 4px; padding: 3px 8px; }"
        "#patientBanner QToolButton { color: white; background: transparent; border: 1px solid #ffffff; "
        "border-radius: 4px; padding: 1px 6px; }"));

    m_name = makeLabel(QStringLiteral("bannerName"), this);
    m_nhs = makeLabel(QStringLiteral("bannerNhs"), this);
    m_copy = new QToolButton(this);
    m_copy->setText(tr("Copy"));
    m_copy->setToolTip(tr("Copy the NHS number. It is hidden from clipboard history and cleared after 30 seconds."));
    m_copy->setAccessibleName(tr("Copy NHS number"));
    m_birth = makeLabel(QStringLiteral("bannerBirth"), this);
    m_epr = makeLabel(QStringLiteral("bannerEpr"), this);
    m_access = makeLabel(QStringLiteral("bannerAccess"), this);
    m_legal = makeLabel(QStringLiteral("bannerLegal"), this);
    m_alerts = makeLabel(QStringLiteral("bannerAlerts"), this);
    m_flags = makeLabel(QStringLiteral("bannerFlags"), this);
    m_others = makeLabel(QStringLiteral("bannerOtherPowers"), this);

    auto* top = new QHBoxLayout;
    top->addWidget(m_name);
    top->addSpacing(24);
    top->addWidget(m_nhs);
    top->addWidget(m_copy);
    top->addSpacing(24);
    top->addWidget(m_birth);
    top->addSpacing(24);
    top->addWidget(m_epr);
    top->addStretch(1);
    // The chips on two rows under the name, so the banner fits a 1280-pixel screen whatever they
    // say: the legal status and how the record was opened; then alerts and flags.
    auto* second = new QHBoxLayout;
    second->addWidget(m_legal);
    second->addWidget(m_others);
    second->addWidget(m_access);
    second->addStretch(1);
    auto* third = new QHBoxLayout;
    third->addWidget(m_alerts);
    third->addWidget(m_flags);
    third->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 10, 16, 10);
    layout->setSpacing(8);
    layout->addLayout(top);
    layout->addLayout(second);
    layout->addLayout(third);

    connect(m_copy, &QToolButton::clicked, this, [this] {
        if (m_record.patient.nhsNumber.isEmpty())
            return;
        m_clipboard.copySecret(m_record.patient.nhsNumber);
        // Said where the eye is (the button) and to screen readers, then back to "Copy".
        m_copy->setText(tr("Copied ✓"));
        m_copy->setAccessibleDescription(tr("NHS number copied. It is cleared from the clipboard after 30 seconds."));
        QTimer::singleShot(2500, m_copy, [button = m_copy] { button->setText(tr("Copy")); });
    });
    m_timer = new QTimer(this);
    m_timer->setInterval(kRefreshMs);
    connect(m_timer, &QTimer::timeout, this, &PatientBanner::refreshCountdown);
    clear();
}

QString PatientBanner::remainingText(const QDateTime& now, const QDateTime& end)
{
    const qint64 seconds = now.secsTo(end);
    if (seconds <= 0)
        return {};
    const int minutes = int(seconds / 60);
    const int hours = minutes / 60;
    const int days = hours / 24;
    // %n plurals: the en_GB catalogue (always installed, see Theme.cpp) says "1 day" / "3 days", and
    // languages with more plural forms (Polish has three) get theirs.
    const auto dayText = [](int n) { return tr("%n day(s)", "countdown", n); };
    const auto hourText = [](int n) { return tr("%n hour(s)", "countdown", n); };
    const auto minuteText = [](int n) { return tr("%n minute(s)", "countdown", n); };
    if (days >= 2)
        return dayText(days) + QLatin1Char(' ') + hourText(hours % 24);
    if (hours >= 1)
        return hourText(hours) + QLatin1Char(' ') + minuteText(minutes % 60);
    return minuteText(std::max(minutes, 1));
}

QString PatientBanner::deadlineText(const QDateTime& end, const QDate& lastDay, bool withWeekday)
{
    const QString dayFormat = withWeekday ? QStringLiteral("ddd dd-MMM-yyyy") : QStringLiteral("dd-MMM-yyyy");
    // A period "beginning with" a day ends at the end of its last day; an hour-based power (s.136,
    // s.5(2)) ends at an instant, even one that falls at midnight.
    if (lastDay.isValid())
        return tr("last day %1").arg(QLocale::c().toString(lastDay, dayFormat));
    return tr("at the latest %1").arg(londonText(end));
}

QString PatientBanner::londonText(const QDateTime& when)
{
    const QTimeZone london("Europe/London");
    const QDateTime local = when.toTimeZone(london);
    return QLocale::c().toString(local, QStringLiteral("ddd dd-MMM-yyyy HH:mm")) + QLatin1Char(' ') +
           london.abbreviation(local);
}

void PatientBanner::setRecord(const PatientRecord& record)
{
    m_record = record;
    const PatientRow& p = record.patient;
    m_name->setText(p.name);
    m_nhs->setText(p.nhsNumber.isEmpty() ? tr("NHS No. unknown") : tr("NHS No. %1").arg(p.nhsNumber));
    m_nhs->setAccessibleName(m_nhs->text());
    m_copy->setVisible(!p.nhsNumber.isEmpty());
    m_birth->setText(p.birthDate.isValid()
                         ? tr("Born %1 (%n y)", "date of birth and age in years", p.ageYears)
                               .arg(QLocale::c().toString(p.birthDate, QStringLiteral("dd-MMM-yyyy")))
                         : tr("Date of birth unknown"));
    m_epr->setText(tr("Record in %1").arg(p.epr));
    m_access->setText(tr("Not on your caseload: opened with break-glass"));
    m_access->setVisible(!record.onCaseload);
    int open = 0;
    QString first;
    QStringList openTitles;
    for (const auto& alert : record.alerts) {
        if (alert.acknowledged)
            continue;
        openTitles << alert.title;
        if (open++ == 0)
            first = chipText(alert.title);
    }
    m_alerts->setToolTip(openTitles.join(QLatin1Char('\n')));
    m_alerts->setAccessibleName(openTitles.isEmpty() ? QString()
                                                     : tr("Alerts not yet seen: %1").arg(openTitles.join(QStringLiteral("; "))));
    m_alerts->setText(open == 0 ? QString()
                      : open == 1 ? tr("⚠ %1").arg(first)
                                  : tr("⚠ %1 (+%n more)", "first alert, then how many others", open - 1).arg(first));
    m_alerts->setVisible(open > 0);
    // EPR flags in force (risk, safeguarding, child protection, MAPPA), each with the EPR that holds it.
    QStringList flags;
    for (const HeldItem& flag : record.flags)
        if (flag.current)
            flags << (flag.source.isEmpty() ? chipText(flag.title, 40)
                                            : tr("%1 (%2)", "flag, then the EPR it is from").arg(chipText(flag.title, 40), flag.source));
    m_flags->setText(flags.isEmpty() ? QString()
                     : flags.size() == 1 ? tr("⚑ %1").arg(flags.first())
                                         : tr("⚑ %1 (+%n more flags)", "first flag, then how many others", int(flags.size() - 1))
                                               .arg(flags.first()));
    QStringList tips;
    for (const HeldItem& flag : record.flags)
        if (flag.current)
            tips << tr("%1 — %2, from %3").arg(flag.title, flag.detail, flag.source.isEmpty() ? tr("an unnamed system") : flag.source);
    m_flags->setToolTip(tips.join(QLatin1Char('\n')));
    m_flags->setAccessibleName(tr("EPR flags: %1").arg(flags.join(QStringLiteral("; "))));
    m_flags->setVisible(!flags.isEmpty());
    refreshCountdown();
    m_timer->start();
}

void PatientBanner::clear()
{
    m_timer->stop();
    m_record = {};
    for (QLabel* label : {m_name, m_nhs, m_birth, m_epr, m_legal, m_others, m_alerts, m_flags, m_access})
        label->clear();
    m_copy->hide();
    m_legal->hide();
    m_others->hide();
    m_alerts->hide();
    m_flags->hide();
    m_access->hide();
}

void PatientBanner::refreshCountdown()
{
    const LegalStatusView& legal = m_record.legal;
    if (!legal.present) {
        refreshOtherPowers();
        m_legal->setText(m_record.patient.id.isEmpty() ? QString() : tr("Informal: no Mental Health Act power recorded"));
        m_legal->setProperty("urgent", false);
        m_legal->setProperty("informal", true); // plain, not a deadline chip
        m_legal->style()->unpolish(m_legal);
        m_legal->style()->polish(m_legal);
        m_legal->setVisible(!m_record.patient.id.isEmpty());
        return;
    }
    const QString power = legal.powerName;
    const QString remaining = remainingText(m_clock.nowUtc(), legal.periodEnd);
    bool urgent = false;
    if (legal.noFixedEnd && !legal.lapsed) {
        m_legal->setText(tr("%1 · no fixed end", "a power with no expiry, e.g. a restriction order").arg(power));
    } else if (legal.lapsed || remaining.isEmpty()) {
        m_legal->setText(tr("%1: period ended, check the legal status").arg(power));
        urgent = true;
    } else {
        m_legal->setText(tr("%1 · %2 · ends in %3").arg(power, deadlineText(legal.periodEnd, legal.periodLastDay), remaining));
        urgent = m_clock.nowUtc().secsTo(legal.periodEnd) <= 72 * 3600;
    }
    m_legal->setProperty("urgent", urgent);
    m_legal->setProperty("informal", false);
    m_legal->style()->unpolish(m_legal);
    m_legal->style()->polish(m_legal);
    QString tip = legal.noFixedEnd && !legal.lapsed
                      ? tr("Started %1. No fixed end: %2. Deadlines from the trust's Mental Health Act rule tables.")
                            .arg(londonText(legal.start), legal.noExpiryReason)
                      : tr("Started %1. The period ends at %2. Deadlines from the trust's Mental Health Act rule tables.")
                            .arg(londonText(legal.start), londonText(legal.periodEnd));
    if (!legal.legalStatusCode.isEmpty())
        tip += QLatin1Char('\n') + tr("Legal status code %1 in national returns (MHSDS).").arg(legal.legalStatusCode);
    m_legal->setToolTip(tip);
    m_legal->show();
    refreshOtherPowers();
}

void PatientBanner::refreshOtherPowers()
{
    QStringList shown;
    QStringList tips;
    bool urgent = false;
    const QDateTime now = m_clock.nowUtc();
    for (const LegalStatusView& other : m_record.otherPowers) {
        const bool open = other.noFixedEnd && !other.lapsed;
        const bool ended = !open && (other.lapsed || !other.periodEnd.isValid() || now.secsTo(other.periodEnd) <= 0);
        shown << (open    ? tr("%1 · no fixed end", "a power with no expiry, e.g. a restriction order").arg(other.powerCode)
                  : ended ? tr("%1: period ended", "a power beside the main one").arg(other.powerCode)
                          : tr("%1 · %2").arg(other.powerCode, deadlineText(other.periodEnd, other.periodLastDay, false)));
        tips << (open    ? tr("%1: started %2; no fixed end: %3.").arg(other.powerName, londonText(other.start), other.noExpiryReason)
                 : ended ? tr("%1: started %2; its period has ended, check the legal status.")
                               .arg(other.powerName, londonText(other.start))
                         : tr("%1: started %2; the period ends at %3.")
                               .arg(other.powerName, londonText(other.start), londonText(other.periodEnd)));
        urgent = urgent || ended || (!open && now.secsTo(other.periodEnd) <= 72 * 3600);
    }
    m_others->setText(shown.isEmpty() ? QString() : tr("Also: %1", "powers beside the main one").arg(chipText(shown.join(QStringLiteral("; ")))));
    m_others->setToolTip(tips.join(QLatin1Char('\n')));
    m_others->setAccessibleName(shown.isEmpty() ? QString() : tr("Also in force: %1").arg(tips.join(QLatin1Char(' '))));
    m_others->setProperty("urgent", urgent);
    m_others->style()->unpolish(m_others);
    m_others->style()->polish(m_others);
    m_others->setVisible(!shown.isEmpty());
}

} // namespace avocet::ui
