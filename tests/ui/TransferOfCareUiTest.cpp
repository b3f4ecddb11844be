// Offscreen UI test of transfer of care on the desktop (docs/transfer-of-care.md): the demo
// workspace's patient discharged three hours ago carries the 24-hour discharge summary alert; the
// discharge summary opens pre-filled from the record (stay, Mental Health Act status, SNOMED CT
// diagnosis, medicines, follow-up, care coordinator); "Sign off and send" queues it with its PDF
// and the alert says it is waiting to sync; the recipient's receipts, as sync brings them back
// (one version accepted, a rejected one with the practice's reason), show under "Documents sent".
// The document is signed by the name and role the clinician gives (refused without a name, offered
// again next time), never the account name, and its PDF carries the letterhead the trust's settings
// name (pdftotext reads it back).
// Saves screenshots of composing, signing and the receipts into AVOCET_SCREENSHOT_DIR and
// AVOCET_DOCS_SCREENSHOT_DIR.
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSettings>
#include <QStandardPaths>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QAbstractButton>
#include <QListWidget>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>
#include <memory>

#include "core/identity/SyntheticPatients.h"
#include "core/store/ProfileStore.h"
#include "core/sync/ClinicalProjection.h"
#include "core/sync/SyncStore.h"
#include "core/usecases/TransferDocuments.h"
#include "print/Letterhead.h"
#include "ui/CaseloadModel.h"
#include "ui/DemoCaseload.h"
#include "ui/MainWindow.h"
#include "ui/PatientView.h"
#include "ui/Session.h"
#include "ui/SessionClock.h"
#include "ui/Theme.h"
#include "ui/UnlockView.h"
#include "ui/forms/EprPanel.h"
#include "ui/forms/FormItemWidget.h"
#include "ui/forms/FormView.h"
#include "ui/forms/FormWindow.h"
#include "ui/sync/SyncUi.h"
#include "ui/sync/TransferDocumentsView.h"

using namespace avocet;
using ui::MainWindow;
using nlohmann::json;

