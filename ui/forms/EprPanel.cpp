#include "ui/forms/EprPanel.h"

#include <QFile>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

#include "core/identity/EprRouting.h"
#include "core/mapping/Coverage.h"
#include "core/mapping/TemplateOutline.h"
#include "ui/forms/FormRecords.h"

namespace avocet::ui::forms {

namespace {

using nlohmann::json;

QString q(const std::string& text) { return QString::fromStdString(text); }

core::Result<core::identity::RoutingRules> shippedRules()
{
    QFile file(QStringLiteral(":/epr/routing.json"));
    if (!file.open(QIODevice::ReadOnly))
        return core::makeError(core::ErrorCode::NotFound, "routing rules are not installed");
    const QByteArray text = file.readAll();
    return core::identity::RoutingRules::parse(json::parse(text.constData(), text.constData() + text.size(), nullptr, false),
                                               "routing.json");
}

// Coverage details name the mapping's policy codes; say what they mean instead.
QString plainDetail(const std::string& detail)
{
    QString text = q(detail);
    text.replace(QStringLiteral("(truncateAndAttach)"), EprPanel::tr("and the full text is attached"));
    text.replace(QStringLiteral("(truncate)"), EprPanel::tr("and the rest is cut off"));
    text.replace(QStringLiteral("(reject)"), EprPanel::tr("and completing is refused"));
    return text;
}

} // namespace

EprPreview previewSubmission(const json& questionnaire, const QString& patientEpr,
                             const core::usecases::PinnedMappings* hub)
{
    EprPreview preview;
    const auto epr = core::identity::eprFromName(patientEpr.toStdString());
    if (!epr) {
        preview.problems << EprPanel::tr("This patient has no EPR of record, so the form cannot be sent to one. "
                                         "It will be kept and sent once a record is linked.");
        return preview;
    }
    auto rules = shippedRules();
    if (!rules) {
        preview.problems << EprPanel::tr("The routing rules are missing, so it is not known where this form goes.");
        return preview;
    }
    // Routed as the trust-wide rule does: to every EPR that holds the patient's record.
    const core::identity::RoutingRule* rule = nullptr;
    for (const auto& candidate : rules->rules())
        if (candidate.ofRecord && !rule)
            rule = &candidate;
    core::identity::Patient record;
    record.epr = *epr;
    auto decision = core::identity::routeSubmission(*rules, rule ? rule->service : std::string(), {record});
    if (!decision) {
        preview.problems << EprPanel::tr("It is not known where this form goes: %1").arg(q(decision.message()));
        return preview;
    }
    for (const auto& message : decision->unroutable)
        preview.problems << q(message);
    auto outline = core::mapping::readTemplate(questionnaire, "template");
    for (const auto& target : decision->targets) {
        const QString name = q(core::identity::eprName(target.epr));
        preview.eprs << name;
        if (!outline)
            continue;
        core::Result<core::mapping::EprMapping> mapping =
            core::makeError(core::ErrorCode::NotFound, "no mapping");
        if (hub && hub->held) {
            // Exactly the mapping the submission will be pinned to, as the hub published it.
            const json* pinned = nullptr;
            for (const auto& document : hub->pinned)
                if (QString::fromStdString(document.value("epr", "")).compare(name, Qt::CaseInsensitive) == 0)
                    pinned = &document;
            if (!pinned) {
                preview.problems << EprPanel::tr("The trust's server has no mapping of this version of the form into "
                                                 "%1, so it cannot be sent there yet.")
                                        .arg(name);
                continue;
            }
            mapping = checkedMapping(*pinned, "mapping " + pinned->value("id", std::string()), target.epr);
            if (mapping)
                preview.mappings << EprPanel::tr("%1: mapping %2 version %3, from the trust's server")
                                        .arg(name, q(pinned->value("id", "")), q(pinned->value("version", "")));
        } else {
            mapping = shippedMapping(outline->url, outline->version, target.epr);
            if (mapping)
                preview.mappings << EprPanel::tr("%1: mapping shipped with Avocet").arg(name);
        }
        if (!mapping) {
            preview.problems << EprPanel::tr("%1 has no mapping for this form yet, so it cannot be sent there.").arg(name);
            continue;
        }
        const auto coverage = core::mapping::assessCoverage(*outline, *mapping);
        for (const auto& item : coverage.items) {
            const QString label = q(item.text.empty() ? item.linkId : item.text);
            if (item.status == "unmapped")
                preview.cannotHold << EprPanel::tr("“%1”: %2 cannot hold this answer, so it will not be sent there (%3).")
                                          .arg(label, name, plainDetail(item.detail));
            else if (item.status == "missing")
                preview.cannotHold << EprPanel::tr("“%1”: %2 has no place for this answer; completing will be refused "
                                                   "if it is answered.")
                                          .arg(label, name);
            else if (item.status == "lossy")
                preview.cannotHold << EprPanel::tr("“%1”: %2 holds this answer only in part (%3).")
                                          .arg(label, name, plainDetail(item.detail));
        }
        for (const auto& problem : coverage.problems)
            preview.problems << q(problem);
    }
    return preview;
}

EprPanel::EprPanel(QWidget* parent) : QFrame(parent)
{
    setObjectName(QStringLiteral("eprPanel"));
    setFrameShape(QFrame::StyledPanel);
    setStyleSheet(QStringLiteral("#eprPanel { background: #eef7ff; border: 1px solid #005eb8; border-radius: 4px; }"));
    m_heading = new QLabel(this);
    m_heading->setStyleSheet(QStringLiteral("font-weight: 600;"));
    m_heading->setWordWrap(true);
    m_body = new QLabel(this);
    m_body->setWordWrap(true);
    m_body->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_body->setFocusPolicy(Qt::TabFocus);
    m_body->setAccessibleName(tr("Where this form will be sent"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 8, 10, 8);
    layout->setSpacing(4);
    layout->addWidget(m_heading);
    layout->addWidget(m_body);

    // A transfer-of-care document is signed by a named clinician with their role and grade.
    m_signer = new QWidget(this);
    auto* signer = new QFormLayout(m_signer);
    signer->setContentsMargins(0, 4, 0, 0);
    m_signerName = new QLineEdit(m_signer);
    m_signerName->setObjectName(QStringLiteral("signerName"));
    m_signerName->setPlaceholderText(tr("Your name as you sign, e.g. Dr Amara Okafor"));
    m_signerName->setAccessibleName(tr("Signed off by"));
    m_signerRole = new QLineEdit(m_signer);
    m_signerRole->setObjectName(QStringLiteral("signerRole"));
    m_signerRole->setPlaceholderText(tr("e.g. Consultant psychiatrist"));
    m_signerRole->setAccessibleName(tr("Role and grade"));
    signer->addRow(tr("Signed off by:"), m_signerName);
    signer->addRow(tr("Role and grade:"), m_signerRole);
    m_signerProblem = new QLabel(m_signer);
    m_signerProblem->setObjectName(QStringLiteral("signerProblem"));
    m_signerProblem->setStyleSheet(QStringLiteral("color: #d5281b; font-weight: 600;"));
    m_signerProblem->setWordWrap(true);
    m_signerProblem->hide();
    signer->addRow(m_signerProblem);
    connect(m_signerName, &QLineEdit::textEdited, this, [this] {
        if (!signerName().isEmpty())
            showSignerProblem({});
    });
    layout->addWidget(m_signer);
    m_signer->hide();
}

QString EprPanel::signerName() const { return m_signerName->text().trimmed(); }

QString EprPanel::signerRole() const { return m_signerRole->text().trimmed(); }

void EprPanel::setSigner(const QString& name, const QString& role)
{
    if (m_signerName->text().trimmed().isEmpty())
        m_signerName->setText(name);
    if (m_signerRole->text().trimmed().isEmpty())
        m_signerRole->setText(role);
}

void EprPanel::showSignerProblem(const QString& problem)
{
    m_signerProblem->setText(problem);
    m_signerProblem->setVisible(!problem.isEmpty());
}

QString EprPanel::signerProblem() const { return m_signerProblem->isVisible() ? m_signerProblem->text() : QString(); }

void EprPanel::showFor(const json& questionnaire, const QString& patientEpr, const core::usecases::PinnedMappings* hub)
{
    m_preview = previewSubmission(questionnaire, patientEpr, hub);
    m_signer->hide();
    m_heading->setText(m_preview.eprs.isEmpty()
                           ? tr("When completed, this form will not be sent to an EPR yet.")
                           : tr("When completed, this form will be sent to %1.").arg(m_preview.eprs.join(tr(" and "))));
    QStringList lines;
    for (const QString& line : m_preview.problems)
        lines << QStringLiteral("⚠ ") + line;
    if (m_preview.cannotHold.isEmpty() && !m_preview.eprs.isEmpty())
        lines << tr("Every answer has a place there.");
    for (const QString& line : m_preview.cannotHold)
        lines << QStringLiteral("• ") + line;
    m_body->setText(lines.join(QLatin1Char('\n')));
    m_body->setToolTip(m_preview.mappings.join(QLatin1Char('\n')));
    m_heading->setAccessibleName(m_heading->text());
}

void EprPanel::showTransfer(const json& questionnaire, const QString& patientEpr)
{
    // A document goes to its recipient whole (the FHIR document and its PDF); the EPR files the same
    // document as correspondence, so listing every item as "held in part" would only be noise.
    m_preview = previewSubmission(questionnaire, patientEpr, nullptr);
    m_heading->setText(tr("When signed off, this document goes to the recipient named in it (the GP practice, or the "
                          "social care team) at the next sync."));
    QStringList lines;
    lines << (m_preview.eprs.isEmpty()
                  ? tr("No EPR holds a record for this patient yet: the EPR copy is filed once one does.")
                  : tr("A copy is filed in %1 as correspondence.").arg(m_preview.eprs.join(tr(" and "))));
    lines << tr("What the recipient says (accepted, or rejected with its reason) shows on the patient's screen under "
                "Documents sent.");
    m_body->setText(lines.join(QLatin1Char('\n')));
    m_body->setToolTip(m_preview.mappings.join(QLatin1Char('\n')));
    m_heading->setAccessibleName(m_heading->text());
    m_signer->show();
}

QString EprPanel::text() const { return m_heading->text() + QLatin1Char('\n') + m_body->text(); }

} // namespace avocet::ui::forms
