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
#include <optional>
#include <regex>

#include "core/forms/SdcExtensions.h"
#include "core/forms/TemplateEditor.h"
#include "ui/designer/JsonFields.h"

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
        collect(fields::member(item, "item"), out);
    }
}

std::vector<json> allItems(const json& questionnaire)
{
    std::vector<json> out;
    collect(fields::member(questionnaire, "item"), out);
    return out;
}

bool isAnswerable(const json& item)
{
    const std::string type = fields::text(item, "type");
    return type != "group" && type != "display";
}

bool isNumber(const std::string& type) { return type == "integer" || type == "decimal"; }
bool isChoice(const std::string& type) { return type == "choice" || type == "open-choice"; }

// A value[x] (or an extension's value) as text: strings as they are, anything else as JSON.
QString valueAsText(const json& value) { return value.is_string() ? qs(value.get<std::string>()) : qs(value.dump()); }

// The first value[x] element of an object (answerOption, extension); null when there is none.
const json& firstValue(const json& holder)
{
    static const json null;
    if (!holder.is_object())
        return null;
    for (auto it = holder.begin(); it != holder.end(); ++it)
        if (it.key().rfind("value", 0) == 0)
            return it.value();
    return null;
}

QString optionCode(const json& option)
{
    const json& coding = fields::member(option, "valueCoding");
    if (coding.is_object())
        return qs(fields::text(coding, "code"));
    const json& value = firstValue(option);
    return value.is_null() ? QString() : valueAsText(value);
}

QString optionLabel(const json& option)
{
    const json& coding = fields::member(option, "valueCoding");
    if (coding.is_object())
        return qs(fields::text(coding, "display", fields::text(coding, "code")));
    return optionCode(option);
}

bool isScoreExtension(const json& extension)
{
    const std::string url = fields::text(extension, "url");
    return url == core::forms::ext::kOrdinalValue || url == core::forms::ext::kOrdinalValueR4 ||
           url == core::forms::ext::kItemWeight;
}

// The option's score (ordinalValue, on the option or on its Coding), as written; empty when none.
QString ordinalOf(const json& option)
{
    for (const json* holder : {&option, &fields::member(option, "valueCoding")})
        for (const json& ext : fields::array(*holder, "extension"))
            if (isScoreExtension(ext)) {
                const json& value = firstValue(ext);
                if (!value.is_null())
                    return valueAsText(value);
            }
    return {};
}

// Total expressions the score builder writes: the scores (ordinalValue) of the chosen choice
// questions plus the values of the chosen number questions. A list of only choices is the form
// core::forms::scoreExpression has always written, so earlier templates keep opening in the builder.
constexpr const char* kSumPrefix = "%resource.repeat(item).where(";
constexpr const char* kNumberSumSuffix = ").answer.value.sum()";

std::string numberSumExpression(const std::vector<std::string>& linkIds)
{
    if (linkIds.empty())
        return {};
    std::string condition;
    for (const auto& id : linkIds)
        condition += (condition.empty() ? "" : " or ") + std::string("linkId = '") + id + "'";
    return kSumPrefix + condition + kNumberSumSuffix;
}

std::vector<std::string> numberSumItems(const std::string& expression)
{
    const std::string prefix = kSumPrefix;
    const std::string suffix = kNumberSumSuffix;
    if (expression.rfind(prefix, 0) != 0 || expression.size() < prefix.size() + suffix.size() ||
        expression.compare(expression.size() - suffix.size(), suffix.size(), suffix) != 0)
        return {};
    const std::string condition = expression.substr(prefix.size(), expression.size() - prefix.size() - suffix.size());
    static const std::regex term(R"(linkId = '([^']*)')");
    std::vector<std::string> out;
    for (auto it = std::sregex_iterator(condition.begin(), condition.end(), term); it != std::sregex_iterator(); ++it)
        out.push_back((*it)[1].str());
    return out;
}

