#include "ui/forms/FormWindow.h"
#include "ui/EmbeddedResource.h"

#include <QDir>
#include <QFile>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QSplitter>
#include <QVBoxLayout>

#include "core/forms/DraftStore.h"
#include "core/forms/FormSession.h"
#include "core/forms/Questionnaire.h"
#include "core/forms/QuestionnaireResponseCodec.h"
#include "core/store/Cache.h"
#include "core/usecases/FormCatalogue.h"
#include "ui/forms/EprPanel.h"
#include "ui/forms/FormEvents.h"
#include "ui/ErrorText.h"
#include "ui/UiLog.h"
#include "ui/forms/FormDrafts.h"
#include "ui/forms/FormView.h"
#include "ui/forms/TransferSignOff.h"

namespace avocet::ui::forms {

namespace {

constexpr int kKindRole = Qt::UserRole + 1; // "draft", "response" or "template"
constexpr int kRefRole = Qt::UserRole + 2;  // draft id, local response id or template canonical

struct FormListing
{
    std::vector<core::forms::DraftSummary> drafts;
    QVector<LocalResponse> responses;
    std::vector<core::usecases::AvailableForm> forms;
    std::map<std::string, nlohmann::json> templates; // canonical -> Questionnaire, for forms
};

QString whenText(const std::string& iso)
{
    return QString::fromStdString(iso).left(16).replace(QLatin1Char('T'), QLatin1Char(' '));
}

QString qs(const std::string& s) { return QString::fromStdString(s); }

} // namespace

FormWindow::FormWindow(FormDrafts& drafts, const QString& patientId, const QString& patientLabel, QWidget* parent)
    : QWidget(parent, Qt::Window), m_drafts(drafts), m_patientId(patientId)
{
    setObjectName(QStringLiteral("formWindow"));
    setWindowTitle(tr("Forms — %1").arg(patientLabel));
    setAttribute(Qt::WA_DeleteOnClose);

    auto* splitter = new QSplitter(this);
    auto* side = new QWidget(splitter);
    auto* sideLayout = new QVBoxLayout(side);
    auto* heading = new QLabel(tr("Continue a draft or start a form"), side);
    heading->setObjectName(QStringLiteral("hint"));
    heading->setWordWrap(true);
    m_list = new QListWidget(side);
    m_list->setAccessibleName(tr("Forms for this patient"));
    sideLayout->addWidget(heading);
    sideLayout->addWidget(m_list, 1);
    splitter->addWidget(side);

    auto* formArea = new QWidget(splitter);
    m_formArea = new QVBoxLayout(formArea);
    m_formArea->setContentsMargins(0, 0, 0, 0);
    m_eprPanel = new EprPanel(formArea);
    m_eprPanel->hide();
    m_formArea->addWidget(m_eprPanel);
    m_placeholder = new QLabel(tr("Choose a form on the left. Press Enter to open it."), formArea);
    m_placeholder->setObjectName(QStringLiteral("emptyState"));
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    m_formArea->addWidget(m_placeholder);
    splitter->addWidget(formArea);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({360, 840});

    // Whose form this is, on every form (the title bar alone is easy to miss on a shared desk).
    m_banner = new QLabel(this);
    m_banner->setObjectName(QStringLiteral("formPatientBanner"));
    m_banner->setTextFormat(Qt::PlainText);
    m_banner->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_banner->setStyleSheet(QStringLiteral("QLabel#formPatientBanner { background: #005eb8; color: white; "
                                           "padding: 8px 12px; font-weight: 600; }"));
    m_banner->setText(patientLabel);
    m_banner->setAccessibleName(tr("Patient"));

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_banner);
    layout->addWidget(splitter, 1);

