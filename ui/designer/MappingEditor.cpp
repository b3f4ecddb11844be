#include "ui/designer/MappingEditor.h"

#include <QComboBox>
#include <QDateEdit>
#include <QDialog>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

#include <map>
#include <set>

#include "core/mapping/Coverage.h"
#include "core/mapping/EprMapping.h"
#include "core/mapping/TemplateOutline.h"
#include "ui/ActionGuard.h"
#include "ui/designer/DesignerDocument.h"
#include "ui/designer/JsonFields.h"

namespace avocet::ui::designer {

namespace {

using nlohmann::json;
namespace mapping = core::mapping;

QString qs(const std::string& text) { return QString::fromStdString(text); }
std::string ss(const QString& text) { return text.toStdString(); }


enum Column { LinkId, Text, Type, Policy, Field, Status, Columns };

std::string lowerAscii(std::string text)
{
    for (auto& c : text)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

std::string templateId(const json& questionnaire)
{
    const std::string url = fields::text(questionnaire, "url");
    const auto slash = url.find_last_of('/');
    return slash == std::string::npos ? url : url.substr(slash + 1);
}

} // namespace

MappingEditor::MappingEditor(DesignerDocument& document, const QString& epr, const json& catalogue, QWidget* parent)
    : QWidget(parent), m_document(document), m_epr(epr), m_catalogueJson(catalogue)
{
    setObjectName(QStringLiteral("mappingEditor-") + epr);
    if (auto parsed = mapping::parseCatalogue(catalogue, ss(epr) + " catalogue"); parsed.ok())
        m_catalogue = *parsed;
    auto* layout = new QVBoxLayout(this);
    m_illustrative = new QLabel(this);
    m_illustrative->setWordWrap(true);
    m_illustrative->setStyleSheet(QStringLiteral("color: #8a5a00;"));
    m_illustrative->setText(m_catalogue ? qs(m_catalogue->illustrative) : tr("The %1 catalogue could not be read.").arg(epr));
    layout->addWidget(m_illustrative);
    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("%1 native form:").arg(epr), this));
    m_form = new QComboBox(this);
    // Long form titles are elided in the box (the list shows them whole), so the tab never needs
    // more width than the screen has.
    m_form->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_form->setMinimumContentsLength(18);
    if (m_catalogue)
        for (const auto& nativeForm : m_catalogue->forms)
            m_form->addItem(QStringLiteral("%1 v%2 — %3").arg(qs(nativeForm.id), qs(nativeForm.version), qs(nativeForm.title)),
                            qs(nativeForm.id));
    top->addWidget(m_form, 1);
    m_create = new QPushButton(tr("Map to this form"), this);
    top->addWidget(m_create);
    layout->addLayout(top);
    m_coverage = new QLabel(this);
    m_coverage->setObjectName(QStringLiteral("coverage"));
    m_coverage->setWordWrap(true);
    layout->addWidget(m_coverage);

    auto* split = new QSplitter(Qt::Horizontal, this);
    m_items = new QTableWidget(0, Columns, split);
    m_items->setHorizontalHeaderLabels({tr("Item"), tr("Question"), tr("Type"), tr("Policy"), tr("%1 field").arg(epr), tr("Coverage")});
    m_items->horizontalHeader()->setSectionResizeMode(Text, QHeaderView::Stretch);
    m_items->verticalHeader()->hide();
    m_items->setSelectionBehavior(QAbstractItemView::SelectRows);
    auto* right = new QWidget(split);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(new QLabel(tr("Native fields (✔ filled, ✖ never filled)"), right));
    m_fields = new QListWidget(right);
    rightLayout->addWidget(m_fields);
    split->addWidget(m_items);
    split->addWidget(right);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    layout->addWidget(split, 1);
    auto* bottom = new QHBoxLayout;
    auto* codes = new QPushButton(tr("Code map…"), this);
    bottom->addWidget(codes);
    m_signOffButton = new QPushButton(tr("Clinical sign-off…"), this);
    m_signOffButton->setObjectName(QStringLiteral("signOffButton"));
    m_signOffButton->setToolTip(tr("Record who accepted what this entry loses in the EPR's copy, when and why. "
                                   "An entry that loses information cannot be published without it."));
    bottom->addWidget(m_signOffButton);
    m_problems = new QLabel(this);
    m_problems->setWordWrap(true);
    m_problems->setStyleSheet(QStringLiteral("color: #b00020;"));
    bottom->addWidget(m_problems, 1);
    layout->addLayout(bottom);

