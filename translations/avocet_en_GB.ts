<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB" sourcelanguage="en_GB">
<context>
    <name>ErrorText</name>
    <message numerus="yes">
        <source>That passphrase is not right. Too many wrong attempts: wait %n second(s), then try again.</source>
        <translation>
            <numerusform>That passphrase is not right. Too many wrong attempts: wait %n second, then try again.</numerusform>
            <numerusform>That passphrase is not right. Too many wrong attempts: wait %n seconds, then try again.</numerusform>
        </translation>
    </message>
    <message>
        <source>That passphrase is not right. Check Caps Lock and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Too many wrong passphrases. Wait %n second(s) before trying again.</source>
        <translation>
            <numerusform>Too many wrong passphrases. Wait %n second before trying again.</numerusform>
            <numerusform>Too many wrong passphrases. Wait %n seconds before trying again.</numerusform>
        </translation>
    </message>
    <message>
        <source>This profile is already open in another Avocet window or program. Close it there first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no Avocet profile for this user on this computer. Ask the service desk to set one up.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key file of this profile is damaged. Nothing has been changed. Contact the service desk.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The cache on this computer is damaged and cannot be read. It has been kept unchanged for investigation. Contact the service desk and do not sync from this computer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The disk is full, so nothing could be saved. Free some space and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The session is locked. Unlock it to continue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Something went wrong (code %1). Try again, or contact the service desk.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>avocet</name>
    <message>
        <source>Avocet: clinical records for mental-health and community services.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder holding the user profiles (default: %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DIR</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the demo workspace (synthetic patients), creating it if needed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User to preselect on the unlock screen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NAME</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Avocet cannot start safely: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Avocet</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>avocet::ui::MainWindow</name>
    <message>
        <source>Avocet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Lock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lock Avocet now (Ctrl+L). Patient details are hidden until you unlock.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Find patient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About Avocet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About Avocet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Avocet&lt;/b&gt; %1&lt;/p&gt;&lt;p&gt;Clinical records for mental-health and community services. Records on this computer are kept in an encrypted cache.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Patients</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Looking for profiles on this computer…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No profiles on this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Locked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no Avocet profile on this computer. Start Avocet with --demo to try the demo workspace, or ask the service desk to set up your profile.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Logged in as %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading patients…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Showing the first %1 matches of %Ln patient(s)</source>
        <translation>
            <numerusform>Showing the first %1 matches of %Ln patient</numerusform>
            <numerusform>Showing the first %1 matches of %Ln patients</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln match(es)</source>
        <translation>
            <numerusform>%Ln match</numerusform>
            <numerusform>%Ln matches</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln patient(s) in the cache</source>
        <translation>
            <numerusform>%Ln patient in the cache</numerusform>
            <numerusform>%Ln patients in the cache</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln patient(s)</source>
        <translation>
            <numerusform>%Ln patient</numerusform>
            <numerusform>%Ln patients</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Locked after %n minute(s) without use</source>
        <translation>
            <numerusform>Locked after %n minute without use</numerusform>
            <numerusform>Locked after %n minutes without use</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>avocet::ui::PatientListView</name>
    <message>
        <source>Search by name, NHS number or date of birth (Ctrl+F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search patients</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patients</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No patient in this cache matches “%1”.
Check the spelling, or search by NHS number or date of birth (YYYY-MM-DD).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There are no patients in this cache yet.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>avocet::ui::PatientTableModel</name>
    <message>
        <source>Loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NHS number verified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NHS number not verified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not known</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n y)</source>
        <comment>date of birth and age in years</comment>
        <translation>
            <numerusform>%1 (%n y)</numerusform>
            <numerusform>%1 (%n y)</numerusform>
        </translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NHS number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date of birth (age)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>EPR of record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Team</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>avocet::ui::UnlockView</name>
    <message>
        <source>Unlock Avocet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose your name and type your passphrase. Your records on this computer stay encrypted until you unlock them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;User</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unlock problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unlocking</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo workspace (synthetic patients only). Passphrase: &lt;b&gt;%1&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>avocet::ui::WelcomeView</name>
    <message>
        <source>Welcome to Avocet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo workspace: every patient here is synthetic. NHS numbers come from the never-issued 999 range. Do not enter real patient information.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo user:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo passphrase:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preparing the demo workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open the demo workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>There is no Avocet profile on this computer yet. Your service desk sets up real profiles; until then you can try Avocet on a demo workspace with %n synthetic patient(s), stored encrypted like a real one.</source>
        <translation>
            <numerusform>There is no Avocet profile on this computer yet. Your service desk sets up real profiles; until then you can try Avocet on a demo workspace with %n synthetic patient, stored encrypted like a real one.</numerusform>
            <numerusform>There is no Avocet profile on this computer yet. Your service desk sets up real profiles; until then you can try Avocet on a demo workspace with %n synthetic patients, stored encrypted like a real one.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>This is the Avocet demo workspace: %n synthetic patient(s) in an encrypted cache on this computer, no server needed. Unlock it with the user name and passphrase below.</source>
        <translation>
            <numerusform>This is the Avocet demo workspace: %n synthetic patient in an encrypted cache on this computer, no server needed. Unlock it with the user name and passphrase below.</numerusform>
            <numerusform>This is the Avocet demo workspace: %n synthetic patients in an encrypted cache on this computer, no server needed. Unlock it with the user name and passphrase below.</numerusform>
        </translation>
    </message>
    <message>
        <source>Creating the encrypted demo profile…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adding synthetic patients: %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preparing the demo workspace…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
