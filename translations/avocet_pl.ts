<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pl" sourcelanguage="en_GB">
<context>
    <name>AnswerControl</name>
    <message>
        <source>dd/mm/yyyy</source>
        <translation>dd/mm/rrrr</translation>
    </message>
    <message>
        <source>dd/mm/yyyy hh:mm</source>
        <translation>dd/mm/rrrr gg:mm</translation>
    </message>
    <message>
        <source>hh:mm</source>
        <translation>gg:mm</translation>
    </message>
    <message>
        <source>The choices for this question come from a terminology server that Avocet cannot reach off-line, so it cannot be answered here.</source>
        <translation>Odpowiedzi do tego pytania pochodzą z serwera terminologii, z którym Avocet nie może się połączyć w trybie offline, więc nie można tu na nie odpowiedzieć.</translation>
    </message>
    <message>
        <source>Avocet cannot take this kind of answer (%1) yet.</source>
        <translation>Avocet nie obsługuje jeszcze tego rodzaju odpowiedzi (%1).</translation>
    </message>
</context>
<context>
    <name>ErrorText</name>
    <message numerus="yes">
        <source>That passphrase is not right. Too many wrong attempts: wait %n second(s), then try again.</source>
        <translation>
            <numerusform>To hasło jest nieprawidłowe. Zbyt wiele błędnych prób: odczekaj %n sekundę, a potem spróbuj ponownie.</numerusform>
            <numerusform>To hasło jest nieprawidłowe. Zbyt wiele błędnych prób: odczekaj %n sekundy, a potem spróbuj ponownie.</numerusform>
            <numerusform>To hasło jest nieprawidłowe. Zbyt wiele błędnych prób: odczekaj %n sekund, a potem spróbuj ponownie.</numerusform>
        </translation>
    </message>
    <message>
        <source>That passphrase is not right. Check Caps Lock and try again.</source>
        <translation>To hasło jest nieprawidłowe. Sprawdź klawisz Caps Lock i spróbuj ponownie.</translation>
    </message>
    <message numerus="yes">
        <source>Too many wrong passphrases. Wait %n second(s) before trying again.</source>
        <translation>
            <numerusform>Zbyt wiele błędnych haseł. Odczekaj %n sekundę przed kolejną próbą.</numerusform>
            <numerusform>Zbyt wiele błędnych haseł. Odczekaj %n sekundy przed kolejną próbą.</numerusform>
            <numerusform>Zbyt wiele błędnych haseł. Odczekaj %n sekund przed kolejną próbą.</numerusform>
        </translation>
    </message>
    <message>
        <source>This profile is already open in another Avocet window or program. Close it there first.</source>
        <translation>Ten profil jest już otwarty w innym oknie lub programie Avocet. Najpierw zamknij go tam.</translation>
    </message>
    <message>
        <source>There is no Avocet profile for this user on this computer. Ask the service desk to set one up.</source>
        <translation>Na tym komputerze nie ma profilu Avocet dla tego użytkownika. Poproś dział pomocy technicznej o jego utworzenie.</translation>
    </message>
    <message>
        <source>The key file of this profile is damaged. Nothing has been changed. Contact the service desk.</source>
        <translation>Plik klucza tego profilu jest uszkodzony. Niczego nie zmieniono. Skontaktuj się z działem pomocy technicznej.</translation>
    </message>
    <message>
        <source>The cache on this computer is damaged and cannot be read. It has been kept unchanged for investigation. Contact the service desk and do not sync from this computer.</source>
        <translation>Pamięć podręczna na tym komputerze jest uszkodzona i nie można jej odczytać. Pozostawiono ją bez zmian do zbadania. Skontaktuj się z działem pomocy technicznej i nie synchronizuj danych z tego komputera.</translation>
    </message>
    <message>
        <source>The disk is full, so nothing could be saved. Free some space and try again.</source>
        <translation>Dysk jest pełny, więc niczego nie zapisano. Zwolnij trochę miejsca i spróbuj ponownie.</translation>
    </message>
    <message>
        <source>The session is locked. Unlock it to continue.</source>
        <translation>Sesja jest zablokowana. Odblokuj ją, aby kontynuować.</translation>
    </message>
    <message>
        <source>Something went wrong (code %1). Try again, or contact the service desk.</source>
        <translation>Coś poszło nie tak (kod %1). Spróbuj ponownie lub skontaktuj się z działem pomocy technicznej.</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>Not published: %1</source>
        <translation>Nie opublikowano: %1</translation>
    </message>
    <message>
        <source>Sign-in failed: %1</source>
        <translation>Logowanie nie powiodło się: %1</translation>
    </message>
    <message>
        <source>Only a change manager can publish templates (you are signed in as %1).</source>
        <translation>Tylko menedżer zmian może publikować szablony (jesteś zalogowany jako %1).</translation>
    </message>
    <message>
        <source>The hub refused: only a change manager can publish templates.</source>
        <translation>Hub odmówił: tylko menedżer zmian może publikować szablony.</translation>
    </message>
    <message>
        <source>The hub refused the template: %1</source>
        <translation>Hub odrzucił szablon: %1</translation>
    </message>
    <message>
        <source>Version %1 is already published with different content; publish a new version.</source>
        <translation>Wersja %1 została już opublikowana z inną treścią; opublikuj nową wersję.</translation>
    </message>
    <message>
        <source> (only a change manager can publish mappings)</source>
        <translation> (tylko menedżer zmian może publikować mapowania)</translation>
    </message>
    <message>
        <source>Published the template, but the hub refused the %1 mapping: %2</source>
        <translation>Opublikowano szablon, ale hub odrzucił mapowanie dla %1: %2</translation>
    </message>
    <message numerus="yes">
        <source>Published %1 %2 and %n EPR mapping(s). Clinicians receive it on their next sync; drafts started on an earlier version stay on that version.</source>
        <translation>
            <numerusform>Opublikowano %1 %2 i %n mapowanie EPR. Klinicyści otrzymają go przy następnej synchronizacji; wersje robocze rozpoczęte na wcześniejszej wersji pozostają na tej wersji.</numerusform>
            <numerusform>Opublikowano %1 %2 i %n mapowania EPR. Klinicyści otrzymają go przy następnej synchronizacji; wersje robocze rozpoczęte na wcześniejszej wersji pozostają na tej wersji.</numerusform>
            <numerusform>Opublikowano %1 %2 i %n mapowań EPR. Klinicyści otrzymają go przy następnej synchronizacji; wersje robocze rozpoczęte na wcześniejszej wersji pozostają na tej wersji.</numerusform>
        </translation>
    </message>
    <message>
        <source>Not published: the %1 mapping is for %2 %3, not for this version (%4). Make a new version of the mapping for this template first.</source>
        <translation>Nie opublikowano: mapowanie %1 dotyczy %2 %3, a nie tej wersji (%4). Najpierw utwórz nową wersję mapowania dla tego szablonu.</translation>
    </message>
    <message>
        <source>Not published: the template is not approved yet. Send it for review and approve it (Versions and impact); clinicians only receive active templates. Nothing was sent.</source>
        <translation>Nie opublikowano: szablon nie został jeszcze zatwierdzony. Wyślij go do przeglądu i zatwierdź (Wersje i wpływ); klinicyści otrzymują tylko aktywne szablony. Niczego nie wysłano.</translation>
    </message>
    <message>
        <source>Not published: the template cannot be read: %1</source>
        <translation>Nie opublikowano: nie można odczytać szablonu: %1</translation>
    </message>
    <message>
        <source>Nothing was published and your template is kept.</source>
        <translation>Niczego nie opublikowano, a Twój szablon został zachowany.</translation>
    </message>
    <message>
        <source>The hub at %1 cannot be reached.</source>
        <translation>Nie można połączyć się z hubem pod adresem %1.</translation>
    </message>
    <message>
        <source>The hub address %1 cannot be used: %2.</source>
        <translation>Nie można użyć adresu huba %1: %2.</translation>
    </message>
    <message>
        <source>The hub at %1 refused a secure connection: %2.</source>
        <translation>Hub pod adresem %1 odrzucił bezpieczne połączenie: %2.</translation>
    </message>
    <message>
        <source>Sign-in failed: the hub refused the user name or password.</source>
        <translation>Logowanie nie powiodło się: hub odrzucił nazwę użytkownika lub hasło.</translation>
    </message>
    <message>
        <source>The hub at %1 stopped answering while publishing (%2). Your template is kept; publish again to be sure it arrived (the hub keeps one copy).</source>
        <translation>Hub pod adresem %1 przestał odpowiadać podczas publikowania (%2). Twój szablon został zachowany; opublikuj go ponownie, aby mieć pewność, że dotarł (hub przechowuje jedną kopię).</translation>
    </message>
    <message>
        <source>Not published: the alert rules could not be read: %1</source>
        <translation>Nie opublikowano: nie można odczytać reguł alertów: %1</translation>
    </message>
    <message>
        <source>Not published: %1 Nothing was sent.</source>
        <translation>Nie opublikowano: %1 Nic nie zostało wysłane.</translation>
    </message>
</context>
<context>
    <name>avocet</name>
    <message>
        <source>Avocet: clinical records for mental-health and community services.</source>
        <translation>Avocet: dokumentacja kliniczna dla usług zdrowia psychicznego i opieki środowiskowej.</translation>
    </message>
    <message>
        <source>Folder holding the user profiles (default: %1).</source>
        <translation>Folder z profilami użytkowników (domyślnie: %1).</translation>
    </message>
    <message>
        <source>DIR</source>
        <translation>KATALOG</translation>
    </message>
    <message>
        <source>Open the demo workspace (synthetic patients), creating it if needed.</source>
        <translation>Otwórz demonstracyjny obszar roboczy (fikcyjni pacjenci), w razie potrzeby go tworząc.</translation>
    </message>
    <message>
        <source>User to preselect on the unlock screen.</source>
        <translation>Użytkownik wybrany wstępnie na ekranie odblokowania.</translation>
    </message>
    <message>
        <source>NAME</source>
        <translation>NAZWA</translation>
    </message>
    <message>
        <source>Language of the user interface, for example en_GB or pl (default: AVOCET_LANG, else the system language).</source>
        <translation>Język interfejsu, na przykład en_GB lub pl (domyślnie: AVOCET_LANG, w przeciwnym razie język systemu).</translation>
    </message>
    <message>
        <source>CODE</source>
        <translation>KOD</translation>
    </message>
    <message>
        <source>Avocet cannot start safely: %1</source>
        <translation>Avocet nie może bezpiecznie uruchomić się: %1</translation>
    </message>
    <message>
        <source>Avocet</source>
        <translation>Avocet</translation>
    </message>
</context>
<context>
    <name>avocet::ui::ActionGuard</name>
    <message>
        <source>an unexpected error</source>
        <translation>nieoczekiwany błąd</translation>
    </message>
    <message>
        <source>%1 could not be completed: %2

Nothing else was changed. Your other windows and your work in this one are kept.</source>
        <translation>%1 — nie udało się dokończyć: %2

Niczego innego nie zmieniono. Twoje pozostałe okna i praca w tym oknie zostały zachowane.</translation>
    </message>
    <message>
        <source>That action</source>
        <translation>To działanie</translation>
    </message>
    <message>
        <source>Avocet</source>
        <translation>Avocet</translation>
    </message>
</context>
<context>
    <name>avocet::ui::AlertNotifier</name>
    <message>
        <source>Avocet</source>
        <translation>Avocet</translation>
    </message>
    <message>
        <source>New high alert on your caseload: %1</source>
        <translation>Nowy alert wysokiego priorytetu na Twojej liście pacjentów: %1</translation>
    </message>
    <message>
        <source>%1 new high alerts on your caseload, including: %2</source>
        <translation>Nowe alerty wysokiego priorytetu na Twojej liście pacjentów (%1), w tym: %2</translation>
    </message>
    <message>
        <source>Avocet alert</source>
        <translation>Alert Avocet</translation>
    </message>
</context>
<context>
    <name>avocet::ui::BreakGlassDialog</name>
    <message>
        <source>Patient not on your caseload</source>
        <translation>Pacjent spoza Twojej listy pacjentów</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;This patient is not on your team&apos;s caseload.&lt;/b&gt;&lt;/p&gt;&lt;p&gt;You can open the record if you have a legitimate reason. Your name, the time, this computer and your reason are recorded and reviewed by the Caldicott Guardian&apos;s team.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Tego pacjenta nie ma na liście pacjentów Twojego zespołu.&lt;/b&gt;&lt;/p&gt;&lt;p&gt;Możesz otworzyć dokumentację, jeśli masz uzasadniony powód. Twoje imię i nazwisko, czas, ten komputer i podany powód są zapisywane i sprawdzane przez zespół Caldicott Guardian.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Powód</translation>
    </message>
    <message>
        <source>Choose a reason…</source>
        <translation>Wybierz powód…</translation>
    </message>
    <message>
        <source>Emergency: patient presenting now</source>
        <translation>Nagły przypadek: pacjent zgłasza się teraz</translation>
    </message>
    <message>
        <source>Covering for a colleague&apos;s caseload</source>
        <translation>Zastępstwo za współpracownika (jego lista pacjentów)</translation>
    </message>
    <message>
        <source>Duty worker / crisis call</source>
        <translation>Dyżur / wezwanie kryzysowe</translation>
    </message>
    <message>
        <source>Referral or transfer in progress</source>
        <translation>Skierowanie lub przeniesienie w toku</translation>
    </message>
    <message>
        <source>Other (explain below)</source>
        <translation>Inny (wyjaśnij poniżej)</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Szczegóły</translation>
    </message>
    <message>
        <source>Details (required for &quot;Other&quot;)</source>
        <translation>Szczegóły (wymagane przy „Inny”)</translation>
    </message>
    <message>
        <source>Open record and record my reason</source>
        <translation>Otwórz dokumentację i zapisz mój powód</translation>
    </message>
</context>
<context>
    <name>avocet::ui::CaseloadDashboard</name>
    <message>
        <source>Chart</source>
        <translation>Wykres</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>Tabela</translation>
    </message>
    <message>
        <source>My dashboard</source>
        <translation>Mój pulpit</translation>
    </message>
    <message>
        <source>What needs doing on your caseload, chart</source>
        <translation>Co trzeba zrobić na liście pacjentów, wykres</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Co</translation>
    </message>
    <message>
        <source>Patients or forms</source>
        <translation>Pacjenci lub formularze</translation>
    </message>
    <message>
        <source>What needs doing on your caseload, as a table</source>
        <translation>Co trzeba zrobić na liście pacjentów, jako tabela</translation>
    </message>
    <message>
        <source>What needs doing</source>
        <translation>Co trzeba zrobić</translation>
    </message>
    <message>
        <source>This month&apos;s figures against target, chart</source>
        <translation>Wskaźniki z tego miesiąca wobec celu, wykres</translation>
    </message>
    <message>
        <source>Measure</source>
        <translation>Wskaźnik</translation>
    </message>
    <message>
        <source>Met</source>
        <translation>Spełnione</translation>
    </message>
    <message>
        <source>Of</source>
        <translation>Z</translation>
    </message>
    <message>
        <source>Per cent</source>
        <translation>Procent</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Cel</translation>
    </message>
    <message>
        <source>Meets target</source>
        <translation>Cel osiągnięty</translation>
    </message>
    <message>
        <source>This month&apos;s figures against target, as a table</source>
        <translation>Wskaźniki z tego miesiąca wobec celu, jako tabela</translation>
    </message>
    <message>
        <source>This month&apos;s figures against target</source>
        <translation>Wskaźniki z tego miesiąca wobec celu</translation>
    </message>
    <message>
        <source>Open your caseload to see its figures.</source>
        <translation>Otwórz listę pacjentów, aby zobaczyć jej wskaźniki.</translation>
    </message>
    <message>
        <source>Counting your caseload&apos;s figures…</source>
        <translation>Liczenie wskaźników listy pacjentów…</translation>
    </message>
    <message>
        <source>The figures could not be counted: %1</source>
        <translation>Nie udało się policzyć wskaźników: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n patient(s) on your caseload. Figures from this computer&apos;s copy of the record, %1 to %2; sync for the latest.</source>
        <translation>
            <numerusform>%n pacjent na liście. Wskaźniki z kopii dokumentacji na tym komputerze, od %1 do %2; zsynchronizuj, aby mieć najnowsze.</numerusform>
            <numerusform>%n pacjentów na liście. Wskaźniki z kopii dokumentacji na tym komputerze, od %1 do %2; zsynchronizuj, aby mieć najnowsze.</numerusform>
            <numerusform>%n pacjentów na liście. Wskaźniki z kopii dokumentacji na tym komputerze, od %1 do %2; zsynchronizuj, aby mieć najnowsze.</numerusform>
        </translation>
    </message>
    <message>
        <source>Reviews overdue</source>
        <translation>Zaległe przeglądy</translation>
    </message>
    <message>
        <source>Outcome measures due</source>
        <translation>Należne pomiary wyników</translation>
    </message>
    <message>
        <source>Forms waiting for delivery</source>
        <translation>Formularze czekające na dostarczenie</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>Teraz</translation>
    </message>
    <message>
        <source>What needs doing now</source>
        <translation>Co trzeba zrobić teraz</translation>
    </message>
    <message>
        <source>Met (per cent)</source>
        <translation>Spełnione (procent)</translation>
    </message>
    <message>
        <source>target %1 % · %2</source>
        <translation>cel %1 % · %2</translation>
    </message>
    <message>
        <source>none to count</source>
        <translation>brak do policzenia</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>tak</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>This month so far: per cent met, with each target</source>
        <translation>Ten miesiąc do dziś: procent spełnionych, z każdym celem</translation>
    </message>