namespace {

constexpr const char* kUser = "a.okafor";
constexpr const char* kPassphrase = "correct horse battery discharge";
constexpr const char* kSigner = "Dr Amara Okafor";
constexpr const char* kRole = "Consultant psychiatrist";

// Now, fixed for the run: the demo's discharge three hours before it.
class RunClock final : public ui::SessionClock
{
public:
    QDateTime nowUtc() const override { return m_now; }
    qint64 monotonicMs() const override { return 1'000'000; }

private:
    QDateTime m_now = QDateTime::currentDateTimeUtc();
};

void saveScreenshot(QWidget& widget, const QString& name)
{
    QTest::qWait(100);
    for (const QString& dir : {QStringLiteral(AVOCET_SCREENSHOT_DIR), QStringLiteral(AVOCET_DOCS_SCREENSHOT_DIR)}) {
        QDir().mkpath(dir);
        QVERIFY2(widget.grab().save(dir + QLatin1Char('/') + name), qPrintable(name));
    }
}

// The text of a PDF as pdftotext (poppler-utils, scripts/setup.sh) reads it.
QString pdfText(const QString& path)
{
    QProcess pdftotext;
    pdftotext.start(QStringLiteral("pdftotext"), {QStringLiteral("-layout"), path, QStringLiteral("-")});
    if (!pdftotext.waitForFinished(60'000) || pdftotext.exitCode() != 0)
        return {};
    return QString::fromUtf8(pdftotext.readAllStandardOutput());
}

QString answerText(ui::forms::FormView* view, const std::string& linkId)
{
    const auto answers = view->session().answers(linkId);
    if (answers.empty())
        return {};
    for (const auto& [key, value] : answers.front().items()) {
        if (value.is_string())
            return QString::fromStdString(value.get<std::string>());
        if (value.is_object())
            return QString::fromStdString(value.value("display", value.value("code", "")));
        return QString::fromStdString(value.dump());
    }
    return {};
}

} // namespace

class TransferOfCareUiTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        ui::initResources();
        ui::applyTheme(*qApp);
        m_profiles = std::make_unique<core::store::ProfileStore>(m_dir.filePath(QStringLiteral("profiles")).toStdString());
        QVERIFY(m_profiles->create(kUser, kPassphrase, core::crypto::KdfParams::minimal()).ok());
        {
            auto cache = m_profiles->unlock(kUser, kPassphrase, "test-seed");
            QVERIFY(cache.ok());
            core::identity::SyntheticOptions options;
            options.count = 40;
            QVERIFY((*cache)->patients().upsert(core::identity::generateSyntheticPatients(options)).ok());
            QVERIFY(ui::seedDemoCaseload(**cache, m_clock.nowUtc()).ok());
            (*cache)->lock();
        }
        m_session = std::make_unique<ui::Session>(*m_profiles);
        ui::MainWindowOptions options;
        options.preferredUser = QString::fromLatin1(kUser);
        options.clock = &m_clock;
        options.watchDesktop = false;
        options.idleLockMs = 0;
        // The trust's letterhead as its administrators set it in the system-wide settings.
        const QString conf = m_dir.filePath(QStringLiteral("Avocet.conf"));
        {
            QSettings trust(conf, QSettings::IniFormat);
            trust.setValue(QStringLiteral("letterhead/trustName"), QStringLiteral("Blackwater Valley NHS Foundation Trust (illustrative)"));
            trust.setValue(QStringLiteral("letterhead/odsCode"), QStringLiteral("Y99123"));
            trust.setValue(QStringLiteral("letterhead/address"), QStringLiteral("Riverside House, 2 Example Street, Maldon"));
            trust.setValue(QStringLiteral("letterhead/phone"), QStringLiteral("01621 000 000"));
        }
        std::vector<std::string> warnings;
        options.letterhead = print::letterheadFrom(QSettings(conf, QSettings::IniFormat), &warnings);
        QVERIFY2(warnings.empty(), warnings.empty() ? "" : warnings.front().c_str());
        QCOMPARE(QString::fromStdString(options.letterhead->odsCode), QStringLiteral("Y99123"));
        m_window = std::make_unique<MainWindow>(*m_session, options);
        m_window->resize(1280, 900);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        m_window->start();
        QTRY_COMPARE(m_window->screen(), MainWindow::Screen::Unlock);
        auto* unlock = m_window->unlockView();
        QTRY_VERIFY(!unlock->isBusy());
        QTest::keyClicks(unlock->passphraseEdit(), QString::fromLatin1(kPassphrase));
        QTest::keyClick(unlock->passphraseEdit(), Qt::Key_Return);
        QTRY_COMPARE(m_window->screen(), MainWindow::Screen::Caseload);
        QTRY_VERIFY(m_window->caseloadModel()->rowCount() > 0);
    }

    void theDischargedPatientCarriesThe24HourAlert()
    {
        auto* model = m_window->caseloadModel();
        for (int row = 0; row < model->rowCount() && m_patientId.isEmpty(); ++row)
            for (const auto& alert : model->entryAt(row)->record.alerts)
                if (alert.title == QStringLiteral("Discharge summary to the GP due"))
                    m_patientId = model->entryAt(row)->record.patient.id;
        QVERIFY2(!m_patientId.isEmpty(), "no patient with the discharge summary alert");
        m_window->openPatient(m_patientId);
        QTRY_COMPARE(m_window->screen(), MainWindow::Screen::Patient);
        QTRY_VERIFY(!m_window->patientView()->alertList()->findItems(QStringLiteral("Discharge summary to the GP due"),
                                                                     Qt::MatchContains).isEmpty());
    }

