#pragma once
// Tells open views that a patient's forms changed (a form completed or amended in a form window),
// so the patient screen's form list and history reload. UI thread only; carries no patient data
// beyond the local id.
#include <QObject>
#include <QString>

namespace avocet::ui::forms {

class FormEvents : public QObject
{
    Q_OBJECT
public:
    static FormEvents& instance()
    {
        static FormEvents events;
        return events;
    }
    void notifyChanged(const QString& patientId) { Q_EMIT changed(patientId); }

Q_SIGNALS:
    void changed(const QString& patientId);
};

} // namespace avocet::ui::forms