// The minValue/maxValue of a number question, when it has both.
std::optional<std::pair<double, double>> numberRange(const json& item)
{
    std::optional<double> low;
    std::optional<double> high;
    for (const json& ext : fields::array(item, "extension")) {
        const std::string url = fields::text(ext, "url");
        const json& value = firstValue(ext);
        if (!value.is_number())
            continue;
        if (url == core::forms::ext::kMinValue)
            low = value.get<double>();
        if (url == core::forms::ext::kMaxValue)
            high = value.get<double>();
    }
    if (!low || !high)
        return std::nullopt;
    return std::pair{*low, *high};
}

// Sets an option's score where it is (on the option or on its Coding, keeping the extension's place
// and url); appends an ordinalValue when it has none; an empty text removes every score.
void setOrdinal(json& option, const QString& ordinal)
{
    json value;
    if (!ordinal.isEmpty()) {
        bool whole = false;
        const long long integer = ordinal.toLongLong(&whole);
        value = whole ? json(integer) : json(ordinal.toDouble());
    }
    std::vector<json*> holders{&option};
    if (auto coding = option.find("valueCoding"); coding != option.end() && coding->is_object())
        holders.push_back(&*coding);
    bool replaced = false;
    for (json* holder : holders) {
        auto extensions = holder->find("extension");
        if (extensions == holder->end() || !extensions->is_array())
            continue;
        json kept = json::array();
        for (json& ext : *extensions) {
            if (!isScoreExtension(ext) || !ext.is_object()) {
                kept.push_back(ext);
                continue;
            }
            if (value.is_null() || replaced)
                continue; // removed
            std::string key = "valueDecimal";
            std::vector<std::string> old;
            for (auto it = ext.begin(); it != ext.end(); ++it)
                if (it.key().rfind("value", 0) == 0)
                    old.push_back(it.key());
            if (!old.empty() && (old.front() != "valueInteger" || value.is_number_integer()))
                key = old.front();
            for (const auto& name : old)
                ext.erase(name);
            ext[key] = value;
            kept.push_back(ext);
            replaced = true;
        }
        if (kept.empty())
            holder->erase("extension");
        else
            *extensions = std::move(kept);
    }
    if (!replaced && !value.is_null()) {
        json& extensions = option["extension"];
        if (!extensions.is_array())
            extensions = json::array();
        extensions.push_back(json{{"url", core::forms::ext::kOrdinalValue}, {"valueDecimal", value}});
    }
}

constexpr const char* kOriginalProperty = "avocetOriginalCondition"; // the condition as loaded (JSON text)
constexpr const char* kShownProperty = "avocetShownCondition";       // its row as first shown
constexpr int kStoredRole = Qt::UserRole;      // the entry as it was loaded (JSON text)
constexpr int kShownRole = Qt::UserRole + 1;   // the row's texts as they were loaded

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
    const QString type = qs(fields::text(question, "type"));
    if (op == QStringLiteral("exists") || type == QStringLiteral("boolean"))
        return text.trimmed().compare(QStringLiteral("false"), Qt::CaseInsensitive) != 0;
    if (type == QStringLiteral("choice") || type == QStringLiteral("open-choice")) {
        for (const json& option : fields::array(question, "answerOption"))
            if (optionCode(option) == text && fields::member(option, "valueCoding").is_object())
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
    if (!condition.is_object())
        return valueAsText(condition);
    QString answer;
    for (auto it = condition.begin(); it != condition.end(); ++it)
        if (it.key().rfind("answer", 0) == 0)
            answer = it.value().is_object() ? qs(fields::text(it.value(), "display", fields::text(it.value(), "code")))
                                            : valueAsText(it.value());
    return QStringLiteral("%1 %2 %3").arg(qs(fields::text(condition, "question")), qs(fields::text(condition, "operator")),
                                          answer);
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
        if (isAnswerable(item) && fields::text(item, "linkId") != target)
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
            addRow(json{{"question", fields::text(m_questions.front(), "linkId")}, {"operator", "exists"}});
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        if (m_table->currentRow() >= 0)
            m_table->removeRow(m_table->currentRow());
    });
    for (const json& item : allItems(questionnaire))
        if (fields::text(item, "linkId") == target) {
            for (const json& condition : fields::array(item, "enableWhen"))
                if (condition.is_object())
                    addRow(condition, true);
            if (fields::text(item, "enableBehavior") == "any")
                m_behavior->setCurrentIndex(1);
        }
    resize(640, 320);
}