    connect(m_list, &QListWidget::itemActivated, this, &FormWindow::openEntry);
    // Nothing about the patient stays on screen once the session locks.
    connect(&m_drafts.session(), &Session::locked, this, &QWidget::close);
    resize(1200, 800);
    // The patient as the response's subject needs them (NHS number, EPR of record); never logged.
    m_drafts.session().withCache<PatientRow>(
        this,
        [patientId](core::store::Cache& cache) {
            Reply<PatientRow> reply;
            auto patient = cache.patients().get(patientId.toStdString());
            if (!patient) {
                reply.code = patient.code();
                reply.message = qs(patient.message());
                return reply;
            }
            reply.value = toPatientRow(*patient, QDate::currentDate());
            return reply;
        },
        [this](Reply<PatientRow> reply) {
            if (reply.ok()) {
                m_patient = reply.value;
                m_banner->setText(bannerText(m_patient));
                setWindowTitle(tr("Forms — %1").arg(m_patient.name));
            }
            refreshEprPanel();
        });
    reloadDrafts();
}

FormWindow::~FormWindow() { (void)saveNow(); }

QString FormWindow::bannerText(const PatientRow& p)
{
    QStringList parts{p.name};
    parts << (p.nhsNumber.isEmpty() ? tr("NHS number not known") : tr("NHS %1").arg(p.nhsNumber));
    parts << (p.birthDate.isValid() ? tr("Born %1 (%n y)", "date of birth and age in years", p.ageYears)
                                          .arg(QLocale::c().toString(p.birthDate, QStringLiteral("dd-MMM-yyyy")))
                                    : tr("Date of birth unknown"));
    if (!p.epr.isEmpty())
        parts << tr("Record held in %1").arg(p.epr);
    return parts.join(QStringLiteral("  ·  "));
}

QString FormWindow::openDraftId() const { return m_view ? m_view->draftId() : QString(); }

void FormWindow::openDraftById(const QString& draftId)
{
    if (!draftId.isEmpty())
        openDraft(draftId);
}

bool FormWindow::saveNow() { return m_view && m_view->saveNow(); }

FormView* FormWindow::formView() const { return m_view.data(); }

QStringList FormWindow::builtInTemplates()
{
    QStringList paths;
    const QDir dir(QStringLiteral(":/templates"));
    for (const QString& name : dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name))
        paths << dir.filePath(name);
    return paths;
}

void FormWindow::reloadDrafts()
{
    const QString patientId = m_patientId;
    m_drafts.session().withCache<FormListing>(
        this,
        [patientId](core::store::Cache& cache) {
            Reply<FormListing> reply;
            auto drafts = core::forms::DraftStore(cache.database()).listForPatient(patientId.toStdString());
            if (!drafts) {
                reply.code = drafts.code();
                reply.message = qs(drafts.message());
            } else {
                reply.value.drafts = std::move(*drafts);
            }
            // The templates to start: published from the hub and synced, or built in.
            const std::vector<nlohmann::json> builtIns = builtInTemplateDocuments();
            reply.value.responses = localResponses(cache, patientId, builtIns);
            auto forms = core::usecases::availableForms(cache, builtIns);
            if (!forms) {
                reply.code = forms.code();
                reply.message = qs(forms.message());
                return reply;
            }
            for (const auto& form : *forms)
                if (auto found = core::usecases::formTemplate(cache, form.canonical, builtIns)) {
                    reply.value.templates[form.canonical] = std::move(*found);
                    reply.value.forms.push_back(form);
                }
            return reply;
        },
        [this](Reply<FormListing> reply) {
        m_list->clear();
        if (!reply.ok())
            showMessage(ErrorText::general(reply.code, reply.message));
        for (const auto& draft : reply.value.drafts) {
            auto* entry = new QListWidgetItem(tr("Draft: %1 (saved %2)")
                                                  .arg(qs(draft.title.empty() ? draft.questionnaire : draft.title),
                                                       whenText(draft.updatedAt)),
                                              m_list);
            entry->setData(kKindRole, QStringLiteral("draft"));
            entry->setData(kRefRole, qs(draft.id));
        }
        m_responses = reply.value.responses;
        for (const auto& response : m_responses) {
            const QString when = whenText(response.authored.toStdString());
            QString text = response.status == QLatin1String("amended") ? tr("Amended: %1 (%2)").arg(response.title, when)
                                                                       : tr("Completed: %1 (%2)").arg(response.title, when);
            if (response.waiting)
                text += tr(" — waiting to send");
            auto* entry = new QListWidgetItem(text, m_list);
            entry->setData(kKindRole, QStringLiteral("response"));
            entry->setData(kRefRole, response.localId);
            entry->setToolTip(tr("Open to read or amend"));
        }
        m_templates = std::move(reply.value.templates);
        for (const auto& form : reply.value.forms) {
            auto* entry = new QListWidgetItem(tr("New: %1 (version %2)").arg(qs(form.title), qs(form.version)), m_list);
            entry->setData(kKindRole, QStringLiteral("template"));
            entry->setData(kRefRole, qs(form.canonical));
            entry->setToolTip(form.source == "published" ? tr("Published by the trust's change managers")
                                                         : tr("Built into Avocet"));
        }
        if (m_list->count() > 0)
            m_list->setCurrentRow(0);
    });
}

