// The desktop on the real hub, offscreen: what an EPR feeds reaches the clinician's screens the way
// it would in the trust (EPR feed → avocet-hub on a throwaway PostgreSQL → the desktop's own sync
// on unlock → projection → caseload and banner), and the whole-trust search finds and opens a
// patient off the caseload through the hub for the session only.
//  - An s2 admission fed from Paris shows on the banner with its last day; the s3 conversion fed
//    later replaces it after the next sync. A safeguarding flag fed from Mobius is on the banner
//    with its source. A community treatment order is on the banner with its period.
//  - A PHQ-9 completed on the revision a change manager published (offered in the New form list
//    after the sync) raises its item 9 alert before any sync; after the sync the hub holds the
//    item 9 Observation.
//  - Whole trust, on-line: a patient of another team is found by name and date of birth, opened with
//    a break-glass reason (recorded on the hub), shows their legal status; after lock and unlock
//    nothing of them is left on this computer.
#include <QAbstractButton>
#include <QApplication>
#include <QListWidget>
#include <QRadioButton>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include <chrono>
#include <ctime>
#include <memory>

#include <nlohmann/json.hpp>

#include "core/crypto/KeyWrap.h"
#include "core/store/Cache.h"
#include "core/store/ProfileStore.h"
#include "core/sync/SyncEngine.h"
#include "core/sync/SyncStore.h"
#include "tests/integration/support/HubEnvironment.h"
#include "ui/AlertNotifier.h"
#include "ui/CaseloadModel.h"
#include "ui/CaseloadView.h"
#include "ui/EmbeddedResource.h"
#include "ui/MainWindow.h"
#include "ui/PatientBanner.h"
#include "ui/PatientListView.h"
#include "ui/PatientTableModel.h"
#include "ui/PatientView.h"
#include "ui/Session.h"
#include "ui/Theme.h"
#include "ui/UnlockView.h"
#include "ui/sync/SyncController.h"
#include "ui/sync/SyncUi.h"
#include "ui/forms/AnswerControl.h"
#include "ui/forms/FormItemWidget.h"
#include "ui/forms/FormView.h"
#include "ui/forms/FormWindow.h"
#include "tests/support/TempDir.h"

// Against a real hub and PostgreSQL, each asynchronous step (a sync, a projection, a reload) can
// take far longer on a loaded 2-core CI machine than Qt's 5-second default for QTRY_*; the waits
// here allow 30 seconds. Nothing asserts a duration.
#undef QTRY_VERIFY
#define QTRY_VERIFY(expr) QTRY_VERIFY_WITH_TIMEOUT((expr), 30000)
#undef QTRY_VERIFY2
#define QTRY_VERIFY2(expr, messageExpression) QTRY_VERIFY2_WITH_TIMEOUT((expr), (messageExpression), 30000)
#undef QTRY_COMPARE
#define QTRY_COMPARE(expr, expected) QTRY_COMPARE_WITH_TIMEOUT((expr), (expected), 30000)

using namespace avocet;
using avocet::test::HubEnvironment;
using nlohmann::json;
using ui::MainWindow;