    // Behind the action guard, like every designer action: a failure is a message, nothing more.
    connect(m_create, &QPushButton::clicked, this,
            guardedSlot(this, tr("Map to this form"), [this](auto&&...) { createMapping(m_form->currentData().toString()); }));
    connect(codes, &QPushButton::clicked, this, guardedSlot(this, tr("Code map"), [this](auto&&...) {
        const int row = m_items->currentRow();
        if (row >= 0 && m_items->item(row, LinkId))
            editCodes(m_items->item(row, LinkId)->text());
    }));
    connect(m_signOffButton, &QPushButton::clicked, this,
            guardedSlot(this, tr("Clinical sign-off"), [this](auto&&...) { signOffSelected(); }));
    connect(m_items, &QTableWidget::currentCellChanged, this, [this] { updateSignOffButton(); });
    connect(&m_document, &DesignerDocument::changed, this,
            guardedSlot(this, tr("Show the %1 mapping").arg(epr), [this](auto&&...) { documentChanged(); }));
    reload();
}

json MappingEditor::skeleton(const json& questionnaire, const std::string& epr, const std::string& nativeForm)
{
    const std::string version = fields::text(questionnaire, "version", "0.1.0");
    return json{{"format", "avocet-epr-mapping"},
                {"formatVersion", 1},
                {"id", templateId(questionnaire) + "." + lowerAscii(epr)},
                {"version", "1.0.0"},
                {"title", fields::text(questionnaire, "title") + " -> " + epr},
                {"status", "draft"},
                {"illustrative", "ILLUSTRATIVE: maps onto the invented demo " + epr +
                                     " catalogue; the real catalogue is not public."},
                {"epr", epr},
                {"template", {{"url", fields::text(questionnaire, "url")}, {"version", version}, {"fits", "~" + version}}},
                {"catalogue", "../../../epr/" + lowerAscii(epr) + ".json"},
                {"nativeForm", nativeForm},
                {"entries", json::array()}};
}

json MappingEditor::mapping() const
{
    // Only a mapping document (an object) counts; anything else reads as no mapping yet.
    const auto found = m_document.state().mappings.find(ss(m_epr));
    return found == m_document.state().mappings.end() || !found->second.is_object() ? json() : found->second;
}

const mapping::NativeForm* MappingEditor::form() const
{
    const json doc = mapping();
    if (!m_catalogue || doc.is_null())
        return nullptr;
    return m_catalogue->form(fields::text(doc, "nativeForm"));
}

void MappingEditor::createMapping(const QString& nativeForm)
{
    json doc = mapping();
    if (doc.is_null())
        doc = skeleton(m_document.questionnaire(), ss(m_epr), ss(nativeForm));
    else
        doc["nativeForm"] = ss(nativeForm);
    m_document.setMapping(tr("Map to %1 %2").arg(m_epr, nativeForm), ss(m_epr), doc);
}