const json* EnableWhenBuilder::question(const QString& linkId) const
{
    for (const json& item : m_questions)
        if (qs(fields::text(item, "linkId")) == linkId)
            return &item;
    return nullptr;
}

void EnableWhenBuilder::addRow(const json& condition, bool keepWhenUnchanged)
{
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    auto* questionBox = new QComboBox(m_table);
    for (const json& item : m_questions) {
        const QString id = qs(fields::text(item, "linkId"));
        questionBox->addItem(QStringLiteral("%1 — %2").arg(id, qs(fields::text(item, "text")).left(40)), id);
    }
    questionBox->setCurrentIndex(std::max(0, questionBox->findData(qs(fields::text(condition, "question")))));
    m_table->setCellWidget(row, 0, questionBox);
    auto* opBox = new QComboBox(m_table);
    m_table->setCellWidget(row, 1, opBox);
    auto* answerBox = new QComboBox(m_table);
    answerBox->setEditable(true);
    m_table->setCellWidget(row, 2, answerBox);
    refreshRow(row);
    opBox->setCurrentIndex(std::max(0, opBox->findText(qs(fields::text(condition, "operator", "=")))));
    for (auto it = condition.begin(); it != condition.end(); ++it)
        if (it.key().rfind("answer", 0) == 0) {
            const QString text = it.value().is_object() ? qs(fields::text(it.value(), "code")) : valueAsText(it.value());
            const int index = answerBox->findData(text);
            if (index >= 0)
                answerBox->setCurrentIndex(index);
            else
                answerBox->setEditText(text);
        }
    // A condition the template already has is given back exactly while its row is left as shown,
    // so OK without a change changes nothing (even one this builder would write differently).
    if (keepWhenUnchanged) {
        questionBox->setProperty(kOriginalProperty, qs(condition.dump()));
        questionBox->setProperty(kShownProperty, rowState(row));
    }
    connect(questionBox, &QComboBox::currentIndexChanged, this, [this, questionBox] {
        for (int r = 0; r < m_table->rowCount(); ++r)
            if (m_table->cellWidget(r, 0) == questionBox)
                refreshRow(r);
    });
}

QStringList EnableWhenBuilder::rowState(int row) const
{
    auto* questionBox = qobject_cast<QComboBox*>(m_table->cellWidget(row, 0));
    auto* opBox = qobject_cast<QComboBox*>(m_table->cellWidget(row, 1));
    auto* answerBox = qobject_cast<QComboBox*>(m_table->cellWidget(row, 2));
    const int index = answerBox->findText(answerBox->currentText());
    const QString answer = index >= 0 && !answerBox->itemData(index).toString().isEmpty() ? answerBox->itemData(index).toString()
                                                                                          : answerBox->currentText();
    return {questionBox->currentData().toString(), opBox->currentText(), answer};
}

void EnableWhenBuilder::refreshRow(int row)
{
    auto* questionBox = qobject_cast<QComboBox*>(m_table->cellWidget(row, 0));
    auto* opBox = qobject_cast<QComboBox*>(m_table->cellWidget(row, 1));
    auto* answerBox = qobject_cast<QComboBox*>(m_table->cellWidget(row, 2));
    const json* item = question(questionBox->currentData().toString());
    if (!item)
        return;
    const QString type = qs(fields::text(*item, "type"));
    opBox->clear();
    opBox->addItems(operatorsForType(type));
    answerBox->clear();
    if (type == QStringLiteral("boolean")) {
        answerBox->addItem(tr("Yes"), QStringLiteral("true"));
        answerBox->addItem(tr("No"), QStringLiteral("false"));
    } else {
        for (const json& option : fields::array(*item, "answerOption"))
            answerBox->addItem(optionLabel(option), optionCode(option));
    }
}

