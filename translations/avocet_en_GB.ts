<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB" sourcelanguage="en_GB">
<context>
    <name>AnswerControl</name>
    <message>
        <source>dd/mm/yyyy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dd/mm/yyyy hh:mm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>hh:mm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The choices for this question come from a terminology server that Avocet cannot reach off-line, so it cannot be answered here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Avocet cannot take this kind of answer (%1) yet.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
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
    <name>QObject</name>
    <message>
        <source>Not published: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign-in failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only a change manager can publish templates (you are signed in as %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The hub refused: only a change manager can publish templates.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The hub refused the template: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version %1 is already published with different content; publish a new version.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (only a change manager can publish mappings)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Published the template, but the hub refused the %1 mapping: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Published %1 %2 and %n EPR mapping(s). Clinicians receive it on their next sync; drafts started on an earlier version stay on that version.</source>
        <translation>
            <numerusform>Published %1 %2 and %n EPR mapping. Clinicians receive it on their next sync; drafts started on an earlier version stay on that version.</numerusform>
            <numerusform>Published %1 %2 and %n EPR mappings. Clinicians receive it on their next sync; drafts started on an earlier version stay on that version.</numerusform>
        </translation>
    </message>
    <message>
        <source>Not published: the %1 mapping is for %2 %3, not for this version (%4). Make a new version of the mapping for this template first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not published: the template is not approved yet. Send it for review and approve it (Versions and impact); clinicians only receive active templates. Nothing was sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not published: the template cannot be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was published and your template is kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The hub at %1 cannot be reached.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The hub address %1 cannot be used: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The hub at %1 refused a secure connection: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign-in failed: the hub refused the user name or password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The hub at %1 stopped answering while publishing (%2). Your template is kept; publish again to be sure it arrived (the hub keeps one copy).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not published: the alert rules could not be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not published: %1 Nothing was sent.</source>
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
    <message>
        <source>Language of the user interface, for example en_GB or pl (default: AVOCET_LANG, else the system language).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CODE</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>avocet::ui::ActionGuard</name>
    <message>
        <source>an unexpected error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 could not be completed: %2

Nothing else was changed. Your other windows and your work in this one are kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Avocet</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>avocet::ui::AlertNotifier</name>
    <message>
        <source>Avocet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New high alert on your caseload: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 new high alerts on your caseload, including: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Avocet alert</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>avocet::ui::BreakGlassDialog</name>
    <message>
        <source>Patient not on your caseload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;This patient is not on your team&apos;s caseload.&lt;/b&gt;&lt;/p&gt;&lt;p&gt;You can open the record if you have a legitimate reason. Your name, the time, this computer and your reason are recorded and reviewed by the Caldicott Guardian&apos;s team.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a reason…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Emergency: patient presenting now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Covering for a colleague&apos;s caseload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duty worker / crisis call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Referral or transfer in progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other (explain below)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details (required for &quot;Other&quot;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open record and record my reason</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>avocet::ui::CaseloadDashboard</name>
    <message>
        <source>Chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>My dashboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What needs doing on your caseload, chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patients or forms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What needs doing on your caseload, as a table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What needs doing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This month&apos;s figures against target, chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Measure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Met</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Of</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Per cent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Meets target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This month&apos;s figures against target, as a table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This month&apos;s figures against target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open your caseload to see its figures.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Counting your caseload&apos;s figures…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The figures could not be counted: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n patient(s) on your caseload. Figures from this computer&apos;s copy of the record, %1 to %2; sync for the latest.</source>
        <translation>
            <numerusform>%n patient on your caseload. Figures from this computer&apos;s copy of the record, %1 to %2; sync for the latest.</numerusform>
            <numerusform>%n patients on your caseload. Figures from this computer&apos;s copy of the record, %1 to %2; sync for the latest.</numerusform>
        </translation>
    </message>
    <message>
        <source>Reviews overdue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outcome measures due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forms waiting for delivery</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What needs doing now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Met (per cent)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>target %1 % · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none to count</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This month so far: per cent met, with each target</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>avocet::ui::CaseloadModel</name>
    <message>
        <source>Today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NHS number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Born</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mental Health Act</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alerts and overdue items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n y)</source>
        <comment>date of birth and age in years</comment>
        <translation type="unfinished">
            <numerusform>%1 (%n y)</numerusform>
            <numerusform>%1 (%n y)</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: period ended</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 (+%n more)</source>
        <comment>first alert, then how many others</comment>
        <translation>
            <numerusform>%1 (+%n more)</numerusform>
            <numerusform>%1 (+%n more)</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>EPR flags</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <comment>flag, then the EPR it is from</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> +%1</source>
        <comment>a power beside the main one</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · no fixed end</source>
        <comment>a power with no expiry, e.g. a restriction order</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>avocet::ui::CaseloadView</name>
    <message>
        <source>My caseload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Caseload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading your caseload…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Everyone (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Today&apos;s visits (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overdue (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alerts (%1)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>avocet::ui::ChangePassphraseDialog</name>
    <message>
        <source>Change passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The passphrase unlocks your encrypted records on this computer, also without a network. Changing it does not change your trust password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Current passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Type it again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The two new passphrases are not the same.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The new passphrase needs at least 8 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changing…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>avocet::ui::ClinicalService</name>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>since %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no longer in force</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>high criticality</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>recorded %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Records could not be read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This patient&apos;s legal status, reviews and scores could not be read on this computer, so no deadline is shown: check the EPR and the Mental Health Act office today.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>avocet::ui::KeychainDialog</name>
    <message>
        <source>Unlock with this computer&apos;s keychain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Avocet will keep a key in this computer&apos;s keychain, so that it opens your records when you start it after signing in to this computer, without your passphrase.

Your passphrase keeps working, and is still asked for after Avocet locks. Someone with only this computer&apos;s disk still cannot open your records. Signing out of Avocet removes the key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your &amp;passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Turn on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type your passphrase to confirm.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Turning on…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>avocet::ui::KeychainUnlock</name>
    <message>
        <source>This computer&apos;s keychain is not available (%1). Avocet goes on asking for your passphrase; nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This computer&apos;s keychain refused (%1). Unlock it, or use your passphrase; nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This computer&apos;s keychain holds no key for your profile any more. Unlock with your passphrase; you can turn keychain unlock on again after.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This computer&apos;s keychain could not be used (%1). Unlock with your passphrase; nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This build of Avocet cannot use the computer&apos;s keychain. Unlock with your passphrase.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is a shared computer (touchdown PC): Avocet never keeps a key in its keychain here. Unlock with your passphrase.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keychain unlock is off (the key on this computer&apos;s disk is gone), but the keychain kept its entry: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key in this computer&apos;s keychain does not open your profile (it was changed or damaged). Unlock with your passphrase; nothing was changed.</source>
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
    <message>
        <source>My &amp;caseload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your team&apos;s patients, today&apos;s visits and alerts (Ctrl+1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;form…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a patient first, then choose Open form.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Template &amp;designer…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 already has Avocet open on this computer, in another window or program. Switch to it (or lock it and quit there), then unlock here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Locked because the screen was locked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Locked because the computer went to sleep</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Locked because another user took over this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Locked because the computer&apos;s clock jumped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not opened: a reason is needed for a patient outside your caseload.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Showing the first %1 matches on your caseload</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln match(es) on your caseload</source>
        <translation>
            <numerusform>%Ln match on your caseload</numerusform>
            <numerusform>%Ln matches on your caseload</numerusform>
        </translation>
    </message>
    <message>
        <source>Change &amp;passphrase…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passphrase changed for this computer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;User guide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledgement undone: the alert shows as not yet seen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Avocet user guide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alert acknowledged. Select it and choose Undo acknowledge if that was a mistake.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your trust sign-in has ended: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>My &amp;dashboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reviews overdue, outcome measures due, forms waiting, and this month&apos;s figures against target (Ctrl+2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Off-line: only patients held on this computer can be found.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync is not set up on this computer: only patients held here can be found.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening the record from the trust…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not opened: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opened for this session: the record leaves this computer when you lock.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening with this computer&apos;s keychain…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Renewal not recorded: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Renewal %1 of %2 recorded (audited): %3. It is sent to the hub at the next sync.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Renewal not withdrawn: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Renewal %1 of %2 withdrawn as entered in error (audited); %n renewal(s) now count. It is sent to the hub at the next sync.</source>
        <translation>
            <numerusform>Renewal %1 of %2 withdrawn as entered in error (audited); %n renewal now count. It is sent to the hub at the next sync.</numerusform>
            <numerusform>Renewal %1 of %2 withdrawn as entered in error (audited); %n renewals now count. It is sent to the hub at the next sync.</numerusform>
        </translation>
    </message>
    <message>
        <source>Your trust sign-in has ended. %1

To sync again, sign in with your trust account. Until then your passphrase still unlocks the records kept on this computer, off-line, until they expire.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>avocet::ui::PatientBanner</name>
    <message>
        <source>Patient banner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the NHS number. It is hidden from clipboard history and cleared after 30 seconds.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy NHS number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NHS No. unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NHS No. %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Born %1 (%n y)</source>
        <comment>date of birth and age in years</comment>
        <translation>
            <numerusform>Born %1 (%n y)</numerusform>
            <numerusform>Born %1 (%n y)</numerusform>
        </translation>
    </message>
    <message>
        <source>Date of birth unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not on your caseload: opened with break-glass</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>⚠ %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Informal: no Mental Health Act power recorded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: period ended, check the legal status</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n day(s)</source>
        <comment>countdown</comment>
        <translation>
            <numerusform>%n day</numerusform>
            <numerusform>%n days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n hour(s)</source>
        <comment>countdown</comment>
        <translation>
            <numerusform>%n hour</numerusform>
            <numerusform>%n hours</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s)</source>
        <comment>countdown</comment>
        <translation>
            <numerusform>%n minute</numerusform>
            <numerusform>%n minutes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>⚠ %1 (+%n more)</source>
        <comment>first alert, then how many others</comment>
        <translation>
            <numerusform>⚠ %1 (+%n more)</numerusform>
            <numerusform>⚠ %1 (+%n more)</numerusform>
        </translation>
    </message>
    <message>
        <source>Copied ✓</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NHS number copied. It is cleared from the clipboard after 30 seconds.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>last day %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>at the latest %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2 · ends in %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Started %1. The period ends at %2. Deadlines from the trust&apos;s Mental Health Act rule tables.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Legal status code %1 in national returns (MHSDS).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <comment>flag, then the EPR it is from</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>⚑ %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>⚑ %1 (+%n more flags)</source>
        <comment>first flag, then how many others</comment>
        <translation>
            <numerusform>⚑ %1 (+%n more flags)</numerusform>
            <numerusform>⚑ %1 (+%n more flags)</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 — %2, from %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an unnamed system</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>EPR flags: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alerts not yet seen: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: period ended</source>
        <comment>a power beside the main one</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: started %2; its period has ended, check the legal status.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: started %2; the period ends at %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Also: %1</source>
        <comment>powers beside the main one</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Also in force: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · no fixed end</source>
        <comment>a power with no expiry, e.g. a restriction order</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Started %1. No fixed end: %2. Deadlines from the trust&apos;s Mental Health Act rule tables.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: started %2; no fixed end: %3.</source>
        <translation type="unfinished"></translation>
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
        <source>My caseload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search only the patients of your team(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Whole trust</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search every patient on this computer. Opening a record outside your caseload asks for a reason, which is audited.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search in:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no caseload for you on this computer yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no one on your caseload on this computer yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No one on your caseload matches “%1”.
Check the spelling, or choose Whole trust (Alt+W) to look among the other patients held on this computer; opening a record outside your caseload asks for a reason.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No patient held on this computer matches “%1”.
Check the spelling, or search by NHS number (999 000 0018 or 999-000-0018) or date of birth (31/12/1960 or 1960-12-31). Only patients synced to this computer can be found here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There are no patients on this computer yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search the whole trust on-line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask the trust&apos;s patient index for an NHS number, or a name with a given name or date of birth. The search is recorded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patients found in the whole trust</source>
        <translation type="unfinished"></translation>
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
        <source>Born</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Caseload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Searching the whole trust…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not yours: asks for a reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No patient in the trust matches. Check the spelling, or search by NHS number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>More patients match than can be listed: add a date of birth or given name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n patient(s) found in the trust. Opening one outside your caseload asks for a reason, and the record is kept only until you lock.</source>
        <translation>
            <numerusform>%n patient found in the trust. Opening one outside your caseload asks for a reason, and the record is kept only until you lock.</numerusform>
            <numerusform>%n patients found in the trust. Opening one outside your caseload asks for a reason, and the record is kept only until you lock.</numerusform>
        </translation>
    </message>
    <message>
        <source>No patient held on this computer matches “%1”.
To look in the whole trust, choose Search the whole trust on-line below (an NHS number, or a name with a given name or date of birth).</source>
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
    <message>
        <source>Not on your caseload: opening this record asks for a reason, which is audited.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (not your caseload)</source>
        <comment>team of a patient outside the user&apos;s caseload</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No team</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>avocet::ui::PatientView</name>
    <message>
        <source>High</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Medium</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Low</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alerts for this patient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Acknowledge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record that you have seen this alert. The acknowledgement is audited.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>acknowledged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>[%1] %2 — %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No alerts for this patient.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none recorded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start or continue a &amp;form…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start a form for this patient or continue a draft (Ctrl+Shift+F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Team: %1 · Record held in %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no EPR recorded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Undo acknowledge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark this alert as not yet seen again. This is audited.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (from %1)</source>
        <comment>the system a record came from</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>EPR flags:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Allergies (GP record, read only): none held on this computer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Allergies (GP record, read only):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Medicines (GP record, read only): none held on this computer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Medicines (GP record, read only):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>EPR flags, allergies and medicines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forms and history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scores over time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record &amp;renewal…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record a renewal (s.20) or extension (s.20A) of a power from the responsible clinician&apos;s report, when the EPR does not show it yet. This is audited and sent to the hub.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Withdraw renewal…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Withdraw a renewal recorded in Avocet in error, saying why. This is audited and sent to the hub; the power falls back to the period before.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>avocet::ui::RenewalDialog</name>
    <message>
        <source>Record a renewal or extension</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Record the renewal (s.20) or extension (s.20A) the responsible clinician reported, when the EPR does not show it yet. It is recorded in the audit log, sent to the hub at the next sync and counted once with the EPR&apos;s own record.&lt;/p&gt;&lt;p&gt;It is refused when the report falls outside the examination window of the period now running or after its last day: a period that ended has ended.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Power</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>period ended</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 — %2 (%n renewal(s) recorded)</source>
        <comment>power, its period end, renewals so far</comment>
        <translation>
            <numerusform>%1 — %2 (%n renewal recorded)</numerusform>
            <numerusform>%1 — %2 (%n renewals recorded)</numerusform>
        </translation>
    </message>
    <message>
        <source>Date of the report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record renewal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Power:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Report dated:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Withdraw a renewal entered in error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Withdraw the latest renewal or extension recorded in Avocet for a power, when it was entered in error: against the wrong power or patient, or on a report that was not furnished. The power then falls back to the period before, and shows as expired if that period has ended.&lt;/p&gt;&lt;p&gt;Say why. The withdrawal is recorded in the audit log and sent to the hub at the next sync. A renewal the EPR recorded is withdrawn in the EPR.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no fixed end</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Withdraw renewal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why the renewal is withdrawn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>For example: entered against the wrong power</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Why:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>avocet::ui::ScoreChartView</name>
    <message>
        <source>Minimal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mild</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Moderate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Moderately severe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Severe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 total over time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total score</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 total over time, chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n score(s); the table beside it lists each with its date and band.</source>
        <translation>
            <numerusform>%n score; the table beside it lists each with its date and band.</numerusform>
            <numerusform>%n scores; the table beside it lists each with its date and band.</numerusform>
        </translation>
    </message>
    <message>
        <source>No scores recorded yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Measure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Band</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scores over time, as a table</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>avocet::ui::Session</name>
    <message>
        <source>Another Avocet is open for this user.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 already has a profile on this computer: unlock it instead.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>avocet::ui::SignOnUi</name>
    <message>
        <source>Unlock with this computer&apos;s &amp;keychain…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Avocet at start without your passphrase, with a key kept in this computer&apos;s keychain (managed laptops only).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>End your sign-in to the trust on this computer and return to the sign-in screen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Locked because your smartcard was taken out of the reader</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keychain unlock is off: Avocet asks for your passphrase at start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keychain unlock is on: Avocet opens at start without your passphrase on this computer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signing out…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This build of Avocet cannot use the computer&apos;s keychain, so your passphrase unlocks Avocet at start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keychain unlock is on: after a restart Avocet opens on this computer without your passphrase.</source>
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
    <message>
        <source>Sign &amp;in with your trust account…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New on this computer? Sign in with your trust account: Avocet checks it with the server and creates your own encrypted profile here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why Avocet was locked</source>
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
    <message>
        <source>Sign &amp;in with your trust account…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>There is no Avocet profile on this computer yet. Sign in with your trust account to start, or try Avocet first on a demo workspace with %n synthetic patient(s), stored encrypted like a real one.</source>
        <translation>
            <numerusform>There is no Avocet profile on this computer yet. Sign in with your trust account to start, or try Avocet first on a demo workspace with %n synthetic patient, stored encrypted like a real one.</numerusform>
            <numerusform>There is no Avocet profile on this computer yet. Sign in with your trust account to start, or try Avocet first on a demo workspace with %n synthetic patients, stored encrypted like a real one.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>avocet::ui::designer::CodeListEditor</name>
    <message>
        <source>Answers and their codes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Item codes (SNOMED CT, national returns)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code system</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Display</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Score (ordinalValue)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move up</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>avocet::ui::designer::DesignerWindow</name>
    <message>
        <source>Template designer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Items&lt;/b&gt; — drag to reorder or nest</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Field library&lt;/b&gt; — reviewed blocks; double-click to add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reviewed: %1, %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mapping: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use suggested version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send for review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back to draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approve (active)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare with a file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incompatible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What it means</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Changes since the compared version&lt;/b&gt; (keyed on linkId)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Severity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>EPR / report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Impact on each EPR mapping and report code&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Versions and impact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare with</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FHIR JSON (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Designer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import FHIR Questionnaire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export FHIR Questionnaire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Redo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Publish…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Publish</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hub address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change manager user name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This template cannot be imported: %1
Your current work is unchanged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add questions here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add %1 from the library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stage: &lt;b&gt;%1&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Template designer — %1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(form)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No problems found.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The preview cannot show this template: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The preview cannot open this template: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A new template: nothing to compare with yet. Publishing it makes version %1 the first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>report codes</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Compared with %1: %n change(s), needs a %2 version; %3 breaking mapping or report finding(s).</source>
        <translation>
            <numerusform>Compared with %1: %n change, needs a %2 version; %3 breaking mapping or report finding.</numerusform>
            <numerusform>Compared with %1: %n changes, needs a %2 version; %3 breaking mapping or report findings.</numerusform>
        </translation>
    </message>
    <message>
        <source> Version %1 may be published.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fix the lint errors before the template becomes active.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>display</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>boolean</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>choice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>open-choice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>integer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>decimal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dateTime</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>string</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>quantity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the changed template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Autosave off (not signed in)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opened without a signed-in session: nothing is saved unless you export it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Autosave on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each change is saved, encrypted, on this computer for your user only, and offered back the next time you open the designer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Autosave: the saved draft could not be read; new changes are saved over it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue the template you were editing?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” %2 was saved on this computer %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>at %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>earlier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start a new template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue the saved template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Autosave: the saved draft could not be removed (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continued “%1” where you left it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved on this computer at %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Autosave paused while the session is locked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Autosave failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fill as a clinician</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answers are kept while you edit; scores are calculated.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select an item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the finding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add from the library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare with a file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Redo: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to redo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add an item of a type under the selected group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Publishing to %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Publish to the hub</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Publish %1 %2. Only a change manager can publish; the hub checks the sign-in.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>avocet::ui::designer::EnableWhenBuilder</name>
    <message>
        <source>When is this shown?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the item only when these answers are given:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Question</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add condition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove condition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all conditions hold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>any condition holds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show when</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>avocet::ui::designer::MappingEditor</name>
    <message>
        <source>The %1 catalogue could not be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 native form:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Map to this form</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Question</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Policy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Coverage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Native fields (✔ filled, ✖ never filled)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code map…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Map to %1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has no field for this item.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Map %1 in %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code map %1 in %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code map for %1 in %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no map)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The template cannot be read for mapping: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Switch to this form</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No %1 mapping yet: choose the native form and press Map to this form.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(not mapped)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unmapped — %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lossy — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a %1 field for %2 first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (required)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Coverage in %1 (%2): %3 mapped, %4 lossy, %5 unmapped by policy, %6 missing — %7</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>complete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>incomplete</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source> (+%n more)</source>
        <translation>
            <numerusform> (+%n more)</numerusform>
            <numerusform> (+%n more)</numerusform>
        </translation>
    </message>
    <message>
        <source>Code map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the %1 mapping</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Map an item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clinical sign-off…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record who accepted what this entry loses in the EPR&apos;s copy, when and why. An entry that loses information cannot be published without it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clinical sign-off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign off %1 in %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clinical sign-off for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;The EPR&apos;s copy of this item loses information: &lt;b&gt;%1&lt;/b&gt;&lt;/p&gt;&lt;p&gt;Record the clinician who accepted this loss for patient care (name and role), the date, and why it is acceptable. The sign-off is published with the mapping, and every submission it affects says what was lost on its delivery receipt.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>For example: Dr Amara Okafor, clinical safety officer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record sign-off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed off &amp;by:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Date:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Why acceptable:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 loses nothing in %2, so it needs no sign-off.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A sign-off needs who signed it off, the date and why.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · signed off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · needs a clinical sign-off before publishing</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>avocet::ui::designer::PropertyPanel</name>
    <message>
        <source>Required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Repeats</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read-only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hidden</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>value, or an option code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(default)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>UCUM code, e.g. h, kg, mmol/L</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conditions…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(not stated)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>any</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answers…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Codes…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Score builder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>one per line: name = FHIRPath expression</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>linkId</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prefix</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Max length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Initial</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Control</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Min / max</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pattern (regex)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entry format</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shown when</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Behaviour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Codes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Calculated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Variables</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set hidden</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set max length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set control</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set enableBehavior</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit calculation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit variables</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit conditions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit answers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit codes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Build score</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit properties</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select an item in the tree to see and change its properties.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>always</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FHIRPath, e.g. %age &gt; 17</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FHIRPath, once when a new copy opens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FHIRPath that lists the options</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pick a contained value set or type a canonical URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shown when (expression)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Initial (expression)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answers (expression)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answer value set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit expression</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set answer value set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (contained: %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the item&apos;s properties</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Build a score</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Performance metrics that count this item. Changing or removing it changes their figures.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read by metrics</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>avocet::ui::designer::ScoreBuilder</name>
    <message>
        <source>Build a score</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expression the form will calculate:</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n question(s); total from %1 to %2</source>
        <translation>
            <numerusform>%n question; total from %1 to %2</numerusform>
            <numerusform>%n questions; total from %1 to %2</numerusform>
        </translation>
    </message>
    <message>
        <source>Tick the questions to add up: the score of the answer chosen, or the number entered:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>scored answers</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n question(s); no fixed range: a number question has no minimum and maximum</source>
        <translation>
            <numerusform>%n question; no fixed range: a number question has no minimum and maximum</numerusform>
            <numerusform>%n questions; no fixed range: a number question has no minimum and maximum</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>avocet::ui::forms</name>
    <message>
        <source>Yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter a whole number, for example 12.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter a number, for example 72.5.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter a real date as day/month/year, for example 31/12/2024.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter a time on the 24-hour clock, for example 14:30.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter a date and time, for example 31/12/2024 14:30.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>avocet::ui::forms::CalculatedControl</name>
    <message>
        <source>Worked out by the form</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not yet known</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>avocet::ui::forms::ComboControl</name>
    <message>
        <source>Choose…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose or type an answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type to search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is not one of the choices. Pick one from the list.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>avocet::ui::forms::EprPanel</name>
    <message>
        <source>This patient has no EPR of record, so the form cannot be sent to one. It will be kept and sent once a record is linked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The routing rules are missing, so it is not known where this form goes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It is not known where this form goes: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has no mapping for this form yet, so it cannot be sent there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1”: %2 cannot hold this answer, so it will not be sent there (%3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1”: %2 has no place for this answer; completing will be refused if it is answered.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1”: %2 holds this answer only in part (%3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where this form will be sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When completed, this form will not be sent to an EPR yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When completed, this form will be sent to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> and </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every answer has a place there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>and the full text is attached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>and the rest is cut off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>and completing is refused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The trust&apos;s server has no mapping of this version of the form into %1, so it cannot be sent there yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: mapping %2 version %3, from the trust&apos;s server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: mapping shipped with Avocet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When signed off, this document goes to the recipient named in it (the GP practice, or the social care team) at the next sync.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No EPR holds a record for this patient yet: the EPR copy is filed once one does.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A copy is filed in %1 as correspondence.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the recipient says (accepted, or rejected with its reason) shows on the patient&apos;s screen under Documents sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your name as you sign, e.g. Dr Amara Okafor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed off by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. Consultant psychiatrist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role and grade</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed off by:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role and grade:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>avocet::ui::forms::FormItemWidget</name>
    <message>
        <source>Between %1 and %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At least %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At most %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Up to %1 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Format: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Must be written in the form&apos;s required pattern.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You can give more than one answer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>item %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 answered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>; declined: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: no total yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: no total, because %2 is never estimated.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: no total until every item is answered.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1: no total, because at most %n item(s) may be missing.</source>
        <translation>
            <numerusform>%1: no total, because at most %n item may be missing.</numerusform>
            <numerusform>%1: no total, because at most %n items may be missing.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: total estimated from the answered items, as the published rule allows.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>avocet::ui::forms::FormView</name>
    <message>
        <source>Untitled form</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version %1 · </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Questions marked * must be answered. Your answers are saved as you go.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show what is needed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark complete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Available when every required question is answered and nothing needs correcting.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, row %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove row %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove this %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add another %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not yet known</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Marked complete.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Everything needed is answered. You can mark the form complete.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 question still needs an answer or a correction before the form can be marked complete.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 questions still need an answer or a correction before the form can be marked complete.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Page %1 of %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving soon…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved: the answers could not be prepared for saving.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved yet. Your answers are still here; Avocet will try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Draft saved at %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>avocet::ui::forms::FormWindow</name>
    <message>
        <source>Forms — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue a draft or start a form</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forms for this patient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a form on the left. Press Enter to open it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Draft: %1 (saved %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amended: %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Completed: %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> — waiting to send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open to read or amend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New: %1 (version %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This form could not be opened: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That draft is no longer on this computer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This draft could not be reopened: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save amendment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Draft:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That form is no longer on this computer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The version of the form this was completed on is not installed here, so it cannot be amended.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This patient has no valid NHS number on this computer, so the form cannot be sent. It is kept as a draft.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no NHS number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This form cannot be changed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> and </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is complete.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The amendment to “%1” is saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NHS number not known</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NHS %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Born %1 (%n y)</source>
        <comment>date of birth and age in years</comment>
        <translation type="unfinished">
            <numerusform>Born %1 (%n y)</numerusform>
            <numerusform>Born %1 (%n y)</numerusform>
        </translation>
    </message>
    <message>
        <source>Date of birth unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record held in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It is kept on this computer and will be sent when the patient has an EPR record.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It is kept safely on this computer. Sync is not set up yet, so it will be sent to %1 once you sign in to the trust&apos;s server (Sync ▸ Server and sign-in…).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It is waiting on this computer and will be sent to %1 at the next sync (soon, when the network is available). Its delivery shows on the patient&apos;s screen under Submissions and EPR delivery.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Published by the trust&apos;s change managers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Built into Avocet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That form is no longer offered. Choose another from the list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign off and send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign off the amended version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It is waiting on this computer and goes to %1 at the next sync; a copy is filed in the patient&apos;s EPR. What the recipient says shows on the patient&apos;s screen under Documents sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It is kept safely on this computer. Sync is not set up yet, so it goes to %1 once you sign in to the trust&apos;s server (Sync ▸ Server and sign-in…).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version %1 of “%2” is signed off.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is signed off.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type your name as you sign (and your role) above before signing off.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>avocet::ui::forms::LineControl</name>
    <message>
        <source>Calendar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pick the date from a calendar</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>avocet::ui::forms::NoteControl</name>
    <message>
        <source>Answer kept from an earlier version: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>avocet::ui::forms::OpenChoiceListControl</name>
    <message>
        <source>Type another answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another answer to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type an answer that is not in the list, then press Enter.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add the typed answer to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Typed answer to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the answer “%1”</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>avocet::ui::forms::QuantityControl</name>
    <message>
        <source>Unit for %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>avocet::ui::forms::QuestionWidget</name>
    <message>
        <source>Required.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problem: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>avocet::ui::forms::SliderControl</name>
    <message>
        <source>Clear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear the answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chosen: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not answered</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>avocet::ui::forms::TextControl</name>
    <message>
        <source>One answer per line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 characters</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>avocet::ui::history</name>
    <message>
        <source>Total %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Draft: not sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting to send from this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent; no EPR receipt yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This response cannot be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Also in the EPR record, with no place in this form: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not held as sent — %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>avocet::ui::history::PatientFormsView</name>
    <message>
        <source>Draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Completed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amended</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entered in error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forms and history (every EPR)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forms and history for this patient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Form</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delivered to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The selected form</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (historic record)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>held in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No forms for this patient yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2 · from %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delivery:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>avocet::ui::sync</name>
    <message>
        <source>EPR</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: delivered %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: delivered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: pending — retry at %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: failing — %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no reason given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>; retry at %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: failed — %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync not set up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Off-line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Syncing %1 of %2…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync failed (last up to date at %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Up to date at %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not synced yet</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>avocet::ui::sync::ConflictsView</name>
    <message>
        <source>Form</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Form %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patient details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>These records were changed on this computer and on the server while you were off-line. Nothing has been overwritten: choose which version to keep, or merge them by ticking the rows to take from the server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Question</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mine (this computer)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Theirs (server)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take theirs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep mine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep theirs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merge (ticked rows from the server)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>deleted on the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>changed on the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — %2
%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No conflicts. Everything you changed off-line has been accepted or is waiting to send.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: deleted on the server after you changed it here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: server version %2 differs from yours.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accept the deletion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving your choice…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your choice could not be saved. Nothing was changed; try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved. It will be sent at the next sync.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>avocet::ui::sync::DeliveryStatusView</name>
    <message>
        <source>Submissions and EPR delivery</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No submissions on this computer for this patient.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting to send from this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent — no delivery receipt yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting to send from this computer, for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent, for %1 — no delivery receipt yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not held as sent — %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>avocet::ui::sync::FailuresDialog</name>
    <message>
        <source>Changes the server refused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>These changes are kept on this computer. Fix what the server says (or ask the service desk), then choose Send again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server&apos;s reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Form</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>avocet::ui::sync::FirstSignInDialog</name>
    <message>
        <source>Sign in with your trust account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First time on this computer? Sign in with your trust account. Avocet checks it with the server, then keeps your records here in your own encrypted profile, which only you can unlock, also when there is no network.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;User name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passphrase for this &amp;computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Type it again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the server&apos;s address, starting with https://</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter your user name and password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The two passphrases are not the same.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The passphrase for this computer needs at least 8 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking your account with the server…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not signed in: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Creating your encrypted profile on this computer…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your profile could not be created: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fetching your caseload…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your profile is ready, but the sign-in was not kept: %1. Use Sync ▸ Server and sign-in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a passphrase of at least 8 characters to unlock Avocet on this computer. It must not be your trust password, and it never leaves this computer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a passphrase for this computer that is not your trust password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in through the trust&apos;s sign-in &amp;page…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opens your trust&apos;s sign-in page in the browser. Only the server and the passphrase for this computer are needed here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finish signing in on the trust&apos;s sign-in page in your browser, then come back here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening your profile on this computer…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You are signed in, but your profile on this computer did not open: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>avocet::ui::sync::ServerLoginDialog</name>
    <message>
        <source>Server and sign-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Avocet sends your work to this server and fetches your caseload from it. Your password is sent to the server only; Avocet keeps the sign-in token inside your encrypted profile.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save server only (no sign-in needed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the server&apos;s address, starting with https://</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter your user name and password for the server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not signed in: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trust server address</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>avocet::ui::sync::SyncController</name>
    <message>
        <source>No server is set up.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The merged version could not be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Off-line: only patients held on this computer can be found. The whole trust can be searched when the connection is back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync is not set up on this computer, so only patients held here can be found.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your session at the trust&apos;s sign-in service ended (you signed out there, or it was ended for you).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The trust&apos;s sign-in service no longer vouches for your account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your trust account no longer has a role in Avocet; ask the service desk if that is wrong.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>avocet::ui::sync::SyncStatusWidget</name>
    <message>
        <source>Server: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last problem: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your changes are kept on this computer and are sent when sync works again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose Sync ▸ Server and sign-in… to connect to your trust&apos;s server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nothing waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changes the server refused — click to see why</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Records changed here and on the server — click to choose</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n waiting to send</source>
        <translation>
            <numerusform>%n waiting to send</numerusform>
            <numerusform>%n waiting to send</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>%n failed</numerusform>
            <numerusform>%n failed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n conflict(s)</source>
        <translation>
            <numerusform>%n conflict</numerusform>
            <numerusform>%n conflicts</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>avocet::ui::sync::SyncUi</name>
    <message>
        <source>Sync &amp;now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send your changes and fetch the latest from the server now (F5).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Prepare for off-line…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download your caseload to use without a network for the next 12 hours.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Conflicts…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Refused changes…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Server and sign-in…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;ync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preparing for off-line: downloading your caseload…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ready for off-line until %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not prepare for off-line: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync conflicts</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>avocet::ui::sync::TransferDocumentsView</name>
    <message>
        <source>Accepted by %1 · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rejected by %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Received by %1 · %2 — awaiting their acknowledgement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not yet through to %1, retrying: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not be sent to %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queued at the hub for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Documents sent (discharge summaries, letters, Care Act notices)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Documents sent and what each recipient said</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No discharge summary, letter or notice signed off for this patient.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · version %2 · to %3 · signed off by %4, %5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replaced by a later version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting to send from this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent to the hub — no receipt yet</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