bool MappingEditor::setEntry(const QString& linkId, const QString& policy, const QString& field, const QString& reason)
{
    json doc = mapping();
    auto outline = core::mapping::readTemplate(m_document.questionnaire(), "template");
    if (doc.is_null() || !outline.ok())
        return false;
    const mapping::TemplateItem* item = outline->find(ss(linkId));
    if (!item)
        return false;
    json entry{{"linkId", item->linkId}, {"type", item->type}};
    if (!item->groupPath.empty())
        entry["groupPath"] = item->groupPath;
    entry["label"] = item->text.empty() ? item->linkId : item->text;
    if (policy != QStringLiteral("map"))
        entry["policy"] = ss(policy);
    const mapping::NativeForm* nativeForm = form();
    const mapping::NativeField* target = nativeForm && !field.isEmpty() ? nativeForm->field(ss(field)) : nullptr;
    if (policy == QStringLiteral("map") || policy == QStringLiteral("appendToField")) {
        if (!target)
            return false;
        entry["field"] = target->id;
    }
    if (policy == QStringLiteral("omit") || policy == QStringLiteral("attachRendered"))
        entry["reason"] = reason.isEmpty() ? ss(tr("%1 has no field for this item.").arg(m_epr)) : ss(reason);
    if (target && policy == QStringLiteral("map")) {
        // Fill the transform the field needs so the mapping is valid as soon as it is chosen.
        if (target->type == "date")
            entry["transform"] = {{"date", target->format}};
        if (item->type == "boolean" && target->type == "code" && target->codes.size() >= 2)
            entry["transform"] = {{"boolean", {{"true", target->codes[0].code}, {"false", target->codes[1].code}}}};
        if (item->type == "choice") {
            json codes = json::array();
            for (const auto& coding : item->answerCodings) {
                std::string native;
                for (const auto& code : target->codes)
                    if (lowerAscii(code.code) == lowerAscii(coding.code) || lowerAscii(code.display) == lowerAscii(coding.display) ||
                        (!coding.ordinal.empty() && code.code == coding.ordinal))
                        native = code.code;
                if (!native.empty())
                    codes.push_back({{"system", coding.system}, {"code", coding.code}, {"display", coding.display}, {"native", native}});
            }
            entry["codes"] = codes;
        }
    }
    if (target && target->maxLength && (item->type == "string" || item->type == "text"))
        entry["overLimit"] = "truncateAndAttach";
    if (policy == QStringLiteral("appendToField"))
        entry["overLimit"] = "truncateAndAttach";
    json& entries = doc["entries"];
    if (!entries.is_array())
        entries = json::array();
    bool replaced = false;
    for (json& existing : entries)
        if (fields::text(existing, "linkId") == item->linkId) {
            existing = entry;
            replaced = true;
        }
    if (!replaced)
        entries.push_back(entry);
    m_document.setMapping(tr("Map %1 in %2").arg(linkId, m_epr), ss(m_epr), doc);
    return true;
}

bool MappingEditor::setCodeMap(const QString& linkId, const QString& code, const QString& native)
{
    json doc = mapping();
    auto outline = core::mapping::readTemplate(m_document.questionnaire(), "template");
    if (doc.is_null() || !outline.ok() || !outline->find(ss(linkId)))
        return false;
    for (json& entry : doc["entries"]) {
        if (!entry.is_object() || fields::text(entry, "linkId") != ss(linkId))
            continue;
        json codes = json::array();
        for (const json& existing : fields::array(entry, "codes"))
            if (fields::text(existing, "code") != ss(code))
                codes.push_back(existing);
        for (const auto& coding : outline->find(ss(linkId))->answerCodings)
            if (coding.code == ss(code) && !native.isEmpty())
                codes.push_back({{"system", coding.system}, {"code", coding.code}, {"display", coding.display}, {"native", ss(native)}});
        entry["codes"] = codes;
        m_document.setMapping(tr("Code map %1 in %2").arg(linkId, m_epr), ss(m_epr), doc);
        return true;
    }
    return false;
}

bool MappingEditor::setSignOff(const QString& linkId, const SignOffAnswer& answer)
{
    json doc = mapping();
    if (doc.is_null() || answer.by.trimmed().isEmpty() || answer.why.trimmed().isEmpty() || !answer.date.isValid())
        return false;
    for (json& entry : doc["entries"]) {
        if (!entry.is_object() || fields::text(entry, "linkId") != ss(linkId))
            continue;
        entry["signOff"] = {{"by", ss(answer.by.trimmed())},
                            {"date", ss(answer.date.toString(Qt::ISODate))},
                            {"why", ss(answer.why.trimmed())}};
        m_document.setMapping(tr("Sign off %1 in %2").arg(linkId, m_epr), ss(m_epr), doc);
        return true;
    }
    return false;
}

QStringList MappingEditor::awaitingSignOff() const
{
    ensureCurrent();
    QStringList items;
    for (const auto& [linkId, loss] : m_losses)
        if (!loss.signedOff)
            items << linkId;
    return items;
}