</context>
<context>
    <name>avocet::ui::CaseloadModel</name>
    <message>
        <source>Today</source>
        <translation>Dzisiaj</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>Pacjent</translation>
    </message>
    <message>
        <source>NHS number</source>
        <translation>Numer NHS</translation>
    </message>
    <message>
        <source>Born</source>
        <translation>Data urodzenia</translation>
    </message>
    <message>
        <source>Mental Health Act</source>
        <translation>Mental Health Act</translation>
    </message>
    <message>
        <source>Alerts and overdue items</source>
        <translation>Alerty i zaległe zadania</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n y)</source>
        <comment>date of birth and age in years</comment>
        <translation>
            <numerusform>%1 (%n r.)</numerusform>
            <numerusform>%1 (%n l.)</numerusform>
            <numerusform>%1 (%n l.)</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: period ended</source>
        <translation>%1: okres zakończony</translation>
    </message>
    <message numerus="yes">
        <source>%1 (+%n more)</source>
        <comment>first alert, then how many others</comment>
        <translation>
            <numerusform>%1 (+%n inny)</numerusform>
            <numerusform>%1 (+%n inne)</numerusform>
            <numerusform>%1 (+%n innych)</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>EPR flags</source>
        <translation>Flagi EPR</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <comment>flag, then the EPR it is from</comment>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source> +%1</source>
        <comment>a power beside the main one</comment>
        <translation> +%1</translation>
    </message>
    <message>
        <source>%1 · no fixed end</source>
        <comment>a power with no expiry, e.g. a restriction order</comment>
        <translation>%1 · bez określonego końca</translation>
    </message>
</context>
<context>
    <name>avocet::ui::CaseloadView</name>
    <message>
        <source>My caseload</source>
        <translation>Moja lista pacjentów</translation>
    </message>
    <message>
        <source>Caseload</source>
        <translation>Lista pacjentów</translation>
    </message>
    <message>
        <source>Loading your caseload…</source>
        <translation>Wczytywanie Twojej listy pacjentów…</translation>
    </message>
    <message>
        <source>Everyone (%1)</source>
        <translation>Wszyscy (%1)</translation>
    </message>
    <message>
        <source>Today&apos;s visits (%1)</source>
        <translation>Dzisiejsze wizyty (%1)</translation>
    </message>
    <message>
        <source>Overdue (%1)</source>
        <translation>Zaległe (%1)</translation>
    </message>
    <message>
        <source>Alerts (%1)</source>
        <translation>Alerty (%1)</translation>
    </message>
</context>
<context>
    <name>avocet::ui::ChangePassphraseDialog</name>
    <message>
        <source>Change passphrase</source>
        <translation>Zmień hasło</translation>
    </message>
    <message>
        <source>The passphrase unlocks your encrypted records on this computer, also without a network. Changing it does not change your trust password.</source>
        <translation>Hasło odblokowuje Twoją zaszyfrowaną dokumentację na tym komputerze, także bez dostępu do sieci. Jego zmiana nie zmienia Twojego hasła do konta organizacji.</translation>
    </message>
    <message>
        <source>&amp;Current passphrase</source>
        <translation>&amp;Obecne hasło</translation>
    </message>
    <message>
        <source>&amp;New passphrase</source>
        <translation>&amp;Nowe hasło</translation>
    </message>
    <message>
        <source>&amp;Type it again</source>
        <translation>&amp;Wpisz je ponownie</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Zmień</translation>
    </message>
    <message>
        <source>The two new passphrases are not the same.</source>
        <translation>Oba nowe hasła nie są takie same.</translation>
    </message>
    <message>
        <source>The new passphrase needs at least 8 characters.</source>
        <translation>Nowe hasło musi mieć co najmniej 8 znaków.</translation>
    </message>
    <message>
        <source>Changing…</source>
        <translation>Zmienianie…</translation>
    </message>
</context>
<context>
    <name>avocet::ui::ClinicalService</name>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>since %1</source>
        <translation>od %1</translation>
    </message>
    <message>
        <source>%1 to %2</source>
        <translation>od %1 do %2</translation>
    </message>
    <message>
        <source>no longer in force</source>
        <translation>już nieobowiązująca</translation>
    </message>
    <message>
        <source>high criticality</source>
        <translation>wysoka krytyczność</translation>
    </message>
    <message>
        <source>recorded %1</source>
        <translation>odnotowano %1</translation>
    </message>
    <message>
        <source>Records could not be read</source>
        <translation>Nie można odczytać danych</translation>
    </message>
    <message>
        <source>This patient&apos;s legal status, reviews and scores could not be read on this computer, so no deadline is shown: check the EPR and the Mental Health Act office today.</source>
        <translation>Nie można odczytać na tym komputerze statusu prawnego, przeglądów ani wyników tego pacjenta, więc nie jest pokazywany żaden termin: sprawdź dziś EPR i biuro ds. ustawy o zdrowiu psychicznym.</translation>
    </message>
</context>
<context>
    <name>avocet::ui::KeychainDialog</name>
    <message>
        <source>Unlock with this computer&apos;s keychain</source>
        <translation>Odblokowanie pękiem kluczy tego komputera</translation>
    </message>
    <message>
        <source>Avocet will keep a key in this computer&apos;s keychain, so that it opens your records when you start it after signing in to this computer, without your passphrase.

Your passphrase keeps working, and is still asked for after Avocet locks. Someone with only this computer&apos;s disk still cannot open your records. Signing out of Avocet removes the key.</source>
        <translation>Avocet zachowa klucz w pęku kluczy tego komputera, aby otwierać Twoje dane po zalogowaniu się do tego komputera, bez hasła.

Twoje hasło nadal działa i jest wymagane po zablokowaniu Avocet. Osoba mająca tylko dysk tego komputera nadal nie otworzy Twoich danych. Wylogowanie z Avocet usuwa klucz.</translation>
    </message>
    <message>
        <source>Your &amp;passphrase</source>
        <translation>Twoje &amp;hasło</translation>
    </message>
    <message>
        <source>Turn on</source>
        <translation>Włącz</translation>
    </message>
    <message>
        <source>Type your passphrase to confirm.</source>
        <translation>Wpisz hasło, aby potwierdzić.</translation>
    </message>
    <message>
        <source>Turning on…</source>
        <translation>Włączanie…</translation>
    </message>
</context>
<context>
    <name>avocet::ui::KeychainUnlock</name>
    <message>
        <source>This computer&apos;s keychain is not available (%1). Avocet goes on asking for your passphrase; nothing was changed.</source>
        <translation>Pęk kluczy tego komputera jest niedostępny (%1). Avocet nadal będzie prosić o hasło; nic nie zostało zmienione.</translation>
    </message>
    <message>
        <source>This computer&apos;s keychain refused (%1). Unlock it, or use your passphrase; nothing was changed.</source>
        <translation>Pęk kluczy tego komputera odmówił (%1). Odblokuj go albo użyj hasła; nic nie zostało zmienione.</translation>
    </message>
    <message>
        <source>This computer&apos;s keychain holds no key for your profile any more. Unlock with your passphrase; you can turn keychain unlock on again after.</source>
        <translation>Pęk kluczy tego komputera nie ma już klucza do Twojego profilu. Odblokuj hasłem; potem możesz ponownie włączyć odblokowanie pękiem kluczy.</translation>
    </message>
    <message>
        <source>This computer&apos;s keychain could not be used (%1). Unlock with your passphrase; nothing was changed.</source>
        <translation>Nie można użyć pęku kluczy tego komputera (%1). Odblokuj hasłem; nic nie zostało zmienione.</translation>
    </message>
    <message>
        <source>This build of Avocet cannot use the computer&apos;s keychain. Unlock with your passphrase.</source>
        <translation>Ta wersja Avocet nie może używać pęku kluczy komputera. Odblokuj hasłem.</translation>
    </message>
    <message>
        <source>This is a shared computer (touchdown PC): Avocet never keeps a key in its keychain here. Unlock with your passphrase.</source>
        <translation>To jest komputer współdzielony (stanowisko dyżurne): Avocet nigdy nie przechowuje tu klucza w pęku kluczy. Odblokuj hasłem.</translation>
    </message>
    <message>
        <source>Keychain unlock is off (the key on this computer&apos;s disk is gone), but the keychain kept its entry: %1</source>
        <translation>Odblokowanie pękiem kluczy jest wyłączone (klucza na dysku tego komputera już nie ma), ale pęk kluczy zachował swój wpis: %1</translation>
    </message>
    <message>
        <source>The key in this computer&apos;s keychain does not open your profile (it was changed or damaged). Unlock with your passphrase; nothing was changed.</source>
        <translation>Klucz w pęku kluczy tego komputera nie otwiera Twojego profilu (został zmieniony lub uszkodzony). Odblokuj hasłem; nic nie zostało zmienione.</translation>
    </message>
</context>
<context>
    <name>avocet::ui::MainWindow</name>
    <message>
        <source>Avocet</source>
        <translation>Avocet</translation>
    </message>
    <message numerus="yes">
        <source>Locked after %n minute(s) without use</source>
        <translation>
            <numerusform>Zablokowano po %n minucie bezczynności</numerusform>
            <numerusform>Zablokowano po %n minutach bezczynności</numerusform>
            <numerusform>Zablokowano po %n minutach bezczynności</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Lock</source>
        <translation>&amp;Zablokuj</translation>
    </message>
    <message>
        <source>Lock Avocet now (Ctrl+L). Patient details are hidden until you unlock.</source>
        <translation>Zablokuj teraz program Avocet (Ctrl+L). Dane pacjentów są ukryte do czasu odblokowania.</translation>
    </message>
    <message>
        <source>&amp;Find patient</source>
        <translation>&amp;Znajdź pacjenta</translation>
    </message>
    <message>
        <source>My &amp;caseload</source>
        <translation>Moja &amp;lista pacjentów</translation>
    </message>
    <message>
        <source>Your team&apos;s patients, today&apos;s visits and alerts (Ctrl+1)</source>
        <translation>Pacjenci Twojego zespołu, dzisiejsze wizyty i alerty (Ctrl+1)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>Za&amp;kończ</translation>
    </message>
    <message>
        <source>&amp;About Avocet</source>
        <translation>&amp;O programie Avocet</translation>
    </message>
    <message>
        <source>About Avocet</source>
        <translation>O programie Avocet</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Avocet&lt;/b&gt; %1&lt;/p&gt;&lt;p&gt;Clinical records for mental-health and community services. Records on this computer are kept in an encrypted cache.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Avocet&lt;/b&gt; %1&lt;/p&gt;&lt;p&gt;Dokumentacja kliniczna dla usług zdrowia psychicznego i opieki środowiskowej. Dane na tym komputerze są przechowywane w zaszyfrowanej pamięci podręcznej.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&amp;Session</source>
        <translation>&amp;Sesja</translation>
    </message>
    <message>
        <source>&amp;Patients</source>
        <translation>&amp;Pacjenci</translation>
    </message>
    <message>
        <source>Open &amp;form…</source>
        <translation>Otwórz &amp;formularz…</translation>
    </message>
    <message>
        <source>Open a patient first, then choose Open form.</source>
        <translation>Najpierw otwórz pacjenta, a potem wybierz Otwórz formularz.</translation>
    </message>
    <message>
        <source>Template &amp;designer…</source>
        <translation>&amp;Projektant szablonów…</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>&amp;Narzędzia</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Pomo&amp;c</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>Sesja</translation>
    </message>
    <message>
        <source>Looking for profiles on this computer…</source>
        <translation>Wyszukiwanie profili na tym komputerze…</translation>
    </message>
    <message>
        <source>Demo workspace</source>
        <translation>Demonstracyjny obszar roboczy</translation>
    </message>
    <message>
        <source>No profiles on this computer</source>
        <translation>Brak profili na tym komputerze</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>Zablokowano</translation>
    </message>
    <message>
        <source>There is no Avocet profile on this computer. Start Avocet with --demo to try the demo workspace, or ask the service desk to set up your profile.</source>
        <translation>Na tym komputerze nie ma profilu Avocet. Uruchom Avocet z opcją --demo, aby wypróbować demonstracyjny obszar roboczy, lub poproś dział pomocy technicznej o utworzenie Twojego profilu.</translation>
    </message>
    <message>
        <source>%1 already has Avocet open on this computer, in another window or program. Switch to it (or lock it and quit there), then unlock here.</source>
        <translation>%1 ma już otwarty program Avocet na tym komputerze, w innym oknie lub programie. Przełącz się tam (albo zablokuj i zamknij program tam), a potem odblokuj tutaj.</translation>
    </message>
    <message>
        <source>Logged in as %1</source>
        <translation>Zalogowano jako %1</translation>
    </message>
    <message>
        <source>Loading patients…</source>
        <translation>Wczytywanie pacjentów…</translation>
    </message>
    <message numerus="yes">
        <source>Showing the first %1 matches of %Ln patient(s)</source>
        <translation>
            <numerusform>Pierwsze %1 wyników spośród %Ln pacjenta</numerusform>
            <numerusform>Pierwsze %1 wyników spośród %Ln pacjentów</numerusform>
            <numerusform>Pierwsze %1 wyników spośród %Ln pacjentów</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln match(es)</source>
        <translation>
            <numerusform>%Ln wynik</numerusform>
            <numerusform>%Ln wyniki</numerusform>
            <numerusform>%Ln wyników</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln patient(s) in the cache</source>
        <translation>
            <numerusform>%Ln pacjent w pamięci podręcznej</numerusform>
            <numerusform>%Ln pacjentów w pamięci podręcznej</numerusform>
            <numerusform>%Ln pacjentów w pamięci podręcznej</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln patient(s)</source>
        <translation>
            <numerusform>%Ln pacjent</numerusform>
            <numerusform>%Ln pacjentów</numerusform>
            <numerusform>%Ln pacjentów</numerusform>
        </translation>
    </message>
    <message>
        <source>Locked because the screen was locked</source>
        <translation>Zablokowano, ponieważ zablokowano ekran</translation>
    </message>
    <message>
        <source>Locked because the computer went to sleep</source>
        <translation>Zablokowano, ponieważ komputer przeszedł w stan uśpienia</translation>
    </message>
    <message>
        <source>Locked because another user took over this computer</source>
        <translation>Zablokowano, ponieważ inny użytkownik przejął ten komputer</translation>
    </message>
    <message>
        <source>Locked because the computer&apos;s clock jumped</source>
        <translation>Zablokowano, ponieważ zegar komputera przeskoczył</translation>
    </message>
    <message>
        <source>Not opened: a reason is needed for a patient outside your caseload.</source>
        <translation>Nie otwarto: dla pacjenta spoza Twojej listy pacjentów potrzebny jest powód.</translation>
    </message>
    <message>
        <source>Showing the first %1 matches on your caseload</source>
        <translation>Pierwsze %1 wyników z Twojej listy pacjentów</translation>
    </message>
    <message numerus="yes">
        <source>%Ln match(es) on your caseload</source>
        <translation>
            <numerusform>%Ln wynik z Twojej listy pacjentów</numerusform>
            <numerusform>%Ln wyniki z Twojej listy pacjentów</numerusform>
            <numerusform>%Ln wyników z Twojej listy pacjentów</numerusform>
        </translation>
    </message>
    <message>
        <source>Change &amp;passphrase…</source>
        <translation>Zmień &amp;hasło…</translation>
    </message>
    <message>
        <source>Passphrase changed for this computer.</source>
        <translation>Zmieniono hasło dla tego komputera.</translation>
    </message>
    <message>
        <source>&amp;User guide</source>
        <translation>&amp;Podręcznik użytkownika</translation>
    </message>
    <message>
        <source>Acknowledgement undone: the alert shows as not yet seen.</source>
        <translation>Cofnięto potwierdzenie: alert jest znów oznaczony jako niepotwierdzony.</translation>
    </message>
    <message>
        <source>Avocet user guide</source>
        <translation>Podręcznik użytkownika Avocet</translation>
    </message>
    <message>
        <source>Alert acknowledged. Select it and choose Undo acknowledge if that was a mistake.</source>
        <translation>Potwierdzono alert. Jeśli to pomyłka, zaznacz go i wybierz Cofnij potwierdzenie.</translation>
    </message>
    <message>
        <source>Your trust sign-in has ended: %1</source>
        <translation>Twoje logowanie w trust wygasło: %1</translation>
    </message>
    <message>
        <source>My &amp;dashboard</source>
        <translation>Mój &amp;pulpit</translation>
    </message>
    <message>
        <source>Reviews overdue, outcome measures due, forms waiting, and this month&apos;s figures against target (Ctrl+2)</source>
        <translation>Zaległe przeglądy, należne pomiary wyników, czekające formularze i wskaźniki z tego miesiąca wobec celu (Ctrl+2)</translation>
    </message>
    <message>
        <source>Off-line: only patients held on this computer can be found.</source>
        <translation>Brak połączenia: można znaleźć tylko pacjentów przechowywanych na tym komputerze.</translation>
    </message>
    <message>
        <source>Sync is not set up on this computer: only patients held here can be found.</source>
        <translation>Synchronizacja nie jest skonfigurowana na tym komputerze: można znaleźć tylko pacjentów przechowywanych tutaj.</translation>
    </message>
    <message>
        <source>Opening the record from the trust…</source>
        <translation>Otwieranie dokumentacji z trust…</translation>
    </message>
    <message>
        <source>Not opened: %1</source>
        <translation>Nie otwarto: %1</translation>
    </message>
    <message>
        <source>Opened for this session: the record leaves this computer when you lock.</source>
        <translation>Otwarto na tę sesję: dokumentacja zostanie usunięta z tego komputera po zablokowaniu.</translation>
    </message>
    <message>
        <source>Opening with this computer&apos;s keychain…</source>
        <translation>Otwieranie pękiem kluczy tego komputera…</translation>
    </message>
    <message>
        <source>Renewal not recorded: %1</source>
        <translation>Nie zapisano przedłużenia: %1</translation>
    </message>
    <message>
        <source>Renewal %1 of %2 recorded (audited): %3. It is sent to the hub at the next sync.</source>
        <translation>Zapisano przedłużenie %1 dla %2 (z wpisem w dzienniku audytu): %3. Zostanie wysłane do huba przy następnej synchronizacji.</translation>
    </message>
    <message>
        <source>Renewal not withdrawn: %1</source>
        <translation>Nie wycofano przedłużenia: %1</translation>
    </message>
    <message numerus="yes">
        <source>Renewal %1 of %2 withdrawn as entered in error (audited); %n renewal(s) now count. It is sent to the hub at the next sync.</source>
        <translation>
            <numerusform>Wycofano przedłużenie %1 dla %2 jako zapisane przez pomyłkę (z wpisem w dzienniku audytu); liczy się teraz %n przedłużenie. Zostanie to wysłane do huba przy następnej synchronizacji.</numerusform>
            <numerusform>Wycofano przedłużenie %1 dla %2 jako zapisane przez pomyłkę (z wpisem w dzienniku audytu); liczą się teraz %n przedłużenia. Zostanie to wysłane do huba przy następnej synchronizacji.</numerusform>
            <numerusform>Wycofano przedłużenie %1 dla %2 jako zapisane przez pomyłkę (z wpisem w dzienniku audytu); liczy się teraz %n przedłużeń. Zostanie to wysłane do huba przy następnej synchronizacji.</numerusform>
        </translation>
    </message>
    <message>
        <source>Your trust sign-in has ended. %1

