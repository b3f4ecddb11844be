#include "ui/designer/DesignerBuilders.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <functional>

#include "core/forms/SdcExtensions.h"
#include "core/forms/TemplateEditor.h"

namespace avocet::ui::designer {

namespace {

using nlohmann::json;

QString qs(const std::string& text) { return QString::fromStdString(text); }
std::string ss(const QString& text) { return text.toStdString(); }

void collect(const json& items, std::vector<json>& out)
{
    if (!items.is_array())
        return;
    for (const json& item : items) {
        if (!item.is_object())
            continue;
        out.push_back(item);
        if (item.contains("item"))
            collect(item["item"], out);
    }
}

std::vector<json> allItems(const json& questionnaire)
{
    std::vector<json> out;
    if (questionnaire.contains("item"))
        collect(questionnaire["item"], out);
    return out;
}

bool isAnswerable(const json& item)
{
    const std::string type = item.value("type", std::string());
    return type != "group" && type != "display";
}

QString optionCode(const json& option)
{
    if (option.contains("valueCoding"))
        return qs(option["valueCoding"].value("code", std::string()));
    for (auto it = option.begin(); it != option.end(); ++it)
        if (it.key().rfind("value", 0) == 0)
            return it.value().is_string() ? qs(it.value().get<std::string>()) : qs(it.value().dump());
    return {};
}

QString optionLabel(const json& option)
{
    if (option.contains("valueCoding")) {
        const json& coding = option["valueCoding"];
        return qs(coding.value("display", coding.value("code", std::string())));
    }
    return optionCode(option);
}

QString ordinalOf(const json& option)
{
    for (const json* holder : {&option, option.contains("valueCoding") ? &option["valueCoding"] : nullptr}) {
        if (!holder || !holder->contains("extension") || !(*holder)["extension"].is_array())
            continue;
        for (const json& ext : (*holder)["extension"]) {
            const std::string url = ext.value("url", std::string());
            if (url == core::forms::ext::kOrdinalValue || url == core::forms::ext::kOrdinalValueR4 ||
                url == core::forms::ext::kItemWeight)
                for (auto it = ext.begin(); it != ext.end(); ++it)
                    if (it.key().rfind("value", 0) == 0)
                        return qs(it.value().dump());
        }
    }
    return {};
}

} // namespace

QStringList operatorsForType(const QString& type)
{
    const QStringList ordered{QStringLiteral("="),  QStringLiteral("!="), QStringLiteral(">"),     QStringLiteral("<"),
                              QStringLiteral(">="), QStringLiteral("<="), QStringLiteral("exists")};
    static const QStringList orderedTypes{QStringLiteral("integer"), QStringLiteral("decimal"), QStringLiteral("date"),
                                          QStringLiteral("dateTime"), QStringLiteral("time"), QStringLiteral("quantity")};
    if (orderedTypes.contains(type))
        return ordered;
    return {QStringLiteral("="), QStringLiteral("!="), QStringLiteral("exists")};
}

QString answerKeyForType(const QString& type)
{
    static const std::map<QString, QString> keys{
        {QStringLiteral("boolean"), QStringLiteral("answerBoolean")},
        {QStringLiteral("choice"), QStringLiteral("answerCoding")},
        {QStringLiteral("open-choice"), QStringLiteral("answerCoding")},
        {QStringLiteral("integer"), QStringLiteral("answerInteger")},
        {QStringLiteral("decimal"), QStringLiteral("answerDecimal")},
        {QStringLiteral("date"), QStringLiteral("answerDate")},
        {QStringLiteral("dateTime"), QStringLiteral("answerDateTime")},
        {QStringLiteral("time"), QStringLiteral("answerTime")},
        {QStringLiteral("quantity"), QStringLiteral("answerQuantity")}};
    const auto found = keys.find(type);
    return found == keys.end() ? QStringLiteral("answerString") : found->second;
}

json conditionAnswer(const json& question, const QString& op, const QString& text)
{
    const QString type = qs(question.value("type", std::string()));
    if (op == QStringLiteral("exists") || type == QStringLiteral("boolean"))
        return text.trimmed().compare(QStringLiteral("false"), Qt::CaseInsensitive) != 0;
    if (type == QStringLiteral("choice") || type == QStringLiteral("open-choice")) {
        if (question.contains("answerOption"))
            for (const json& option : question["answerOption"])
                if (optionCode(option) == text && option.contains("valueCoding"))
                    return option["valueCoding"];
        return json{{"code", ss(text)}};
    }
    if (type == QStringLiteral("integer"))
        return text.toLongLong();
    if (type == QStringLiteral("decimal"))
        return text.toDouble();
    return ss(text);
}

QString describeCondition(const json& condition)
{
    QString answer;
    for (auto it = condition.begin(); it != condition.end(); ++it)
        if (it.key().rfind("answer", 0) == 0)
            answer = it.value().is_object() ? qs(it.value().value("display", it.value().value("code", std::string())))
                                            : qs(it.value().is_string() ? it.value().get<std::string>() : it.value().dump());
    return QStringLiteral("%1 %2 %3").arg(qs(condition.value("question", std::string())),
                                          qs(condition.value("operator", std::string())), answer);
}

QStringList knownCodeSystems()
{
    return {QString::fromLatin1(core::forms::kSnomedSystem), QString::fromLatin1(core::forms::kLoincSystem),
            QStringLiteral("https://fhir.avocet.example/CodeSystem/mhsds-return"),
            QStringLiteral("https://fhir.avocet.example/CodeSystem/risk-level")};
}

// ---- enableWhen -------------------------------------------------------------------------------

EnableWhenBuilder::EnableWhenBuilder(const json& questionnaire, const std::string& target, QWidget* parent)
    : QDialog(parent)
{
    setWindowTitle(tr("When is this shown?"));
    for (const json& item : allItems(questionnaire))
        if (isAnswerable(item) && item.value("linkId", std::string()) != target)
            m_questions.push_back(item);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Show the item only when these answers are given:"), this));
    m_table = new QTableWidget(0, 3, this);
    m_table->setHorizontalHeaderLabels({tr("Question"), tr("Operator"), tr("Answer")});
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_table->verticalHeader()->hide();
    layout->addWidget(m_table);
    auto* row = new QHBoxLayout;
    auto* add = new QPushButton(tr("Add condition"), this);
    auto* remove = new QPushButton(tr("Remove condition"), this);
    m_behavior = new QComboBox(this);
    m_behavior->addItem(tr("all conditions hold"), QStringLiteral("all"));
    m_behavior->addItem(tr("any condition holds"), QStringLiteral("any"));
    row->addWidget(add);
    row->addWidget(remove);
    row->addStretch();
    row->addWidget(new QLabel(tr("Show when"), this));
    row->addWidget(m_behavior);
    layout->addLayout(row);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(add, &QPushButton::clicked, this, [this] {
        if (!m_questions.empty())
            addRow(json{{"question", m_questions.front().value("linkId", std::string())}, {"operator", "exists"}});
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        if (m_table->currentRow() >= 0)
            m_table->removeRow(m_table->currentRow());
    });
    for (const json& item : allItems(questionnaire))
        if (item.value("linkId", std::string()) == target) {
            if (item.contains("enableWhen"))
                for (const json& condition : item["enableWhen"])
                    addRow(condition);
            if (item.value("enableBehavior", std::string()) == "any")
                m_behavior->setCurrentIndex(1);
        }
    resize(640, 320);
}

const json* EnableWhenBuilder::question(const QString& linkId) const
{
    for (const json& item : m_questions)
        if (qs(item.value("linkId", std::string())) == linkId)
            return &item;
    return nullptr;
}

void EnableWhenBuilder::addRow(const json& condition)
{
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    auto* questionBox = new QComboBox(m_table);
    for (const json& item : m_questions) {
        const QString id = qs(item.value("linkId", std::string()));
        questionBox->addItem(QStringLiteral("%1 — %2").arg(id, qs(item.value("text", std::string())).left(40)), id);
    }
    questionBox->setCurrentIndex(std::max(0, questionBox->findData(qs(condition.value("question", std::string())))));
    m_table->setCellWidget(row, 0, questionBox);
    auto* opBox = new QComboBox(m_table);
    m_table->setCellWidget(row, 1, opBox);
    auto* answerBox = new QComboBox(m_table);
    answerBox->setEditable(true);
    m_table->setCellWidget(row, 2, answerBox);
    refreshRow(row);
    opBox->setCurrentIndex(std::max(0, opBox->findText(qs(condition.value("operator", std::string("="))))));
    for (auto it = condition.begin(); it != condition.end(); ++it)
        if (it.key().rfind("answer", 0) == 0) {
            const QString text = it.value().is_object() ? qs(it.value().value("code", std::string()))
                                 : it.value().is_string() ? qs(it.value().get<std::string>())
                                                          : qs(it.value().dump());
            const int index = answerBox->findData(text);
            if (index >= 0)
                answerBox->setCurrentIndex(index);
            else
                answerBox->setEditText(text);
        }
    connect(questionBox, &QComboBox::currentIndexChanged, this, [this, questionBox] {
        for (int r = 0; r < m_table->rowCount(); ++r)
            if (m_table->cellWidget(r, 0) == questionBox)
                refreshRow(r);
    });
}

void EnableWhenBuilder::refreshRow(int row)
{
    auto* questionBox = qobject_cast<QComboBox*>(m_table->cellWidget(row, 0));
    auto* opBox = qobject_cast<QComboBox*>(m_table->cellWidget(row, 1));
    auto* answerBox = qobject_cast<QComboBox*>(m_table->cellWidget(row, 2));
    const json* item = question(questionBox->currentData().toString());
    if (!item)
        return;
    const QString type = qs(item->value("type", std::string()));
    opBox->clear();
    opBox->addItems(operatorsForType(type));
    answerBox->clear();
    if (type == QStringLiteral("boolean")) {
        answerBox->addItem(tr("Yes"), QStringLiteral("true"));
        answerBox->addItem(tr("No"), QStringLiteral("false"));
    } else if (item->contains("answerOption")) {
        for (const json& option : (*item)["answerOption"])
            answerBox->addItem(optionLabel(option), optionCode(option));
    }
}

void EnableWhenBuilder::addCondition(const QString& questionId, const QString& op, const QString& answer)
{
    json condition{{"question", ss(questionId)}, {"operator", ss(op)}};
    if (const json* item = question(questionId))
        condition[ss(op == QStringLiteral("exists") ? QStringLiteral("answerBoolean")
                                                    : answerKeyForType(qs(item->value("type", std::string()))))] =
            conditionAnswer(*item, op, answer);
    addRow(condition);
}

void EnableWhenBuilder::setBehavior(const QString& behavior)
{
    m_behavior->setCurrentIndex(std::max(0, m_behavior->findData(behavior)));
}

QString EnableWhenBuilder::behavior() const { return m_behavior->currentData().toString(); }

json EnableWhenBuilder::conditions() const
{
    json out = json::array();
    for (int row = 0; row < m_table->rowCount(); ++row) {
        auto* questionBox = qobject_cast<QComboBox*>(m_table->cellWidget(row, 0));
        auto* opBox = qobject_cast<QComboBox*>(m_table->cellWidget(row, 1));
        auto* answerBox = qobject_cast<QComboBox*>(m_table->cellWidget(row, 2));
        const QString id = questionBox->currentData().toString();
        const json* item = question(id);
        if (!item)
            continue;
        const QString op = opBox->currentText();
        const int index = answerBox->findText(answerBox->currentText());
        const QString answer = index >= 0 && !answerBox->itemData(index).toString().isEmpty()
                                   ? answerBox->itemData(index).toString()
                                   : answerBox->currentText();
        const QString key = op == QStringLiteral("exists") ? QStringLiteral("answerBoolean")
                                                           : answerKeyForType(qs(item->value("type", std::string())));
        out.push_back(json{{"question", ss(id)}, {"operator", ss(op)}, {ss(key), conditionAnswer(*item, op, answer)}});
    }
    return out;
}

// ---- score ------------------------------------------------------------------------------------

ScoreBuilder::ScoreBuilder(const json& questionnaire, const std::string& target, const QString& current, QWidget* parent)
    : QDialog(parent), m_questionnaire(questionnaire)
{
    setWindowTitle(tr("Build a score"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Tick the questions whose answer scores are added up:"), this));
    m_items = new QListWidget(this);
    for (const json& item : allItems(questionnaire)) {
        const std::string linkId = item.value("linkId", std::string());
        if (linkId == target || item.value("type", std::string()) != "choice")
            continue;
        auto* entry = new QListWidgetItem(
            QStringLiteral("%1 — %2").arg(qs(linkId), qs(item.value("text", std::string())).left(60)), m_items);
        entry->setData(Qt::UserRole, qs(linkId));
        entry->setCheckState(Qt::Unchecked);
    }
    layout->addWidget(m_items);
    m_range = new QLabel(this);
    layout->addWidget(m_range);
    layout->addWidget(new QLabel(tr("Expression the form will calculate:"), this));
    m_expression = new QLabel(this);
    m_expression->setWordWrap(true);
    m_expression->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_expression->setObjectName(QStringLiteral("scoreExpression"));
    layout->addWidget(m_expression);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_items, &QListWidget::itemChanged, this, &ScoreBuilder::update);
    setChosen(core::forms::scoreExpressionItems(ss(current)));
    resize(640, 420);
}

void ScoreBuilder::setChosen(const std::vector<std::string>& linkIds)
{
    for (int i = 0; i < m_items->count(); ++i) {
        const std::string id = ss(m_items->item(i)->data(Qt::UserRole).toString());
        m_items->item(i)->setCheckState(std::find(linkIds.begin(), linkIds.end(), id) != linkIds.end() ? Qt::Checked
                                                                                                         : Qt::Unchecked);
    }
    update();
}

std::vector<std::string> ScoreBuilder::chosen() const
{
    std::vector<std::string> out;
    for (int i = 0; i < m_items->count(); ++i)
        if (m_items->item(i)->checkState() == Qt::Checked)
            out.push_back(ss(m_items->item(i)->data(Qt::UserRole).toString()));
    return out;
}

QString ScoreBuilder::expression() const { return qs(core::forms::scoreExpression(chosen())); }

void ScoreBuilder::update()
{
    double low = 0;
    double high = 0;
    for (const auto& id : chosen())
        for (const json& item : allItems(m_questionnaire))
            if (item.value("linkId", std::string()) == id && item.contains("answerOption")) {
                double minScore = 1e300;
                double maxScore = -1e300;
                for (const json& option : item["answerOption"]) {
                    const double score = ordinalOf(option).toDouble();
                    minScore = std::min(minScore, score);
                    maxScore = std::max(maxScore, score);
                }
                if (!item["answerOption"].empty()) {
                    low += minScore;
                    high += maxScore;
                }
            }
    m_range->setText(tr("%n question(s); total from %1 to %2", nullptr, static_cast<int>(chosen().size()))
                         .arg(low)
                         .arg(high));
    m_expression->setText(expression());
}

// ---- answer and code lists --------------------------------------------------------------------

CodeListEditor::CodeListEditor(Mode mode, const json& current, QWidget* parent) : QDialog(parent), m_mode(mode)
{
    setWindowTitle(mode == Mode::AnswerOptions ? tr("Answers and their codes") : tr("Item codes (SNOMED CT, national returns)"));
    auto* layout = new QVBoxLayout(this);
    const bool withScore = mode == Mode::AnswerOptions;
    m_table = new QTableWidget(0, withScore ? 4 : 3, this);
    QStringList headers{tr("Code system"), tr("Code"), tr("Display")};
    if (withScore)
        headers << tr("Score (ordinalValue)");
    m_table->setHorizontalHeaderLabels(headers);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    layout->addWidget(m_table);
    auto* row = new QHBoxLayout;
    auto* add = new QPushButton(tr("Add"), this);
    auto* remove = new QPushButton(tr("Remove"), this);
    auto* up = new QPushButton(tr("Move up"), this);
    row->addWidget(add);
    row->addWidget(remove);
    row->addWidget(up);
    row->addStretch();
    layout->addLayout(row);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(add, &QPushButton::clicked, this, [this] {
        addRow(QString::fromLatin1(m_mode == Mode::ItemCodes ? core::forms::kSnomedSystem : core::forms::kLoincSystem),
               {}, {});
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        if (m_table->currentRow() >= 0)
            m_table->removeRow(m_table->currentRow());
    });
    connect(up, &QPushButton::clicked, this, [this] {
        const int r = m_table->currentRow();
        if (r <= 0)
            return;
        for (int c = 0; c < m_table->columnCount(); ++c) {
            QTableWidgetItem* a = m_table->takeItem(r, c);
            QTableWidgetItem* b = m_table->takeItem(r - 1, c);
            m_table->setItem(r - 1, c, a);
            m_table->setItem(r, c, b);
        }
        m_table->setCurrentCell(r - 1, 0);
    });
    if (current.is_array())
        for (const json& entry : current)
            addRowFrom(entry);
    resize(720, 360);
}

void CodeListEditor::addRowFrom(const json& entry)
{
    const json coding = m_mode == Mode::AnswerOptions ? entry.value("valueCoding", json::object()) : entry;
    QString code = qs(coding.value("code", std::string()));
    if (m_mode == Mode::AnswerOptions && !entry.contains("valueCoding"))
        code = optionCode(entry);
    addRow(qs(coding.value("system", std::string())), code, qs(coding.value("display", std::string())),
           m_mode == Mode::AnswerOptions ? ordinalOf(entry) : QString());
    m_table->item(m_table->rowCount() - 1, 0)->setData(Qt::UserRole, qs(entry.dump()));
}

void CodeListEditor::addRow(const QString& system, const QString& code, const QString& display, const QString& ordinal)
{
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    m_table->setItem(row, 0, new QTableWidgetItem(system));
    m_table->setItem(row, 1, new QTableWidgetItem(code));
    m_table->setItem(row, 2, new QTableWidgetItem(display));
    if (m_mode == Mode::AnswerOptions)
        m_table->setItem(row, 3, new QTableWidgetItem(ordinal));
}

json CodeListEditor::result() const
{
    json out = json::array();
    auto text = [this](int row, int column) {
        const QTableWidgetItem* cell = m_table->item(row, column);
        return cell ? cell->text().trimmed() : QString();
    };
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const QString stored = m_table->item(row, 0) ? m_table->item(row, 0)->data(Qt::UserRole).toString() : QString();
        json original = stored.isEmpty() ? json::object() : json::parse(ss(stored), nullptr, false);
        if (!original.is_object())
            original = json::object();
        const QString system = text(row, 0);
        const QString code = text(row, 1);
        const QString display = text(row, 2);
        if (code.isEmpty())
            continue;
        auto applyCoding = [&](json& coding) {
            for (const auto& [key, value] :
                 {std::pair{std::string("system"), system}, {"code", code}, {"display", display}})
                if (value.isEmpty())
                    coding.erase(key);
                else
                    coding[key] = ss(value);
        };
        if (m_mode == Mode::ItemCodes) {
            applyCoding(original);
            out.push_back(original);
            continue;
        }
        // Non-Coding options (valueString, valueInteger ...) keep their value; only the score changes.
        if (original.contains("valueCoding") || stored.isEmpty()) {
            json& coding = original["valueCoding"];
            if (!coding.is_object())
                coding = json::object();
            applyCoding(coding);
        }
        const QString ordinal = text(row, 3);
        json extensions = original.value("extension", json::array());
        json kept = json::array();
        for (const json& ext : extensions)
            if (ext.value("url", std::string()) != core::forms::ext::kOrdinalValue)
                kept.push_back(ext);
        if (!ordinal.isEmpty()) {
            bool whole = false;
            const long long integer = ordinal.toLongLong(&whole);
            kept.push_back(json{{"url", core::forms::ext::kOrdinalValue},
                                {"valueDecimal", whole ? json(integer) : json(ordinal.toDouble())}});
        }
        // Put the ordinal back where it was when the option had one, so an unchanged list is unchanged.
        if (kept.empty())
            original.erase("extension");
        else if (extensions != kept) {
            bool sameSet = kept.size() == extensions.size();
            if (sameSet) {
                for (std::size_t i = 0; i < extensions.size(); ++i)
                    if (extensions[i].value("url", std::string()) == core::forms::ext::kOrdinalValue)
                        extensions[i] = kept.back();
                original["extension"] = extensions;
            } else {
                original["extension"] = kept;
            }
        }
        out.push_back(original);
    }
    return out;
}

} // namespace avocet::ui::designer