    void theDischargeSummaryOpensPrefilledFromTheRecord()
    {
        m_forms = m_window->openForms();
        QVERIFY(m_forms != nullptr);
        m_forms->resize(1280, 900);
        const QString title = QStringLiteral("Mental health inpatient discharge summary");
        QTRY_VERIFY(!m_forms->formList()->findItems(title, Qt::MatchContains).isEmpty());
        Q_EMIT m_forms->formList()->itemActivated(m_forms->formList()->findItems(title, Qt::MatchContains).front());
        QTRY_VERIFY(m_forms->formView() != nullptr);
        auto* view = m_forms->formView();
        QCOMPARE(view->completeButton()->text(), QStringLiteral("Sign off and send"));
        QCOMPARE(answerText(view, "gp-practice-ods"), QStringLiteral("Y90001"));
        QCOMPARE(answerText(view, "diagnosis"), QStringLiteral("Schizophrenia"));
        QCOMPARE(answerText(view, "legal-status-stay"), QStringLiteral("Formally detained under Mental Health Act Section 3"));
        QCOMPARE(answerText(view, "legal-status-discharge"), QStringLiteral("Informal"));
        QVERIFY(view->session().answers("s117-aftercare").at(0).value("valueBoolean", false));
        QCOMPARE(int(view->session().answers("medication").size()), 2);
        QCOMPARE(answerText(view, "care-coordinator"), QStringLiteral("Jordan Ellis, community psychiatric nurse"));
        QVERIFY(!answerText(view, "follow-up-72h").isEmpty());
        QVERIFY(!answerText(view, "discharge-date").isEmpty());
        // Nothing signed on this computer yet: the person completing the record is theirs to write,
        // never pre-filled with the account name.
        QCOMPARE(answerText(view, "completed-by"), QString());
        auto* completedBy = view->questionWidget("completed-by")->findChild<QLineEdit*>();
        QVERIFY(completedBy != nullptr);
        completedBy->setFocus();
        QTest::keyClicks(completedBy, QString::fromLatin1(kSigner));
        // What only the clinician can write, typed into the form as a clinician would.
        auto* summary = view->questionWidget("clinical-summary-text")->findChild<QPlainTextEdit*>();
        QVERIFY(summary != nullptr);
        summary->setFocus();
        QTest::keyClicks(summary, QStringLiteral("Relapse after stopping medication; settled on olanzapine. "
                                                 "Unescorted leave without incident before discharge."));
        QAbstractButton* yes = nullptr;
        for (auto* button : view->questionWidget("allergies-checked")->findChildren<QAbstractButton*>())
            if (button->text() == QStringLiteral("Yes"))
                yes = button;
        QVERIFY(yes != nullptr);
        QTest::mouseClick(yes, Qt::LeftButton);
        QTRY_VERIFY(view->completeButton()->isEnabled());
        QVERIFY(!answerText(view, "clinical-summary-text").isEmpty());
        QVERIFY(m_forms->eprPanel()->text().contains(QStringLiteral("as correspondence")));

        // Signed by a named clinician: with no name (nothing signed on this computer yet) it is refused,
        // the form stays open and nothing is queued.
        auto* panel = m_forms->eprPanel();
        QVERIFY(panel->signerNameEdit()->isVisible());
        QCOMPARE(panel->signerName(), QString());
        QSignalSpy failed(m_forms.data(), &ui::forms::FormWindow::submitFailed);
        QSignalSpy submitted(m_forms.data(), &ui::forms::FormWindow::submitted);
        QTest::mouseClick(view->completeButton(), Qt::LeftButton);
        QTRY_COMPARE(failed.count(), 1);
        QCOMPARE(submitted.count(), 0);
        QVERIFY2(panel->signerProblem().contains(QStringLiteral("Type your name")), qPrintable(panel->signerProblem()));
        QVERIFY(m_forms->formView() == view);
        QVERIFY(view->completeButton()->isEnabled());
        QVERIFY(panel->signerNameEdit()->hasFocus());
        QTest::keyClicks(panel->signerNameEdit(), QString::fromLatin1(kSigner));
        QVERIFY(panel->signerProblem().isEmpty());
        panel->signerRoleEdit()->setFocus();
        QTest::keyClicks(panel->signerRoleEdit(), QString::fromLatin1(kRole));
        QCOMPARE(panel->signerName(), QString::fromLatin1(kSigner));
        QCOMPARE(panel->signerRole(), QString::fromLatin1(kRole));
        // The pre-filled legal information in view for the picture.
        QTest::qWait(200);
        QWidget* legal = view->questionWidget("legal-status-admission");
        QScrollArea* scroll = nullptr;
        for (QWidget* up = legal; up && !scroll; up = up->parentWidget())
            scroll = qobject_cast<QScrollArea*>(up);
        QVERIFY(scroll != nullptr);
        scroll->verticalScrollBar()->setValue(legal->mapTo(scroll->widget(), QPoint(0, 0)).y() - 120);
        saveScreenshot(*m_forms, QStringLiteral("transfer-compose-discharge-summary.png"));
    }