To sync again, sign in with your trust account. Until then your passphrase still unlocks the records kept on this computer, off-line, until they expire.</source>
        <translation>Twoje logowanie do trustu wygasło. %1

Aby ponownie synchronizować, zaloguj się kontem trustu. Do tego czasu Twoje hasło nadal odblokowuje dane przechowywane na tym komputerze, w trybie offline, do czasu ich wygaśnięcia.</translation>
    </message>
</context>
<context>
    <name>avocet::ui::PatientBanner</name>
    <message>
        <source>Patient banner</source>
        <translation>Pasek danych pacjenta</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopiuj</translation>
    </message>
    <message>
        <source>Copy the NHS number. It is hidden from clipboard history and cleared after 30 seconds.</source>
        <translation>Kopiuj numer NHS. Jest ukryty w historii schowka i usuwany po 30 sekundach.</translation>
    </message>
    <message>
        <source>Copy NHS number</source>
        <translation>Kopiuj numer NHS</translation>
    </message>
    <message>
        <source>NHS No. unknown</source>
        <translation>Nr NHS nieznany</translation>
    </message>
    <message>
        <source>NHS No. %1</source>
        <translation>Nr NHS %1</translation>
    </message>
    <message numerus="yes">
        <source>Born %1 (%n y)</source>
        <comment>date of birth and age in years</comment>
        <translation>
            <numerusform>Ur. %1 (%n r.)</numerusform>
            <numerusform>Ur. %1 (%n l.)</numerusform>
            <numerusform>Ur. %1 (%n l.)</numerusform>
        </translation>
    </message>
    <message>
        <source>Date of birth unknown</source>
        <translation>Data urodzenia nieznana</translation>
    </message>
    <message>
        <source>Record in %1</source>
        <translation>Dokumentacja w %1</translation>
    </message>
    <message>
        <source>Not on your caseload: opened with break-glass</source>
        <translation>Spoza Twojej listy pacjentów: otwarto w trybie dostępu awaryjnego</translation>
    </message>
    <message>
        <source>⚠ %1</source>
        <translation>⚠ %1</translation>
    </message>
    <message>
        <source>Informal: no Mental Health Act power recorded</source>
        <translation>Pacjent dobrowolny: brak zapisanych uprawnień z Mental Health Act</translation>
    </message>
    <message>
        <source>%1: period ended, check the legal status</source>
        <translation>%1: okres zakończony, sprawdź status prawny</translation>
    </message>
    <message numerus="yes">
        <source>%n day(s)</source>
        <comment>countdown</comment>
        <translation>
            <numerusform>%n dzień</numerusform>
            <numerusform>%n dni</numerusform>
            <numerusform>%n dni</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n hour(s)</source>
        <comment>countdown</comment>
        <translation>
            <numerusform>%n godzina</numerusform>
            <numerusform>%n godziny</numerusform>
            <numerusform>%n godzin</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s)</source>
        <comment>countdown</comment>
        <translation>
            <numerusform>%n minuta</numerusform>
            <numerusform>%n minuty</numerusform>
            <numerusform>%n minut</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>⚠ %1 (+%n more)</source>
        <comment>first alert, then how many others</comment>
        <translation>
            <numerusform>⚠ %1 (+%n inny)</numerusform>
            <numerusform>⚠ %1 (+%n inne)</numerusform>
            <numerusform>⚠ %1 (+%n innych)</numerusform>
        </translation>
    </message>
    <message>
        <source>Copied ✓</source>
        <translation>Skopiowano ✓</translation>
    </message>
    <message>
        <source>NHS number copied. It is cleared from the clipboard after 30 seconds.</source>
        <translation>Skopiowano numer NHS. Zostanie usunięty ze schowka po 30 sekundach.</translation>
    </message>
    <message>
        <source>last day %1</source>
        <translation>ostatni dzień %1</translation>
    </message>
    <message>
        <source>at the latest %1</source>
        <translation>najpóźniej %1</translation>
    </message>
    <message>
        <source>%1 · %2 · ends in %3</source>
        <translation>%1 · %2 · koniec za %3</translation>
    </message>
    <message>
        <source>Started %1. The period ends at %2. Deadlines from the trust&apos;s Mental Health Act rule tables.</source>
        <translation>Rozpoczęto %1. Okres kończy się %2. Terminy według tabel reguł Mental Health Act stosowanych przez trust.</translation>
    </message>
    <message>
        <source>Legal status code %1 in national returns (MHSDS).</source>
        <translation>Kod statusu prawnego %1 w raportach krajowych (MHSDS).</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <comment>flag, then the EPR it is from</comment>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>⚑ %1</source>
        <translation>⚑ %1</translation>
    </message>
    <message numerus="yes">
        <source>⚑ %1 (+%n more flags)</source>
        <comment>first flag, then how many others</comment>
        <translation>
            <numerusform>⚑ %1 (+%n kolejna flaga)</numerusform>
            <numerusform>⚑ %1 (+%n kolejne flagi)</numerusform>
            <numerusform>⚑ %1 (+%n kolejnych flag)</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 — %2, from %3</source>
        <translation>%1 — %2, z systemu %3</translation>
    </message>
    <message>
        <source>an unnamed system</source>
        <translation>nienazwanego systemu</translation>
    </message>
    <message>
        <source>EPR flags: %1</source>
        <translation>Flagi EPR: %1</translation>
    </message>
    <message>
        <source>Alerts not yet seen: %1</source>
        <translation>Alerty jeszcze nieprzejrzane: %1</translation>
    </message>
    <message>
        <source>%1: period ended</source>
        <comment>a power beside the main one</comment>
        <translation>%1: okres zakończony</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>%1: started %2; its period has ended, check the legal status.</source>
        <translation>%1: od %2; okres się zakończył, sprawdź status prawny.</translation>
    </message>
    <message>
        <source>%1: started %2; the period ends at %3.</source>
        <translation>%1: od %2; okres kończy się %3.</translation>
    </message>
    <message>
        <source>Also: %1</source>
        <comment>powers beside the main one</comment>
        <translation>Także: %1</translation>
    </message>
    <message>
        <source>Also in force: %1</source>
        <translation>Obowiązuje także: %1</translation>
    </message>
    <message>
        <source>%1 · no fixed end</source>
        <comment>a power with no expiry, e.g. a restriction order</comment>
        <translation>%1 · bez określonego końca</translation>
    </message>
    <message>
        <source>Started %1. No fixed end: %2. Deadlines from the trust&apos;s Mental Health Act rule tables.</source>
        <translation>Od %1. Bez określonego końca: %2. Terminy według tabel reguł trustu dotyczących ustawy o zdrowiu psychicznym.</translation>
    </message>
    <message>
        <source>%1: started %2; no fixed end: %3.</source>
        <translation>%1: od %2; bez określonego końca: %3.</translation>
    </message>
</context>
<context>
    <name>avocet::ui::PatientListView</name>
    <message>
        <source>Search by name, NHS number or date of birth (Ctrl+F)</source>
        <translation>Szukaj po nazwisku, numerze NHS lub dacie urodzenia (Ctrl+F)</translation>
    </message>
    <message>
        <source>Search patients</source>
        <translation>Szukaj pacjentów</translation>
    </message>
    <message>
        <source>Patients</source>
        <translation>Pacjenci</translation>
    </message>
    <message>
        <source>My caseload</source>
        <translation>Moi pacjenci</translation>
    </message>
    <message>
        <source>Search only the patients of your team(s)</source>
        <translation>Szukaj tylko wśród pacjentów Twojego zespołu (zespołów)</translation>
    </message>
    <message>
        <source>&amp;Whole trust</source>
        <translation>&amp;Cały trust</translation>
    </message>
    <message>
        <source>Search every patient on this computer. Opening a record outside your caseload asks for a reason, which is audited.</source>
        <translation>Szukaj wśród wszystkich pacjentów na tym komputerze. Otwarcie dokumentacji pacjenta spoza Twojej listy wymaga podania powodu, który jest rejestrowany.</translation>
    </message>
    <message>
        <source>Search in:</source>
        <translation>Szukaj w:</translation>
    </message>
    <message>
        <source>There is no caseload for you on this computer yet</source>
        <translation>Na tym komputerze nie ma jeszcze Twojej listy pacjentów</translation>
    </message>
    <message>
        <source>There is no one on your caseload on this computer yet.</source>
        <translation>Na tym komputerze nie ma jeszcze nikogo z Twojej listy pacjentów.</translation>
    </message>
    <message>
        <source>No one on your caseload matches “%1”.
Check the spelling, or choose Whole trust (Alt+W) to look among the other patients held on this computer; opening a record outside your caseload asks for a reason.</source>
        <translation>Nikt z Twojej listy pacjentów nie pasuje do „%1”.
Sprawdź pisownię lub wybierz Cały trust (Alt+C), aby szukać wśród pozostałych pacjentów przechowywanych na tym komputerze; otwarcie dokumentacji pacjenta spoza Twojej listy wymaga podania powodu.</translation>
    </message>
    <message>
        <source>No patient held on this computer matches “%1”.
Check the spelling, or search by NHS number (999 000 0018 or 999-000-0018) or date of birth (31/12/1960 or 1960-12-31). Only patients synced to this computer can be found here.</source>
        <translation>Żaden pacjent przechowywany na tym komputerze nie pasuje do „%1”.
Sprawdź pisownię lub szukaj po numerze NHS (999 000 0018 lub 999-000-0018) albo dacie urodzenia (31/12/1960 lub 1960-12-31). Można tu znaleźć tylko pacjentów zsynchronizowanych z tym komputerem.</translation>
    </message>
    <message>
        <source>There are no patients on this computer yet.</source>
        <translation>Na tym komputerze nie ma jeszcze pacjentów.</translation>
    </message>
    <message>
        <source>Search the whole trust on-line</source>
        <translation>Szukaj w całym trust online</translation>
    </message>
    <message>
        <source>Ask the trust&apos;s patient index for an NHS number, or a name with a given name or date of birth. The search is recorded.</source>
        <translation>Zapytaj indeks pacjentów trust o numer NHS albo nazwisko z imieniem lub datą urodzenia. Wyszukiwanie jest rejestrowane.</translation>
    </message>
    <message>
        <source>Patients found in the whole trust</source>
        <translation>Pacjenci znalezieni w całym trust</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Imię i nazwisko</translation>
    </message>
    <message>
        <source>NHS number</source>
        <translation>Numer NHS</translation>
    </message>
    <message>
        <source>Born</source>
        <translation>Urodzony(-a)</translation>
    </message>
    <message>
        <source>Caseload</source>
        <translation>Lista pacjentów</translation>
    </message>
    <message>
        <source>Searching the whole trust…</source>
        <translation>Wyszukiwanie w całym trust…</translation>
    </message>
    <message>
        <source>Yours</source>
        <translation>Twój pacjent</translation>
    </message>
    <message>
        <source>Not yours: asks for a reason</source>
        <translation>Nie twój: wymaga podania powodu</translation>
    </message>
    <message>
        <source>No patient in the trust matches. Check the spelling, or search by NHS number.</source>
        <translation>Żaden pacjent w trust nie pasuje. Sprawdź pisownię lub szukaj po numerze NHS.</translation>
    </message>
    <message>
        <source>More patients match than can be listed: add a date of birth or given name.</source>
        <translation>Pasuje więcej pacjentów, niż można wyświetlić: dodaj datę urodzenia lub imię.</translation>
    </message>
    <message numerus="yes">
        <source>%n patient(s) found in the trust. Opening one outside your caseload asks for a reason, and the record is kept only until you lock.</source>
        <translation>
            <numerusform>Znaleziono %n pacjenta w trust. Otwarcie pacjenta spoza listy wymaga podania powodu, a dokumentacja jest przechowywana tylko do zablokowania.</numerusform>
            <numerusform>Znaleziono %n pacjentów w trust. Otwarcie pacjenta spoza listy wymaga podania powodu, a dokumentacja jest przechowywana tylko do zablokowania.</numerusform>
            <numerusform>Znaleziono %n pacjentów w trust. Otwarcie pacjenta spoza listy wymaga podania powodu, a dokumentacja jest przechowywana tylko do zablokowania.</numerusform>
        </translation>
    </message>
    <message>
        <source>No patient held on this computer matches “%1”.
To look in the whole trust, choose Search the whole trust on-line below (an NHS number, or a name with a given name or date of birth).</source>
        <translation>Żaden pacjent przechowywany na tym komputerze nie pasuje do „%1”.
Aby szukać w całym trust, wybierz poniżej Szukaj w całym trust online (numer NHS albo nazwisko z imieniem lub datą urodzenia).</translation>
    </message>
</context>
<context>
    <name>avocet::ui::PatientTableModel</name>
    <message>
        <source>Loading…</source>
        <translation>Wczytywanie…</translation>
    </message>
    <message>
        <source>NHS number verified</source>
        <translation>Numer NHS zweryfikowany</translation>
    </message>
    <message>
        <source>NHS number not verified</source>
        <translation>Numer NHS niezweryfikowany</translation>
    </message>
    <message>
        <source>Not known</source>
        <translation>Nieznany</translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n y)</source>
        <comment>date of birth and age in years</comment>
        <translation>
            <numerusform>%1 (%n r.)</numerusform>
            <numerusform>%1 (%n l.)</numerusform>
            <numerusform>%1 (%n l.)</numerusform>
        </translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Imię i nazwisko</translation>
    </message>
    <message>
        <source>NHS number</source>
        <translation>Numer NHS</translation>
    </message>
    <message>
        <source>Date of birth (age)</source>
        <translation>Data urodzenia (wiek)</translation>
    </message>
    <message>
        <source>EPR of record</source>
        <translation>EPR prowadzący dokumentację</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>Zespół</translation>
    </message>
    <message>
        <source>Not on your caseload: opening this record asks for a reason, which is audited.</source>
        <translation>Spoza Twojej listy pacjentów: otwarcie tej dokumentacji wymaga podania powodu, który jest rejestrowany.</translation>
    </message>
    <message>
        <source>%1 (not your caseload)</source>
        <comment>team of a patient outside the user&apos;s caseload</comment>
        <translation>%1 (spoza Twojej listy)</translation>
    </message>
    <message>
        <source>No team</source>
        <translation>Bez zespołu</translation>
    </message>
</context>
<context>
    <name>avocet::ui::PatientView</name>
    <message>
        <source>High</source>
        <translation>Wysoki</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>Średni</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>Niski</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>Alerty</translation>
    </message>
    <message>
        <source>Alerts for this patient</source>
        <translation>Alerty dla tego pacjenta</translation>
    </message>
    <message>
        <source>&amp;Acknowledge</source>
        <translation>&amp;Potwierdź</translation>
    </message>
    <message>
        <source>Record that you have seen this alert. The acknowledgement is audited.</source>
        <translation>Zapisz, że widzisz ten alert. Potwierdzenie jest rejestrowane w dzienniku audytu.</translation>
    </message>
    <message>
        <source>acknowledged</source>
        <translation>potwierdzony</translation>
    </message>
    <message>
        <source>[%1] %2 — %3</source>
        <translation>[%1] %2 — %3</translation>
    </message>
    <message>
        <source>No alerts for this patient.</source>
        <translation>Brak alertów dla tego pacjenta.</translation>
    </message>
    <message>
        <source>none recorded</source>
        <translation>brak wpisów</translation>
    </message>
    <message>
        <source>Start or continue a &amp;form…</source>
        <translation>Rozpocznij lub kontynuuj &amp;formularz…</translation>
    </message>
    <message>
        <source>Start a form for this patient or continue a draft (Ctrl+Shift+F)</source>
        <translation>Rozpocznij formularz dla tego pacjenta lub kontynuuj wersję roboczą (Ctrl+Shift+F)</translation>
    </message>
    <message>
        <source>Team: %1 · Record held in %2</source>
        <translation>Zespół: %1 · Dokumentacja prowadzona w: %2</translation>
    </message>
    <message>
        <source>no EPR recorded</source>
        <translation>brak zapisanego EPR</translation>
    </message>
    <message>
        <source>&amp;Undo acknowledge</source>
        <translation>C&amp;ofnij potwierdzenie</translation>
    </message>
    <message>
        <source>Mark this alert as not yet seen again. This is audited.</source>
        <translation>Oznacz ten alert ponownie jako niepotwierdzony. Ta czynność jest rejestrowana w dzienniku audytu.</translation>
    </message>
    <message>
        <source> (from %1)</source>
        <comment>the system a record came from</comment>
        <translation> (z systemu %1)</translation>
    </message>
    <message>
        <source>EPR flags:</source>
        <translation>Flagi EPR:</translation>
    </message>
    <message>
        <source>Allergies (GP record, read only): none held on this computer.</source>
        <translation>Alergie (dokumentacja lekarza rodzinnego, tylko do odczytu): brak na tym komputerze.</translation>
    </message>
    <message>
        <source>Allergies (GP record, read only):</source>
        <translation>Alergie (dokumentacja lekarza rodzinnego, tylko do odczytu):</translation>
    </message>
    <message>
        <source>Medicines (GP record, read only): none held on this computer.</source>
        <translation>Leki (dokumentacja lekarza rodzinnego, tylko do odczytu): brak na tym komputerze.</translation>
    </message>
    <message>
        <source>Medicines (GP record, read only):</source>
        <translation>Leki (dokumentacja lekarza rodzinnego, tylko do odczytu):</translation>
    </message>
    <message>
        <source>EPR flags, allergies and medicines</source>
        <translation>Flagi EPR, alergie i leki</translation>
    </message>
    <message>
        <source>Forms and history</source>
        <translation>Formularze i historia</translation>
    </message>
    <message>
        <source>Scores over time</source>
        <translation>Wyniki w czasie</translation>
    </message>
    <message>
        <source>Record &amp;renewal…</source>
        <translation>Zapisz &amp;przedłużenie…</translation>
    </message>
    <message>
        <source>Record a renewal (s.20) or extension (s.20A) of a power from the responsible clinician&apos;s report, when the EPR does not show it yet. This is audited and sent to the hub.</source>
        <translation>Zapisz przedłużenie (s.20) lub wydłużenie (s.20A) podstawy prawnej na podstawie raportu odpowiedzialnego klinicysty, gdy EPR jeszcze go nie pokazuje. Jest to odnotowywane w dzienniku audytu i wysyłane do huba.</translation>
    </message>
    <message>
        <source>&amp;Withdraw renewal…</source>
        <translation>&amp;Wycofaj przedłużenie…</translation>
    </message>
    <message>
        <source>Withdraw a renewal recorded in Avocet in error, saying why. This is audited and sent to the hub; the power falls back to the period before.</source>
        <translation>Wycofaj przedłużenie zapisane w Avocet przez pomyłkę, podając powód. Jest to odnotowywane w dzienniku audytu i wysyłane do huba; podstawa prawna wraca do poprzedniego okresu.</translation>
    </message>