void FormWindow::openEntry(QListWidgetItem* entry)
{
    if (!entry)
        return;
    if (entry->data(kKindRole).toString() == QLatin1String("draft"))
        openDraft(entry->data(kRefRole).toString());
    else if (entry->data(kKindRole).toString() == QLatin1String("response"))
        openResponse(entry->data(kRefRole).toString());
    else
        openTemplate(entry->data(kRefRole).toString());
}

void FormWindow::openTemplate(const QString& canonical)
{
    const auto found = m_templates.find(canonical.toStdString());
    if (found == m_templates.end())
        return showMessage(tr("That form is no longer offered. Choose another from the list."));
    auto q = core::forms::Questionnaire::fromJson(found->second);
    if (!q) {
        showMessage(tr("This form could not be opened: %1").arg(qs(q.message())));
        return;
    }
    auto open = [this](const core::forms::Questionnaire& form, const core::forms::SessionOptions& options) {
        auto session = core::forms::FormSession::open(form, options);
        if (!session) {
            showMessage(tr("This form could not be opened: %1").arg(qs(session.message())));
            return;
        }
        auto* view = new FormView(std::move(*session));
        view->attachDrafts(&m_drafts, qs(core::forms::DraftStore::newId()), m_patientId);
        m_amending.clear();
        showForm(view);
    };
    if (!isTransferDocument(found->second))
        return open(*q, {});
    // A discharge summary, letter or notice starts from the patient's record held here.
    const nlohmann::json form = found->second;
    const QString patientId = m_patientId;
    const QString user = m_drafts.session().user();
    const DocumentSigner typed{m_eprPanel->signerName(), m_eprPanel->signerRole()};
    const core::documents::Sender letterhead = m_letterhead;
    m_drafts.session().withCache<std::map<std::string, nlohmann::json>>(
        this,
        [patientId, user, form, typed, letterhead](core::store::Cache& cache) {
            // The person completing the record is the signer as last signed (or as typed here).
            DocumentSigner signer = typed;
            if (signer.name.isEmpty())
                if (auto remembered = rememberedSigner(cache); remembered.ok())
                    signer = remembered.value;
            return documentLaunchContext(cache, patientId, user, signer, letterhead, form);
        },
        [open, form = *q, this](Reply<std::map<std::string, nlohmann::json>> reply) {
            if (!reply.ok()) {
                showMessage(ErrorText::general(reply.code, reply.message));
                return;
            }
            core::forms::SessionOptions options;
            options.launchContext = std::move(reply.value);
            open(form, options);
        });
}