void EnableWhenBuilder::addCondition(const QString& questionId, const QString& op, const QString& answer)
{
    json condition{{"question", ss(questionId)}, {"operator", ss(op)}};
    if (const json* item = question(questionId))
        condition[ss(op == QStringLiteral("exists") ? QStringLiteral("answerBoolean")
                                                    : answerKeyForType(qs(fields::text(*item, "type"))))] =
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
        const QStringList state = rowState(row);
        if (const QVariant shown = questionBox->property(kShownProperty); shown.isValid() && shown.toStringList() == state) {
            const json original = json::parse(ss(questionBox->property(kOriginalProperty).toString()), nullptr, false);
            if (!original.is_discarded()) {
                out.push_back(original);
                continue;
            }
        }
        const QString& id = state.at(0);
        const json* item = question(id);
        if (!item)
            continue;
        const QString& op = state.at(1);
        const QString& answer = state.at(2);
        const QString key = op == QStringLiteral("exists") ? QStringLiteral("answerBoolean")
                                                           : answerKeyForType(qs(fields::text(*item, "type")));
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
    layout->addWidget(new QLabel(tr("Tick the questions to add up: the score of the answer chosen, or the number entered:"),
                                 this));
    m_items = new QListWidget(this);
    m_items->setObjectName(QStringLiteral("scoreItems"));
    for (const json& item : allItems(questionnaire)) {
        const std::string linkId = fields::text(item, "linkId");
        const std::string type = fields::text(item, "type");
        if (linkId.empty() || linkId == target || !(isChoice(type) || isNumber(type)))
            continue;
        const QString kind = isNumber(type) ? tr("number") : tr("scored answers");
        auto* entry = new QListWidgetItem(
            QStringLiteral("%1 — %2 (%3)").arg(qs(linkId), qs(fields::text(item, "text")).left(60), kind), m_items);
        entry->setData(Qt::UserRole, qs(linkId));
        entry->setData(Qt::UserRole + 1, qs(type));
        entry->setCheckState(Qt::Unchecked);
    }
    layout->addWidget(m_items);
    m_range = new QLabel(this);
    m_range->setObjectName(QStringLiteral("scoreRange"));
    m_range->setWordWrap(true);
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
    setChosen(totalExpressionItems(ss(current)));
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

QString ScoreBuilder::expression() const
{
    std::vector<std::string> choices;
    std::vector<std::string> numbers;
    for (int i = 0; i < m_items->count(); ++i)
        if (m_items->item(i)->checkState() == Qt::Checked)
            (isNumber(ss(m_items->item(i)->data(Qt::UserRole + 1).toString())) ? numbers : choices)
                .push_back(ss(m_items->item(i)->data(Qt::UserRole).toString()));
    return qs(totalExpression(choices, numbers));
}

void ScoreBuilder::update()
{
    double low = 0;
    double high = 0;
    bool bounded = true;
    const std::vector<std::string> ids = chosen();
    for (const json& item : allItems(m_questionnaire)) {
        if (std::find(ids.begin(), ids.end(), fields::text(item, "linkId")) == ids.end())
            continue;
        if (isNumber(fields::text(item, "type"))) {
            if (const auto range = numberRange(item)) {
                low += range->first;
                high += range->second;
            } else {
                bounded = false;
            }
            continue;
        }
        const json& options = fields::array(item, "answerOption");
        if (options.empty())
            continue;
        double minScore = 1e300;
        double maxScore = -1e300;
        for (const json& option : options) {
            const double score = ordinalOf(option).toDouble();
            minScore = std::min(minScore, score);
            maxScore = std::max(maxScore, score);
        }
        low += minScore;
        high += maxScore;
    }
    const int count = static_cast<int>(ids.size());
    m_range->setText(bounded ? tr("%n question(s); total from %1 to %2", nullptr, count).arg(low).arg(high)
                             : tr("%n question(s); no fixed range: a number question has no minimum and maximum", nullptr,
                                  count));
    m_expression->setText(expression());
}

std::string totalExpression(const std::vector<std::string>& scoredChoices, const std::vector<std::string>& numbers)
{
    const std::string scores = core::forms::scoreExpression(scoredChoices);
    const std::string values = numberSumExpression(numbers);
    if (scores.empty() || values.empty())
        return scores + values;
    return scores + " + " + values;
}

std::vector<std::string> totalExpressionItems(const std::string& expression)
{
    // Written by totalExpression: the scores part, the numbers part, or both joined by " + ".
    if (auto scores = core::forms::scoreExpressionItems(expression); !scores.empty())
        return scores;
    if (auto numbers = numberSumItems(expression); !numbers.empty())
        return numbers;
    static const std::string joint = ".sum() + %resource";
    const auto at = expression.find(joint);
    if (at == std::string::npos)
        return {};
    auto scores = core::forms::scoreExpressionItems(expression.substr(0, at + 6));
    const auto numbers = numberSumItems(expression.substr(at + 9));
    if (scores.empty() || numbers.empty())
        return {};
    scores.insert(scores.end(), numbers.begin(), numbers.end());
    return scores;
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
    // An entry that is not an object (a stray number or null in an imported list) is kept as it is
    // and shown as its JSON, so accepting the list unchanged changes nothing.
    const json& coding = m_mode == Mode::AnswerOptions ? fields::object(entry, "valueCoding") : entry;
    QString code = qs(fields::text(coding, "code"));
    if (m_mode == Mode::AnswerOptions && !fields::member(entry, "valueCoding").is_object())
        code = optionCode(entry);
    if (!entry.is_object())
        code = valueAsText(entry);
    addRow(qs(fields::text(coding, "system")), code, qs(fields::text(coding, "display")),
           m_mode == Mode::AnswerOptions ? ordinalOf(entry) : QString());
    const int row = m_table->rowCount() - 1;
    m_table->item(row, 0)->setData(kStoredRole, qs(entry.dump()));
    m_table->item(row, 0)->setData(kShownRole, rowTexts(row));
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

QStringList CodeListEditor::rowTexts(int row) const
{
    QStringList texts;
    for (int column = 0; column < m_table->columnCount(); ++column) {
        const QTableWidgetItem* cell = m_table->item(row, column);
        texts << (cell ? cell->text().trimmed() : QString());
    }
    return texts;
}

json CodeListEditor::result() const
{
    json out = json::array();
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const QTableWidgetItem* first = m_table->item(row, 0);
        const QString stored = first ? first->data(kStoredRole).toString() : QString();
        const QStringList texts = rowTexts(row);
        json original = stored.isEmpty() ? json() : json::parse(ss(stored), nullptr, false);
        // A row as it was loaded is kept exactly, whatever it holds, so an unchanged list is unchanged.
        if (!stored.isEmpty() && !original.is_discarded() && first->data(kShownRole).toStringList() == texts) {
            out.push_back(original);
            continue;
        }
        if (!original.is_object())
            original = json::object();
        const QString& system = texts.at(0);
        const QString& code = texts.at(1);
        const QString& display = texts.at(2);
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
        if (original.contains("valueCoding") || stored.isEmpty() || firstValue(original).is_null()) {
            json& coding = original["valueCoding"];
            if (!coding.is_object())
                coding = json::object();
            applyCoding(coding);
        }
        const QString& ordinal = texts.at(3);
        if (ordinal != ordinalOf(original))
            setOrdinal(original, ordinal);
        out.push_back(original);
    }
    return out;
}

} // namespace avocet::ui::designer
