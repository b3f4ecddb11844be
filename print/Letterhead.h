#pragma once
// The trust sending transfer-of-care documents, as its administrators set it in the system-wide
// settings the desktop reads its policy from (Linux: /etc/xdg/NHS/Avocet.conf, Windows:
// HKLM\Software\NHS\Avocet; user settings are never read), for the custodian of the FHIR document
// and the PDF's letterhead:
//
//   [letterhead]
//   trustName=Mid and South Essex Community NHS Trust
//   odsCode=RXX
//   address=Trust headquarters, 1 Example Road, Chelmsford CM1 1AA
//   phone=01245 000000
//
// Values are read as written, commas and all (quotes are not needed). Without trustName the demo trust stays (core/documents Sender's defaults), and any other letterhead
// key is ignored with a warning: a letterhead half the trust's and half the demo's would mislead.
#include "core/documents/DocumentView.h"

#include <string>
#include <vector>

class QSettings;

namespace avocet::print {

// From these settings (the system-wide ones in the programs; a test's own file in tests). Each
// warning names the file and the key.
core::documents::Sender letterheadFrom(const QSettings& settings, std::vector<std::string>* warnings = nullptr);
// From the system-wide settings.
core::documents::Sender letterheadFromSystem(std::vector<std::string>* warnings = nullptr);
// From an INI file of the administrator's (its [letterhead] section), to try a letterhead before
// deploying it; the caller checks the file can be read.
core::documents::Sender letterheadFromFile(const std::string& path, std::vector<std::string>* warnings = nullptr);

} // namespace avocet::print