void FormWindow::openDraft(const QString& draftId)
{
    m_drafts.load(draftId, this, [this, draftId](Reply<std::optional<core::forms::Draft>> reply) {
        if (!reply.ok() || !reply.value) {
            showMessage(reply.ok() ? tr("That draft is no longer on this computer.")
                                   : ErrorText::general(reply.code, reply.message));
            return;
        }
        // The draft reopens on the template version it was started on, whatever is installed now.
        auto session = core::forms::DraftStore::restore(*reply.value);
        if (!session) {
            showMessage(tr("This draft could not be reopened: %1").arg(qs(session.message())));
            return;
        }
        auto* view = new FormView(std::move(*session));
        view->attachDrafts(&m_drafts, draftId, m_patientId);
        m_amending.clear();
        showForm(view);
    });
}

void FormWindow::showForm(FormView* view)
{
    if (m_view)
        delete m_view.data(); // saves its draft first
    m_placeholder->hide();
    m_view = view;
    m_formArea->addWidget(view, 1);
    refreshEprPanel();
    m_eprPanel->show();
    const bool transfer = isTransferDocument(view->session().questionnaire().json());
    if (transfer) {
        view->completeButton()->setText(m_amending.isEmpty() ? tr("Sign off and send")
                                                             : tr("Sign off the amended version"));
        m_eprPanel->showSignerProblem({});
        offerRememberedSigner();
    }
    else if (!m_amending.isEmpty())
        view->completeButton()->setText(tr("Save amendment"));
    connect(view, &FormView::completed, this, &FormWindow::submitOpenForm);
    connect(view, &FormView::draftSaved, this, [this] {
        if (m_list->findItems(tr("Draft:"), Qt::MatchStartsWith).isEmpty())
            reloadDrafts();
    });
    view->setFocus();
}

void FormWindow::refreshEprPanel()
{
    if (!m_view || !m_eprPanel)
        return;
    // The preview uses exactly the mappings the submission will be pinned to (synced from the hub);
    // until they are read, and on a profile that holds none, the ones shipped with Avocet.
    const nlohmann::json form = m_view->session().questionnaire().json();
    if (isTransferDocument(form))
        return m_eprPanel->showTransfer(form, m_patient.epr);
    m_eprPanel->showFor(form, m_patient.epr);
    const std::string canonical = form.value("url", "") + "|" + form.value("version", "");
    QPointer<FormView> view = m_view;
    m_drafts.session().withCache<core::usecases::PinnedMappings>(
        this,
        [canonical](core::store::Cache& cache) {
            Reply<core::usecases::PinnedMappings> reply;
            auto pins = core::usecases::mappingsToPin(cache, canonical);
            if (!pins) {
                reply.code = pins.code();
                reply.message = qs(pins.message());
                return reply;
            }
            reply.value = std::move(*pins);
            return reply;
        },
        [this, view, form](Reply<core::usecases::PinnedMappings> reply) {
            if (!reply.ok() || !view || view != m_view)
                return;
            m_eprPanel->showFor(form, m_patient.epr, &reply.value);
        });
}

void FormWindow::showMessage(const QString& text)
{
    m_placeholder->setText(text);
    m_placeholder->show();
}

void FormWindow::openResponse(const QString& localId)
{
    const LocalResponse* found = nullptr;
    for (const auto& response : m_responses)
        if (response.localId == localId)
            found = &response;
    if (!found)
        return showMessage(tr("That form is no longer on this computer."));
    const nlohmann::json& form = found->form;
    auto q = core::forms::Questionnaire::fromJson(form);
    if (!form.is_object() || !q)
        return showMessage(tr("The version of the form this was completed on is not installed here, so it cannot be amended."));
    auto session = core::forms::FormSession::open(*q);
    if (!session)
        return showMessage(tr("This form could not be opened: %1").arg(qs(session.message())));
    auto loaded = core::forms::QuestionnaireResponseCodec::read(*session, found->content);
    if (!loaded)
        return showMessage(tr("This form could not be opened: %1").arg(qs(loaded.message())));
    // An amendment has no draft of its own: it is saved when Save amendment is pressed.
    auto* view = new FormView(std::move(*session));
    m_amending = localId;
    showForm(view);
}