namespace {

constexpr const char* kUser = "nurse.north";
constexpr const char* kPassphrase = "canary desktop on the hub passphrase";
const std::string kParis = "https://fhir.avocet.example/Id/paris-record-id";
const std::string kChangedAt = "https://fhir.avocet.example/StructureDefinition/epr-changed-at";

std::string iso(std::chrono::system_clock::time_point at)
{
    const std::time_t t = std::chrono::system_clock::to_time_t(at);
    std::tm utc{};
    gmtime_r(&t, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

json changedNow()
{
    return {{"url", kChangedAt}, {"valueInstant", iso(std::chrono::system_clock::now() - std::chrono::seconds(5))}};
}

json legalStatus(const std::string& code,
                 const std::string& system = "https://fhir.hl7.org.uk/CodeSystem/UKCore-LegalStatusClassificationEngland")
{
    return {{"url", "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-LegalStatus"},
            {"extension",
             json::array({{{"url", "legalStatusContext"},
                           {"valueCodeableConcept",
                            {{"coding", json::array({{{"system", "https://fhir.hl7.org.uk/CodeSystem/UKCore-LegalStatusContext"},
                                                      {"code", "admission"}}})}}}},
                          {{"url", "legalStatusClassification"},
                           {"valueCodeableConcept", {{"coding", json::array({{{"system", system}, {"code", code}}})}}}}})}};
}

json patient(const std::string& recordId, const std::string& nhs, const std::string& family, const std::string& given,
             const std::string& born)
{
    return {{"resourceType", "Patient"},
            {"identifier", json::array({{{"system", kParis}, {"value", recordId}},
                                        {{"system", "https://fhir.nhs.uk/Id/nhs-number"}, {"value", nhs}}})},
            {"extension", json::array({changedNow()})},
            {"name", json::array({{{"use", "official"}, {"family", family}, {"given", {given}}}})},
            {"gender", "female"},
            {"birthDate", born}};
}

json encounter(const std::string& id, const std::string& recordId, const std::string& code, const std::string& start,
               const std::string& end = {}, const json& status = nullptr, const json& more = json::array())
{
    json period = {{"start", start}};
    if (!end.empty())
        period["end"] = end;
    json extensions = json::array({changedNow(), status.is_null() ? legalStatus(code) : status});
    extensions.insert(extensions.end(), more.begin(), more.end());
    return {{"resourceType", "Encounter"},
            {"identifier", json::array({{{"system", kParis}, {"value", id}}})},
            {"status", end.empty() ? "in-progress" : "finished"},
            {"class", {{"system", "http://terminology.hl7.org/CodeSystem/v3-ActCode"}, {"code", "IMP"}}},
            {"subject", {{"identifier", {{"system", kParis}, {"value", recordId}}}}},
            {"period", period},
            {"extension", extensions}};
}

json transaction(const std::vector<std::pair<std::string, json>>& entries)
{
    json bundle = {{"resourceType", "Bundle"}, {"type", "transaction"}, {"entry", json::array()}};
    for (const auto& [type, resource] : entries)
        bundle["entry"].push_back({{"request", {{"method", "POST"}, {"url", type}}}, {"resource", resource}});
    return bundle;
}

// The hub id of the Patient with this NHS number (as an administrator sees it).
std::string hubIdOf(const std::string& nhs)
{
    auto admin = HubEnvironment::shared().clientFor("admin1");
    const auto found = admin.get("/Patient?identifier=https://fhir.nhs.uk/Id/nhs-number%7C" + nhs);
    const json bundle = found.json();
    if (!bundle.is_object() || !bundle.contains("entry") || bundle["entry"].empty())
        return {};
    return bundle["entry"][0]["resource"].value("id", "");
}

} // namespace

class DesktopOnHubTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        ui::initResources();
        ui::applyTheme(*qApp);
        auto& env = HubEnvironment::shared();
        QCOMPARE(env.admin({"create-user", "feed.paris.desk", "--role", "epr_feed", "--epr", "Paris"}), 0);
        QCOMPARE(env.admin({"create-user", "feed.mobius.desk", "--role", "epr_feed", "--epr", "Mobius"}), 0);
        auto paris = env.clientFor("feed.paris.desk");
        const auto now = std::chrono::system_clock::now();
        // Ours: an s2 admission 20 days ago. Another team's: an s3 since last week.
        const auto fed = paris.post(
            "/",
            transaction({{"Patient", patient("P-DESK-1", m_ours, "Canary-Deskpath", "Nell", "1979-04-11")},
                         {"Encounter", encounter("ENC-DESK-S2", "P-DESK-1", "02", iso(now - std::chrono::hours(24 * 20)))},
                         {"Patient", patient("P-DESK-2", m_theirs, "Canary-Deskwide", "Orla", "1984-06-02")},
                         {"Encounter", encounter("ENC-DESK-S3B", "P-DESK-2", "03", iso(now - std::chrono::hours(24 * 7)))},
                         {"Patient", patient("P-DESK-3", m_cto, "Canary-Deskcto", "Iris", "1968-01-19")},
                         // The CTO followed a s.3 that began 179 days ago: its s.68 referral (six months
                         // from that admission) falls due within the week.
                         {"Encounter", encounter("ENC-DESK-CTO", "P-DESK-3", "cto", iso(now - std::chrono::hours(24 * 150)), {},
                                                 legalStatus("cto", "https://fhir.avocet.example/CodeSystem/mha-power"),
                                                 json::array({{{"url", "https://fhir.avocet.example/StructureDefinition/mha-first-admission"},
                                                               {"valueDateTime", iso(now - std::chrono::hours(24 * 179))}}}))}}),
            {{"Content-Type", "application/fhir+json"}});
        QVERIFY2(fed.status == 200, fed.body.c_str());
        const json flag = {{"resourceType", "Flag"},
                           {"identifier", json::array({{{"system", "https://fhir.avocet.example/Id/mobius-record-id"},
                                                        {"value", "FLAG-DESK-1"}}})},
                           {"extension", json::array({changedNow()})},
                           {"status", "active"},
                           {"category", json::array({{{"text", "Safeguarding"}}})},
                           {"code", {{"text", "Canary adult at risk"}}},
                           {"period", {{"start", "2026-10-01"}}},
                           {"subject", {{"identifier", {{"system", "https://fhir.nhs.uk/Id/nhs-number"}, {"value", m_ours}}}}}};
        const auto flagged = env.clientFor("feed.mobius.desk").post("/Flag", flag, {{"Content-Type", "application/fhir+json"}});
        QVERIFY2(flagged.status == 200 || flagged.status == 201, flagged.body.c_str());
        m_oursId = hubIdOf(m_ours);
        m_theirsId = hubIdOf(m_theirs);
        QVERIFY(!m_oursId.empty() && !m_theirsId.empty());
        QCOMPARE(env.admin({"assign-caseload", "north-community", "Patient/" + m_oursId}), 0);
        m_ctoId = hubIdOf(m_cto);
        QVERIFY(!m_ctoId.empty());
        QCOMPARE(env.admin({"assign-caseload", "north-community", "Patient/" + m_ctoId}), 0);

        // A change manager publishes a revision of the PHQ-9 (with its Paris mapping) before the
        // clinician's first sync.
        auto designer = env.clientFor("designer");
        json revised = json::parse(avocet::test::readFile(std::string(AVOCET_SOURCE_DIR) +
                                                          "/resources/templates/phq9-outcome-1.0.0.json"));
        revised["version"] = "1.1.0";
        revised["title"] = "PHQ-9 outcome record (canary revision)";
        revised.erase("id");
        const auto published = designer.post("/Questionnaire", revised, {{"Content-Type", "application/fhir+json"}});
        QVERIFY2(published.status == 201, published.body.c_str());
        json mapping = json::parse(avocet::test::readFile(std::string(AVOCET_SOURCE_DIR) +
                                                         "/resources/mappings/phq9-outcome/1.0.0/paris.json"));
        mapping["version"] = "1.1.0";
        mapping["template"] = {{"url", revised["url"]}, {"version", "1.1.0"}, {"fits", "~1.1.0"}};
        const auto mapped = designer.post("/mappings", mapping, {{"Content-Type", "application/json"}});
        QVERIFY2(mapped.status == 201 || mapped.status == 200, mapped.body.c_str());

        // The clinician's profile, signed in to the hub once (as the first sign-in does).
        QVERIFY(m_dir.isValid());
        m_profiles = std::make_unique<core::store::ProfileStore>(m_dir.filePath(QStringLiteral("profiles")).toStdString());
        QVERIFY(m_profiles->create(kUser, kPassphrase, core::crypto::KdfParams::minimal()).ok());
        {
            auto cache = m_profiles->unlock(kUser, kPassphrase);
            QVERIFY(cache.ok());
            core::sync::SyncConfig config;
            config.baseUrl = "http://127.0.0.1:" + std::to_string(env.port());
            auto engine = core::sync::SyncEngine::create((*cache)->database(), config);
            QVERIFY(engine.ok());
            QVERIFY((*engine)->login(kUser, avocet::test::kTestPassword).ok());
            QVERIFY(core::sync::SyncStore((*cache)->database()).setState("server", config.baseUrl).ok());
            engine->reset();
            (*cache)->lock();
        }
        m_session = std::make_unique<ui::Session>(*m_profiles);
        ui::MainWindowOptions options;
        options.preferredUser = QString::fromLatin1(kUser);
        options.idleLockMs = 0;
        options.watchDesktop = false;
        m_window = std::make_unique<MainWindow>(*m_session, options);
        m_window->resize(1280, 800);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        m_window->start();
        QTRY_COMPARE(m_window->screen(), MainWindow::Screen::Unlock);
    }

