#pragma once
// The patient view's "Scores over time": one chart per scored measure (PHQ-9, GAD-7 and any other
// total the record holds), each point a recorded total, drawn over the measure's severity bands,
// with a table of the same points beside it for screen readers and for reading exact values.
// Reads the scores the clinical projection holds in the cache (core/store CaseloadStore) on the
// session's worker; no I/O of its own.
#include <QDateTime>
#include <QString>
#include <QVector>
#include <QWidget>

class QLabel;
class QTableWidget;
class QHBoxLayout;

namespace avocet::ui {

class Session;

struct ScorePoint
{
    QString instrument; // "PHQ-9"
    QDateTime at;       // UTC
    double value = 0;
};

struct SeverityBand
{
    double from = 0; // inclusive
    double to = 0;   // inclusive
    QString label;
};

// The published severity bands of a measure (PHQ-9: 0-4 minimal ... 20-27 severe); empty when unknown.
QVector<SeverityBand> severityBands(const QString& instrument);

class ScoreChartView : public QWidget
{
    Q_OBJECT
public:
    explicit ScoreChartView(Session& session, QWidget* parent = nullptr);

    void load(const QString& patientId);
    void clear();
    // Shows these points (tests and load()).
    void setPoints(const QVector<ScorePoint>& points);

    QStringList instruments() const { return m_instruments; }
    QTableWidget* table() const { return m_table; }
    bool isLoading() const { return m_loading; }

private:
    Session& m_session;
    QString m_patientId;
    QStringList m_instruments;
    QLabel* m_empty = nullptr;
    QWidget* m_charts = nullptr;
    QHBoxLayout* m_chartsLayout = nullptr;
    QTableWidget* m_table = nullptr;
    bool m_loading = false;
};

} // namespace avocet::ui