void FormWindow::submitOpenForm()
{
    namespace cf = core::forms;
    FormView* view = m_view.data();
    if (!view)
        return;
    const std::string nhs = [this] {
        std::string digits;
        for (const QChar c : m_patient.nhsNumber)
            if (c.isDigit())
                digits.push_back(char(c.unicode()));
        return digits;
    }();
    if (!cf::QuestionnaireResponseCodec::isValidNhsNumber(nhs)) {
        showMessage(tr("This patient has no valid NHS number on this computer, so the form cannot be sent. "
                       "It is kept as a draft."));
        Q_EMIT submitFailed(tr("no NHS number"));
        return;
    }
    const LocalResponse* amended = nullptr;
    for (const auto& response : m_responses)
        if (!m_amending.isEmpty() && response.localId == m_amending)
            amended = &response;
    cf::ResponseHeader header;
    header.status = amended ? cf::ResponseStatus::Amended : cf::ResponseStatus::Completed;
    const cf::ResponseStatus from =
        amended ? cf::responseStatusFromCode(amended->status.toStdString()).value_or(cf::ResponseStatus::EnteredInError)
                : cf::ResponseStatus::InProgress;
    if (core::Status allowed = cf::QuestionnaireResponseCodec::checkTransition(from, header.status); !allowed) {
        showMessage(tr("This form cannot be changed: %1").arg(qs(allowed.message())));
        Q_EMIT submitFailed(qs(allowed.message()));
        return;
    }
    header.nhsNumber = nhs;
    header.author = {{"identifier", {{"system", "urn:avocet:user"}, {"value", m_drafts.session().user().toStdString()}}},
                     {"display", m_drafts.session().user().toStdString()}};
    if (amended)
        header.id = amended->content.value("id", "");
    // Written again from the engine: validated, scores recomputed, questionnaire = url|version.
    auto response = cf::QuestionnaireResponseCodec::write(view->session(), header);
    if (!response) {
        view->showAllIssues();
        return;
    }
    const QString title = qs(view->session().questionnaire().title());
    const QString draftId = view->draftId();
    const QString amending = m_amending;
    const QString patientId = m_patientId;
    if (isTransferDocument(view->session().questionnaire().json()))
        return signOffOpenDocument(std::move(*response));
    // No draft may be written after this: the draft is deleted in the same transaction.
    view->attachDrafts(nullptr, {}, {});
    view->completeButton()->setEnabled(false);
    const QStringList eprs = m_eprPanel->preview().eprs;
    // The template answered: its coded items become Observations queued with the response, so a
    // score acts on this computer at once (the patient's alerts), before any sync.
    nlohmann::json form = view->session().questionnaire().json();
    m_drafts.session().withCache<QString>(
        this,
        [patientId, draftId, amending, title, body = std::move(*response),
         form = std::move(form)](core::store::Cache& cache) mutable {
            if (amending.isEmpty())
                return queueCompleted(cache, patientId, draftId, title, std::move(body), std::move(form));
            auto done = queueAmended(cache, patientId, amending, title, std::move(body), form);
            Reply<QString> reply;
            reply.code = done.code;
            reply.message = done.message;
            reply.value = amending;
            return reply;
        },
        [this, title, amending, eprs](Reply<QString> reply) {
            if (!reply.ok()) {
                if (m_view)
                    m_view->completeButton()->setEnabled(true);
                showMessage(ErrorText::general(reply.code, reply.message));
                Q_EMIT submitFailed(reply.message);
                return;
            }
            if (m_view)
                delete m_view.data();
            m_amending.clear();
            m_eprPanel->hide();
            const QString epr = eprs.join(tr(" and "));
            QString where;
            if (eprs.isEmpty())
                where = tr("It is kept on this computer and will be sent when the patient has an EPR record.");
            else if (!m_syncSetUp)
                where = tr("It is kept safely on this computer. Sync is not set up yet, so it will be sent to %1 "
                           "once you sign in to the trust's server (Sync ▸ Server and sign-in…).")
                            .arg(epr);
            else
                where = tr("It is waiting on this computer and will be sent to %1 at the next sync (soon, when "
                           "the network is available). Its delivery shows on the patient's screen under "
                           "Submissions and EPR delivery.")
                            .arg(epr);
            showMessage((amending.isEmpty() ? tr("“%1” is complete.").arg(title) : tr("The amendment to “%1” is saved.").arg(title)) +
                        QLatin1Char(' ') + where);
            reloadDrafts();
            FormEvents::instance().notifyChanged(m_patientId);
            Q_EMIT submitted(reply.value);
        });
}

