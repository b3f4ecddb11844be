// The 24-hour rule for discharge summaries, from the rule tables: a discharge without a summary
// sent raises "due" from the discharge, "overdue" (high) once 24 hours have passed, nothing once the
// hub has the summary, a note when it is signed off here and waiting to sync, and nothing for a
// discharge more than the table's 14 days past its deadline (a figure for the KPI, not a to-do).
#include "core/alerts/PatientAlerts.h"
#include "core/alerts/RuleLibrary.h"

#include <gtest/gtest.h>

namespace avocet::core::alerts {
namespace {

Instant at(const char* iso)
{
    auto parsed = parseIsoInstant(iso);
    EXPECT_TRUE(parsed.ok()) << iso;
    return parsed.ok() ? *parsed : Instant{};
}

std::vector<PatientAlert> documentAlerts(DischargeInput::Summary summary, const char* now)
{
    auto rules = RuleLibrary::builtin();
    EXPECT_TRUE(rules.ok()) << rules.message();
    PatientAlertInput input;
    input.patientId = "p1";
    input.discharges.push_back({"stay-1", at("2025-03-14T10:30:00Z"), summary});
    auto report = evaluatePatientAlerts(*rules, input, at(now));
    EXPECT_TRUE(report.ok()) << report.message();
    std::vector<PatientAlert> out;
    for (const auto& alert : report->alerts)
        if (alert.kind == AlertKind::TransferOfCare)
            out.push_back(alert);
    return out;
}

TEST(DischargeSummaryAlert, IsDueFromTheDischargeAndOverdueAfterTwentyFourHours)
{
    auto due = documentAlerts(DischargeInput::Summary::None, "2025-03-14T12:00:00Z");
    ASSERT_EQ(due.size(), 1u);
    EXPECT_EQ(due[0].key, "document:stay-1:discharge-summary-24h");
    EXPECT_EQ(due[0].severity, AlertSeverity::Medium);
    EXPECT_EQ(due[0].title, "Discharge summary to the GP due");
    ASSERT_TRUE(due[0].due.has_value());
    EXPECT_EQ(formatUtcIso(*due[0].due), "2025-03-15T10:30:00Z");
    EXPECT_NE(due[0].detail.find("NHS Standard Contract"), std::string::npos);

    auto overdue = documentAlerts(DischargeInput::Summary::None, "2025-03-15T10:30:00Z");
    ASSERT_EQ(overdue.size(), 1u);
    EXPECT_EQ(overdue[0].key, "document:stay-1:discharge-summary-24h:overdue") << "a new key: an acknowledged warning does not hide it";
    EXPECT_EQ(overdue[0].severity, AlertSeverity::High);
    EXPECT_EQ(overdue[0].title, "Discharge summary to the GP overdue");
}

TEST(DischargeSummaryAlert, ClearsOnceSentSaysWhenWaitingToSyncAndStopsAfterTheTablesFortnight)
{
    EXPECT_TRUE(documentAlerts(DischargeInput::Summary::Sent, "2025-03-14T12:00:00Z").empty());
    auto queued = documentAlerts(DischargeInput::Summary::Queued, "2025-03-14T12:00:00Z");
    ASSERT_EQ(queued.size(), 1u);
    EXPECT_NE(queued[0].detail.find("next sync"), std::string::npos) << queued[0].detail;
    EXPECT_EQ(documentAlerts(DischargeInput::Summary::None, "2025-03-28T12:00:00Z").size(), 1u);
    EXPECT_TRUE(documentAlerts(DischargeInput::Summary::None, "2025-03-29T12:00:00Z").empty());
    EXPECT_TRUE(documentAlerts(DischargeInput::Summary::None, "2025-03-14T10:00:00Z").empty())
        << "nothing before the discharge";
}

TEST(DischargeSummaryAlert, ASummaryTheRecipientRejectedOrTheHubCouldNotDeliverStillCountsAsNotSent)
{
    auto rejected = documentAlerts(DischargeInput::Summary::Rejected, "2025-03-14T12:00:00Z");
    ASSERT_EQ(rejected.size(), 1u);
    EXPECT_EQ(rejected[0].key, "document:stay-1:discharge-summary-24h:rejected")
        << "its own key: an acknowledged 'due' does not hide it";
    EXPECT_EQ(rejected[0].severity, AlertSeverity::High);
    EXPECT_EQ(rejected[0].title, "Discharge summary to the GP rejected by the recipient");
    EXPECT_NE(rejected[0].detail.find("under Documents sent"), std::string::npos) << rejected[0].detail;

    auto lateAndRejected = documentAlerts(DischargeInput::Summary::Rejected, "2025-03-15T11:00:00Z");
    ASSERT_EQ(lateAndRejected.size(), 1u);
    EXPECT_EQ(lateAndRejected[0].key, "document:stay-1:discharge-summary-24h:rejected:overdue");
    EXPECT_EQ(lateAndRejected[0].title, "Discharge summary to the GP rejected by the recipient, overdue");

    auto failed = documentAlerts(DischargeInput::Summary::Failed, "2025-03-14T12:00:00Z");
    ASSERT_EQ(failed.size(), 1u);
    EXPECT_EQ(failed[0].title, "Discharge summary to the GP not delivered");
    EXPECT_NE(failed[0].detail.find("resend"), std::string::npos) << failed[0].detail;
}

} // namespace
} // namespace avocet::core::alerts