</context>
<context>
    <name>avocet::ui::RenewalDialog</name>
    <message>
        <source>Record a renewal or extension</source>
        <translation>Zapisz przedłużenie lub wydłużenie</translation>
    </message>
    <message>
        <source>&lt;p&gt;Record the renewal (s.20) or extension (s.20A) the responsible clinician reported, when the EPR does not show it yet. It is recorded in the audit log, sent to the hub at the next sync and counted once with the EPR&apos;s own record.&lt;/p&gt;&lt;p&gt;It is refused when the report falls outside the examination window of the period now running or after its last day: a period that ended has ended.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Zapisz przedłużenie (s.20) lub wydłużenie (s.20A) zgłoszone przez odpowiedzialnego klinicystę, gdy EPR jeszcze go nie pokazuje. Jest odnotowywane w dzienniku audytu, wysyłane do huba przy następnej synchronizacji i liczone raz razem z wpisem w EPR.&lt;/p&gt;&lt;p&gt;Zostanie odrzucone, gdy raport wypada poza okresem badania obecnego okresu lub po jego ostatnim dniu: okres, który się zakończył, jest zakończony.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Power</source>
        <translation>Podstawa prawna</translation>
    </message>
    <message>
        <source>period ended</source>
        <translation>okres zakończony</translation>
    </message>
    <message numerus="yes">
        <source>%1 — %2 (%n renewal(s) recorded)</source>
        <comment>power, its period end, renewals so far</comment>
        <translation>
            <numerusform>%1 — %2 (zapisano %n przedłużenie)</numerusform>
            <numerusform>%1 — %2 (zapisano %n przedłużenia)</numerusform>
            <numerusform>%1 — %2 (zapisano %n przedłużeń)</numerusform>
        </translation>
    </message>
    <message>
        <source>Date of the report</source>
        <translation>Data raportu</translation>
    </message>
    <message>
        <source>Record renewal</source>
        <translation>Zapisz przedłużenie</translation>
    </message>
    <message>
        <source>&amp;Power:</source>
        <translation>&amp;Podstawa prawna:</translation>
    </message>
    <message>
        <source>&amp;Report dated:</source>
        <translation>Data &amp;raportu:</translation>
    </message>
    <message>
        <source>Withdraw a renewal entered in error</source>
        <translation>Wycofaj przedłużenie zapisane przez pomyłkę</translation>
    </message>
    <message>
        <source>&lt;p&gt;Withdraw the latest renewal or extension recorded in Avocet for a power, when it was entered in error: against the wrong power or patient, or on a report that was not furnished. The power then falls back to the period before, and shows as expired if that period has ended.&lt;/p&gt;&lt;p&gt;Say why. The withdrawal is recorded in the audit log and sent to the hub at the next sync. A renewal the EPR recorded is withdrawn in the EPR.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Wycofaj ostatnie przedłużenie lub wydłużenie zapisane w Avocet dla podstawy prawnej, gdy zostało zapisane przez pomyłkę: dla niewłaściwej podstawy lub pacjenta albo na podstawie raportu, którego nie złożono. Podstawa prawna wraca wtedy do poprzedniego okresu i jest pokazywana jako wygasła, jeśli ten okres się zakończył.&lt;/p&gt;&lt;p&gt;Podaj powód. Wycofanie jest odnotowywane w dzienniku audytu i wysyłane do huba przy następnej synchronizacji. Przedłużenie zapisane w EPR wycofuje się w EPR.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>no fixed end</source>
        <translation>bez określonego końca</translation>
    </message>
    <message>
        <source>Withdraw renewal</source>
        <translation>Wycofaj przedłużenie</translation>
    </message>
    <message>
        <source>Why the renewal is withdrawn</source>
        <translation>Powód wycofania przedłużenia</translation>
    </message>
    <message>
        <source>For example: entered against the wrong power</source>
        <translation>Na przykład: zapisane dla niewłaściwej podstawy prawnej</translation>
    </message>
    <message>
        <source>&amp;Why:</source>
        <translation>&amp;Powód:</translation>
    </message>
</context>
<context>
    <name>avocet::ui::ScoreChartView</name>
    <message>
        <source>Minimal</source>
        <translation>Minimalne</translation>
    </message>
    <message>
        <source>Mild</source>
        <translation>Łagodne</translation>
    </message>
    <message>
        <source>Moderate</source>
        <translation>Umiarkowane</translation>
    </message>
    <message>
        <source>Moderately severe</source>
        <translation>Umiarkowanie ciężkie</translation>
    </message>
    <message>
        <source>Severe</source>
        <translation>Ciężkie</translation>
    </message>
    <message>
        <source>%1 total over time</source>
        <translation>%1: suma w czasie</translation>
    </message>
    <message>
        <source>Total score</source>
        <translation>Suma punktów</translation>
    </message>
    <message>
        <source>%1 total over time, chart</source>
        <translation>%1: suma w czasie, wykres</translation>
    </message>
    <message numerus="yes">
        <source>%n score(s); the table beside it lists each with its date and band.</source>
        <translation>
            <numerusform>%n wynik; tabela obok podaje każdy z datą i przedziałem.</numerusform>
            <numerusform>%n wyniki; tabela obok podaje każdy z datą i przedziałem.</numerusform>
            <numerusform>%n wyników; tabela obok podaje każdy z datą i przedziałem.</numerusform>
        </translation>
    </message>
    <message>
        <source>No scores recorded yet.</source>
        <translation>Nie zapisano jeszcze wyników.</translation>
    </message>
    <message>
        <source>Measure</source>
        <translation>Wskaźnik</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Data</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Suma</translation>
    </message>
    <message>
        <source>Band</source>
        <translation>Przedział</translation>
    </message>
    <message>
        <source>Scores over time, as a table</source>
        <translation>Wyniki w czasie, jako tabela</translation>
    </message>
</context>
<context>
    <name>avocet::ui::Session</name>
    <message>
        <source>Another Avocet is open for this user.</source>
        <translation>Dla tego użytkownika jest już otwarty inny program Avocet.</translation>
    </message>
    <message>
        <source>%1 already has a profile on this computer: unlock it instead.</source>
        <translation>%1 ma już profil na tym komputerze: odblokuj go zamiast tego.</translation>
    </message>
</context>
<context>
    <name>avocet::ui::SignOnUi</name>
    <message>
        <source>Unlock with this computer&apos;s &amp;keychain…</source>
        <translation>Odblokowanie &amp;pękiem kluczy tego komputera…</translation>
    </message>
    <message>
        <source>Open Avocet at start without your passphrase, with a key kept in this computer&apos;s keychain (managed laptops only).</source>
        <translation>Otwieraj Avocet przy starcie bez hasła, kluczem przechowywanym w pęku kluczy tego komputera (tylko laptopy zarządzane).</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>&amp;Wyloguj</translation>
    </message>
    <message>
        <source>End your sign-in to the trust on this computer and return to the sign-in screen.</source>
        <translation>Zakończ logowanie do trustu na tym komputerze i wróć do ekranu logowania.</translation>
    </message>
    <message>
        <source>Locked because your smartcard was taken out of the reader</source>
        <translation>Zablokowano, ponieważ karta została wyjęta z czytnika</translation>
    </message>
    <message>
        <source>Keychain unlock is off: Avocet asks for your passphrase at start.</source>
        <translation>Odblokowanie pękiem kluczy jest wyłączone: Avocet prosi o hasło przy starcie.</translation>
    </message>
    <message>
        <source>Keychain unlock is on: Avocet opens at start without your passphrase on this computer.</source>
        <translation>Odblokowanie pękiem kluczy jest włączone: na tym komputerze Avocet otwiera się przy starcie bez hasła.</translation>
    </message>
    <message>
        <source>Signing out…</source>
        <translation>Wylogowywanie…</translation>
    </message>
    <message>
        <source>Signed out.</source>
        <translation>Wylogowano.</translation>
    </message>
    <message>
        <source>This build of Avocet cannot use the computer&apos;s keychain, so your passphrase unlocks Avocet at start.</source>
        <translation>Ta wersja Avocet nie może używać pęku kluczy komputera, więc przy starcie Avocet odblokowuje Twoje hasło.</translation>
    </message>
    <message>
        <source>Keychain unlock is on: after a restart Avocet opens on this computer without your passphrase.</source>
        <translation>Odblokowanie pękiem kluczy jest włączone: po ponownym uruchomieniu Avocet otwiera się na tym komputerze bez hasła.</translation>
    </message>
</context>
<context>
    <name>avocet::ui::UnlockView</name>
    <message>
        <source>Unlock Avocet</source>
        <translation>Odblokuj Avocet</translation>
    </message>
    <message>
        <source>Choose your name and type your passphrase. Your records on this computer stay encrypted until you unlock them.</source>
        <translation>Wybierz swoje imię i nazwisko i wpisz hasło. Twoje dane na tym komputerze pozostają zaszyfrowane do czasu odblokowania.</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Użytkownik</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>Hasło</translation>
    </message>
    <message>
        <source>&amp;User</source>
        <translation>&amp;Użytkownik</translation>
    </message>
    <message>
        <source>&amp;Passphrase</source>
        <translation>&amp;Hasło</translation>
    </message>
    <message>
        <source>Unlock problem</source>
        <translation>Problem z odblokowaniem</translation>
    </message>
    <message>
        <source>Unlocking</source>
        <translation>Odblokowywanie</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Odblokuj</translation>
    </message>
    <message>
        <source>Demo workspace (synthetic patients only). Passphrase: &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>Demonstracyjny obszar roboczy (tylko fikcyjni pacjenci). Hasło: &lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Sign &amp;in with your trust account…</source>
        <translation>&amp;Zaloguj się kontem organizacji…</translation>
    </message>
    <message>
        <source>New on this computer? Sign in with your trust account: Avocet checks it with the server and creates your own encrypted profile here.</source>
        <translation>Pierwszy raz na tym komputerze? Zaloguj się kontem organizacji: Avocet sprawdzi je na serwerze i utworzy tutaj Twój własny zaszyfrowany profil.</translation>
    </message>
    <message>
        <source>Why Avocet was locked</source>
        <translation>Dlaczego Avocet został zablokowany</translation>
    </message>
</context>
<context>
    <name>avocet::ui::WelcomeView</name>
    <message>
        <source>Welcome to Avocet</source>
        <translation>Witaj w programie Avocet</translation>
    </message>
    <message>
        <source>Demo workspace: every patient here is synthetic. NHS numbers come from the never-issued 999 range. Do not enter real patient information.</source>
        <translation>Demonstracyjny obszar roboczy: wszyscy pacjenci są tu fikcyjni. Numery NHS pochodzą z nigdy nienadawanego zakresu 999. Nie wpisuj prawdziwych danych pacjentów.</translation>
    </message>
    <message>
        <source>Demo user:</source>
        <translation>Użytkownik demonstracyjny:</translation>
    </message>
    <message>
        <source>Demo passphrase:</source>
        <translation>Hasło demonstracyjne:</translation>
    </message>
    <message>
        <source>Preparing the demo workspace</source>
        <translation>Przygotowywanie demonstracyjnego obszaru roboczego</translation>
    </message>
    <message>
        <source>&amp;Open the demo workspace</source>
        <translation>&amp;Otwórz demonstracyjny obszar roboczy</translation>
    </message>
    <message numerus="yes">
        <source>This is the Avocet demo workspace: %n synthetic patient(s) in an encrypted cache on this computer, no server needed. Unlock it with the user name and passphrase below.</source>
        <translation>
            <numerusform>To jest demonstracyjny obszar roboczy Avocet: %n fikcyjny pacjent w zaszyfrowanej pamięci podręcznej na tym komputerze, bez potrzeby łączenia z serwerem. Odblokuj go nazwą użytkownika i hasłem podanymi poniżej.</numerusform>
            <numerusform>To jest demonstracyjny obszar roboczy Avocet: %n fikcyjnych pacjentów w zaszyfrowanej pamięci podręcznej na tym komputerze, bez potrzeby łączenia z serwerem. Odblokuj go nazwą użytkownika i hasłem podanymi poniżej.</numerusform>
            <numerusform>To jest demonstracyjny obszar roboczy Avocet: %n fikcyjnych pacjentów w zaszyfrowanej pamięci podręcznej na tym komputerze, bez potrzeby łączenia z serwerem. Odblokuj go nazwą użytkownika i hasłem podanymi poniżej.</numerusform>
        </translation>
    </message>
    <message>
        <source>Creating the encrypted demo profile…</source>
        <translation>Tworzenie zaszyfrowanego profilu demonstracyjnego…</translation>
    </message>
    <message>
        <source>Adding synthetic patients: %1 of %2</source>
        <translation>Dodawanie fikcyjnych pacjentów: %1 z %2</translation>
    </message>
    <message>
        <source>Preparing the demo workspace…</source>
        <translation>Przygotowywanie demonstracyjnego obszaru roboczego…</translation>
    </message>
    <message>
        <source>Sign &amp;in with your trust account…</source>
        <translation>&amp;Zaloguj się kontem organizacji…</translation>
    </message>
    <message numerus="yes">
        <source>There is no Avocet profile on this computer yet. Sign in with your trust account to start, or try Avocet first on a demo workspace with %n synthetic patient(s), stored encrypted like a real one.</source>
        <translation>
            <numerusform>Na tym komputerze nie ma jeszcze profilu Avocet. Zaloguj się kontem organizacji, aby zacząć, albo najpierw wypróbuj Avocet w demonstracyjnym obszarze roboczym z %n fikcyjnym pacjentem, przechowywanym w postaci zaszyfrowanej jak prawdziwy.</numerusform>
            <numerusform>Na tym komputerze nie ma jeszcze profilu Avocet. Zaloguj się kontem organizacji, aby zacząć, albo najpierw wypróbuj Avocet w demonstracyjnym obszarze roboczym z %n fikcyjnymi pacjentami, przechowywanymi w postaci zaszyfrowanej jak prawdziwi.</numerusform>
            <numerusform>Na tym komputerze nie ma jeszcze profilu Avocet. Zaloguj się kontem organizacji, aby zacząć, albo najpierw wypróbuj Avocet w demonstracyjnym obszarze roboczym z %n fikcyjnymi pacjentami, przechowywanymi w postaci zaszyfrowanej jak prawdziwi.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>avocet::ui::designer::CodeListEditor</name>
    <message>
        <source>Answers and their codes</source>
        <translation>Odpowiedzi i ich kody</translation>
    </message>
    <message>
        <source>Item codes (SNOMED CT, national returns)</source>
        <translation>Kody pozycji (SNOMED CT, raporty krajowe)</translation>
    </message>
    <message>
        <source>Code system</source>
        <translation>System kodowania</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Kod</translation>
    </message>
    <message>
        <source>Display</source>
        <translation>Opis</translation>
    </message>
    <message>
        <source>Score (ordinalValue)</source>
        <translation>Punkty (ordinalValue)</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Dodaj</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Usuń</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>Przenieś wyżej</translation>
    </message>
</context>
<context>
    <name>avocet::ui::designer::DesignerWindow</name>
    <message>
        <source>Template designer</source>
        <translation>Projektant szablonów</translation>
    </message>
    <message>
        <source>&lt;b&gt;Items&lt;/b&gt; — drag to reorder or nest</source>
        <translation>&lt;b&gt;Pozycje&lt;/b&gt; — przeciągnij, aby zmienić kolejność lub zagnieździć</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Pozycja</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>&lt;b&gt;Field library&lt;/b&gt; — reviewed blocks; double-click to add</source>
        <translation>&lt;b&gt;Biblioteka pól&lt;/b&gt; — sprawdzone bloki; kliknij dwukrotnie, aby dodać</translation>
    </message>
    <message>
        <source>Reviewed: %1, %2</source>
        <translation>Sprawdzono: %1, %2</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Podgląd</translation>
    </message>
    <message>
        <source>Mapping: %1</source>
        <translation>Mapowanie: %1</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Wersja</translation>
    </message>
    <message>
        <source>Use suggested version</source>
        <translation>Użyj proponowanej wersji</translation>
    </message>
    <message>
        <source>Send for review</source>
        <translation>Wyślij do przeglądu</translation>
    </message>
    <message>
        <source>Back to draft</source>
        <translation>Wróć do wersji roboczej</translation>
    </message>
    <message>
        <source>Approve (active)</source>
        <translation>Zatwierdź (aktywny)</translation>
    </message>
    <message>
        <source>Retire</source>
        <translation>Wycofaj</translation>
    </message>
    <message>
        <source>Compare with a file…</source>
        <translation>Porównaj z plikiem…</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Zmiana</translation>
    </message>
    <message>
        <source>Incompatible</source>
        <translation>Niezgodna</translation>
    </message>
    <message>
        <source>What it means</source>
        <translation>Co to oznacza</translation>
    </message>
    <message>
        <source>&lt;b&gt;Changes since the compared version&lt;/b&gt; (keyed on linkId)</source>
        <translation>&lt;b&gt;Zmiany od porównywanej wersji&lt;/b&gt; (według linkId)</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Waga</translation>
    </message>
    <message>
        <source>EPR / report</source>
        <translation>EPR / raport</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Rodzaj</translation>
    </message>
    <message>
        <source>&lt;b&gt;Impact on each EPR mapping and report code&lt;/b&gt;</source>
        <translation>&lt;b&gt;Wpływ na każde mapowanie EPR i kod raportu&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Versions and impact</source>
        <translation>Wersje i wpływ</translation>
    </message>
    <message>
        <source>Checks</source>
        <translation>Kontrola</translation>
    </message>
    <message>
        <source>Set version</source>
        <translation>Ustaw wersję</translation>
    </message>
    <message>
        <source>Compare with</source>
        <translation>Porównaj z</translation>
    </message>
    <message>
        <source>FHIR JSON (*.json)</source>
        <translation>FHIR JSON (*.json)</translation>
    </message>
    <message>
        <source>&amp;Template</source>
        <translation>&amp;Szablon</translation>
    </message>
    <message>
        <source>Designer</source>
        <translation>Projektant</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Nowy</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>Importuj…</translation>
    </message>
    <message>
        <source>Import FHIR Questionnaire</source>
        <translation>Importuj kwestionariusz FHIR</translation>
    </message>
    <message>
        <source>Cannot import</source>
        <translation>Nie można zaimportować</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Eksportuj…</translation>
    </message>
    <message>
        <source>Export FHIR Questionnaire</source>
        <translation>Eksportuj kwestionariusz FHIR</translation>
    </message>
    <message>
        <source>Cannot export</source>
        <translation>Nie można wyeksportować</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Cofnij</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>Ponów</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Edycja</translation>
    </message>
    <message>
        <source>Add item</source>
        <translation>Dodaj pozycję</translation>
    </message>
    <message>
        <source>Delete item</source>
        <translation>Usuń pozycję</translation>
    </message>
    <message>
        <source>Delete %1</source>
        <translation>Usuń %1</translation>
    </message>
    <message>
        <source>Publish…</source>
        <translation>Opublikuj…</translation>
    </message>
    <message>
        <source>Publish</source>
        <translation>Opublikuj</translation>
    </message>
    <message>
        <source>Hub address</source>
        <translation>Adres huba</translation>
    </message>
    <message>
        <source>Change manager user name</source>
        <translation>Nazwa użytkownika menedżera zmian</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Hasło</translation>
    </message>
    <message>
        <source>This template cannot be imported: %1