    void signingOffQueuesItWaitingToSendUnderDocumentsSent()
    {
        QSignalSpy submitted(m_forms.data(), &ui::forms::FormWindow::submitted);
        const auto issues = m_forms->formView()->session().validate();
        QVERIFY2(issues.empty(), issues.empty() ? "" : (issues.front().linkId + ": " + issues.front().message).c_str());
        QSignalSpy failed(m_forms.data(), &ui::forms::FormWindow::submitFailed);
        QVERIFY(m_forms->formView()->completeButton()->isEnabled());
        QTest::mouseClick(m_forms->formView()->completeButton(), Qt::LeftButton);
        QTRY_VERIFY(submitted.count() + failed.count() > 0);
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.front().front().toString()));
        QCOMPARE(submitted.count(), 1);
        QVERIFY(m_forms->formView() == nullptr);
        saveScreenshot(*m_forms, QStringLiteral("transfer-signed-off.png"));
        m_forms->close();
        auto* documents = m_window->syncUi()->documentsView();
        QTRY_VERIFY(!documents->lines().isEmpty());
        const QStringList lines = documents->lines();
        QVERIFY2(lines.first().contains(QStringLiteral("version 1")), qPrintable(lines.join(QLatin1Char('\n'))));
        QVERIFY(lines.first().contains(QStringLiteral("Riverside Medical Practice (illustrative) (Y90001)")));
        QVERIFY2(lines.first().contains(QStringLiteral("signed off by Dr Amara Okafor")), qPrintable(lines.first()));
        QCOMPARE(lines.at(1), QStringLiteral("  Waiting to send from this computer"));
    }

    // What the GP receives names the clinician as they signed, on the trust's letterhead.
    void theDocumentIsSignedByTheNameAndRoleGivenOnTheTrustsLetterhead()
    {
        core::usecases::DocumentRenditions renditions;
        QString error;
        bool read = false;
        m_session->withCache<ui::Done>(
            this,
            [&renditions](core::store::Cache& cache) {
                ui::Reply<ui::Done> reply;
                auto held = core::sync::SyncStore(cache.database()).list("DocumentReference");
                if (!held || held->size() != 1) {
                    reply.code = core::ErrorCode::NotFound;
                    reply.message = QStringLiteral("one DocumentReference expected");
                    return reply;
                }
                auto found = core::usecases::documentRenditions(cache, held->front().localId);
                if (!found) {
                    reply.code = found.code();
                    reply.message = QString::fromStdString(found.message());
                    return reply;
                }
                renditions = std::move(*found);
                return reply;
            },
            [&read, &error](ui::Reply<ui::Done> reply) {
                read = true;
                error = reply.message;
            });
        QTRY_VERIFY(read);
        QVERIFY2(error.isEmpty(), qPrintable(error));

        // The FHIR document: the attester is a Practitioner with the name and role given.
        const json& bundle = renditions.bundle;
        const json& composition = bundle["entry"][0]["resource"];
        const std::string attester = composition["attester"][0]["party"].value("reference", "");
        json practitioner;
        for (const auto& entry : bundle["entry"])
            if (entry.value("fullUrl", "") == attester)
                practitioner = entry["resource"];
        QCOMPARE(QString::fromStdString(practitioner.value("resourceType", "")), QStringLiteral("Practitioner"));
        QCOMPARE(QString::fromStdString(practitioner["name"][0].value("text", "")), QString::fromLatin1(kSigner));
        QCOMPARE(QString::fromStdString(practitioner["qualification"][0]["code"].value("text", "")), QString::fromLatin1(kRole));
        QVERIFY(bundle.dump().find("Blackwater Valley NHS Foundation Trust (illustrative)") != std::string::npos);

        // The PDF, read back by pdftotext.
        QVERIFY2(!QStandardPaths::findExecutable(QStringLiteral("pdftotext")).isEmpty(),
                 "pdftotext (poppler-utils) is missing: run scripts/setup.sh");
        const QString path = m_dir.filePath(QStringLiteral("discharge-summary.pdf"));
        QFile out(path);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(renditions.pdf.data(), qint64(renditions.pdf.size()));
        out.close();
        const QString text = pdfText(path);
        QVERIFY2(!text.isEmpty(), "pdftotext read nothing");
        QVERIFY2(text.contains(QStringLiteral("Signed off by Dr Amara Okafor (Consultant psychiatrist)")), qPrintable(text.left(2000)));
        QVERIFY2(!text.contains(QString::fromLatin1(kUser)), "the account name is not a signature");
        QVERIFY(text.contains(QStringLiteral("Blackwater Valley NHS Foundation Trust (illustrative)")));
        QVERIFY(text.contains(QStringLiteral("Riverside House, 2 Example Street, Maldon")));
        QVERIFY(text.contains(QStringLiteral("Tel 01621 000 000")));
        QVERIFY(text.contains(QStringLiteral("ODS Y99123")));
        QVERIFY2(!text.contains(QStringLiteral("Avocet demo NHS Foundation Trust")), "the demo trust's letterhead");
        QFile::remove(path);
    }

    // The hub's receipt as sync leaves it in the cache (the document pushed, the practice's
    // acknowledgement pulled): accepted, shown at once under Documents sent.
    void theRecipientsAcknowledgementShowsUnderDocumentsSent()
    {
        QString error;
        QVERIFY(m_session->isUnlocked());
        bool written = false;
        m_session->withCache<ui::Done>(
            this,
            [&error](core::store::Cache& cache) {
                core::sync::SyncStore store(cache.database());
                auto held = store.list("DocumentReference");
                ui::Reply<ui::Done> reply;
                if (!held || held->size() != 1) {
                    reply.code = core::ErrorCode::NotFound;
                    return reply;
                }
                // As a push leaves it: the hub's id on the document, then its receipt pulled.
                core::sync::LocalResource document = held->front();
                document.serverId = "doc-demo-1";
                if (!store.writeResource(document).ok())
                    reply.code = core::ErrorCode::StoreQueryFailed;
                (void)cache.database().exec("DELETE FROM sync_outbox WHERE type = 'DocumentReference'");
                core::sync::LocalResource task;
                task.type = "Task";
                task.localId = "receipt-demo-1";
                task.serverId = task.localId;
                task.versionId = "3";
                task.lastUpdated = "2026-01-01T00:00:00Z";
                task.patientRef = document.patientRef;
                task.content = {
                    {"resourceType", "Task"},
                    {"identifier", json::array({{{"system", "https://fhir.avocet.example/Id/transfer-delivery-document"},
                                                 {"value", "doc-demo-1"}}})},
                    {"status", "completed"},
                    {"intent", "order"},
                    {"code", {{"coding", json::array({{{"system", "https://fhir.avocet.example/CodeSystem/task-type"},
                                                       {"code", "transfer-of-care-delivery"}}})}}},
                    {"focus", {{"reference", "DocumentReference/doc-demo-1/_history/1"}}},
                    {"businessStatus", {{"coding", json::array({{{"system", "https://fhir.avocet.example/CodeSystem/epr-delivery-state"},
                                                                 {"code", "accepted"}}})}}},
                    {"owner", {{"display", "Riverside Medical Practice (illustrative)"}}},
                    {"output", json::array({{{"type", {{"text", "deliveredAt"}}},
                                             {"valueDateTime", QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toStdString()}}})}};
                if (!store.writeResource(task).ok())
                    reply.code = core::ErrorCode::StoreQueryFailed;
                // The EPR copy (the response) pushed too, and Mobius's delivery receipt pulled.
                auto responses = store.list("QuestionnaireResponse");
                std::vector<core::sync::LocalResource> ours; // written here (the demo's EPR forms are not)
                for (auto& one : responses ? *responses : std::vector<core::sync::LocalResource>{})
                    if (one.origin == "local")
                        ours.push_back(one);
                if (ours.size() != 1) {
                    reply.code = core::ErrorCode::NotFound;
                    return reply;
                }
                core::sync::LocalResource response = ours.front();
                response.serverId = "qr-demo-1";
                response.versionId = "1";
                (void)store.writeResource(response);
                (void)cache.database().exec("DELETE FROM sync_outbox WHERE type = 'QuestionnaireResponse'");
                core::sync::LocalResource receipt = task;
                receipt.localId = "receipt-demo-2";
                receipt.serverId = receipt.localId;
                receipt.content = {
                    {"resourceType", "Task"},
                    {"identifier", json::array({{{"system", "https://fhir.avocet.example/Id/epr-delivery-response"},
                                                 {"value", "qr-demo-1"}}})},
                    {"status", "completed"},
                    {"intent", "order"},
                    {"code", {{"coding", json::array({{{"system", "https://fhir.avocet.example/CodeSystem/task-type"},
                                                       {"code", "epr-delivery"}}})}}},
                    {"focus", {{"reference", "QuestionnaireResponse/qr-demo-1/_history/1"}}},
                    {"businessStatus", {{"coding", json::array({{{"system", "https://fhir.avocet.example/CodeSystem/epr-delivery-state"},
                                                                 {"code", "delivered"}}})}}},
                    {"owner", {{"display", "Mobius"}}},
                    {"output", task.content["output"]}};
                (void)store.writeResource(receipt);
                // As the sync run ends: the record projected again.
                if (!core::sync::projectClinicalRecords(cache.database()).ok())
                    reply.code = core::ErrorCode::StoreQueryFailed;
                return reply;
            },
            [&written, &error](ui::Reply<ui::Done> reply) {
                written = reply.ok();
                error = reply.message;
            });
        QTRY_VERIFY2(written, qPrintable(error));
        m_window->openPatient(m_patientId); // as after a sync: the patient screen read again
        auto* documents = m_window->syncUi()->documentsView();
        documents->reload();
        QTRY_VERIFY(documents->lines().size() >= 2 && documents->lines().at(1).contains(QStringLiteral("Accepted by")));
        QVERIFY(documents->lines().at(1).contains(QStringLiteral("Riverside Medical Practice (illustrative)")));
        // Sent: the 24-hour alert has gone from the patient.
        QTRY_VERIFY(m_window->patientView()->alertList()->findItems(QStringLiteral("Discharge summary"), Qt::MatchContains)
                        .isEmpty());
        documents->scroll(0, 0);
        saveScreenshot(*m_window, QStringLiteral("transfer-receipts.png"));
    }

    void aRejectionShowsThePracticesReason()
    {
        ui::sync::TransferDocumentsView* documents = m_window->syncUi()->documentsView();
        ui::sync::SentDocument rejected;
        rejected.title = QStringLiteral("Outpatient clinic letter");
        rejected.recipient = QStringLiteral("Mill Lane Surgery (illustrative) (Y90002)");
        rejected.signedBy = QStringLiteral("Dr Sam Patel");
        rejected.signedAt = QDateTime::currentDateTimeUtc();
        rejected.sent = true;
        rejected.receipts.push_back({QStringLiteral("Mill Lane Surgery (illustrative)"), QStringLiteral("rejected"),
                                     QStringLiteral("Patient deducted from this practice's list"), {}});
        documents->setDocuments({rejected});
        QCOMPARE(documents->lines().at(1),
                 QStringLiteral("  Rejected by Mill Lane Surgery (illustrative): Patient deducted from this practice's list"));
    }

    // The next document offers the name and role this clinician signed with last time.
    void theNextDocumentOffersTheNameAndRoleSignedWithLastTime()
    {
        auto forms = QPointer<ui::forms::FormWindow>(m_window->openForms());
        QVERIFY(forms != nullptr);
        const QString title = QStringLiteral("Outpatient clinic letter");
        QTRY_VERIFY(!forms->formList()->findItems(title, Qt::MatchContains).isEmpty());
        Q_EMIT forms->formList()->itemActivated(forms->formList()->findItems(title, Qt::MatchContains).front());
        QTRY_VERIFY(forms->formView() != nullptr);
        QTRY_COMPARE(forms->eprPanel()->signerName(), QString::fromLatin1(kSigner));
        QCOMPARE(forms->eprPanel()->signerRole(), QString::fromLatin1(kRole));
        QCOMPARE(answerText(forms->formView(), "completed-by"), QString::fromLatin1(kSigner));
        forms->close();
    }

    void lockingClearsTheDocuments()
    {
        m_window->lockSession();
        QCOMPARE(m_window->syncUi()->documentsView()->tree()->topLevelItemCount(), 0);
    }

    void cleanupTestCase()
    {
        m_window.reset();
        m_session.reset();
    }

private:
    QTemporaryDir m_dir;
    RunClock m_clock;
    std::unique_ptr<core::store::ProfileStore> m_profiles;
    std::unique_ptr<ui::Session> m_session;
    std::unique_ptr<MainWindow> m_window;
    QPointer<ui::forms::FormWindow> m_forms;
    QString m_patientId;
};

QTEST_MAIN(TransferOfCareUiTest)
#include "TransferOfCareUiTest.moc"
