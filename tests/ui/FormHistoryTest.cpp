// Completing and amending forms, the EPR panel, the patient's forms list and harmonised history,
// and drafts surviving kill -9. Offscreen, over a real encrypted profile.
// Synthetic patients only (999 range).
#include <QApplication>
#include <QDir>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPointer>
#include <QProcess>
#include <QPushButton>
#include <QRadioButton>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include <csignal>
#include <iostream>

#include <nlohmann/json.hpp>

#include "core/forms/DraftStore.h"
#include "core/forms/QuestionnaireResponseCodec.h"
#include "core/store/Cache.h"
#include "core/store/Database.h"
#include "core/store/ProfileStore.h"
#include "core/sync/SyncStore.h"
#include "ui/Session.h"
#include "ui/forms/EprPanel.h"
#include "ui/forms/FormDrafts.h"
#include "ui/forms/FormView.h"
#include "ui/forms/FormWindow.h"
#include "ui/history/FormHistory.h"
#include "ui/history/PatientFormsView.h"

using namespace avocet;
using nlohmann::json;

namespace {

constexpr const char* kUser = "f.nightingale";
constexpr const char* kPass = "correct horse battery";
const char* const kPhq9[] = {"phq9-1", "phq9-2", "phq9-3", "phq9-4", "phq9-5", "phq9-6", "phq9-7", "phq9-8", "phq9-9"};

// A valid synthetic NHS number in the never-issued 999 range.
std::string nhsNumber(int serial)
{
    for (int n = serial;; ++n) {
        std::string digits = "999" + QStringLiteral("%1").arg(n, 6, 10, QLatin1Char('0')).toStdString();
        for (char check = '0'; check <= '9'; ++check)
            if (core::forms::QuestionnaireResponseCodec::isValidNhsNumber(digits + check))
                return digits + check;
    }
}

template <typename T>
T orEmpty(core::Result<T> result)
{
    return result ? std::move(*result) : T{};
}

template <typename T>
T onWorker(ui::Session& session, std::function<T(core::store::Cache&)> work)
{
    std::optional<T> out;
    session.withCache<T>(
        &session,
        [work](core::store::Cache& cache) {
            ui::Reply<T> reply;
            reply.value = work(cache);
            return reply;
        },
        [&](ui::Reply<T> reply) { out = reply.value; });
    [&] { QTRY_VERIFY_WITH_TIMEOUT(out.has_value(), 10000); }();
    return out.value_or(T{});
}

void saveScreenshot(QWidget& widget, const QString& name)
{
    QTest::qWait(100);
    const QImage image = widget.grab().toImage();
    for (const QString& dir : {QStringLiteral(AVOCET_SCREENSHOT_DIR), QStringLiteral(AVOCET_DOCS_SCREENSHOT_DIR)}) {
        QDir().mkpath(dir);
        QVERIFY(image.save(dir + QLatin1Char('/') + name));
    }
}

bool unlock(ui::Session& session)
{
    bool ok = false;
    bool done = false;
    session.unlock(QString::fromLatin1(kUser), QString::fromLatin1(kPass), &session, [&](ui::Reply<ui::Done> reply) {
        ok = reply.ok();
        done = true;
    });
    [&] { QTRY_VERIFY_WITH_TIMEOUT(done, 20000); }();
    return ok;
}

void addPatient(ui::Session& session, const std::string& id, const std::string& nhs, core::identity::Epr epr)
{
    onWorker<bool>(session, [=](core::store::Cache& cache) {
        core::identity::Patient p;
        p.id = id;
        p.nhsNumber = nhs;
        p.nhsVerified = true;
        p.givenName = "Test";
        p.familyName = "SYNTHETIC";
        p.birthDate = "1980-01-01";
        p.epr = epr;
        p.eprId = "SYN-" + id;
        return cache.patients().upsert({p}).ok();
    });
}

QListWidgetItem* entryStartingWith(QListWidget* list, const QString& prefix)
{
    for (int i = 0; i < list->count(); ++i)
        if (list->item(i)->text().startsWith(prefix))
            return list->item(i);
    return nullptr;
}

void openTemplate(ui::forms::FormWindow& window, const QString& title)
{
    QTRY_VERIFY(entryStartingWith(window.formList(), QStringLiteral("New: ") + title) != nullptr);
    Q_EMIT window.formList()->itemActivated(entryStartingWith(window.formList(), QStringLiteral("New: ") + title));
    QTRY_VERIFY(window.formView() != nullptr);
}

// Clicks the radio button for answer index `choice` (0-3) of each PHQ-9 item and types the date.
void answerPhq9(ui::forms::FormView& view, const int (&choices)[9])
{
    auto* date = view.questionWidget("assessment-date")->findChild<QLineEdit*>();
    QVERIFY(date);
    QTest::keyClicks(date, QStringLiteral("01/11/2026"));
    for (int i = 0; i < 9; ++i) {
        auto radios = view.questionWidget(kPhq9[i])->findChildren<QRadioButton*>();
        QVERIFY(radios.size() >= 4);
        radios[choices[i]]->click();
    }
}

json totalOf(const json& response)
{
    for (const auto& item : response.value("item", json::array()))
        if (item.value("linkId", "") == "phq9-total")
            return item["answer"][0];
    return nullptr;
}

// kill -9 child: opens the patient's PHQ-9, answers it, says so, then waits to be killed.
int runDraftChild(const QString& profiles, const QString& patientId)
{
    core::store::ProfileStore store(profiles.toStdString());
    ui::Session session(store);
    if (!unlock(session))
        return 3;
    ui::forms::FormDrafts drafts(session);
    auto* window = new ui::forms::FormWindow(drafts, patientId, QStringLiteral("TEST"));
    window->show();
    openTemplate(*window, QStringLiteral("PHQ-9"));
    if (!window->formView()) {
        std::cerr << "child: the form did not open" << std::endl;
        return 4;
    }
    const int choices[9] = {3, 2, 1, 0, 1, 2, 3, 0, 1};
    answerPhq9(*window->formView(), choices);
    std::cout << "ANSWERED" << std::endl;
    QTest::qWait(60000); // the parent kills us long before this
    return 0;
}

} // namespace

