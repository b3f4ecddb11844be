#pragma once
// Per-submission delivery status per EPR, from the receipts the hub publishes and sync pulls:
// FHIR Tasks with code epr-delivery (https://fhir.avocet.example/CodeSystem/task-type), focus
// QuestionnaireResponse/<id>/_history/<version>, owner.display = the EPR, businessStatus coding
// (epr-delivery-state) pending | failing | delivered | failed, statusReason.text, the
// delivery-next-attempt extension and output deliveredAt (server/EprChannel.cpp receiptFor).
#include <QDateTime>
#include <QString>
#include <QStringList>
#include <QVector>

#include "ui/PatientRow.h"

namespace avocet::core::store {
class Cache;
}

namespace avocet::ui::sync {

struct DeliveryReceipt
{
    QString epr;        // "Paris", "Mobius", "SystmOne", "EPR routing"
    QString state;      // pending | failing | delivered | failed
    QDateTime deliveredAt;
    QDateTime nextAttempt;
    QString reason;
    int attempts = 0;
    QStringList warnings; // what this EPR's copy loses, from the mapping (signed off when published)
};

struct SubmissionDelivery
{
    QString title;      // the form's title (or its canonical URL)
    QDateTime authored;
    QString epr;        // the EPR of record the submission goes to (the patient's)
    bool sent = false;  // false: still waiting in the outbox on this computer
    int version = 0;    // the server version the receipts are for (latest receipt wins per EPR)
    QVector<DeliveryReceipt> receipts;
};

// Worker thread: the patient's submissions in the cache, newest first, with their receipts.
QVector<SubmissionDelivery> loadDeliveries(core::store::Cache& cache, const PatientRow& patient);

// "Paris: delivered 14:02", "Mobius: pending — retry at 14:40", "SystmOne: failing — reason".
QString receiptText(const DeliveryReceipt& receipt);

} // namespace avocet::ui::sync