Your current work is unchanged.</source>
        <translation>Nie można zaimportować tego szablonu: %1
Twoja bieżąca praca pozostała bez zmian.</translation>
    </message>
    <message>
        <source>Exported to %1.</source>
        <translation>Wyeksportowano do %1.</translation>
    </message>
    <message>
        <source>New %1</source>
        <translation>Nowy: %1</translation>
    </message>
    <message>
        <source>Add questions here</source>
        <translation>Dodaj tutaj pytania</translation>
    </message>
    <message>
        <source>Add %1</source>
        <translation>Dodaj %1</translation>
    </message>
    <message>
        <source>Add %1 from the library</source>
        <translation>Dodaj %1 z biblioteki</translation>
    </message>
    <message>
        <source>Move %1</source>
        <translation>Przenieś %1</translation>
    </message>
    <message>
        <source>Stage: &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>Etap: &lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Template designer — %1 %2</source>
        <translation>Projektant szablonów — %1 %2</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>Błąd: %1</translation>
    </message>
    <message>
        <source>(form)</source>
        <translation>(formularz)</translation>
    </message>
    <message>
        <source>No problems found.</source>
        <translation>Nie znaleziono problemów.</translation>
    </message>
    <message>
        <source>The preview cannot show this template: %1</source>
        <translation>Podgląd nie może pokazać tego szablonu: %1</translation>
    </message>
    <message>
        <source>The preview cannot open this template: %1</source>
        <translation>Podgląd nie może otworzyć tego szablonu: %1</translation>
    </message>
    <message>
        <source>A new template: nothing to compare with yet. Publishing it makes version %1 the first.</source>
        <translation>Nowy szablon: nie ma jeszcze z czym porównać. Publikacja nada mu pierwszą wersję %1.</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>tak</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>report codes</source>
        <translation>kody raportów</translation>
    </message>
    <message numerus="yes">
        <source>Compared with %1: %n change(s), needs a %2 version; %3 breaking mapping or report finding(s).</source>
        <translation>
            <numerusform>Porównanie z %1: %n zmiana, wymaga wersji %2; ustalenia naruszające mapowania lub raporty: %3.</numerusform>
            <numerusform>Porównanie z %1: %n zmiany, wymaga wersji %2; ustalenia naruszające mapowania lub raporty: %3.</numerusform>
            <numerusform>Porównanie z %1: %n zmian, wymaga wersji %2; ustalenia naruszające mapowania lub raporty: %3.</numerusform>
        </translation>
    </message>
    <message>
        <source> Version %1 may be published.</source>
        <translation> Można opublikować wersję %1.</translation>
    </message>
    <message>
        <source>Fix the lint errors before the template becomes active.</source>
        <translation>Popraw błędy kontroli, zanim szablon stanie się aktywny.</translation>
    </message>
    <message>
        <source>Move to %1</source>
        <translation>Przenieś do %1</translation>
    </message>
    <message>
        <source>group</source>
        <translation>grupa (group)</translation>
    </message>
    <message>
        <source>display</source>
        <translation>tekst do wyświetlenia (display)</translation>
    </message>
    <message>
        <source>boolean</source>
        <translation>tak/nie (boolean)</translation>
    </message>
    <message>
        <source>choice</source>
        <translation>wybór (choice)</translation>
    </message>
    <message>
        <source>open-choice</source>
        <translation>wybór lub własna odpowiedź (open-choice)</translation>
    </message>
    <message>
        <source>integer</source>
        <translation>liczba całkowita (integer)</translation>
    </message>
    <message>
        <source>decimal</source>
        <translation>liczba dziesiętna (decimal)</translation>
    </message>
    <message>
        <source>date</source>
        <translation>data (date)</translation>
    </message>
    <message>
        <source>dateTime</source>
        <translation>data i godzina (dateTime)</translation>
    </message>
    <message>
        <source>time</source>
        <translation>godzina (time)</translation>
    </message>
    <message>
        <source>string</source>
        <translation>krótki tekst (string)</translation>
    </message>
    <message>
        <source>text</source>
        <translation>długi tekst (text)</translation>
    </message>
    <message>
        <source>quantity</source>
        <translation>wielkość z jednostką (quantity)</translation>
    </message>
    <message>
        <source>Show the changed template</source>
        <translation>Pokaż zmieniony szablon</translation>
    </message>
    <message>
        <source>Autosave off (not signed in)</source>
        <translation>Autozapis wyłączony (nie zalogowano)</translation>
    </message>
    <message>
        <source>Opened without a signed-in session: nothing is saved unless you export it.</source>
        <translation>Otwarto bez zalogowanej sesji: nic nie zostanie zapisane, chyba że wyeksportujesz szablon.</translation>
    </message>
    <message>
        <source>Autosave on</source>
        <translation>Autozapis włączony</translation>
    </message>
    <message>
        <source>Each change is saved, encrypted, on this computer for your user only, and offered back the next time you open the designer.</source>
        <translation>Każda zmiana jest zapisywana w postaci zaszyfrowanej na tym komputerze, dostępnej tylko dla Twojego konta, i proponowana do wznowienia przy następnym otwarciu projektanta.</translation>
    </message>
    <message>
        <source>Autosave: the saved draft could not be read; new changes are saved over it.</source>
        <translation>Autozapis: nie udało się odczytać zapisanej wersji roboczej; nowe zmiany zostaną zapisane w jej miejsce.</translation>
    </message>
    <message>
        <source>Continue the template you were editing?</source>
        <translation>Kontynuować pracę nad edytowanym wcześniej szablonem?</translation>
    </message>
    <message>
        <source>“%1” %2 was saved on this computer %3.</source>
        <translation>Szablon „%1” %2 został zapisany na tym komputerze %3.</translation>
    </message>
    <message>
        <source>at %1</source>
        <translation>%1</translation>
    </message>
    <message>
        <source>earlier</source>
        <translation>wcześniej</translation>
    </message>
    <message>
        <source>Continue it</source>
        <translation>Kontynuuj</translation>
    </message>
    <message>
        <source>Start a new template</source>
        <translation>Rozpocznij nowy szablon</translation>
    </message>
    <message>
        <source>Continue the saved template</source>
        <translation>Kontynuuj zapisany szablon</translation>
    </message>
    <message>
        <source>Autosave: the saved draft could not be removed (%1).</source>
        <translation>Autozapis: nie udało się usunąć zapisanej wersji roboczej (%1).</translation>
    </message>
    <message>
        <source>Continued “%1” where you left it.</source>
        <translation>Wznowiono pracę nad „%1” w miejscu, w którym ją przerwano.</translation>
    </message>
    <message>
        <source>Saved on this computer at %1</source>
        <translation>Zapisano na tym komputerze o %1</translation>
    </message>
    <message>
        <source>Autosave paused while the session is locked</source>
        <translation>Autozapis wstrzymany na czas blokady sesji</translation>
    </message>
    <message>
        <source>Autosave failed: %1</source>
        <translation>Autozapis nie powiódł się: %1</translation>
    </message>
    <message>
        <source>Fill as a clinician</source>
        <translation>Wypełnij jako klinicysta</translation>
    </message>
    <message>
        <source>Answers are kept while you edit; scores are calculated.</source>
        <translation>Odpowiedzi są zachowywane podczas edycji; punktacja jest obliczana.</translation>
    </message>
    <message>
        <source>Select an item</source>
        <translation>Wybierz pozycję</translation>
    </message>
    <message>
        <source>Show the finding</source>
        <translation>Pokaż wynik kontroli</translation>
    </message>
    <message>
        <source>Add from the library</source>
        <translation>Dodaj z biblioteki</translation>
    </message>
    <message>
        <source>Compare with a file</source>
        <translation>Porównaj z plikiem</translation>
    </message>
    <message>
        <source>Undo: %1</source>
        <translation>Cofnij: %1</translation>
    </message>
    <message>
        <source>Nothing to undo</source>
        <translation>Nie ma czego cofnąć</translation>
    </message>
    <message>
        <source>Redo: %1</source>
        <translation>Ponów: %1</translation>
    </message>
    <message>
        <source>Nothing to redo</source>
        <translation>Nie ma czego ponowić</translation>
    </message>
    <message>
        <source>Add an item of a type under the selected group</source>
        <translation>Dodaj pozycję wybranego typu do zaznaczonej grupy</translation>
    </message>
    <message>
        <source>Publishing to %1…</source>
        <translation>Publikowanie na %1…</translation>
    </message>
    <message>
        <source>Publish to the hub</source>
        <translation>Opublikuj w hubie</translation>
    </message>
    <message>
        <source>Publish %1 %2. Only a change manager can publish; the hub checks the sign-in.</source>
        <translation>Opublikuj %1 %2. Publikować może tylko menedżer zmian; hub sprawdza dane logowania.</translation>
    </message>
</context>
<context>
    <name>avocet::ui::designer::EnableWhenBuilder</name>
    <message>
        <source>When is this shown?</source>
        <translation>Kiedy to jest wyświetlane?</translation>
    </message>
    <message>
        <source>Show the item only when these answers are given:</source>
        <translation>Pokaż pozycję tylko przy tych odpowiedziach:</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>Pytanie</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Operator</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Odpowiedź</translation>
    </message>
    <message>
        <source>Add condition</source>
        <translation>Dodaj warunek</translation>
    </message>
    <message>
        <source>Remove condition</source>
        <translation>Usuń warunek</translation>
    </message>
    <message>
        <source>all conditions hold</source>
        <translation>spełnione są wszystkie warunki</translation>
    </message>
    <message>
        <source>any condition holds</source>
        <translation>spełniony jest dowolny warunek</translation>
    </message>
    <message>
        <source>Show when</source>
        <translation>Pokaż, gdy</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Tak</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Nie</translation>
    </message>
</context>
<context>
    <name>avocet::ui::designer::MappingEditor</name>
    <message>
        <source>The %1 catalogue could not be read.</source>
        <translation>Nie można odczytać katalogu %1.</translation>
    </message>
    <message>
        <source>%1 native form:</source>
        <translation>Natywny formularz %1:</translation>
    </message>
    <message>
        <source>Map to this form</source>
        <translation>Mapuj na ten formularz</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Pozycja</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>Pytanie</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Policy</source>
        <translation>Zasada</translation>
    </message>
    <message>
        <source>%1 field</source>
        <translation>Pole %1</translation>
    </message>
    <message>
        <source>Coverage</source>
        <translation>Pokrycie</translation>
    </message>
    <message>
        <source>Native fields (✔ filled, ✖ never filled)</source>
        <translation>Pola natywne (✔ wypełniane, ✖ nigdy niewypełniane)</translation>
    </message>
    <message>
        <source>Code map…</source>
        <translation>Mapa kodów…</translation>
    </message>
    <message>
        <source>Map to %1 %2</source>
        <translation>Mapuj na %1 %2</translation>
    </message>
    <message>
        <source>%1 has no field for this item.</source>
        <translation>%1 nie ma pola dla tej pozycji.</translation>
    </message>
    <message>
        <source>Map %1 in %2</source>
        <translation>Mapuj %1 w %2</translation>
    </message>
    <message>
        <source>Code map %1 in %2</source>
        <translation>Mapa kodów %1 w %2</translation>
    </message>
    <message>
        <source>Code map for %1 in %2</source>
        <translation>Mapa kodów dla %1 w %2</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Odpowiedź</translation>
    </message>
    <message>
        <source>%1 code</source>
        <translation>Kod %1</translation>
    </message>
    <message>
        <source>(no map)</source>
        <translation>(brak mapy)</translation>
    </message>
    <message>
        <source>The template cannot be read for mapping: %1</source>
        <translation>Nie można odczytać szablonu do mapowania: %1</translation>
    </message>
    <message>
        <source>Switch to this form</source>
        <translation>Przełącz na ten formularz</translation>
    </message>
    <message>
        <source>No %1 mapping yet: choose the native form and press Map to this form.</source>
        <translation>Brak jeszcze mapowania %1: wybierz formularz natywny i naciśnij Mapuj na ten formularz.</translation>
    </message>
    <message>
        <source>(not mapped)</source>
        <translation>(niezmapowane)</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>brak</translation>
    </message>
    <message>
        <source>unmapped — %1: %2</source>
        <translation>niezmapowane — %1: %2</translation>
    </message>
    <message>
        <source>lossy — %1</source>
        <translation>ze stratą — %1</translation>
    </message>
    <message>
        <source>Choose a %1 field for %2 first.</source>
        <translation>Najpierw wybierz pole %1 dla %2.</translation>
    </message>
    <message>
        <source> (required)</source>
        <translation> (wymagane)</translation>
    </message>
    <message>
        <source>Coverage in %1 (%2): %3 mapped, %4 lossy, %5 unmapped by policy, %6 missing — %7</source>
        <translation>Pokrycie w %1 (%2): zmapowane %3, ze stratą %4, niezmapowane zgodnie z zasadą %5, brakujące %6 — %7</translation>
    </message>
    <message>
        <source>complete</source>
        <translation>pełne</translation>
    </message>
    <message>
        <source>incomplete</source>
        <translation>niepełne</translation>
    </message>
    <message numerus="yes">
        <source> (+%n more)</source>
        <translation>
            <numerusform> (+%n inny)</numerusform>
            <numerusform> (+%n inne)</numerusform>
            <numerusform> (+%n innych)</numerusform>
        </translation>
    </message>
    <message>
        <source>Code map</source>
        <translation>Mapa kodów</translation>
    </message>
    <message>
        <source>Show the %1 mapping</source>
        <translation>Pokaż mapowanie %1</translation>
    </message>
    <message>
        <source>Map an item</source>
        <translation>Mapuj pozycję</translation>
    </message>
    <message>
        <source>Clinical sign-off…</source>
        <translation>Zatwierdzenie kliniczne…</translation>
    </message>
    <message>
        <source>Record who accepted what this entry loses in the EPR&apos;s copy, when and why. An entry that loses information cannot be published without it.</source>
        <translation>Zapisz, kto zaakceptował to, co ten wpis traci w kopii w EPR, kiedy i dlaczego. Wpisu, który traci informacje, nie można bez tego opublikować.</translation>
    </message>
    <message>
        <source>Clinical sign-off</source>
        <translation>Zatwierdzenie kliniczne</translation>
    </message>
    <message>
        <source>Sign off %1 in %2</source>
        <translation>Zatwierdź %1 w %2</translation>
    </message>
    <message>
        <source>Clinical sign-off for %1</source>
        <translation>Zatwierdzenie kliniczne dla %1</translation>
    </message>
    <message>
        <source>&lt;p&gt;The EPR&apos;s copy of this item loses information: &lt;b&gt;%1&lt;/b&gt;&lt;/p&gt;&lt;p&gt;Record the clinician who accepted this loss for patient care (name and role), the date, and why it is acceptable. The sign-off is published with the mapping, and every submission it affects says what was lost on its delivery receipt.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Kopia tego pytania w EPR traci informacje: &lt;b&gt;%1&lt;/b&gt;&lt;/p&gt;&lt;p&gt;Zapisz klinicystę, który zaakceptował tę utratę z punktu widzenia opieki nad pacjentem (imię, nazwisko i funkcję), datę oraz dlaczego jest ona dopuszczalna. Zatwierdzenie jest publikowane wraz z mapowaniem, a każde zgłoszenie, którego dotyczy, podaje w potwierdzeniu dostarczenia, co zostało utracone.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>For example: Dr Amara Okafor, clinical safety officer</source>
        <translation>Na przykład: dr Amara Okafor, specjalista ds. bezpieczeństwa klinicznego</translation>
    </message>
    <message>
        <source>Record sign-off</source>
        <translation>Zapisz zatwierdzenie</translation>
    </message>
    <message>
        <source>Signed off &amp;by:</source>
        <translation>Zatwierdził(a) &amp;kto:</translation>
    </message>
    <message>
        <source>&amp;Date:</source>
        <translation>&amp;Data:</translation>
    </message>
    <message>
        <source>&amp;Why acceptable:</source>
        <translation>&amp;Dlaczego dopuszczalne:</translation>
    </message>
    <message>
        <source>%1 loses nothing in %2, so it needs no sign-off.</source>
        <translation>%1 nic nie traci w %2, więc nie wymaga zatwierdzenia.</translation>
    </message>
    <message>
        <source>A sign-off needs who signed it off, the date and why.</source>
        <translation>Zatwierdzenie wymaga podania, kto zatwierdził, daty i powodu.</translation>
    </message>
    <message>
        <source> · signed off</source>
        <translation> · zatwierdzone</translation>
    </message>
    <message>
        <source> · needs a clinical sign-off before publishing</source>
        <translation> · przed publikacją wymaga zatwierdzenia klinicznego</translation>
    </message>