std::optional<SignOffAnswer> MappingEditor::askSignOff(QWidget* parent, const QString& linkId, const QString& loss)
{
    QDialog dialog(parent);
    dialog.setWindowTitle(tr("Clinical sign-off for %1").arg(linkId));
    auto* intro = new QLabel(tr("<p>The EPR's copy of this item loses information: <b>%1</b></p>"
                                "<p>Record the clinician who accepted this loss for patient care (name and role), "
                                "the date, and why it is acceptable. The sign-off is published with the mapping, and "
                                "every submission it affects says what was lost on its delivery receipt.</p>")
                                 .arg(loss.toHtmlEscaped()),
                             &dialog);
    intro->setWordWrap(true);
    auto* by = new QLineEdit(&dialog);
    by->setPlaceholderText(tr("For example: Dr Amara Okafor, clinical safety officer"));
    auto* date = new QDateEdit(QDate::currentDate(), &dialog);
    date->setDisplayFormat(QStringLiteral("dd-MMM-yyyy"));
    date->setCalendarPopup(true);
    date->setMaximumDate(QDate::currentDate());
    auto* why = new QPlainTextEdit(&dialog);
    why->setTabChangesFocus(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Record sign-off"));
    const auto update = [by, why, buttons] {
        buttons->button(QDialogButtonBox::Ok)->setEnabled(!by->text().trimmed().isEmpty() &&
                                                          !why->toPlainText().trimmed().isEmpty());
    };
    update();
    QObject::connect(by, &QLineEdit::textChanged, &dialog, update);
    QObject::connect(why, &QPlainTextEdit::textChanged, &dialog, update);
    QObject::connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    auto* form = new QFormLayout;
    form->addRow(tr("Signed off &by:"), by);
    form->addRow(tr("&Date:"), date);
    form->addRow(tr("&Why acceptable:"), why);
    auto* layout = new QVBoxLayout(&dialog);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(buttons);
    dialog.resize(560, dialog.sizeHint().height());
    if (dialog.exec() != QDialog::Accepted)
        return std::nullopt;
    return SignOffAnswer{by->text(), date->date(), why->toPlainText()};
}

void MappingEditor::signOffSelected()
{
    ensureCurrent();
    const int row = m_items->currentRow();
    if (row < 0 || !m_items->item(row, LinkId))
        return;
    const QString linkId = m_items->item(row, LinkId)->text();
    const auto found = m_losses.find(linkId);
    if (found == m_losses.end()) {
        m_problems->setText(tr("%1 loses nothing in %2, so it needs no sign-off.").arg(linkId, m_epr));
        return;
    }
    const QString loss = found->second.description;
    const auto answer = m_signOffPrompt ? m_signOffPrompt(linkId, loss) : askSignOff(this, linkId, loss);
    if (!answer)
        return;
    if (!setSignOff(linkId, *answer))
        m_problems->setText(tr("A sign-off needs who signed it off, the date and why."));
}

void MappingEditor::updateSignOffButton()
{
    const int row = m_items->currentRow();
    const bool lossy = row >= 0 && m_items->item(row, LinkId) && m_losses.count(m_items->item(row, LinkId)->text());
    m_signOffButton->setEnabled(lossy);
}

void MappingEditor::editCodes(const QString& linkId)
{
    auto outline = core::mapping::readTemplate(m_document.questionnaire(), "template");
    const mapping::NativeForm* nativeForm = form();
    const json doc = mapping();
    if (!outline.ok() || !nativeForm || !outline->find(ss(linkId)) || !doc.contains("entries"))
        return;
    const json* entry = nullptr;
    for (const json& e : doc["entries"])
        if (fields::text(e, "linkId") == ss(linkId))
            entry = &e;
    const mapping::NativeField* field = entry ? nativeForm->field(fields::text(*entry, "field")) : nullptr;
    if (!field || field->codes.empty())
        return;
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Code map for %1 in %2").arg(linkId, m_epr));
    auto* layout = new QVBoxLayout(&dialog);
    auto* table = new QTableWidget(0, 2, &dialog);
    table->setHorizontalHeaderLabels({tr("Answer"), tr("%1 code").arg(m_epr)});
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    for (const auto& coding : outline->find(ss(linkId))->answerCodings) {
        const int row = table->rowCount();
        table->insertRow(row);
        auto* answer = new QTableWidgetItem(QStringLiteral("%1 (%2)").arg(qs(coding.display), qs(coding.code)));
        answer->setData(Qt::UserRole, qs(coding.code));
        table->setItem(row, 0, answer);
        auto* box = new QComboBox(table);
        box->addItem(tr("(no map)"), QString());
        for (const auto& code : field->codes)
            box->addItem(QStringLiteral("%1 — %2").arg(qs(code.code), qs(code.display)), qs(code.code));
        for (const json& existing : fields::array(*entry, "codes"))
            if (fields::text(existing, "code") == coding.code)
                box->setCurrentIndex(std::max(0, box->findData(qs(fields::text(existing, "native")))));
        table->setCellWidget(row, 1, box);
    }
    layout->addWidget(table);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    dialog.resize(560, 320);
    if (dialog.exec() != QDialog::Accepted)
        return;
    for (int row = 0; row < table->rowCount(); ++row)
        setCodeMap(linkId, table->item(row, 0)->data(Qt::UserRole).toString(),
                   qobject_cast<QComboBox*>(table->cellWidget(row, 1))->currentData().toString());
}

QString MappingEditor::coverageSummary() const
{
    ensureCurrent();
    return m_coverage->text();
}

void MappingEditor::documentChanged()
{
    if (isVisible())
        reload();
    else
        m_stale = true;
}

void MappingEditor::ensureCurrent() const
{
    if (m_stale)
        const_cast<MappingEditor*>(this)->reload();
}

void MappingEditor::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (m_stale)
        runGuarded(this, tr("Show the %1 mapping").arg(m_epr), [this] { reload(); });
}