void FormWindow::offerRememberedSigner()
{
    m_drafts.session().withCache<DocumentSigner>(
        this, [](core::store::Cache& cache) { return rememberedSigner(cache); },
        [this](Reply<DocumentSigner> reply) {
            if (reply.ok())
                m_eprPanel->setSigner(reply.value.name, reply.value.role);
        });
}

void FormWindow::signOffOpenDocument(nlohmann::json response)
{
    FormView* view = m_view.data();
    if (!view)
        return;
    // Signed by a clinician by name, as it appears to the GP or social worker; never the account.
    const DocumentSigner signer{m_eprPanel->signerName(), m_eprPanel->signerRole()};
    if (signer.name.isEmpty()) {
        const QString problem = tr("Type your name as you sign (and your role) above before signing off.");
        m_eprPanel->showSignerProblem(problem);
        view->completeButton()->setEnabled(true);
        m_eprPanel->signerNameEdit()->setFocus();
        Q_EMIT submitFailed(problem);
        return;
    }
    m_eprPanel->showSignerProblem({});
    const QString title = qs(view->session().questionnaire().title());
    const QString draftId = view->draftId();
    const QString amending = m_amending;
    const QString patientId = m_patientId;
    const QString user = m_drafts.session().user();
    const core::documents::Sender letterhead = m_letterhead;
    nlohmann::json form = view->session().questionnaire().json();
    view->attachDrafts(nullptr, {}, {});
    view->completeButton()->setEnabled(false);
    m_drafts.session().withCache<SignedOff>(
        this,
        [patientId, draftId, user, signer, letterhead, amending, form = std::move(form), body = std::move(response)](
            core::store::Cache& cache) mutable {
            return signOffDocument(cache, patientId, draftId, user, signer, letterhead, std::move(form),
                                   std::move(body), amending);
        },
        [this, title](Reply<SignedOff> reply) {
            if (!reply.ok()) {
                if (m_view) {
                    m_view->completeButton()->setEnabled(true);
                    m_view->attachDrafts(&m_drafts, m_view->draftId(), m_patientId);
                }
                showMessage(ErrorText::general(reply.code, reply.message));
                Q_EMIT submitFailed(reply.message);
                return;
            }
            if (m_view)
                delete m_view.data();
            m_amending.clear();
            m_eprPanel->hide();
            const QString where =
                m_syncSetUp ? tr("It is waiting on this computer and goes to %1 at the next sync; a copy is filed in "
                                 "the patient's EPR. What the recipient says shows on the patient's screen under "
                                 "Documents sent.")
                                  .arg(reply.value.recipient)
                            : tr("It is kept safely on this computer. Sync is not set up yet, so it goes to %1 once "
                                 "you sign in to the trust's server (Sync ▸ Server and sign-in…).")
                                  .arg(reply.value.recipient);
            showMessage((reply.value.version > 1 ? tr("Version %1 of “%2” is signed off.").arg(reply.value.version).arg(title)
                                                 : tr("“%1” is signed off.").arg(title)) +
                        QLatin1Char(' ') + where);
            reloadDrafts();
            FormEvents::instance().notifyChanged(m_patientId);
            Q_EMIT submitted(reply.value.responseLocalId);
        });
}

} // namespace avocet::ui::forms