</context>
<context>
    <name>avocet::ui::designer::PropertyPanel</name>
    <message>
        <source>Required</source>
        <translation>Wymagane</translation>
    </message>
    <message>
        <source>Repeats</source>
        <translation>Powtarzalne</translation>
    </message>
    <message>
        <source>Read-only</source>
        <translation>Tylko do odczytu</translation>
    </message>
    <message>
        <source>Hidden</source>
        <translation>Ukryte</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>bez limitu</translation>
    </message>
    <message>
        <source>value, or an option code</source>
        <translation>wartość lub kod opcji</translation>
    </message>
    <message>
        <source>(default)</source>
        <translation>(domyślnie)</translation>
    </message>
    <message>
        <source>UCUM code, e.g. h, kg, mmol/L</source>
        <translation>kod UCUM, np. h, kg, mmol/L</translation>
    </message>
    <message>
        <source>Conditions…</source>
        <translation>Warunki…</translation>
    </message>
    <message>
        <source>(not stated)</source>
        <translation>(nie podano)</translation>
    </message>
    <message>
        <source>all</source>
        <translation>wszystkie</translation>
    </message>
    <message>
        <source>any</source>
        <translation>dowolny</translation>
    </message>
    <message>
        <source>Answers…</source>
        <translation>Odpowiedzi…</translation>
    </message>
    <message>
        <source>Codes…</source>
        <translation>Kody…</translation>
    </message>
    <message>
        <source>Score builder…</source>
        <translation>Kreator punktacji…</translation>
    </message>
    <message>
        <source>one per line: name = FHIRPath expression</source>
        <translation>jedno w wierszu: nazwa = wyrażenie FHIRPath</translation>
    </message>
    <message>
        <source>linkId</source>
        <translation>linkId</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Tekst</translation>
    </message>
    <message>
        <source>Prefix</source>
        <translation>Prefiks</translation>
    </message>
    <message>
        <source>Max length</source>
        <translation>Maks. długość</translation>
    </message>
    <message>
        <source>Initial</source>
        <translation>Wartość początkowa</translation>
    </message>
    <message>
        <source>Control</source>
        <translation>Kontrolka</translation>
    </message>
    <message>
        <source>Min / max</source>
        <translation>Min. / maks.</translation>
    </message>
    <message>
        <source>Pattern (regex)</source>
        <translation>Wzorzec (wyrażenie regularne)</translation>
    </message>
    <message>
        <source>Entry format</source>
        <translation>Format wpisu</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Jednostka</translation>
    </message>
    <message>
        <source>Shown when</source>
        <translation>Wyświetlane, gdy</translation>
    </message>
    <message>
        <source>Behaviour</source>
        <translation>Zachowanie</translation>
    </message>
    <message>
        <source>Answers</source>
        <translation>Odpowiedzi</translation>
    </message>
    <message>
        <source>Codes</source>
        <translation>Kody</translation>
    </message>
    <message>
        <source>Calculated</source>
        <translation>Obliczane</translation>
    </message>
    <message>
        <source>Variables</source>
        <translation>Zmienne</translation>
    </message>
    <message>
        <source>Rename %1</source>
        <translation>Zmień nazwę %1</translation>
    </message>
    <message>
        <source>Change type</source>
        <translation>Zmień typ</translation>
    </message>
    <message>
        <source>Edit text</source>
        <translation>Edytuj tekst</translation>
    </message>
    <message>
        <source>Set %1</source>
        <translation>Ustaw %1</translation>
    </message>
    <message>
        <source>Set hidden</source>
        <translation>Ustaw ukrycie</translation>
    </message>
    <message>
        <source>Set max length</source>
        <translation>Ustaw maks. długość</translation>
    </message>
    <message>
        <source>Set control</source>
        <translation>Ustaw kontrolkę</translation>
    </message>
    <message>
        <source>Set enableBehavior</source>
        <translation>Ustaw enableBehavior</translation>
    </message>
    <message>
        <source>Edit calculation</source>
        <translation>Edytuj obliczenie</translation>
    </message>
    <message>
        <source>Edit variables</source>
        <translation>Edytuj zmienne</translation>
    </message>
    <message>
        <source>Edit conditions</source>
        <translation>Edytuj warunki</translation>
    </message>
    <message>
        <source>Edit answers</source>
        <translation>Edytuj odpowiedzi</translation>
    </message>
    <message>
        <source>Edit codes</source>
        <translation>Edytuj kody</translation>
    </message>
    <message>
        <source>Build score</source>
        <translation>Utwórz punktację</translation>
    </message>
    <message>
        <source>Edit properties</source>
        <translation>Edytuj właściwości</translation>
    </message>
    <message>
        <source>Select an item in the tree to see and change its properties.</source>
        <translation>Wybierz pozycję w drzewie, aby zobaczyć i zmienić jej właściwości.</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; (%2)</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; (%2)</translation>
    </message>
    <message>
        <source>always</source>
        <translation>zawsze</translation>
    </message>
    <message>
        <source>none</source>
        <translation>brak</translation>
    </message>
    <message>
        <source>FHIRPath, e.g. %age &gt; 17</source>
        <translation>FHIRPath, np. %age &gt; 17</translation>
    </message>
    <message>
        <source>FHIRPath, once when a new copy opens</source>
        <translation>FHIRPath, raz przy otwarciu nowej kopii</translation>
    </message>
    <message>
        <source>FHIRPath that lists the options</source>
        <translation>FHIRPath zwracające listę odpowiedzi</translation>
    </message>
    <message>
        <source>pick a contained value set or type a canonical URL</source>
        <translation>wybierz wbudowany zbiór wartości lub wpisz kanoniczny URL</translation>
    </message>
    <message>
        <source>Shown when (expression)</source>
        <translation>Widoczne, gdy (wyrażenie)</translation>
    </message>
    <message>
        <source>Initial (expression)</source>
        <translation>Wartość początkowa (wyrażenie)</translation>
    </message>
    <message>
        <source>Answers (expression)</source>
        <translation>Odpowiedzi (wyrażenie)</translation>
    </message>
    <message>
        <source>Answer value set</source>
        <translation>Zbiór wartości odpowiedzi</translation>
    </message>
    <message>
        <source>Edit expression</source>
        <translation>Edytuj wyrażenie</translation>
    </message>
    <message>
        <source>Set answer value set</source>
        <translation>Ustaw zbiór wartości odpowiedzi</translation>
    </message>
    <message>
        <source>%1 (contained: %2)</source>
        <translation>%1 (wbudowany: %2)</translation>
    </message>
    <message>
        <source>Show the item&apos;s properties</source>
        <translation>Pokaż właściwości pozycji</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>Zmień nazwę</translation>
    </message>
    <message>
        <source>Build a score</source>
        <translation>Utwórz punktację</translation>
    </message>
    <message>
        <source>Performance metrics that count this item. Changing or removing it changes their figures.</source>
        <translation>Wskaźniki wydajności, które liczą to pole. Zmiana lub usunięcie go zmienia ich wartości.</translation>
    </message>
    <message>
        <source>Read by metrics</source>
        <translation>Czytane przez wskaźniki</translation>
    </message>
</context>
<context>
    <name>avocet::ui::designer::ScoreBuilder</name>
    <message>
        <source>Build a score</source>
        <translation>Utwórz punktację</translation>
    </message>
    <message>
        <source>Expression the form will calculate:</source>
        <translation>Wyrażenie, które obliczy formularz:</translation>
    </message>
    <message numerus="yes">
        <source>%n question(s); total from %1 to %2</source>
        <translation>
            <numerusform>%n pytanie; suma od %1 do %2</numerusform>
            <numerusform>%n pytania; suma od %1 do %2</numerusform>
            <numerusform>%n pytań; suma od %1 do %2</numerusform>
        </translation>
    </message>
    <message>
        <source>Tick the questions to add up: the score of the answer chosen, or the number entered:</source>
        <translation>Zaznacz pytania do zsumowania: punkty wybranej odpowiedzi lub wpisaną liczbę:</translation>
    </message>
    <message>
        <source>number</source>
        <translation>liczba</translation>
    </message>
    <message>
        <source>scored answers</source>
        <translation>odpowiedzi punktowane</translation>
    </message>
    <message numerus="yes">
        <source>%n question(s); no fixed range: a number question has no minimum and maximum</source>
        <translation>
            <numerusform>%n pytanie; brak stałego zakresu: pytanie liczbowe nie ma minimum ani maksimum</numerusform>
            <numerusform>%n pytania; brak stałego zakresu: pytanie liczbowe nie ma minimum ani maksimum</numerusform>
            <numerusform>%n pytań; brak stałego zakresu: pytanie liczbowe nie ma minimum ani maksimum</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>avocet::ui::forms</name>
    <message>
        <source>Yes</source>
        <translation>Tak</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Nie</translation>
    </message>
    <message>
        <source>Enter a whole number, for example 12.</source>
        <translation>Wpisz liczbę całkowitą, na przykład 12.</translation>
    </message>
    <message>
        <source>Enter a number, for example 72.5.</source>
        <translation>Wpisz liczbę, na przykład 72,5.</translation>
    </message>
    <message>
        <source>Enter a real date as day/month/year, for example 31/12/2024.</source>
        <translation>Wpisz prawdziwą datę jako dzień/miesiąc/rok, na przykład 31/12/2024.</translation>
    </message>
    <message>
        <source>Enter a time on the 24-hour clock, for example 14:30.</source>
        <translation>Wpisz godzinę w formacie 24-godzinnym, na przykład 14:30.</translation>
    </message>
    <message>
        <source>Enter a date and time, for example 31/12/2024 14:30.</source>
        <translation>Wpisz datę i godzinę, na przykład 31/12/2024 14:30.</translation>
    </message>
</context>
<context>
    <name>avocet::ui::forms::CalculatedControl</name>
    <message>
        <source>Worked out by the form</source>
        <translation>Obliczane przez formularz</translation>
    </message>
    <message>
        <source>Not yet known</source>
        <translation>Jeszcze nieznane</translation>
    </message>
</context>
<context>
    <name>avocet::ui::forms::ComboControl</name>
    <message>
        <source>Choose…</source>
        <translation>Wybierz…</translation>
    </message>
    <message>
        <source>Choose or type an answer</source>
        <translation>Wybierz lub wpisz odpowiedź</translation>
    </message>
    <message>
        <source>Type to search</source>
        <translation>Wpisz, aby wyszukać</translation>
    </message>
    <message>
        <source>“%1” is not one of the choices. Pick one from the list.</source>
        <translation>„%1” nie jest jedną z możliwości. Wybierz odpowiedź z listy.</translation>
    </message>
</context>
<context>
    <name>avocet::ui::forms::EprPanel</name>
    <message>
        <source>This patient has no EPR of record, so the form cannot be sent to one. It will be kept and sent once a record is linked.</source>
        <translation>Ten pacjent nie ma przypisanego systemu EPR, więc formularza nie można do niego wysłać. Zostanie zachowany i wysłany, gdy dokumentacja zostanie powiązana.</translation>
    </message>
    <message>
        <source>The routing rules are missing, so it is not known where this form goes.</source>
        <translation>Brakuje reguł kierowania, więc nie wiadomo, dokąd trafi ten formularz.</translation>
    </message>
    <message>
        <source>It is not known where this form goes: %1</source>
        <translation>Nie wiadomo, dokąd trafi ten formularz: %1</translation>
    </message>
    <message>
        <source>%1 has no mapping for this form yet, so it cannot be sent there.</source>
        <translation>%1 nie ma jeszcze mapowania dla tego formularza, więc nie można go tam wysłać.</translation>
    </message>
    <message>
        <source>“%1”: %2 cannot hold this answer, so it will not be sent there (%3).</source>
        <translation>„%1”: %2 nie może przechować tej odpowiedzi, więc nie zostanie ona tam wysłana (%3).</translation>
    </message>
    <message>
        <source>“%1”: %2 has no place for this answer; completing will be refused if it is answered.</source>
        <translation>„%1”: %2 nie ma miejsca na tę odpowiedź; jeśli zostanie udzielona, zakończenie formularza zostanie odrzucone.</translation>
    </message>
    <message>
        <source>“%1”: %2 holds this answer only in part (%3).</source>
        <translation>„%1”: %2 przechowuje tę odpowiedź tylko częściowo (%3).</translation>
    </message>
    <message>
        <source>Where this form will be sent</source>
        <translation>Dokąd zostanie wysłany ten formularz</translation>
    </message>
    <message>
        <source>When completed, this form will not be sent to an EPR yet.</source>
        <translation>Po zakończeniu ten formularz nie zostanie jeszcze wysłany do EPR.</translation>
    </message>
    <message>
        <source>When completed, this form will be sent to %1.</source>
        <translation>Po zakończeniu ten formularz zostanie wysłany do %1.</translation>
    </message>
    <message>
        <source> and </source>
        <translation> i </translation>
    </message>
    <message>
        <source>Every answer has a place there.</source>
        <translation>Każda odpowiedź ma tam swoje miejsce.</translation>
    </message>
    <message>
        <source>and the full text is attached</source>
        <translation>a pełny tekst zostaje dołączony</translation>
    </message>
    <message>
        <source>and the rest is cut off</source>
        <translation>a reszta zostaje obcięta</translation>
    </message>
    <message>
        <source>and completing is refused</source>
        <translation>a zakończenie formularza jest odrzucane</translation>
    </message>
    <message>
        <source>The trust&apos;s server has no mapping of this version of the form into %1, so it cannot be sent there yet.</source>
        <translation>Serwer trustu nie ma mapowania tej wersji formularza do %1, więc nie można go tam jeszcze wysłać.</translation>
    </message>
    <message>
        <source>%1: mapping %2 version %3, from the trust&apos;s server</source>
        <translation>%1: mapowanie %2 w wersji %3, z serwera trustu</translation>
    </message>
    <message>
        <source>%1: mapping shipped with Avocet</source>
        <translation>%1: mapowanie dostarczone z Avocet</translation>
    </message>
    <message>
        <source>When signed off, this document goes to the recipient named in it (the GP practice, or the social care team) at the next sync.</source>
        <translation>Po zatwierdzeniu ten dokument trafi do wskazanego w nim odbiorcy (przychodni lekarza rodzinnego lub zespołu opieki społecznej) przy następnej synchronizacji.</translation>
    </message>
    <message>
        <source>No EPR holds a record for this patient yet: the EPR copy is filed once one does.</source>
        <translation>Żaden EPR nie ma jeszcze rekordu tego pacjenta: kopia zostanie zapisana w EPR, gdy taki rekord powstanie.</translation>
    </message>
    <message>
        <source>A copy is filed in %1 as correspondence.</source>
        <translation>Kopia jest zapisywana w %1 jako korespondencja.</translation>
    </message>
    <message>
        <source>What the recipient says (accepted, or rejected with its reason) shows on the patient&apos;s screen under Documents sent.</source>
        <translation>Odpowiedź odbiorcy (przyjęto albo odrzucono z podaniem powodu) pojawia się na ekranie pacjenta w sekcji Wysłane dokumenty.</translation>
    </message>
    <message>
        <source>Your name as you sign, e.g. Dr Amara Okafor</source>
        <translation>Imię i nazwisko, jak się podpisujesz, np. dr Amara Okafor</translation>
    </message>
    <message>
        <source>Signed off by</source>
        <translation>Zatwierdził(a)</translation>
    </message>
    <message>
        <source>e.g. Consultant psychiatrist</source>
        <translation>np. lekarz specjalista psychiatra</translation>
    </message>
    <message>
        <source>Role and grade</source>
        <translation>Funkcja i stanowisko</translation>
    </message>
    <message>
        <source>Signed off by:</source>
        <translation>Zatwierdził(a):</translation>
    </message>
    <message>
        <source>Role and grade:</source>
        <translation>Funkcja i stanowisko:</translation>
    </message>
</context>
<context>
    <name>avocet::ui::forms::FormItemWidget</name>
    <message>
        <source>Between %1 and %2.</source>
        <translation>Od %1 do %2.</translation>
    </message>
    <message>
        <source>At least %1.</source>
        <translation>Co najmniej %1.</translation>
    </message>
    <message>
        <source>At most %1.</source>
        <translation>Najwyżej %1.</translation>
    </message>
    <message>
        <source>Up to %1 characters.</source>
        <translation>Do %1 znaków.</translation>
    </message>
    <message>
        <source>Format: %1</source>
        <translation>Format: %1</translation>
    </message>
    <message>
        <source>Must be written in the form&apos;s required pattern.</source>
        <translation>Musi być zapisane według wzorca wymaganego przez formularz.</translation>
    </message>
    <message>
        <source>You can give more than one answer.</source>
        <translation>Możesz podać więcej niż jedną odpowiedź.</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>Pomoc</translation>
    </message>
    <message>
        <source>item %1</source>
        <translation>pytanie %1</translation>
    </message>
    <message>
        <source>%1 of %2 answered</source>
        <translation>odpowiedzi: %1 z %2</translation>
    </message>
    <message>
        <source>; declined: %1</source>
        <translation>; odmowa odpowiedzi: %1</translation>
    </message>
    <message>
        <source>%1: no total yet.</source>
        <translation>%1: brak wyniku łącznego.</translation>
    </message>
    <message>
        <source>%1: no total, because %2 is never estimated.</source>
        <translation>%1: brak wyniku łącznego, ponieważ %2 nigdy nie jest szacowane.</translation>
    </message>
    <message>
        <source>%1: no total until every item is answered.</source>
        <translation>%1: brak wyniku łącznego, dopóki nie ma odpowiedzi na wszystkie pytania.</translation>
    </message>
    <message numerus="yes">
        <source>%1: no total, because at most %n item(s) may be missing.</source>
        <translation>
            <numerusform>%1: brak wyniku łącznego, ponieważ może brakować najwyżej %n pytania.</numerusform>
            <numerusform>%1: brak wyniku łącznego, ponieważ może brakować najwyżej %n pytań.</numerusform>
            <numerusform>%1: brak wyniku łącznego, ponieważ może brakować najwyżej %n pytań.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: total estimated from the answered items, as the published rule allows.</source>
        <translation>%1: wynik łączny oszacowany na podstawie udzielonych odpowiedzi, jak pozwala opublikowana reguła.</translation>
    </message>