class FormHistoryTest : public QObject
{
    Q_OBJECT
public:
    QString self;

private Q_SLOTS:
    void completeAmendPanelAndHistory()
    {
        QTemporaryDir dir(QStringLiteral(AVOCET_UI_TEST_TMP "/form-history-XXXXXX"));
        QVERIFY(dir.isValid());
        core::store::ProfileStore profiles(dir.filePath(QStringLiteral("profiles")).toStdString());
        QVERIFY(profiles.create(kUser, kPass, core::crypto::KdfParams::minimal()).ok());
        ui::Session session(profiles);
        QVERIFY(unlock(session));
        const std::string parisNhs = nhsNumber(1);
        const std::string mobiusNhs = nhsNumber(200);
        addPatient(session, "pat-paris", parisNhs, core::identity::Epr::Paris);
        addPatient(session, "pat-mobius", mobiusNhs, core::identity::Epr::Mobius);
        // A SYNTHETIC native Paris PHQ-9 from last year, as the Paris EPR holds it.
        json fields = {{"PHQ_DATE", "14/03/2025"}, {"PHQ_TOTAL", 8}, {"PHQ_FUNC", "1"}, {"PHQ_BAND", "MILD"}};
        for (int i = 1; i <= 9; ++i)
            fields["PHQ_Q" + std::to_string(i)] = i == 9 ? "0" : "1";
        const json native = json::array({{{"patientId", "pat-paris"},
                                          {"mapping", "phq9-outcome/1.0.0"},
                                          {"record",
                                           {{"format", "avocet-native-payload"},
                                            {"formatVersion", 1},
                                            {"epr", "Paris"},
                                            {"form", {{"id", "PAR_PHQ9"}, {"version", "2"}}},
                                            {"recordId", "SYNTH-PAR-PHQ-TEST1"},
                                            {"recordedAt", "2025-03-14T10:30:00Z"},
                                            {"fields", fields}}}}});
        QVERIFY(onWorker<bool>(session, [native](core::store::Cache& cache) {
            return ui::history::addNativeRecords(cache, native).ok();
        }));

        // 1. Complete a PHQ-9 for the Paris patient.
        ui::forms::FormDrafts drafts(session);
        auto* window = new ui::forms::FormWindow(drafts, QStringLiteral("pat-paris"), QStringLiteral("TEST"));
        window->resize(1200, 900);
        window->show();
        QTRY_VERIFY(window->patient().id == QStringLiteral("pat-paris"));
        openTemplate(*window, QStringLiteral("PHQ-9"));
        const int choices[9] = {3, 3, 2, 2, 1, 1, 0, 0, 1}; // total 13
        answerPhq9(*window->formView(), choices);
        QTRY_VERIFY_WITH_TIMEOUT(entryStartingWith(window->formList(), QStringLiteral("Draft:")) != nullptr, 4000);
        QCOMPARE(window->eprPanel()->preview().eprs, QStringList{QStringLiteral("Paris")});
        QVERIFY(window->formView()->completeButton()->isEnabled());
        QSignalSpy submitted(window, &ui::forms::FormWindow::submitted);
        window->formView()->completeButton()->click();
        QTRY_COMPARE(submitted.count(), 1);
        const QString localId = submitted.at(0).at(0).toString();

        auto outbox = onWorker<std::vector<core::sync::OutboxRow>>(session, [](core::store::Cache& cache) {
            return orEmpty(core::sync::SyncStore(cache.database()).outbox());
        });
        // The response, and beside it the Observations its coded answers stand for.
        const auto responsesOf = [](const std::vector<core::sync::OutboxRow>& rows) {
            std::vector<core::sync::OutboxRow> responses;
            for (const auto& row : rows)
                if (row.type == "QuestionnaireResponse")
                    responses.push_back(row);
            return responses;
        };
        QVERIFY(outbox.size() > 1);
        for (const auto& row : outbox)
            QVERIFY(row.type == "QuestionnaireResponse" || row.type == "Observation");
        auto responses = responsesOf(outbox);
        QCOMPARE(responses.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(responses[0].op), QStringLiteral("create"));
        QCOMPARE(QString::fromStdString(responses[0].state), QStringLiteral("pending"));
        const json queued = onWorker<json>(session, [localId](core::store::Cache& cache) {
            auto got = core::sync::SyncStore(cache.database()).get("QuestionnaireResponse", localId.toStdString());
            return got && *got ? (*got)->content : json();
        });
        QCOMPARE(QString::fromStdString(queued.value("status", "")), QStringLiteral("completed"));
        QCOMPARE(QString::fromStdString(queued.value("questionnaire", "")),
                 QStringLiteral("https://fhir.avocet.example/Questionnaire/phq9-outcome|1.0.0"));
        QCOMPARE(QString::fromStdString(queued["subject"]["identifier"].value("value", "")), QString::fromStdString(parisNhs));
        QCOMPARE(QString::fromStdString(queued["subject"]["identifier"].value("system", "")),
                 QStringLiteral("https://fhir.nhs.uk/Id/nhs-number"));
        QVERIFY(queued.contains("authored") && queued.contains("author"));
        QCOMPARE(totalOf(queued).value("valueInteger", -1), 13);
        const auto audits = onWorker<std::vector<core::audit::AuditEvent>>(session, [](core::store::Cache& cache) {
            return orEmpty(cache.audit().events(0, 1000));
        });
        bool audited = false;
        for (const auto& event : audits)
            audited = audited || (event.action == "edit" && event.patientId == std::optional<std::string>("pat-paris") &&
                                  event.detail == "form completed: PHQ-9 outcome record");
        QVERIFY(audited);
        const auto draftsLeft = onWorker<std::size_t>(session, [](core::store::Cache& cache) {
            return orEmpty(core::forms::DraftStore(cache.database()).listForPatient("pat-paris")).size();
        });
        QCOMPARE(draftsLeft, std::size_t(0));
        QTRY_VERIFY(entryStartingWith(window->formList(), QStringLiteral("Completed: PHQ-9")) != nullptr);
        QVERIFY(entryStartingWith(window->formList(), QStringLiteral("Draft:")) == nullptr);

        // 2. Amend it after the server accepted the create (simulated): a second queued change,
        //    an update, status amended, audited.
        QVERIFY(onWorker<bool>(session, [localId](core::store::Cache& cache) {
            core::sync::SyncStore store(cache.database());
            auto got = store.get("QuestionnaireResponse", localId.toStdString());
            if (!got || !*got)
                return false;
            auto accepted = **got;
            accepted.serverId = "srv-1";
            accepted.versionId = "1";
            return store.writeResource(accepted).ok() && cache.database().exec("DELETE FROM sync_outbox").ok();
        }));
        Q_EMIT window->formList()->itemActivated(entryStartingWith(window->formList(), QStringLiteral("Completed: PHQ-9")));
        QTRY_VERIFY(window->formView() != nullptr);
        QCOMPARE(window->formView()->completeButton()->text(), QStringLiteral("Save amendment"));
        window->formView()->questionWidget("phq9-9")->findChildren<QRadioButton*>()[3]->click(); // 1 -> 3
        window->formView()->completeButton()->click();
        QTRY_COMPARE(submitted.count(), 2);
        outbox = onWorker<std::vector<core::sync::OutboxRow>>(session, [](core::store::Cache& cache) {
            return orEmpty(core::sync::SyncStore(cache.database()).outbox());
        });
        responses = responsesOf(outbox);
        QCOMPARE(responses.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(responses[0].op), QStringLiteral("update"));
        QVERIFY(responses[0].seq > 1); // a second outbox entry, after the first was sent
        const json amended = onWorker<json>(session, [localId](core::store::Cache& cache) {
            auto got = core::sync::SyncStore(cache.database()).get("QuestionnaireResponse", localId.toStdString());
            return got && *got ? (*got)->content : json();
        });
        QCOMPARE(QString::fromStdString(amended.value("status", "")), QStringLiteral("amended"));
        QCOMPARE(totalOf(amended).value("valueInteger", -1), 15);
        QCOMPARE(amended["subject"]["identifier"].value("value", ""), parisNhs);
        QTRY_VERIFY(entryStartingWith(window->formList(), QStringLiteral("Amended: PHQ-9")) != nullptr);
        // A risk assessment started and left as a draft, for the list's screenshot.
        openTemplate(*window, QStringLiteral("Risk assessment"));
        QTest::keyClicks(window->formView()->findChild<QLineEdit*>(), QStringLiteral("02/11/2026"));
        QTRY_VERIFY_WITH_TIMEOUT(entryStartingWith(window->formList(), QStringLiteral("Draft: Risk")) != nullptr, 4000);
        QVERIFY(entryStartingWith(window->formList(), QStringLiteral("Amended: PHQ-9")) != nullptr);
        saveScreenshot(*window, QStringLiteral("forms-list.png"));

        // 3. The EPR panel for a Mobius patient names Mobius and the item it cannot hold.
        auto* mobius = new ui::forms::FormWindow(drafts, QStringLiteral("pat-mobius"), QStringLiteral("TEST"));
        mobius->resize(1200, 800);
        mobius->show();
        QTRY_VERIFY(mobius->patient().id == QStringLiteral("pat-mobius"));
        openTemplate(*mobius, QStringLiteral("PHQ-9"));
        QTRY_COMPARE(mobius->eprPanel()->preview().eprs, QStringList{QStringLiteral("Mobius")});
        QCOMPARE(mobius->eprPanel()->preview().cannotHold.size(), 1);
        QVERIFY(mobius->eprPanel()->preview().cannotHold.front().contains(QStringLiteral("Mobius cannot hold")));
        QVERIFY(mobius->eprPanel()->text().contains(QStringLiteral("will be sent to Mobius")));
        saveScreenshot(*mobius, QStringLiteral("forms-epr-panel.png"));
        delete mobius;

        // 4. The harmonised history: our amended submission and the native Paris record, each with its source.
        ui::history::PatientFormsView history(session);
        history.resize(1100, 420);
        history.show();
        QSignalSpy loaded(&history, &ui::history::PatientFormsView::loaded);
        ui::PatientRow row;
        row.id = QStringLiteral("pat-paris");
        row.nhsNumber = QString::fromStdString(parisNhs);
        row.epr = QStringLiteral("Paris");
        history.showPatient(row);
        QTRY_COMPARE(loaded.count(), 1);
        QCOMPARE(history.entries().size(), 3); // the risk assessment draft, our PHQ-9, the Paris record
        int ours = -1;
        int theirs = -1;
        int draft = -1;
        for (int i = 0; i < history.entries().size(); ++i) {
            const auto kind = history.entries()[i].kind;
            (kind == ui::history::HistoryEntry::Kind::Submitted ? ours
             : kind == ui::history::HistoryEntry::Kind::Native  ? theirs
                                                                : draft) = i;
        }
        QVERIFY(ours >= 0 && theirs >= 0 && draft >= 0);
        QCOMPARE(history.entries()[ours].status, QStringLiteral("amended"));
        QCOMPARE(history.entries()[ours].source, QStringLiteral("This computer"));
        QVERIFY(history.entries()[ours].delivery.join(QString()).contains(QStringLiteral("Waiting to send")));
        QCOMPARE(history.entries()[theirs].source, QStringLiteral("Paris"));
        QCOMPARE(history.entries()[theirs].score, QStringLiteral("Total 8"));
        QCOMPARE(history.entries()[draft].status, QStringLiteral("in-progress"));
        QVERIFY(history.tree()->topLevelItem(theirs)->text(3).contains(QStringLiteral("Paris")));
        history.tree()->setCurrentItem(history.tree()->topLevelItem(theirs));
        QVERIFY(history.rendering()->toPlainText().contains(QStringLiteral("Little interest or pleasure")));
        QVERIFY(history.rendering()->toPlainText().contains(QStringLiteral("14/03/2025")));
        saveScreenshot(history, QStringLiteral("history.png"));
        delete window;
        session.lock();
    }