void MappingEditor::reload()
{
    m_loading = true;
    const struct Loaded // m_loading ends with this function, however it ends
    {
        bool& loading;
        ~Loaded() { loading = false; }
    } loaded{m_loading};
    const json doc = mapping();
    m_stale = false;
    const int selectedRow = m_items->currentRow();
    m_items->setRowCount(0);
    m_fields->clear();
    m_problems->clear();
    m_losses.clear();
    m_signOffButton->setEnabled(false);
    m_complete = false;
    auto outline = core::mapping::readTemplate(m_document.questionnaire(), "template");
    if (!outline.ok()) {
        m_coverage->setText(tr("The template cannot be read for mapping: %1").arg(qs(outline.message())));
        m_loading = false;
        return;
    }
    m_create->setText(doc.is_null() ? tr("Map to this form") : tr("Switch to this form"));
    if (doc.is_null()) {
        m_coverage->setText(tr("No %1 mapping yet: choose the native form and press Map to this form.").arg(m_epr));
        m_loading = false;
        return;
    }
    m_form->setCurrentIndex(std::max(0, m_form->findData(qs(fields::text(doc, "nativeForm")))));
    // Coverage against the template as it is now: the mapping's template version follows the draft.
    json current = doc;
    if (!current["template"].is_object())
        current["template"] = json::object();
    current["template"]["version"] = fields::text(m_document.questionnaire(), "version", "0.1.0");
    current["template"]["fits"] = "~" + current["template"]["version"].get<std::string>();
    std::optional<mapping::CoverageReport> report;
    if (m_catalogue) {
        auto parsed = mapping::parseMapping(current, ss(m_epr) + " mapping", &*m_catalogue);
        if (parsed.ok()) {
            report = mapping::assessCoverage(*outline, *parsed);
            for (const auto& entry : parsed->entries)
                if (entry.isLossy())
                    m_losses[qs(entry.linkId)] = {QString(), entry.signOff.has_value()};
        } else {
            m_problems->setText(qs(parsed.message()));
        }
    }
    const mapping::NativeForm* nativeForm = form();
    std::map<std::string, const mapping::CoverageItem*> status;
    if (report)
        for (const auto& item : report->items)
            status[item.linkId] = &item;
    for (const auto& item : outline->items) {
        if (!item.isAnswerable())
            continue;
        const int row = m_items->rowCount();
        m_items->insertRow(row);
        m_items->setItem(row, LinkId, new QTableWidgetItem(qs(item.linkId)));
        m_items->setItem(row, Text, new QTableWidgetItem(qs(item.text)));
        m_items->setItem(row, Type, new QTableWidgetItem(qs(item.type)));
        const json* entry = nullptr;
        if (doc.contains("entries"))
            for (const json& e : doc["entries"])
                if (fields::text(e, "linkId") == item.linkId)
                    entry = &e;
        auto* policy = new QComboBox(m_items);
        policy->addItem(tr("(not mapped)"), QString());
        for (const char* name : {"map", "omit", "appendToField", "attachRendered"})
            policy->addItem(QString::fromLatin1(name), QString::fromLatin1(name));
        auto* field = new QComboBox(m_items);
        field->addItem(QString(), QString());
        if (nativeForm)
            for (const auto& native : nativeForm->fields)
                field->addItem(QStringLiteral("%1 (%2)").arg(qs(native.id), qs(native.type)), qs(native.id));
        if (entry) {
            policy->setCurrentIndex(policy->findData(qs(fields::text(*entry, "policy", "map"))));
            field->setCurrentIndex(std::max(0, field->findData(qs(fields::text(*entry, "field")))));
        }
        m_items->setCellWidget(row, Policy, policy);
        m_items->setCellWidget(row, Field, field);
        const auto found = status.find(item.linkId);
        QString state = found == status.end() ? tr("missing") : qs(found->second->status);
        if (found != status.end() && found->second->status == "unmapped")
            state = tr("unmapped — %1: %2").arg(qs(found->second->policy), qs(found->second->detail));
        else if (found != status.end() && found->second->status == "lossy")
            state = tr("lossy — %1").arg(qs(found->second->detail));
        if (const auto loss = m_losses.find(qs(item.linkId)); loss != m_losses.end()) {
            loss->second.description = state;
            state += loss->second.signedOff ? tr(" · signed off") : tr(" · needs a clinical sign-off before publishing");
        }
        auto* cell = new QTableWidgetItem(state);
        cell->setToolTip(state);
        const QString base = found == status.end() ? QStringLiteral("missing") : qs(found->second->status);
        cell->setForeground(base == QStringLiteral("mapped")   ? QColor(0x1b, 0x7a, 0x3a)
                            : base == QStringLiteral("missing") ? QColor(0xb0, 0x00, 0x20)
                                                                : QColor(0x8a, 0x5a, 0x00));
        m_items->setItem(row, Status, cell);
        auto commit = [this, id = qs(item.linkId), policy, field] {
            if (m_loading)
                return;
            const QString chosen = policy->currentData().toString();
            if (chosen.isEmpty())
                return;
            if (!setEntry(id, chosen, field->currentData().toString()))
                m_problems->setText(tr("Choose a %1 field for %2 first.").arg(m_epr, id));
        };
        connect(policy, &QComboBox::activated, this, guardedSlot(this, tr("Map an item"), [commit](auto&&...) { commit(); }));
        connect(field, &QComboBox::activated, this, guardedSlot(this, tr("Map an item"), [policy, commit](auto&&...) {
            if (policy->currentData().toString().isEmpty())
                policy->setCurrentIndex(policy->findData(QStringLiteral("map")));
            commit();
        }));
    }
    m_items->resizeColumnToContents(LinkId);
    m_items->resizeColumnToContents(Status);
    if (selectedRow >= 0 && selectedRow < m_items->rowCount())
        m_items->setCurrentCell(selectedRow, LinkId);
    updateSignOffButton();
    if (nativeForm) {
        std::set<std::string> unfilled;
        if (report)
            for (const auto& field : report->unfilledFields)
                unfilled.insert(field.id);
        for (const auto& native : nativeForm->fields) {
            const bool isUnfilled = unfilled.count(native.id) > 0;
            auto* entry = new QListWidgetItem(QStringLiteral("%1 %2 — %3%4")
                                                  .arg(isUnfilled ? QStringLiteral("✖") : QStringLiteral("✔"), qs(native.id),
                                                       qs(native.label), native.required ? tr(" (required)") : QString()),
                                              m_fields);
            entry->setForeground(isUnfilled ? QColor(0x8a, 0x5a, 0x00) : QColor(0x1b, 0x7a, 0x3a));
        }
    }
    if (report) {
        m_complete = report->isComplete();
        m_coverage->setText(tr("Coverage in %1 (%2): %3 mapped, %4 lossy, %5 unmapped by policy, %6 missing — %7")
                                .arg(m_epr, qs(report->nativeForm))
                                .arg(report->count("mapped"))
                                .arg(report->count("lossy"))
                                .arg(report->count("unmapped"))
                                .arg(report->count("missing"))
                                .arg(m_complete ? tr("complete") : tr("incomplete")));
        if (!report->problems.empty())
            m_problems->setText(qs(report->problems.front()) +
                                (report->problems.size() > 1 ? tr(" (+%n more)", nullptr, int(report->problems.size() - 1)) : QString()));
    }
    m_loading = false;
}

} // namespace avocet::ui::designer