</context>
<context>
    <name>avocet::ui::forms::FormView</name>
    <message>
        <source>Untitled form</source>
        <translation>Formularz bez tytułu</translation>
    </message>
    <message>
        <source>Version %1 · </source>
        <translation>Wersja %1 · </translation>
    </message>
    <message>
        <source>Questions marked * must be answered. Your answers are saved as you go.</source>
        <translation>Na pytania oznaczone * trzeba odpowiedzieć. Odpowiedzi są zapisywane na bieżąco.</translation>
    </message>
    <message>
        <source>Show what is needed</source>
        <translation>Pokaż, czego brakuje</translation>
    </message>
    <message>
        <source>Mark complete</source>
        <translation>Oznacz jako zakończony</translation>
    </message>
    <message>
        <source>Available when every required question is answered and nothing needs correcting.</source>
        <translation>Dostępne, gdy odpowiedziano na każde wymagane pytanie i nic nie wymaga poprawy.</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>Wersja robocza</translation>
    </message>
    <message>
        <source>Previous page</source>
        <translation>Poprzednia strona</translation>
    </message>
    <message>
        <source>Next page</source>
        <translation>Następna strona</translation>
    </message>
    <message>
        <source>%1, row %2</source>
        <translation>%1, wiersz %2</translation>
    </message>
    <message>
        <source>Remove row %1</source>
        <translation>Usuń wiersz %1</translation>
    </message>
    <message>
        <source>Remove this %1</source>
        <translation>Usuń: %1</translation>
    </message>
    <message>
        <source>Add a row</source>
        <translation>Dodaj wiersz</translation>
    </message>
    <message>
        <source>Add another %1</source>
        <translation>Dodaj kolejny: %1</translation>
    </message>
    <message>
        <source>not yet known</source>
        <translation>jeszcze nieznane</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Marked complete.</source>
        <translation>Oznaczono jako zakończony.</translation>
    </message>
    <message>
        <source>Everything needed is answered. You can mark the form complete.</source>
        <translation>Odpowiedziano na wszystko, co potrzebne. Możesz oznaczyć formularz jako zakończony.</translation>
    </message>
    <message>
        <source>1 question still needs an answer or a correction before the form can be marked complete.</source>
        <translation>1 pytanie nadal wymaga odpowiedzi lub poprawy, zanim formularz będzie można oznaczyć jako zakończony.</translation>
    </message>
    <message>
        <source>%1 questions still need an answer or a correction before the form can be marked complete.</source>
        <translation>Liczba pytań, które nadal wymagają odpowiedzi lub poprawy, zanim formularz będzie można oznaczyć jako zakończony: %1.</translation>
    </message>
    <message>
        <source>Page %1 of %2: %3</source>
        <translation>Strona %1 z %2: %3</translation>
    </message>
    <message>
        <source>Saving soon…</source>
        <translation>Wkrótce nastąpi zapis…</translation>
    </message>
    <message>
        <source>Not saved: the answers could not be prepared for saving.</source>
        <translation>Nie zapisano: nie udało się przygotować odpowiedzi do zapisu.</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Zapisywanie…</translation>
    </message>
    <message>
        <source>Not saved yet. Your answers are still here; Avocet will try again.</source>
        <translation>Jeszcze nie zapisano. Twoje odpowiedzi są nadal tutaj; Avocet spróbuje ponownie.</translation>
    </message>
    <message>
        <source>Draft saved at %1</source>
        <translation>Wersję roboczą zapisano o %1</translation>
    </message>
</context>
<context>
    <name>avocet::ui::forms::FormWindow</name>
    <message>
        <source>Forms — %1</source>
        <translation>Formularze — %1</translation>
    </message>
    <message>
        <source>Continue a draft or start a form</source>
        <translation>Kontynuuj wersję roboczą lub rozpocznij formularz</translation>
    </message>
    <message>
        <source>Forms for this patient</source>
        <translation>Formularze dla tego pacjenta</translation>
    </message>
    <message>
        <source>Choose a form on the left. Press Enter to open it.</source>
        <translation>Wybierz formularz po lewej stronie. Naciśnij Enter, aby go otworzyć.</translation>
    </message>
    <message>
        <source>Draft: %1 (saved %2)</source>
        <translation>Wersja robocza: %1 (zapisano %2)</translation>
    </message>
    <message>
        <source>Amended: %1 (%2)</source>
        <translation>Poprawiono: %1 (%2)</translation>
    </message>
    <message>
        <source>Completed: %1 (%2)</source>
        <translation>Zakończono: %1 (%2)</translation>
    </message>
    <message>
        <source> — waiting to send</source>
        <translation> — czeka na wysłanie</translation>
    </message>
    <message>
        <source>Open to read or amend</source>
        <translation>Otwórz, aby przeczytać lub poprawić</translation>
    </message>
    <message>
        <source>New: %1 (version %2)</source>
        <translation>Nowy: %1 (wersja %2)</translation>
    </message>
    <message>
        <source>This form could not be opened: %1</source>
        <translation>Nie udało się otworzyć tego formularza: %1</translation>
    </message>
    <message>
        <source>That draft is no longer on this computer.</source>
        <translation>Tej wersji roboczej nie ma już na tym komputerze.</translation>
    </message>
    <message>
        <source>This draft could not be reopened: %1</source>
        <translation>Nie udało się ponownie otworzyć tej wersji roboczej: %1</translation>
    </message>
    <message>
        <source>Save amendment</source>
        <translation>Zapisz poprawkę</translation>
    </message>
    <message>
        <source>Draft:</source>
        <translation>Wersja robocza:</translation>
    </message>
    <message>
        <source>That form is no longer on this computer.</source>
        <translation>Tego formularza nie ma już na tym komputerze.</translation>
    </message>
    <message>
        <source>The version of the form this was completed on is not installed here, so it cannot be amended.</source>
        <translation>Wersja formularza, w której go wypełniono, nie jest tu zainstalowana, więc nie można go poprawić.</translation>
    </message>
    <message>
        <source>This patient has no valid NHS number on this computer, so the form cannot be sent. It is kept as a draft.</source>
        <translation>Ten pacjent nie ma na tym komputerze prawidłowego numeru NHS, więc formularza nie można wysłać. Zostaje zachowany jako wersja robocza.</translation>
    </message>
    <message>
        <source>no NHS number</source>
        <translation>brak numeru NHS</translation>
    </message>
    <message>
        <source>This form cannot be changed: %1</source>
        <translation>Tego formularza nie można zmienić: %1</translation>
    </message>
    <message>
        <source> and </source>
        <translation> i </translation>
    </message>
    <message>
        <source>“%1” is complete.</source>
        <translation>„%1” – zakończono.</translation>
    </message>
    <message>
        <source>The amendment to “%1” is saved.</source>
        <translation>Zapisano poprawkę do „%1”.</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>Pacjent</translation>
    </message>
    <message>
        <source>NHS number not known</source>
        <translation>Numer NHS nieznany</translation>
    </message>
    <message>
        <source>NHS %1</source>
        <translation>Nr NHS %1</translation>
    </message>
    <message numerus="yes">
        <source>Born %1 (%n y)</source>
        <comment>date of birth and age in years</comment>
        <translation>
            <numerusform>Ur. %1 (%n r.)</numerusform>
            <numerusform>Ur. %1 (%n l.)</numerusform>
            <numerusform>Ur. %1 (%n l.)</numerusform>
        </translation>
    </message>
    <message>
        <source>Date of birth unknown</source>
        <translation>Data urodzenia nieznana</translation>
    </message>
    <message>
        <source>Record held in %1</source>
        <translation>Dokumentacja prowadzona w %1</translation>
    </message>
    <message>
        <source>It is kept on this computer and will be sent when the patient has an EPR record.</source>
        <translation>Formularz jest przechowywany na tym komputerze i zostanie wysłany, gdy pacjent będzie miał dokumentację w EPR.</translation>
    </message>
    <message>
        <source>It is kept safely on this computer. Sync is not set up yet, so it will be sent to %1 once you sign in to the trust&apos;s server (Sync ▸ Server and sign-in…).</source>
        <translation>Formularz jest bezpiecznie przechowywany na tym komputerze. Synchronizacja nie jest jeszcze skonfigurowana, więc zostanie on wysłany do %1 po zalogowaniu się na serwerze trustu (Synchronizacja ▸ Serwer i logowanie…).</translation>
    </message>
    <message>
        <source>It is waiting on this computer and will be sent to %1 at the next sync (soon, when the network is available). Its delivery shows on the patient&apos;s screen under Submissions and EPR delivery.</source>
        <translation>Formularz czeka na tym komputerze i zostanie wysłany do %1 przy następnej synchronizacji (wkrótce, gdy sieć będzie dostępna). Stan jego dostarczenia widać na ekranie pacjenta w sekcji Przesłane formularze i dostarczenie do EPR.</translation>
    </message>
    <message>
        <source>Published by the trust&apos;s change managers</source>
        <translation>Opublikowane przez menedżerów zmian trustu</translation>
    </message>
    <message>
        <source>Built into Avocet</source>
        <translation>Wbudowane w Avocet</translation>
    </message>
    <message>
        <source>That form is no longer offered. Choose another from the list.</source>
        <translation>Ten formularz nie jest już dostępny. Wybierz inny z listy.</translation>
    </message>
    <message>
        <source>Sign off and send</source>
        <translation>Zatwierdź i wyślij</translation>
    </message>
    <message>
        <source>Sign off the amended version</source>
        <translation>Zatwierdź poprawioną wersję</translation>
    </message>
    <message>
        <source>It is waiting on this computer and goes to %1 at the next sync; a copy is filed in the patient&apos;s EPR. What the recipient says shows on the patient&apos;s screen under Documents sent.</source>
        <translation>Czeka na tym komputerze i trafi do %1 przy następnej synchronizacji; kopia zostanie zapisana w EPR pacjenta. Odpowiedź odbiorcy pojawi się na ekranie pacjenta w sekcji Wysłane dokumenty.</translation>
    </message>
    <message>
        <source>It is kept safely on this computer. Sync is not set up yet, so it goes to %1 once you sign in to the trust&apos;s server (Sync ▸ Server and sign-in…).</source>
        <translation>Jest bezpiecznie przechowywany na tym komputerze. Synchronizacja nie jest jeszcze skonfigurowana, więc trafi do %1 po zalogowaniu się do serwera trustu (Synchronizacja ▸ Serwer i logowanie…).</translation>
    </message>
    <message>
        <source>Version %1 of “%2” is signed off.</source>
        <translation>Wersja %1 dokumentu „%2” jest zatwierdzona.</translation>
    </message>
    <message>
        <source>“%1” is signed off.</source>
        <translation>„%1” jest zatwierdzony.</translation>
    </message>
    <message>
        <source>Type your name as you sign (and your role) above before signing off.</source>
        <translation>Przed zatwierdzeniem wpisz powyżej imię i nazwisko, jak się podpisujesz (oraz swoją funkcję).</translation>
    </message>
</context>
<context>
    <name>avocet::ui::forms::LineControl</name>
    <message>
        <source>Calendar</source>
        <translation>Kalendarz</translation>
    </message>
    <message>
        <source>Pick the date from a calendar</source>
        <translation>Wybierz datę z kalendarza</translation>
    </message>
</context>
<context>
    <name>avocet::ui::forms::NoteControl</name>
    <message>
        <source>Answer kept from an earlier version: %1</source>
        <translation>Odpowiedź zachowana z wcześniejszej wersji: %1</translation>
    </message>
</context>
<context>
    <name>avocet::ui::forms::OpenChoiceListControl</name>
    <message>
        <source>Type another answer</source>
        <translation>Wpisz inną odpowiedź</translation>
    </message>
    <message>
        <source>Add answer</source>
        <translation>Dodaj odpowiedź</translation>
    </message>
    <message>
        <source>Another answer to %1</source>
        <translation>Inna odpowiedź na %1</translation>
    </message>
    <message>
        <source>Type an answer that is not in the list, then press Enter.</source>
        <translation>Wpisz odpowiedź, której nie ma na liście, i naciśnij Enter.</translation>
    </message>
    <message>
        <source>Add the typed answer to %1</source>
        <translation>Dodaj wpisaną odpowiedź do %1</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Usuń</translation>
    </message>
    <message>
        <source>Typed answer to %1</source>
        <translation>Wpisana odpowiedź na %1</translation>
    </message>
    <message>
        <source>Remove the answer “%1”</source>
        <translation>Usuń odpowiedź „%1”</translation>
    </message>
</context>
<context>
    <name>avocet::ui::forms::QuantityControl</name>
    <message>
        <source>Unit for %1</source>
        <translation>Jednostka dla %1</translation>
    </message>
</context>
<context>
    <name>avocet::ui::forms::QuestionWidget</name>
    <message>
        <source>Required.</source>
        <translation>Wymagane.</translation>
    </message>
    <message>
        <source>Read only.</source>
        <translation>Tylko do odczytu.</translation>
    </message>
    <message>
        <source>Problem: %1</source>
        <translation>Problem: %1</translation>
    </message>
</context>
<context>
    <name>avocet::ui::forms::SliderControl</name>
    <message>
        <source>Clear</source>
        <translation>Wyczyść</translation>
    </message>
    <message>
        <source>Clear the answer</source>
        <translation>Wyczyść odpowiedź</translation>
    </message>
    <message>
        <source>Chosen: %1</source>
        <translation>Wybrano: %1</translation>
    </message>
    <message>
        <source>Not answered</source>
        <translation>Bez odpowiedzi</translation>
    </message>
</context>
<context>
    <name>avocet::ui::forms::TextControl</name>
    <message>
        <source>One answer per line</source>
        <translation>Jedna odpowiedź w wierszu</translation>
    </message>
    <message>
        <source>%1 of %2 characters</source>
        <translation>%1 z %2 znaków</translation>
    </message>
</context>
<context>
    <name>avocet::ui::history</name>
    <message>
        <source>Total %1</source>
        <translation>Suma: %1</translation>
    </message>
    <message>
        <source>This computer</source>
        <translation>Ten komputer</translation>
    </message>
    <message>
        <source>Draft: not sent</source>
        <translation>Wersja robocza: nie wysłano</translation>
    </message>
    <message>
        <source>Waiting to send from this computer</source>
        <translation>Czeka na wysłanie z tego komputera</translation>
    </message>
    <message>
        <source>Sent; no EPR receipt yet</source>
        <translation>Wysłano; brak jeszcze potwierdzenia z EPR</translation>
    </message>
    <message>
        <source>This response cannot be read.</source>
        <translation>Nie można odczytać tej odpowiedzi.</translation>
    </message>
    <message>
        <source>Also in the EPR record, with no place in this form: %1</source>
        <translation>Także w dokumentacji EPR, bez miejsca w tym formularzu: %1</translation>
    </message>
    <message>
        <source>Not held as sent — %1</source>
        <translation>Nie zapisano tak, jak wysłano — %1</translation>
    </message>
</context>
<context>
    <name>avocet::ui::history::PatientFormsView</name>
    <message>
        <source>Draft</source>
        <translation>Wersja robocza</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Zakończony</translation>
    </message>
    <message>
        <source>Amended</source>
        <translation>Poprawiony</translation>
    </message>
    <message>
        <source>Entered in error</source>
        <translation>Wprowadzony błędnie</translation>
    </message>
    <message>
        <source>Forms and history (every EPR)</source>
        <translation>Formularze i historia (wszystkie EPR)</translation>
    </message>
    <message>
        <source>Forms and history for this patient</source>
        <translation>Formularze i historia tego pacjenta</translation>
    </message>
    <message>
        <source>Form</source>
        <translation>Formularz</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Data</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Źródło</translation>
    </message>
    <message>
        <source>Delivered to</source>
        <translation>Dostarczono do</translation>
    </message>
    <message>
        <source>The selected form</source>
        <translation>Wybrany formularz</translation>
    </message>
    <message>
        <source>%1 (historic record)</source>
        <translation>%1 (dokumentacja archiwalna)</translation>
    </message>
    <message>
        <source>held in %1</source>
        <translation>przechowywane w %1</translation>
    </message>
    <message>
        <source>No forms for this patient yet.</source>
        <translation>Ten pacjent nie ma jeszcze formularzy.</translation>
    </message>
    <message>
        <source>%1 · %2 · from %3</source>
        <translation>%1 · %2 · źródło: %3</translation>
    </message>
    <message>
        <source>Delivery:</source>
        <translation>Dostarczenie:</translation>
    </message>
</context>
<context>
    <name>avocet::ui::sync</name>
    <message>
        <source>EPR</source>
        <translation>EPR</translation>
    </message>
    <message>
        <source>%1: delivered %2</source>
        <translation>%1: dostarczono %2</translation>
    </message>
    <message>
        <source>%1: delivered</source>
        <translation>%1: dostarczono</translation>
    </message>
    <message>
        <source>%1: pending — retry at %2</source>
        <translation>%1: oczekuje — ponowna próba %2</translation>
    </message>
    <message>
        <source>%1: pending</source>
        <translation>%1: oczekuje</translation>
    </message>
    <message>
        <source>%1: failing — %2</source>
        <translation>%1: nie udaje się — %2</translation>
    </message>
    <message>
        <source>no reason given</source>
        <translation>nie podano powodu</translation>
    </message>
    <message>
        <source>; retry at %1</source>
        <translation>; ponowna próba %1</translation>
    </message>
    <message>
        <source>%1: failed — %2</source>
        <translation>%1: nie powiodło się — %2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Sync not set up</source>
        <translation>Synchronizacja nieskonfigurowana</translation>
    </message>
    <message>
        <source>Off-line</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Syncing %1 of %2…</source>
        <translation>Synchronizacja: %1 z %2…</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>Synchronizacja…</translation>
    </message>
    <message>
        <source>Sync failed</source>
        <translation>Synchronizacja nie powiodła się</translation>
    </message>
    <message>
        <source>Sync failed (last up to date at %1)</source>
        <translation>Synchronizacja nie powiodła się (ostatnio aktualne o %1)</translation>
    </message>
    <message>
        <source>Up to date at %1</source>
        <translation>Aktualne na %1</translation>
    </message>
    <message>
        <source>Not synced yet</source>
        <translation>Jeszcze nie zsynchronizowano</translation>
    </message>