    void anS2FedFromParisIsOnTheBannerWithTheMobiusFlagAfterTheSyncOnUnlock()
    {
        QSignalSpy finished(m_window->syncUi()->controller(), &ui::sync::SyncController::runFinished);
        unlock();
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() >= 1, 60000);
        QTRY_VERIFY_WITH_TIMEOUT(caseloadRow(m_oursId) >= 0, 20000);
        openOurs();
        auto* banner = m_window->patientView()->banner();
        QTRY_VERIFY(!banner->legalLabel()->text().isEmpty());
        m_s2Banner = banner->legalLabel()->text();
        QVERIFY2(banner->legalLabel()->toolTip().contains(QStringLiteral("Legal status code 02")),
                 qPrintable(banner->legalLabel()->toolTip()));
        QVERIFY2(m_s2Banner.contains(QStringLiteral("last day")), qPrintable(m_s2Banner));
        QVERIFY(banner->flagsLabel()->isVisible());
        QVERIFY2(banner->flagsLabel()->text().contains(QStringLiteral("Safeguarding")), qPrintable(banner->flagsLabel()->text()));
        QVERIFY2(banner->flagsLabel()->text().contains(QStringLiteral("(Mobius)")), qPrintable(banner->flagsLabel()->text()));
        saveShot(QStringLiteral("hub-s2-banner.png"));
    }

    void theS3ConversionFedLaterReplacesTheS2AfterTheNextSync()
    {
        const auto now = std::chrono::system_clock::now();
        const std::string converted = iso(now - std::chrono::hours(2));
        auto paris = HubEnvironment::shared().clientFor("feed.paris.desk");
        const auto fed = paris.post(
            "/",
            transaction({{"Encounter", encounter("ENC-DESK-S2", "P-DESK-1", "02", iso(now - std::chrono::hours(24 * 20)), converted)},
                         {"Encounter", encounter("ENC-DESK-S3", "P-DESK-1", "03", converted)}}),
            {{"Content-Type", "application/fhir+json"}});
        QVERIFY2(fed.status == 200, fed.body.c_str());
        QSignalSpy finished(m_window->syncUi()->controller(), &ui::sync::SyncController::runFinished);
        m_window->syncUi()->controller()->syncNow();
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() >= 1, 60000);
        openOurs();
        auto* banner = m_window->patientView()->banner();
        QTRY_VERIFY2_WITH_TIMEOUT(banner->legalLabel()->toolTip().contains(QStringLiteral("Legal status code 03")),
                                  qPrintable(banner->legalLabel()->toolTip()), 20000);
        QVERIFY2(banner->legalLabel()->text() != m_s2Banner, qPrintable(banner->legalLabel()->text()));
        QVERIFY2(!banner->legalLabel()->toolTip().contains(QStringLiteral("Legal status code 02")),
                 qPrintable(banner->legalLabel()->toolTip()));
        saveShot(QStringLiteral("hub-s3-banner.png"));
    }

    void aCommunityTreatmentOrderFedFromParisIsOnTheBannerWithItsPeriod()
    {
        m_window->openPatient(QString::fromStdString(m_ctoId));
        QTRY_COMPARE_WITH_TIMEOUT(m_window->patientView()->patientId(), QString::fromStdString(m_ctoId), 20000);
        auto* banner = m_window->patientView()->banner();
        QTRY_VERIFY(!banner->legalLabel()->text().isEmpty());
        const QString legal = banner->legalLabel()->text();
        QVERIFY2(legal.contains(QStringLiteral("ommunity treatment order")), qPrintable(legal));
        QVERIFY2(legal.contains(QStringLiteral("last day")), qPrintable(legal));
        // The feed gave the original s.3 admission, so the referral is counted, not "date not known".
        bool referral = false;
        for (const auto& alert : m_window->patientView()->record().alerts) {
            QVERIFY2(!alert.title.contains(QStringLiteral("date not known")), qPrintable(alert.title));
            referral = referral || alert.title.contains(QStringLiteral("refer to the Tribunal"));
        }
        QVERIFY2(referral, "the CTO's s.68 referral, six months from the original s.3 admission, is due this week");
        // However long an alert's title, the banner keeps the window within a laptop's screen.
        // However long an alert's title, the banner fits a 1280-pixel screen (the whole text is in
        // the chip's tooltip and accessible name).
        QVERIFY2(banner->minimumSizeHint().width() <= 1280, qPrintable(QString::number(banner->minimumSizeHint().width())));
        QVERIFY2(banner->alertsLabel()->text().endsWith(QStringLiteral("…")), qPrintable(banner->alertsLabel()->text()));
        QVERIFY(banner->alertsLabel()->toolTip().size() > banner->alertsLabel()->text().size());
        saveShot(QStringLiteral("hub-cto-banner.png"));
        QVERIFY2(caseloadRow(m_ctoId) >= 0, "the CTO patient is on the caseload");
    }

    void aPhq9CompletedOnThePublishedRevisionAlertsBeforeSyncAndTheHubHoldsItsObservationAfter()
    {
        openOurs();
        auto* patientView = m_window->patientView();
        auto item9Alert = [patientView] {
            for (const auto& alert : patientView->record().alerts)
                if (alert.kind == QStringLiteral("score") && alert.title.contains(QStringLiteral("item 9")))
                    return true;
            return false;
        };
        QVERIFY(!item9Alert());
        ui::forms::FormWindow* forms = m_window->openForms();
        QVERIFY(forms);
        QTRY_VERIFY(forms->formList()->count() > 0);
        // The New form list offers the revision the change manager published, not the built-in one.
        QListWidgetItem* revision = nullptr;
        QStringList offered;
        for (int i = 0; i < forms->formList()->count(); ++i) {
            const QString text = forms->formList()->item(i)->text();
            offered << text;
            if (text.startsWith(QStringLiteral("New:")) && text.contains(QStringLiteral("PHQ-9"))) {
                QVERIFY2(text.contains(QStringLiteral("canary revision")), qPrintable(text));
                revision = forms->formList()->item(i);
            }
        }
        QVERIFY2(revision, qPrintable(offered.join(QLatin1Char('\n'))));
        Q_EMIT forms->formList()->itemActivated(revision);
        QTRY_VERIFY(forms->formView());
        ui::forms::FormView* view = forms->formView();
        for (int i = 1; i <= 9; ++i) {
            auto* question = qobject_cast<ui::forms::QuestionWidget*>(view->itemWidget("phq9-" + std::to_string(i)));
            QVERIFY(question);
            QList<QAbstractButton*> buttons;
            for (auto* b : question->control()->findChildren<QAbstractButton*>())
                if (qobject_cast<QRadioButton*>(b))
                    buttons << b;
            QCOMPARE(buttons.size(), i == 9 ? 5 : 4); // item 9 also offers "Declined to answer"
            QTest::mouseClick(buttons[i == 9 ? 2 : 0], Qt::LeftButton);
        }
        auto* date = qobject_cast<ui::forms::QuestionWidget*>(view->itemWidget("assessment-date"));
        QVERIFY(date);
        QWidget* dateEdit = date->control()->focusTarget();
        dateEdit->setFocus(Qt::TabFocusReason);
        QTest::keyClicks(dateEdit, QDate::currentDate().toString(QStringLiteral("dd/MM/yyyy")));
        QTest::keyClick(dateEdit, Qt::Key_Tab);
        QTRY_VERIFY(view->completeButton()->isEnabled());
        QTest::mouseClick(view->completeButton(), Qt::LeftButton);
        QTRY_VERIFY(!forms->formView());
        // Before the sync sends it: the alert is on the patient screen at once, in the caseload, and
        // announced as a notification (which names no patient).
        QTRY_VERIFY_WITH_TIMEOUT(item9Alert(), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(m_window->alertNotifier()->shown().join(QLatin1Char('\n')).contains(QStringLiteral("item 9")),
                                 10000);
        QVERIFY(!m_window->alertNotifier()->shown().join(QLatin1Char('\n')).contains(QStringLiteral("Canary-Deskpath"),
                                                                                     Qt::CaseInsensitive));
        auto inCaseload = [this] {
            for (int r = 0; r < m_window->caseloadModel()->rowCount(); ++r)
                if (m_window->caseloadModel()->entryAt(r)->record.patient.id == QString::fromStdString(m_oursId))
                    for (const auto& alert : m_window->caseloadModel()->entryAt(r)->record.alerts)
                        if (alert.title.contains(QStringLiteral("item 9")))
                            return true;
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(inCaseload(), 10000);
        forms->close();

        QSignalSpy finished(m_window->syncUi()->controller(), &ui::sync::SyncController::runFinished);
        m_window->syncUi()->controller()->syncNow();
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() >= 1, 60000);
        QTRY_COMPARE_WITH_TIMEOUT(m_window->syncUi()->controller()->state().pending, 0, 30000);
        auto admin = HubEnvironment::shared().clientFor("admin1");
        const json held =
            admin.get("/Observation?patient=Patient/" + m_oursId + "&code=http://loinc.org%7C44260-8").json();
        QVERIFY2(held.value("total", 0) >= 1, held.dump().c_str());
        bool two = false;
        for (const auto& entry : held.value("entry", json::array())) {
            const json& obs = entry["resource"];
            two = two || obs.value("valueInteger", -1) == 2 ||
                  obs.value("valueQuantity", json::object()).value("value", -1.0) == 2.0;
        }
        QVERIFY2(two, held.dump().c_str());
    }

    void theWholeTrustSearchOpensAnotherTeamsPatientForThisSessionOnly()
    {
        m_window->findAction()->trigger();
        auto* list = m_window->patientListView();
        list->trustScope()->setChecked(true);
        list->setQuery(QStringLiteral("Orla Canary-Deskwide 02/06/1984"));
        QTRY_VERIFY(list->trustSearchButton()->isEnabled());
        QTRY_COMPARE(m_window->patientModel()->rowCount(), 0); // not held here
        QTest::mouseClick(list->trustSearchButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(list->trustResults()->rowCount() == 1, 20000);
        QVERIFY2(list->trustResults()->item(0, 1)->text() == formatted(m_theirs),
                 qPrintable(list->trustResults()->item(0, 1)->text()));
        QVERIFY(list->trustResults()->item(0, 3)->text().contains(QStringLiteral("Not yours")));
        saveShot(QStringLiteral("hub-whole-trust-search.png"));

        QString asked;
        m_window->setBreakGlassPrompt([&asked] {
            asked = QStringLiteral("CANARY crisis call out of hours");
            return asked;
        });
        Q_EMIT list->trustResults()->cellActivated(0, 0);
        QTRY_COMPARE_WITH_TIMEOUT(m_window->screen(), MainWindow::Screen::Patient, 20000);
        QVERIFY(!asked.isEmpty());
        auto* banner = m_window->patientView()->banner();
        QVERIFY2(banner->nhsLabel()->text().contains(formatted(m_theirs)), qPrintable(banner->nhsLabel()->text()));
        QVERIFY2(banner->legalLabel()->toolTip().contains(QStringLiteral("Legal status code 03")),
                 qPrintable(banner->legalLabel()->toolTip()));
        saveShot(QStringLiteral("hub-whole-trust-opened.png"));

        std::string events;
        QCOMPARE(HubEnvironment::shared().admin({"break-glass", "list"}, &events), 0);
        QVERIFY2(events.find("CANARY crisis call out of hours") != std::string::npos, "the hub recorded the reason");

        // Lock: the record leaves; after unlock it cannot be found on this computer.
        m_window->lockSession();
        QTRY_COMPARE(m_window->screen(), MainWindow::Screen::Unlock);
        unlock();
        m_window->findAction()->trigger();
        list->trustScope()->setChecked(true);
        list->setQuery(QStringLiteral("Canary-Deskwide"));
        QTest::qWait(300);
        QTRY_COMPARE(m_window->patientModel()->rowCount(), 0);
        QVERIFY(list->trustResults()->rowCount() == 0);
    }

    void cleanupTestCase()
    {
        if (m_window)
            m_window->lockSession();
        m_window.reset();
        m_session.reset();
    }

private:
    static QString formatted(const std::string& nhs)
    {
        const QString n = QString::fromStdString(nhs);
        return n.left(3) + QLatin1Char(' ') + n.mid(3, 3) + QLatin1Char(' ') + n.mid(6);
    }

    void unlock()
    {
        auto* view = m_window->unlockView();
        view->passphraseEdit()->clear();
        QTest::keyClicks(view->passphraseEdit(), QString::fromLatin1(kPassphrase));
        QTest::keyClick(view->passphraseEdit(), Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(m_session->isUnlocked(), 20000);
        QTRY_VERIFY(m_window->screen() != MainWindow::Screen::Unlock);
    }

    int caseloadRow(const std::string& id)
    {
        m_window->showCaseload();
        auto* model = m_window->caseloadModel();
        for (int r = 0; r < model->rowCount(); ++r)
            if (model->entryAt(r)->record.patient.id == QString::fromStdString(id))
                return r;
        return -1;
    }

    void openOurs()
    {
        m_window->openPatient(QString::fromStdString(m_oursId));
        QTRY_COMPARE_WITH_TIMEOUT(m_window->screen(), MainWindow::Screen::Patient, 20000);
        QTRY_COMPARE(m_window->patientView()->patientId(), QString::fromStdString(m_oursId));
    }

    void saveShot(const QString& name)
    {
        QDir().mkpath(QStringLiteral(AVOCET_SCREENSHOT_DIR));
        QTest::qWait(50);
        QVERIFY(m_window->grab().save(QStringLiteral(AVOCET_SCREENSHOT_DIR "/") + name));
    }

    const std::string m_ours = "9990003416";
    const std::string m_theirs = "9990003424";
    const std::string m_cto = "9990003432";
    std::string m_ctoId;
    std::string m_oursId;
    std::string m_theirsId;
    QString m_s2Banner;
    QTemporaryDir m_dir;
    std::unique_ptr<core::store::ProfileStore> m_profiles;
    std::unique_ptr<ui::Session> m_session;
    std::unique_ptr<MainWindow> m_window;
};

QTEST_MAIN(DesktopOnHubTest)
#include "DesktopOnHubTest.moc"