    void draftSurvivesKillMinus9()
    {
        QTemporaryDir dir(QStringLiteral(AVOCET_UI_TEST_TMP "/form-kill-XXXXXX"));
        QVERIFY(dir.isValid());
        const QString root = dir.filePath(QStringLiteral("profiles"));
        {
            core::store::ProfileStore profiles(root.toStdString());
            QVERIFY(profiles.create(kUser, kPass, core::crypto::KdfParams::minimal()).ok());
            ui::Session session(profiles);
            QVERIFY(unlock(session));
            addPatient(session, "pat-kill", nhsNumber(300), core::identity::Epr::Paris);
            session.lock();
            QTRY_VERIFY(!session.isUnlocked());
        }
        QProcess child;
        child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        child.start(self, {QStringLiteral("--draft-child"), root, QStringLiteral("pat-kill")});
        QVERIFY(child.waitForStarted());
        QByteArray said;
        QTRY_VERIFY_WITH_TIMEOUT((said += child.readAllStandardOutput()).contains("ANSWERED"), 30000);
        QTest::qWait(2500); // the draft is written within 1.5 s of the last change
        ::kill(pid_t(child.processId()), SIGKILL);
        QVERIFY(child.waitForFinished(5000));
        QCOMPARE(child.exitStatus(), QProcess::CrashExit);

        core::store::ProfileStore profiles(root.toStdString());
        ui::Session session(profiles);
        QVERIFY(unlock(session));
        ui::forms::FormDrafts drafts(session);
        auto* window = new ui::forms::FormWindow(drafts, QStringLiteral("pat-kill"), QStringLiteral("TEST"));
        window->show();
        QTRY_VERIFY(entryStartingWith(window->formList(), QStringLiteral("Draft: PHQ-9")) != nullptr);
        Q_EMIT window->formList()->itemActivated(entryStartingWith(window->formList(), QStringLiteral("Draft: PHQ-9")));
        QTRY_VERIFY(window->formView() != nullptr);
        const auto& form = window->formView()->session();
        QCOMPARE(form.answers("assessment-date").size(), std::size_t(1));
        const int expected[9] = {3, 2, 1, 0, 1, 2, 3, 0, 1};
        for (int i = 0; i < 9; ++i) {
            QCOMPARE(form.answers(kPhq9[i]).size(), std::size_t(1));
            auto radios = window->formView()->questionWidget(kPhq9[i])->findChildren<QRadioButton*>();
            QVERIFY(radios[expected[i]]->isChecked());
        }
        delete window;
        session.lock();
    }
};

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() >= 4 && args.at(1) == QStringLiteral("--draft-child"))
        return runDraftChild(args.at(2), args.at(3));
    FormHistoryTest test;
    test.self = app.applicationFilePath();
    return QTest::qExec(&test, argc, argv);
}

#include "FormHistoryTest.moc"