</context>
<context>
    <name>avocet::ui::sync::ConflictsView</name>
    <message>
        <source>Form</source>
        <translation>Formularz</translation>
    </message>
    <message>
        <source>Form %1</source>
        <translation>Formularz %1</translation>
    </message>
    <message>
        <source>Patient details</source>
        <translation>Dane pacjenta</translation>
    </message>
    <message>
        <source>These records were changed on this computer and on the server while you were off-line. Nothing has been overwritten: choose which version to keep, or merge them by ticking the rows to take from the server.</source>
        <translation>Te rekordy zmieniono na tym komputerze i na serwerze, gdy pracowano offline. Niczego nie nadpisano: wybierz, którą wersję zachować, albo scal je, zaznaczając wiersze do pobrania z serwera.</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Pozycja</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>Pytanie</translation>
    </message>
    <message>
        <source>Mine (this computer)</source>
        <translation>Moja (ten komputer)</translation>
    </message>
    <message>
        <source>Theirs (server)</source>
        <translation>Ich (serwer)</translation>
    </message>
    <message>
        <source>Take theirs</source>
        <translation>Weź z serwera</translation>
    </message>
    <message>
        <source>Keep mine</source>
        <translation>Zachowaj moją</translation>
    </message>
    <message>
        <source>Keep theirs</source>
        <translation>Zachowaj wersję z serwera</translation>
    </message>
    <message>
        <source>Merge (ticked rows from the server)</source>
        <translation>Scal (zaznaczone wiersze z serwera)</translation>
    </message>
    <message>
        <source>deleted on the server</source>
        <translation>usunięto na serwerze</translation>
    </message>
    <message>
        <source>changed on the server</source>
        <translation>zmieniono na serwerze</translation>
    </message>
    <message>
        <source>%1 — %2
%3</source>
        <translation>%1 — %2
%3</translation>
    </message>
    <message>
        <source>No conflicts. Everything you changed off-line has been accepted or is waiting to send.</source>
        <translation>Brak konfliktów. Wszystko, co zmieniono offline, zostało przyjęte lub czeka na wysłanie.</translation>
    </message>
    <message>
        <source>%1: deleted on the server after you changed it here.</source>
        <translation>%1: usunięto na serwerze po tym, jak zmieniono to tutaj.</translation>
    </message>
    <message>
        <source>%1: server version %2 differs from yours.</source>
        <translation>%1: wersja %2 na serwerze różni się od Twojej.</translation>
    </message>
    <message>
        <source>Accept the deletion</source>
        <translation>Zaakceptuj usunięcie</translation>
    </message>
    <message>
        <source>Saving your choice…</source>
        <translation>Zapisywanie Twojego wyboru…</translation>
    </message>
    <message>
        <source>Your choice could not be saved. Nothing was changed; try again.</source>
        <translation>Nie udało się zapisać Twojego wyboru. Niczego nie zmieniono; spróbuj ponownie.</translation>
    </message>
    <message>
        <source>Saved. It will be sent at the next sync.</source>
        <translation>Zapisano. Zostanie wysłane przy następnej synchronizacji.</translation>
    </message>
</context>
<context>
    <name>avocet::ui::sync::DeliveryStatusView</name>
    <message>
        <source>Submissions and EPR delivery</source>
        <translation>Przesłane formularze i dostarczenie do EPR</translation>
    </message>
    <message>
        <source>No submissions on this computer for this patient.</source>
        <translation>Brak przesłanych formularzy dla tego pacjenta na tym komputerze.</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>Waiting to send from this computer</source>
        <translation>Czeka na wysłanie z tego komputera</translation>
    </message>
    <message>
        <source>Sent — no delivery receipt yet</source>
        <translation>Wysłano — brak jeszcze potwierdzenia dostarczenia</translation>
    </message>
    <message>
        <source>Waiting to send from this computer, for %1</source>
        <translation>Czeka na wysłanie z tego komputera, do %1</translation>
    </message>
    <message>
        <source>Sent, for %1 — no delivery receipt yet</source>
        <translation>Wysłano do %1 — brak jeszcze potwierdzenia dostarczenia</translation>
    </message>
    <message>
        <source>Not held as sent — %1</source>
        <translation>Nie zapisano tak, jak wysłano — %1</translation>
    </message>
</context>
<context>
    <name>avocet::ui::sync::FailuresDialog</name>
    <message>
        <source>Changes the server refused</source>
        <translation>Zmiany odrzucone przez serwer</translation>
    </message>
    <message>
        <source>These changes are kept on this computer. Fix what the server says (or ask the service desk), then choose Send again.</source>
        <translation>Te zmiany są przechowywane na tym komputerze. Popraw to, co wskazuje serwer (lub poproś dział pomocy technicznej), a potem wybierz Wyślij ponownie.</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Rekord</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Próby</translation>
    </message>
    <message>
        <source>Server&apos;s reason</source>
        <translation>Powód podany przez serwer</translation>
    </message>
    <message>
        <source>Send again</source>
        <translation>Wyślij ponownie</translation>
    </message>
    <message>
        <source>Form</source>
        <translation>Formularz</translation>
    </message>
</context>
<context>
    <name>avocet::ui::sync::FirstSignInDialog</name>
    <message>
        <source>Sign in with your trust account</source>
        <translation>Zaloguj się kontem organizacji</translation>
    </message>
    <message>
        <source>First time on this computer? Sign in with your trust account. Avocet checks it with the server, then keeps your records here in your own encrypted profile, which only you can unlock, also when there is no network.</source>
        <translation>Pierwszy raz na tym komputerze? Zaloguj się kontem organizacji. Avocet sprawdzi je na serwerze, a potem przechowa Twoją dokumentację tutaj, w Twoim własnym zaszyfrowanym profilu, który tylko Ty możesz odblokować, także bez dostępu do sieci.</translation>
    </message>
    <message>
        <source>&amp;Server</source>
        <translation>&amp;Serwer</translation>
    </message>
    <message>
        <source>&amp;User name</source>
        <translation>&amp;Nazwa użytkownika</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>&amp;Hasło</translation>
    </message>
    <message>
        <source>Passphrase for this &amp;computer</source>
        <translation>Hasło dla tego &amp;komputera</translation>
    </message>
    <message>
        <source>&amp;Type it again</source>
        <translation>&amp;Wpisz je ponownie</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Zaloguj się</translation>
    </message>
    <message>
        <source>Enter the server&apos;s address, starting with https://</source>
        <translation>Wpisz adres serwera, zaczynający się od https://</translation>
    </message>
    <message>
        <source>Enter your user name and password.</source>
        <translation>Wpisz nazwę użytkownika i hasło.</translation>
    </message>
    <message>
        <source>The two passphrases are not the same.</source>
        <translation>Oba hasła nie są takie same.</translation>
    </message>
    <message>
        <source>The passphrase for this computer needs at least 8 characters.</source>
        <translation>Hasło dla tego komputera musi mieć co najmniej 8 znaków.</translation>
    </message>
    <message>
        <source>Checking your account with the server…</source>
        <translation>Sprawdzanie Twojego konta na serwerze…</translation>
    </message>
    <message>
        <source>Not signed in: %1</source>
        <translation>Nie zalogowano: %1</translation>
    </message>
    <message>
        <source>Creating your encrypted profile on this computer…</source>
        <translation>Tworzenie Twojego zaszyfrowanego profilu na tym komputerze…</translation>
    </message>
    <message>
        <source>Your profile could not be created: %1</source>
        <translation>Nie udało się utworzyć Twojego profilu: %1</translation>
    </message>
    <message>
        <source>Fetching your caseload…</source>
        <translation>Pobieranie Twojej listy pacjentów…</translation>
    </message>
    <message>
        <source>Your profile is ready, but the sign-in was not kept: %1. Use Sync ▸ Server and sign-in.</source>
        <translation>Twój profil jest gotowy, ale logowanie nie zostało zachowane: %1. Użyj Synchronizacja ▸ Serwer i logowanie.</translation>
    </message>
    <message>
        <source>Choose a passphrase of at least 8 characters to unlock Avocet on this computer. It must not be your trust password, and it never leaves this computer.</source>
        <translation>Wybierz hasło (co najmniej 8 znaków), którym odblokujesz Avocet na tym komputerze. Nie może to być hasło do konta w trustcie; to hasło nigdy nie opuszcza tego komputera.</translation>
    </message>
    <message>
        <source>Choose a passphrase for this computer that is not your trust password.</source>
        <translation>Wybierz dla tego komputera hasło inne niż hasło do konta w trustcie.</translation>
    </message>
    <message>
        <source>Sign in through the trust&apos;s sign-in &amp;page…</source>
        <translation>Zaloguj się przez &amp;stronę logowania trust…</translation>
    </message>
    <message>
        <source>Opens your trust&apos;s sign-in page in the browser. Only the server and the passphrase for this computer are needed here.</source>
        <translation>Otwiera stronę logowania trust w przeglądarce. Tutaj potrzebny jest tylko serwer i hasło do tego komputera.</translation>
    </message>
    <message>
        <source>Finish signing in on the trust&apos;s sign-in page in your browser, then come back here.</source>
        <translation>Dokończ logowanie na stronie logowania trust w przeglądarce, a potem wróć tutaj.</translation>
    </message>
    <message>
        <source>Opening your profile on this computer…</source>
        <translation>Otwieranie Twojego profilu na tym komputerze…</translation>
    </message>
    <message>
        <source>You are signed in, but your profile on this computer did not open: %1</source>
        <translation>Jesteś zalogowany(-a), ale Twój profil na tym komputerze się nie otworzył: %1</translation>
    </message>
</context>
<context>
    <name>avocet::ui::sync::ServerLoginDialog</name>
    <message>
        <source>Server and sign-in</source>
        <translation>Serwer i logowanie</translation>
    </message>
    <message>
        <source>Avocet sends your work to this server and fetches your caseload from it. Your password is sent to the server only; Avocet keeps the sign-in token inside your encrypted profile.</source>
        <translation>Avocet wysyła Twoją pracę na ten serwer i pobiera z niego Twoją listę pacjentów. Hasło jest wysyłane wyłącznie na serwer; Avocet przechowuje token logowania w Twoim zaszyfrowanym profilu.</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Nazwa użytkownika</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Hasło</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Zaloguj się</translation>
    </message>
    <message>
        <source>Save server only (no sign-in needed)</source>
        <translation>Zapisz tylko serwer (bez logowania)</translation>
    </message>
    <message>
        <source>Enter the server&apos;s address, starting with https://</source>
        <translation>Wpisz adres serwera, zaczynając od https://</translation>
    </message>
    <message>
        <source>Enter your user name and password for the server.</source>
        <translation>Wpisz nazwę użytkownika i hasło do serwera.</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>Logowanie…</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Zapisywanie…</translation>
    </message>
    <message>
        <source>Not signed in: %1</source>
        <translation>Nie zalogowano: %1</translation>
    </message>
    <message>
        <source>Trust server address</source>
        <translation>Adres serwera trustu</translation>
    </message>
</context>
<context>
    <name>avocet::ui::sync::SyncController</name>
    <message>
        <source>No server is set up.</source>
        <translation>Nie skonfigurowano serwera.</translation>
    </message>
    <message>
        <source>The merged version could not be read.</source>
        <translation>Nie udało się odczytać scalonej wersji.</translation>
    </message>
    <message>
        <source>Off-line: only patients held on this computer can be found. The whole trust can be searched when the connection is back.</source>
        <translation>Brak połączenia: można znaleźć tylko pacjentów przechowywanych na tym komputerze. W całym trust można szukać po przywróceniu połączenia.</translation>
    </message>
    <message>
        <source>Sync is not set up on this computer, so only patients held here can be found.</source>
        <translation>Synchronizacja nie jest skonfigurowana na tym komputerze, więc można znaleźć tylko pacjentów przechowywanych tutaj.</translation>
    </message>
    <message>
        <source>Your session at the trust&apos;s sign-in service ended (you signed out there, or it was ended for you).</source>
        <translation>Twoja sesja w usłudze logowania trustu zakończyła się (wylogowano Cię tam albo została zakończona za Ciebie).</translation>
    </message>
    <message>
        <source>The trust&apos;s sign-in service no longer vouches for your account.</source>
        <translation>Usługa logowania trustu nie potwierdza już Twojego konta.</translation>
    </message>
    <message>
        <source>Your trust account no longer has a role in Avocet; ask the service desk if that is wrong.</source>
        <translation>Twoje konto trustu nie ma już roli w Avocet; jeśli to błąd, zgłoś się do działu wsparcia.</translation>
    </message>
</context>
<context>
    <name>avocet::ui::sync::SyncStatusWidget</name>
    <message>
        <source>Server: %1</source>
        <translation>Serwer: %1</translation>
    </message>
    <message>
        <source>Last problem: %1</source>
        <translation>Ostatni problem: %1</translation>
    </message>
    <message>
        <source>Your changes are kept on this computer and are sent when sync works again.</source>
        <translation>Twoje zmiany są zapisane na tym komputerze i zostaną wysłane, gdy synchronizacja znów zadziała.</translation>
    </message>
    <message>
        <source>Choose Sync ▸ Server and sign-in… to connect to your trust&apos;s server.</source>
        <translation>Wybierz Synchronizacja ▸ Serwer i logowanie…, aby połączyć się z serwerem trustu.</translation>
    </message>
    <message>
        <source>nothing waiting</source>
        <translation>nic nie czeka</translation>
    </message>
    <message>
        <source>Changes the server refused — click to see why</source>
        <translation>Zmiany odrzucone przez serwer — kliknij, aby zobaczyć dlaczego</translation>
    </message>
    <message>
        <source>Records changed here and on the server — click to choose</source>
        <translation>Rekordy zmienione tutaj i na serwerze — kliknij, aby wybrać</translation>
    </message>
    <message numerus="yes">
        <source>%n waiting to send</source>
        <translation>
            <numerusform>%n czeka na wysłanie</numerusform>
            <numerusform>%n czekają na wysłanie</numerusform>
            <numerusform>%n czeka na wysłanie</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>%n nieudana</numerusform>
            <numerusform>%n nieudane</numerusform>
            <numerusform>%n nieudanych</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n conflict(s)</source>
        <translation>
            <numerusform>%n konflikt</numerusform>
            <numerusform>%n konflikty</numerusform>
            <numerusform>%n konfliktów</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>avocet::ui::sync::SyncUi</name>
    <message>
        <source>Sync &amp;now</source>
        <translation>Synchronizuj &amp;teraz</translation>
    </message>
    <message>
        <source>Send your changes and fetch the latest from the server now (F5).</source>
        <translation>Wyślij swoje zmiany i pobierz teraz najnowsze dane z serwera (F5).</translation>
    </message>
    <message>
        <source>&amp;Prepare for off-line…</source>
        <translation>&amp;Przygotuj do pracy offline…</translation>
    </message>
    <message>
        <source>Download your caseload to use without a network for the next 12 hours.</source>
        <translation>Pobierz swoją listę pacjentów, aby korzystać z niej bez sieci przez następne 12 godzin.</translation>
    </message>
    <message>
        <source>&amp;Conflicts…</source>
        <translation>&amp;Konflikty…</translation>
    </message>
    <message>
        <source>&amp;Refused changes…</source>
        <translation>&amp;Odrzucone zmiany…</translation>
    </message>
    <message>
        <source>&amp;Server and sign-in…</source>
        <translation>&amp;Serwer i logowanie…</translation>
    </message>
    <message>
        <source>S&amp;ync</source>
        <translation>S&amp;ynchronizacja</translation>
    </message>
    <message>
        <source>Preparing for off-line: downloading your caseload…</source>
        <translation>Przygotowywanie do pracy offline: pobieranie Twojej listy pacjentów…</translation>
    </message>
    <message>
        <source>Ready for off-line until %1</source>
        <translation>Gotowe do pracy offline do %1</translation>
    </message>
    <message>
        <source>Could not prepare for off-line: %1</source>
        <translation>Nie udało się przygotować do pracy offline: %1</translation>
    </message>
    <message>
        <source>Sync conflicts</source>
        <translation>Konflikty synchronizacji</translation>
    </message>
</context>
<context>
    <name>avocet::ui::sync::TransferDocumentsView</name>
    <message>
        <source>Accepted by %1 · %2</source>
        <translation>Przyjęte przez %1 · %2</translation>
    </message>
    <message>
        <source>Rejected by %1: %2</source>
        <translation>Odrzucone przez %1: %2</translation>
    </message>
    <message>
        <source>Received by %1 · %2 — awaiting their acknowledgement</source>
        <translation>Odebrane przez %1 · %2 — oczekuje na potwierdzenie</translation>
    </message>
    <message>
        <source>Not yet through to %1, retrying: %2</source>
        <translation>Jeszcze nie dotarło do %1, ponawianie: %2</translation>
    </message>
    <message>
        <source>Could not be sent to %1: %2</source>
        <translation>Nie udało się wysłać do %1: %2</translation>
    </message>
    <message>
        <source>Queued at the hub for %1</source>
        <translation>W kolejce w hubie dla %1</translation>
    </message>
    <message>
        <source>Documents sent (discharge summaries, letters, Care Act notices)</source>
        <translation>Wysłane dokumenty (wypisy, listy, zawiadomienia Care Act)</translation>
    </message>
    <message>
        <source>Documents sent and what each recipient said</source>
        <translation>Wysłane dokumenty i odpowiedzi odbiorców</translation>
    </message>
    <message>
        <source>No discharge summary, letter or notice signed off for this patient.</source>
        <translation>Dla tego pacjenta nie zatwierdzono żadnego wypisu, listu ani zawiadomienia.</translation>
    </message>
    <message>
        <source>%1 · version %2 · to %3 · signed off by %4, %5</source>
        <translation>%1 · wersja %2 · do %3 · zatwierdził(a) %4, %5</translation>
    </message>
    <message>
        <source>Replaced by a later version</source>
        <translation>Zastąpione nowszą wersją</translation>
    </message>
    <message>
        <source>Waiting to send from this computer</source>
        <translation>Czeka na wysłanie z tego komputera</translation>
    </message>
    <message>
        <source>Sent to the hub — no receipt yet</source>
        <translation>Wysłane do huba — brak jeszcze potwierdzenia</translation>
    </message>
</context>
</TS>
