<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de" sourcelanguage="en">
<context>
    <name>ActivityFilters</name>
    <message>
        <source>Filter by channel</source>
        <extracomment>How far back a From date starts when the agent first ticks it.</extracomment>
        <translation>Nach Kanal filtern</translation>
    </message>
    <message>
        <source>All channels</source>
        <translation>Alle Kanäle</translation>
    </message>
    <message>
        <source>Filter by direction</source>
        <translation>Nach Richtung filtern</translation>
    </message>
    <message>
        <source>Both directions</source>
        <translation>Beide Richtungen</translation>
    </message>
    <message>
        <source>Filter by delivery status</source>
        <translation>Nach Zustellstatus filtern</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>Alle Status</translation>
    </message>
    <message>
        <source>Fro&amp;m</source>
        <translation>&amp;Von</translation>
    </message>
    <message>
        <source>Unticked: from any time</source>
        <translation>Ohne Häkchen: ab jeder Zeit</translation>
    </message>
    <message>
        <source>From date</source>
        <translation>Von Datum</translation>
    </message>
    <message>
        <source>T&amp;o</source>
        <translation>&amp;Bis</translation>
    </message>
    <message>
        <source>Unticked: up to now</source>
        <translation>Ohne Häkchen: bis jetzt</translation>
    </message>
    <message>
        <source>To date</source>
        <translation>Bis Datum</translation>
    </message>
    <message>
        <source>Cha&amp;nnel:</source>
        <translation>&amp;Kanal:</translation>
    </message>
    <message>
        <source>D&amp;irection:</source>
        <translation>&amp;Richtung:</translation>
    </message>
    <message>
        <source>Deli&amp;very status:</source>
        <translation>&amp;Zustellstatus:</translation>
    </message>
</context>
<context>
    <name>ActivityModel</name>
    <message>
        <source>Customer</source>
        <extracomment>Longest text preview in the table; the tooltip has all of it.</extracomment>
        <translation>Kunde</translation>
    </message>
    <message>
        <source>Suppressed because {why}: recorded, but NOT delivered to the customer.</source>
        <translation>Unterdrückt, weil {why}: protokolliert, aber dem Kunden NICHT zugestellt.</translation>
    </message>
    <message>
        <source>Suppressed: recorded, but NOT delivered to the customer.</source>
        <translation>Unterdrückt: protokolliert, aber dem Kunden NICHT zugestellt.</translation>
    </message>
    <message>
        <source>Thread #{thread}: {subject}, ticket {ticket}</source>
        <translation>Vorgang #{thread}: {subject}, Ticket {ticket}</translation>
    </message>
    <message>
        <source>Thread #{thread}: {subject}</source>
        <translation>Vorgang #{thread}: {subject}</translation>
    </message>
</context>
<context>
    <name>ActivityTab</name>
    <message>
        <source>No communications with this customer yet.</source>
        <extracomment>Filter changes (a date typed digit by digit) and bursts of live events are asked for once.</extracomment>
        <translation>Noch keine Kommunikation mit diesem Kunden.</translation>
    </message>
    <message>
        <source>R&amp;efresh</source>
        <extracomment>Events about a communication, which the activity log (and the conversation) follow.</extracomment>
        <translation>Aktualisi&amp;eren</translation>
    </message>
    <message>
        <source>Ask the server again ({keys})</source>
        <translation>Den Server erneut fragen ({keys})</translation>
    </message>
    <message>
        <source>Communications log</source>
        <translation>Kommunikationsprotokoll</translation>
    </message>
    <message>
        <source>SUPPRESSED — blocked</source>
        <translation>UNTERDRÜCKT — gesperrt</translation>
    </message>
    <message>
        <source>Newer communications are waiting: Refresh ({keys}) shows them.</source>
        <translation>Neuere Kommunikationen liegen vor: Aktualisieren ({keys}) zeigt sie.</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <source>No communications match these filters.</source>
        <translation>Keine Kommunikation passt zu diesen Filtern.</translation>
    </message>
    <message>
        <source>Could not load more: {message}</source>
        <translation>Weitere konnten nicht geladen werden: {message}</translation>
    </message>
    <message>
        <source>Showing {shown} of {total} — scroll down for older</source>
        <translation>{shown} von {total} angezeigt — für ältere nach unten blättern</translation>
    </message>
    <message numerus="yes">
        <source>%Ln communication(s)</source>
        <translation>
            <numerusform>%Ln Kommunikation</numerusform>
            <numerusform>%Ln Kommunikationen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ApprovalPlurals</name>
    <message numerus="yes">
        <source>Goodwill: %Ln point(s)</source>
        <extracomment>Longest reason in its column; the tooltip and the details below the table have all of it.</extracomment>
        <translation>
            <numerusform>Kulanz: %Ln Punkt</numerusform>
            <numerusform>Kulanz: %Ln Punkte</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ApprovalsView</name>
    <message>
        <source>No requests waiting</source>
        <translation>Keine offenen Anträge</translation>
    </message>
    <message>
        <source>You asked for this yourself, so another supervisor has to decide it.</source>
        <translation>Sie haben dies selbst beantragt, daher muss ein anderer Supervisor entscheiden.</translation>
    </message>
    <message>
        <source>You cannot decide a request you made yourself: another supervisor has to.</source>
        <extracomment>The server&apos;s refusals of a decision, in the words the supervisor reads.</extracomment>
        <translation>Über einen eigenen Antrag können Sie nicht entscheiden: Das muss ein anderer Supervisor tun.</translation>
    </message>
    <message>
        <source>Somebody else decided this request already; the list shows what is left.</source>
        <translation>Jemand anderes hat über diesen Antrag schon entschieden; die Liste zeigt, was übrig ist.</translation>
    </message>
    <message>
        <source>Requests waiting for a decision</source>
        <extracomment>Bursts of events (several requests decided at once) are asked for once.</extracomment>
        <translation>Anträge, die auf eine Entscheidung warten</translation>
    </message>
    <message>
        <source>Pending requests</source>
        <translation>Offene Anträge</translation>
    </message>
    <message>
        <source>Customer:</source>
        <translation>Kunde:</translation>
    </message>
    <message>
        <source>Change:</source>
        <translation>Änderung:</translation>
    </message>
    <message>
        <source>Asked by:</source>
        <translation>Beantragt von:</translation>
    </message>
    <message>
        <source>Why:</source>
        <translation>Grund:</translation>
    </message>
    <message>
        <source>Approve…</source>
        <translation>Genehmigen…</translation>
    </message>
    <message>
        <source>Reject…</source>
        <translation>Ablehnen…</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <source>Could not load more: {message}</source>
        <translation>Weitere konnten nicht geladen werden: {message}</translation>
    </message>
    <message numerus="yes">
        <source>%Ln request(s) waiting</source>
        <translation>
            <numerusform>%Ln Antrag wartet</numerusform>
            <numerusform>%Ln Anträge warten</numerusform>
        </translation>
    </message>
    <message>
        <source>Approving…</source>
        <translation>Wird genehmigt…</translation>
    </message>
    <message>
        <source>Rejecting…</source>
        <translation>Wird abgelehnt…</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Genehmigt</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Kontakt</translation>
    </message>
</context>
<context>
    <name>AssigneePicker</name>
    <message>
        <source>Reassign thread</source>
        <translation>Vorgang neu zuweisen</translation>
    </message>
    <message>
        <source>Who takes over “%1” of %2?</source>
        <translation>Wer übernimmt „%1“ von %2?</translation>
    </message>
    <message>
        <source>Users of the team</source>
        <translation>Benutzer des Teams</translation>
    </message>
    <message>
        <source>Nobody (unassigned)</source>
        <translation>Niemand (nicht zugewiesen)</translation>
    </message>
    <message>
        <source> — has it now</source>
        <translation> — hat ihn jetzt</translation>
    </message>
    <message>
        <source>Reassign</source>
        <translation>Neu zuweisen</translation>
    </message>
</context>
<context>
    <name>BlockedBanner</name>
    <message>
        <source>Communication blocked</source>
        <translation>Kommunikation gesperrt</translation>
    </message>
</context>
<context>
    <name>Columns</name>
    <message>
        <source>Customer</source>
        <extracomment>Column titles, translated where they are shown (PagedTableModel.headerData).</extracomment>
        <translation>Kunde</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Änderung</translation>
    </message>
    <message>
        <source>Asked by</source>
        <translation>Beantragt von</translation>
    </message>
    <message>
        <source>When</source>
        <extracomment>Column titles, translated where they are shown (PagedTableModel.headerData).</extracomment>
        <translation>Wann</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Time</source>
        <extracomment>Column titles, translated where they are shown (PagedTableModel.headerData).</extracomment>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>Richtung</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Kategorie</translation>
    </message>
    <message>
        <source>Delivery status</source>
        <translation>Zustellstatus</translation>
    </message>
    <message>
        <source>Agent / sender</source>
        <translation>Agent / Absender</translation>
    </message>
    <message>
        <source>Thread</source>
        <translation>Vorgang</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>Status</source>
        <extracomment>Column titles, translated where they are shown (PagedTableModel.headerData).</extracomment>
        <translation>Status</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Betreff</translation>
    </message>
    <message>
        <source>Ticket</source>
        <translation>Ticket</translation>
    </message>
    <message>
        <source>Last activity</source>
        <translation>Zuletzt</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Anzahl</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Wer</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Was</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <source>Asked</source>
        <translation>Beantragt</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>Antrag</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Stand</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Von</translation>
    </message>
    <message>
        <source>To</source>
        <translation>An</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Durch</translation>
    </message>
    <message>
        <source>New</source>
        <extracomment>Column titles, translated where they are shown (PagedTableModel.headerData).</extracomment>
        <translation>Neu</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>Bearbeiter</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <source>Channel</source>
        <extracomment>The message box is never lower than this many lines; it grows with the window beyond that.</extracomment>
        <translation>Kanal</translation>
    </message>
    <message>
        <source>Message category</source>
        <translation>Nachrichtenkategorie</translation>
    </message>
    <message>
        <source>Subject of the new thread</source>
        <extracomment>A category asked for (a reply&apos;s default, a draft&apos;s) before the categories were here. The agent (or a restored draft) chose the channel or category: defaults no longer apply.</extracomment>
        <translation>Betreff des neuen Vorgangs</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Betreff</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Nachricht</translation>
    </message>
    <message>
        <source>Message — Ctrl+Enter sends</source>
        <translation>Nachricht — Strg+Enter sendet</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Senden</translation>
    </message>
    <message>
        <source>Send (Ctrl+Enter)</source>
        <translation>Senden (Strg+Enter)</translation>
    </message>
    <message>
        <source>New thread</source>
        <translation>Neuer Vorgang</translation>
    </message>
    <message>
        <source>Start a new thread (Ctrl+N)</source>
        <translation>Einen neuen Vorgang beginnen (Strg+N)</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Kategorie</translation>
    </message>
    <message>
        <source>{channel} — opted out</source>
        <translation>{channel} — abgemeldet</translation>
    </message>
    <message>
        <source>Start thread</source>
        <translation>Vorgang beginnen</translation>
    </message>
</context>
<context>
    <name>ComposerDrafts</name>
    <message>
        <source>Sending…</source>
        <extracomment>Typing pauses this long (ms) before the draft is written; switching threads writes at once.</extracomment>
        <translation>Wird gesendet…</translation>
    </message>
</context>
<context>
    <name>ConflictPanel</name>
    <message>
        <source>Re-apply my changes</source>
        <translation>Meine Änderungen erneut anwenden</translation>
    </message>
    <message>
        <source>Discard my changes</source>
        <translation>Meine Änderungen verwerfen</translation>
    </message>
    <message>
        <source>Another agent</source>
        <translation>Ein anderer Agent</translation>
    </message>
    <message>
        <source>&lt;b&gt;{who} changed these preferences meanwhile (now version {version}).&lt;/b&gt; Nothing of yours was saved.&lt;br&gt;&lt;table cellspacing=&apos;6&apos;&gt;&lt;tr&gt;&lt;th align=&apos;left&apos;&gt;Preference&lt;/th&gt;&lt;th&gt;was&lt;/th&gt;&lt;th&gt;theirs now&lt;/th&gt;&lt;th&gt;yours (staged)&lt;/th&gt;&lt;/tr&gt;{rows}&lt;/table&gt;</source>
        <translation>&lt;b&gt;{who} hat diese Präferenzen inzwischen geändert (jetzt Version {version}).&lt;/b&gt; Von Ihren Änderungen wurde nichts gespeichert.&lt;br&gt;&lt;table cellspacing=&apos;6&apos;&gt;&lt;tr&gt;&lt;th align=&apos;left&apos;&gt;Präferenz&lt;/th&gt;&lt;th&gt;war&lt;/th&gt;&lt;th&gt;deren jetzt&lt;/th&gt;&lt;th&gt;Ihre (vorgemerkt)&lt;/th&gt;&lt;/tr&gt;{rows}&lt;/table&gt;</translation>
    </message>
</context>
<context>
    <name>ConsentHistoryModel</name>
    <message>
        <source>Marketing: {text}: opted in</source>
        <translation>Marketing: {text}: angemeldet</translation>
    </message>
    <message>
        <source>Marketing: {text}: opted out</source>
        <translation>Marketing: {text}: abgemeldet</translation>
    </message>
</context>
<context>
    <name>ConversationsTab</name>
    <message>
        <source>All threads</source>
        <translation>Alle Vorgänge</translation>
    </message>
    <message>
        <source>Filter threads by status</source>
        <extracomment>The thread list keeps this much of its width for the subject.</extracomment>
        <translation>Vorgänge nach Status filtern</translation>
    </message>
    <message>
        <source>Threads</source>
        <translation>Vorgänge</translation>
    </message>
    <message>
        <source>No threads yet. Start one with New thread (Ctrl+N).</source>
        <translation>Noch keine Vorgänge. Beginnen Sie einen mit Neuer Vorgang (Strg+N).</translation>
    </message>
    <message>
        <source>No thread selected.</source>
        <translation>Kein Vorgang ausgewählt.</translation>
    </message>
    <message>
        <source>New thread: type a subject and the first message.</source>
        <translation>Neuer Vorgang: Tippen Sie einen Betreff und die erste Nachricht.</translation>
    </message>
    <message>
        <source>No messages in this thread.</source>
        <translation>Keine Nachrichten in diesem Vorgang.</translation>
    </message>
    <message>
        <source>Type a message first.</source>
        <translation>Tippen Sie zuerst eine Nachricht.</translation>
    </message>
    <message>
        <source>The message held invisible NUL characters (from pasted text), which cannot be sent; they are removed now. Check the message, then send it again.</source>
        <translation>Die Nachricht enthielt unsichtbare NUL-Zeichen (aus eingefügtem Text), die sich nicht senden lassen; sie sind jetzt entfernt. Prüfen Sie die Nachricht und senden Sie sie dann erneut.</translation>
    </message>
    <message>
        <source>A new thread needs a subject.</source>
        <translation>Ein neuer Vorgang braucht einen Betreff.</translation>
    </message>
    <message>
        <source>Select a thread, or start a new one (Ctrl+N).</source>
        <translation>Wählen Sie einen Vorgang aus oder beginnen Sie einen neuen (Strg+N).</translation>
    </message>
    <message>
        <source>The customer&apos;s details are not loaded yet; try again in a moment.</source>
        <translation>Die Daten des Kunden sind noch nicht geladen; versuchen Sie es gleich noch einmal.</translation>
    </message>
    <message>
        <source>{reason}: choose another channel.</source>
        <translation>{reason}: Wählen Sie einen anderen Kanal.</translation>
    </message>
    <message>
        <source>Message will be suppressed</source>
        <translation>Nachricht wird unterdrückt</translation>
    </message>
    <message>
        <source>Record suppressed message</source>
        <translation>Unterdrückte Nachricht protokollieren</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Wird gesendet…</translation>
    </message>
</context>
<context>
    <name>CustomerHeader</name>
    <message>
        <source>blocked</source>
        <translation>gesperrt</translation>
    </message>
    <message>
        <source>Communication blocked ({label}): nothing will be delivered to this customer</source>
        <translation>Kommunikation gesperrt ({label}): Diesem Kunden wird nichts zugestellt</translation>
    </message>
    <message>
        <source>✔ Verified</source>
        <translation>✔ Verifiziert</translation>
    </message>
    <message>
        <source>Identity verified</source>
        <translation>Identität verifiziert</translation>
    </message>
    <message>
        <source>The caller read out the one-time code (until another customer is opened)</source>
        <translation>Der Anrufer hat den Einmalcode vorgelesen (bis ein anderer Kunde geöffnet wird)</translation>
    </message>
    <message>
        <source>Verify identity…</source>
        <extracomment>Which of the palette&apos;s header chips the status label wears (None: no customer shown).</extracomment>
        <translation>Identität prüfen…</translation>
    </message>
    <message>
        <source>New request…</source>
        <translation>Neuer Antrag…</translation>
    </message>
    <message>
        <source>Change s&amp;tatus…</source>
        <translation>S&amp;tatus ändern…</translation>
    </message>
    <message>
        <source>Customer {number}</source>
        <translation>Kunde {number}</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <source>no email</source>
        <translation>keine E-Mail</translation>
    </message>
    <message>
        <source>no phone</source>
        <translation>kein Telefon</translation>
    </message>
    <message>
        <source>speaks {language}</source>
        <translation>spricht {language}</translation>
    </message>
    <message>
        <source>customer {number}</source>
        <translation>Kunde {number}</translation>
    </message>
    <message>
        <source>No label</source>
        <translation>Kein Label</translation>
    </message>
</context>
<context>
    <name>CustomerPane</name>
    <message>
        <source>&amp;Conversations</source>
        <extracomment>Events that carry the customer as the REST API returns it: the header (and banner) follow them. While something waits to be sent, try again this often even if nobody says the server is back. The customer whose caller passed the identity check, until another customer is opened.</extracomment>
        <translation>&amp;Gespräche</translation>
    </message>
    <message>
        <source>&amp;Preferences</source>
        <translation>&amp;Präferenzen</translation>
    </message>
    <message>
        <source>&amp;Activity</source>
        <translation>&amp;Aktivität</translation>
    </message>
    <message>
        <source>Re&amp;quests</source>
        <translation>A&amp;nträge</translation>
    </message>
    <message>
        <source>Find a customer (Ctrl+K) and press Enter to open them.</source>
        <translation>Finden Sie einen Kunden (Strg+K) und drücken Sie Enter, um ihn zu öffnen.</translation>
    </message>
    <message>
        <source>The customer could not be loaded.</source>
        <translation>Der Kunde konnte nicht geladen werden.</translation>
    </message>
</context>
<context>
    <name>CustomerSearch</name>
    <message>
        <source>Search name, e-mail, phone or id (Ctrl+K)</source>
        <extracomment>An agent waits this long at most for a search before the list says what went wrong. The query whose first page is on its way (None: no search running).</extracomment>
        <translation>Name, E-Mail, Telefon oder ID suchen (Strg+K)</translation>
    </message>
    <message>
        <source>Customer search</source>
        <translation>Kundensuche</translation>
    </message>
    <message>
        <source>Searches are limited to %s characters.</source>
        <translation>Suchen sind auf %s Zeichen begrenzt.</translation>
    </message>
    <message>
        <source>Customers found</source>
        <translation>Gefundene Kunden</translation>
    </message>
    <message>
        <source>Connecting to the server…</source>
        <translation>Verbindung zum Server wird hergestellt…</translation>
    </message>
    <message>
        <source>Not signed in.</source>
        <translation>Nicht angemeldet.</translation>
    </message>
    <message>
        <source>No customer matches “%s”.</source>
        <translation>Kein Kunde passt zu „%s“.</translation>
    </message>
    <message>
        <source>No customers yet.</source>
        <translation>Noch keine Kunden.</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Suche läuft…</translation>
    </message>
    <message>
        <source>The server cannot search for this text; change it and try again.</source>
        <translation>Der Server kann nach diesem Text nicht suchen; ändern Sie ihn und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>no contact data</source>
        <extracomment>The e-mail address and the phone number, one line each.</extracomment>
        <translation>keine Kontaktdaten</translation>
    </message>
    <message>
        <source>No label</source>
        <translation>Kein Label</translation>
    </message>
</context>
<context>
    <name>CustomerToolDialog</name>
    <message>
        <source>Reason</source>
        <extracomment>A reason is the contract&apos;s ShortText: one line of at most this many characters.</extracomment>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Why, in one line (required)</source>
        <translation>Warum, in einer Zeile (Pflichtfeld)</translation>
    </message>
</context>
<context>
    <name>DashboardView</name>
    <message>
        <source>Incoming</source>
        <extracomment>Events after which the figures are asked for again: what the summary counts. After an event, wait this long (collecting the events that follow) and then ask once. The chart&apos;s series, marked for translation here (translated where the chart is drawn).</extracomment>
        <translation>Eingehend</translation>
    </message>
    <message>
        <source>Outgoing</source>
        <translation>Ausgehend</translation>
    </message>
    <message>
        <source>Suppressed</source>
        <translation>Unterdrückt</translation>
    </message>
    <message>
        <source>How the days went</source>
        <translation>Wie die Tage liefen</translation>
    </message>
    <message>
        <source>R&amp;efresh</source>
        <translation>Aktualisi&amp;eren</translation>
    </message>
    <message>
        <source>Ask the server again ({keys})</source>
        <translation>Den Server erneut fragen ({keys})</translation>
    </message>
    <message>
        <source>Threads by status</source>
        <translation>Vorgänge nach Status</translation>
    </message>
    <message>
        <source>Threads by channel</source>
        <translation>Vorgänge nach Kanal</translation>
    </message>
    <message>
        <source>Communications per day</source>
        <translation>Kommunikationen pro Tag</translation>
    </message>
    <message>
        <source>requests waiting for a decision</source>
        <translation>Anträge warten auf eine Entscheidung</translation>
    </message>
    <message>
        <source>Approvals: %s</source>
        <translation>Genehmigungen: %s</translation>
    </message>
    <message>
        <source>Updating…</source>
        <translation>Wird aktualisiert…</translation>
    </message>
    <message>
        <source>request waiting for a decision</source>
        <translation>Antrag wartet auf eine Entscheidung</translation>
    </message>
    <message>
        <source>Suppressed in these days: %s (%s)</source>
        <translation>In diesen Tagen unterdrückt: %s (%s)</translation>
    </message>
    <message>
        <source>Nothing was suppressed in these days.</source>
        <translation>In diesen Tagen wurde nichts unterdrückt.</translation>
    </message>
    <message>
        <source>Updated %s</source>
        <translation>Aktualisiert %s</translation>
    </message>
</context>
<context>
    <name>DecisionDialog</name>
    <message>
        <source>Approve request</source>
        <extracomment>The server keeps at most this much of a comment.</extracomment>
        <translation>Antrag genehmigen</translation>
    </message>
    <message>
        <source>Reject request</source>
        <translation>Antrag ablehnen</translation>
    </message>
    <message>
        <source>Approve this request of %s? The change is made at once and the customer is told.</source>
        <translation>Diesen Antrag von %s genehmigen? Die Änderung wird sofort vorgenommen und der Kunde benachrichtigt.</translation>
    </message>
    <message>
        <source>Reject this request of %s? Nothing is changed.</source>
        <translation>Diesen Antrag von %s ablehnen? Es wird nichts geändert.</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Kommentar</translation>
    </message>
    <message>
        <source>Optional; the requester reads it</source>
        <translation>Optional; der Antragsteller liest ihn</translation>
    </message>
    <message>
        <source>Customer:</source>
        <translation>Kunde:</translation>
    </message>
    <message>
        <source>Change:</source>
        <translation>Änderung:</translation>
    </message>
    <message>
        <source>Why:</source>
        <translation>Grund:</translation>
    </message>
    <message>
        <source>&amp;Comment:</source>
        <translation>&amp;Kommentar:</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>Genehmigen</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>Ablehnen</translation>
    </message>
</context>
<context>
    <name>DeliveryMark</name>
    <message>
        <source>Failed: not delivered</source>
        <translation>Fehlgeschlagen: nicht zugestellt</translation>
    </message>
    <message>
        <source>The delivery failed: the message did not reach the customer.</source>
        <translation>Die Zustellung ist fehlgeschlagen: Die Nachricht hat den Kunden nicht erreicht.</translation>
    </message>
</context>
<context>
    <name>ErrorPane</name>
    <message>
        <source>Copy trace ID</source>
        <translation>Trace-ID kopieren</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Erneut versuchen</translation>
    </message>
    <message>
        <source>Trace ID: %s</source>
        <translation>Trace-ID: %s</translation>
    </message>
</context>
<context>
    <name>FailurePlurals</name>
    <message numerus="yes">
        <source>Too many failed sign-ins. Try again in %Ln second(s).</source>
        <translation>
            <numerusform>Zu viele fehlgeschlagene Anmeldungen. Versuchen Sie es in %Ln Sekunde erneut.</numerusform>
            <numerusform>Zu viele fehlgeschlagene Anmeldungen. Versuchen Sie es in %Ln Sekunden erneut.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Too many failed sign-ins. Try again in %Ln minute(s).</source>
        <translation>
            <numerusform>Zu viele fehlgeschlagene Anmeldungen. Versuchen Sie es in %Ln Minute erneut.</numerusform>
            <numerusform>Zu viele fehlgeschlagene Anmeldungen. Versuchen Sie es in %Ln Minuten erneut.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Failures</name>
    <message>
        <source>offline — will send when the server is back</source>
        <extracomment>Marked here, translated where it is shown (offline_message()).</extracomment>
        <translation>offline — wird gesendet, sobald der Server wieder da ist</translation>
    </message>
    <message>
        <source>The server cannot be reached. It did not answer within %s s.</source>
        <extracomment>The server could not be reached (or failed): worth trying again later with the same requestId. What the exception said of itself, for the log and support; never shown in a pane.</extracomment>
        <translation>Der Server ist nicht erreichbar. Er hat nicht innerhalb von %s s geantwortet.</translation>
    </message>
    <message>
        <source>The server cannot be reached. No connection to it could be made.</source>
        <translation>Der Server ist nicht erreichbar. Es konnte keine Verbindung zu ihm hergestellt werden.</translation>
    </message>
    <message>
        <source>The server cannot be reached. The connection to it broke off.</source>
        <translation>Der Server ist nicht erreichbar. Die Verbindung zu ihm ist abgebrochen.</translation>
    </message>
    <message>
        <source>The server answered with an error (HTTP %s).</source>
        <translation>Der Server hat mit einem Fehler geantwortet (HTTP %s).</translation>
    </message>
    <message>
        <source>The server&apos;s answer could not be read. Try again; if that keeps happening, tell support.</source>
        <translation>Die Antwort des Servers konnte nicht gelesen werden. Versuchen Sie es erneut; passiert das weiter, wenden Sie sich an den Support.</translation>
    </message>
    <message>
        <source>Something went wrong in Switchboard. Try again; the details are in the log.</source>
        <translation>In Switchboard ist etwas schiefgegangen. Versuchen Sie es erneut; die Einzelheiten stehen im Protokoll.</translation>
    </message>
</context>
<context>
    <name>IdentityDialog</name>
    <message>
        <source>{channel}: not offered, the customer has no phone number.</source>
        <extracomment>The code the server sends: six digits (a caller may read it out with spaces).</extracomment>
        <translation>{channel}: nicht angeboten, der Kunde hat keine Telefonnummer.</translation>
    </message>
    <message>
        <source>{channel}: not offered, the customer has no email address.</source>
        <translation>{channel}: nicht angeboten, der Kunde hat keine E-Mail-Adresse.</translation>
    </message>
    <message>
        <source>Communication with this customer is blocked ({label}): no code will be delivered. Sending only records the attempt; verify the caller another way.</source>
        <translation>Die Kommunikation mit diesem Kunden ist gesperrt ({label}): Es wird kein Code zugestellt. Senden protokolliert nur den Versuch; prüfen Sie den Anrufer auf andere Weise.</translation>
    </message>
    <message>
        <source>no attempts left</source>
        <translation>keine Versuche mehr</translation>
    </message>
    <message>
        <source>Verify identity</source>
        <translation>Identität prüfen</translation>
    </message>
    <message>
        <source>Send a one-time code to the customer, then type the code the caller reads out.</source>
        <translation>Senden Sie dem Kunden einen Einmalcode und tippen Sie dann den Code ein, den der Anrufer vorliest.</translation>
    </message>
    <message>
        <source>{channel} to {address}</source>
        <translation>{channel} an {address}</translation>
    </message>
    <message>
        <source>Send code</source>
        <translation>Code senden</translation>
    </message>
    <message>
        <source>Code the caller reads out:</source>
        <translation>Vom Anrufer vorgelesener Code:</translation>
    </message>
    <message>
        <source>One-time code the caller reads out</source>
        <translation>Einmalcode, den der Anrufer vorliest</translation>
    </message>
    <message>
        <source>Check code</source>
        <translation>Code prüfen</translation>
    </message>
    <message>
        <source>Resend code</source>
        <translation>Code erneut senden</translation>
    </message>
    <message>
        <source>No code can be sent: the customer has no phone or email.</source>
        <translation>Es kann kein Code gesendet werden: Der Kunde hat weder Telefon noch E-Mail.</translation>
    </message>
    <message>
        <source>Sending the code…</source>
        <translation>Code wird gesendet…</translation>
    </message>
    <message>
        <source>blocked</source>
        <translation>gesperrt</translation>
    </message>
    <message>
        <source>Suppressed: no code was delivered, because communication with this customer is blocked (%s). Do not wait for a code; verify the caller another way.</source>
        <translation>Unterdrückt: Es wurde kein Code zugestellt, weil die Kommunikation mit diesem Kunden gesperrt ist (%s). Warten Sie nicht auf einen Code; prüfen Sie den Anrufer auf andere Weise.</translation>
    </message>
    <message>
        <source>Code sent to %s (%s), valid until %s. Type what the caller reads out.</source>
        <translation>Code gesendet an %s (%s), gültig bis %s. Tippen Sie ein, was der Anrufer vorliest.</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Wird geprüft…</translation>
    </message>
    <message>
        <source>Wrong code: %s.</source>
        <translation>Falscher Code: %s.</translation>
    </message>
    <message>
        <source>The code expired. Resend a new code to the caller.</source>
        <translation>Der Code ist abgelaufen. Senden Sie dem Anrufer einen neuen Code.</translation>
    </message>
    <message>
        <source>Too many wrong codes: this code can no longer be used. Resend a new code.</source>
        <translation>Zu viele falsche Codes: Dieser Code kann nicht mehr verwendet werden. Senden Sie einen neuen Code.</translation>
    </message>
    <message>
        <source>Verified: the caller read out the right code.</source>
        <translation>Verifiziert: Der Anrufer hat den richtigen Code vorgelesen.</translation>
    </message>
</context>
<context>
    <name>IdentityPlurals</name>
    <message numerus="yes">
        <source>%Ln attempt(s) left</source>
        <translation>
            <numerusform>noch %Ln Versuch</numerusform>
            <numerusform>noch %Ln Versuche</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Demo data — local server</source>
        <translation>Demodaten — lokaler Server</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <extracomment>The key of the view that is always there: customer search and the customer pane.</extracomment>
        <translation>Verbindung wird hergestellt…</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>Reconnecting…</source>
        <translation>Verbindung wird wiederhergestellt…</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>&amp;System</source>
        <extracomment>The entries of View &gt; Appearance.</extracomment>
        <translation>&amp;System</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>&amp;Hell</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>&amp;Dunkel</translation>
    </message>
    <message>
        <source>Find a customer: Ctrl+K, type, Enter.</source>
        <translation>Kunden finden: Strg+K, tippen, Enter.</translation>
    </message>
    <message>
        <source>&amp;Customers</source>
        <translation>&amp;Kunden</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Find customer</source>
        <translation>Kunden &amp;suchen</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>Ab&amp;melden</translation>
    </message>
    <message>
        <source>Sign &amp;in…</source>
        <translation>An&amp;melden…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>Vie&amp;w</source>
        <translation>Ansic&amp;ht</translation>
    </message>
    <message>
        <source>Appea&amp;rance</source>
        <translation>&amp;Darstellung</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <source>&amp;About Switchboard</source>
        <translation>Ü&amp;ber Switchboard</translation>
    </message>
    <message>
        <source>About Switchboard</source>
        <translation>Über Switchboard</translation>
    </message>
    <message>
        <source>&lt;b&gt;Switchboard %s&lt;/b&gt;</source>
        <translation>&lt;b&gt;Switchboard %s&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Customer communication and consent for call-centre agents and supervisors.&lt;br&gt;Qt %s · PySide6 %s · Python %s</source>
        <translation>Kundenkommunikation und Einwilligungen für Callcenter-Agenten und Supervisoren.&lt;br&gt;Qt %s · PySide6 %s · Python %s</translation>
    </message>
    <message>
        <source>Log: %s</source>
        <translation>Protokoll: %s</translation>
    </message>
    <message>
        <source>Demo server log: %s</source>
        <translation>Protokoll des Demo-Servers: %s</translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation>Nicht angemeldet</translation>
    </message>
    <message>
        <source>%s (embedded demo)</source>
        <translation>%s (eingebettete Demo)</translation>
    </message>
    <message>
        <source>Server: %s</source>
        <translation>Server: %s</translation>
    </message>
    <message>
        <source> · last event %s</source>
        <translation> · letztes Ereignis %s</translation>
    </message>
    <message>
        <source>&amp;Queue</source>
        <extracomment>The queue&apos;s key in the main window (and of `--view`).</extracomment>
        <translation>&amp;Warteschlange</translation>
    </message>
    <message>
        <source>&amp;Approvals</source>
        <extracomment>The keys of the supervisor&apos;s views in the main window (and of `--view`).</extracomment>
        <translation>&amp;Genehmigungen</translation>
    </message>
    <message>
        <source>&amp;Dashboard</source>
        <translation>&amp;Übersicht</translation>
    </message>
</context>
<context>
    <name>MarketingPreferencesModel</name>
    <message>
        <source>{text} (since {when})</source>
        <translation>{text} (seit {when})</translation>
    </message>
    <message>
        <source>Opted in</source>
        <translation>Angemeldet</translation>
    </message>
    <message>
        <source>Not opted in</source>
        <translation>Nicht angemeldet</translation>
    </message>
</context>
<context>
    <name>MarketingSwitches</name>
    <message>
        <source>Marketing preferences</source>
        <translation>Marketing-Präferenzen</translation>
    </message>
    <message>
        <source>No marketing preferences.</source>
        <translation>Keine Marketing-Präferenzen.</translation>
    </message>
</context>
<context>
    <name>MessageDelegate</name>
    <message>
        <source>SUPPRESSED — not delivered (customer blocked)</source>
        <extracomment>Marked for translation here, translated in suppressed_text.</extracomment>
        <translation>UNTERDRÜCKT — nicht zugestellt (Kunde gesperrt)</translation>
    </message>
    <message>
        <source>SUPPRESSED — not delivered (the customer opted out)</source>
        <translation>UNTERDRÜCKT — nicht zugestellt (der Kunde hat sich abgemeldet)</translation>
    </message>
    <message>
        <source>customer</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <source>agent</source>
        <translation>Agent</translation>
    </message>
</context>
<context>
    <name>MessageView</name>
    <message>
        <source>Messages</source>
        <extracomment>Older messages are asked for when the agent is this close (pixels) to the top.</extracomment>
        <translation>Nachrichten</translation>
    </message>
</context>
<context>
    <name>NewRequestDialog</name>
    <message>
        <source>Type an email address, such as name@example.com.</source>
        <extracomment>The fields of the form, as the checks and the server&apos;s `reference` name them.</extracomment>
        <translation>Tippen Sie eine E-Mail-Adresse, etwa name@example.com.</translation>
    </message>
    <message>
        <source>Type a phone number: digits, spaces and + ( ) . / - only.</source>
        <translation>Tippen Sie eine Telefonnummer: nur Ziffern, Leerzeichen und + ( ) . / -.</translation>
    </message>
    <message>
        <source>Say why (one line, up to 200 characters).</source>
        <translation>Sagen Sie warum (eine Zeile, bis zu 200 Zeichen).</translation>
    </message>
    <message>
        <source>Say why: a reason is required.</source>
        <translation>Sagen Sie warum: Ein Grund ist Pflicht.</translation>
    </message>
    <message>
        <source>Between 1 and {most} points.</source>
        <translation>Zwischen 1 und {most} Punkten.</translation>
    </message>
    <message>
        <source>New request</source>
        <translation>Neuer Antrag</translation>
    </message>
    <message>
        <source>Kind of request</source>
        <translation>Art des Antrags</translation>
    </message>
    <message>
        <source>Change email</source>
        <translation>E-Mail ändern</translation>
    </message>
    <message>
        <source>Change phone</source>
        <translation>Telefon ändern</translation>
    </message>
    <message>
        <source>Goodwill points</source>
        <translation>Kulanzpunkte</translation>
    </message>
    <message>
        <source>Request:</source>
        <translation>Antrag:</translation>
    </message>
    <message>
        <source>Now:</source>
        <translation>Jetzt:</translation>
    </message>
    <message>
        <source>Points:</source>
        <translation>Punkte:</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>Grund:</translation>
    </message>
    <message>
        <source>Send request</source>
        <translation>Antrag senden</translation>
    </message>
    <message>
        <source>A supervisor approves or rejects the request; you see its state in Requests.</source>
        <translation>Ein Supervisor genehmigt oder lehnt den Antrag ab; seinen Stand sehen Sie unter Anträge.</translation>
    </message>
    <message>
        <source>New email:</source>
        <translation>Neue E-Mail:</translation>
    </message>
    <message>
        <source>New email</source>
        <translation>Neue E-Mail</translation>
    </message>
    <message>
        <source>no email</source>
        <translation>keine E-Mail</translation>
    </message>
    <message>
        <source>New phone:</source>
        <translation>Neues Telefon:</translation>
    </message>
    <message>
        <source>New phone</source>
        <translation>Neues Telefon</translation>
    </message>
    <message>
        <source>no phone</source>
        <translation>kein Telefon</translation>
    </message>
</context>
<context>
    <name>Notifier</name>
    <message>
        <source>customer %s</source>
        <extracomment>The longest notification text and title, in characters. Threads whose assignee is remembered, and messages waiting for their thread&apos;s event (oldest go). How long the tray message stays (the desktop may decide otherwise). How long to wait for the writer&apos;s name before the message names the customer by number.</extracomment>
        <translation>Kunde %s</translation>
    </message>
</context>
<context>
    <name>Outbound</name>
    <message>
        <source>Customer opted out of {category} by {channel}</source>
        <translation>Kunde hat sich von {category} per {channel} abgemeldet</translation>
    </message>
    <message>
        <source>blocked</source>
        <translation>gesperrt</translation>
    </message>
    <message>
        <source>Communication with this customer is blocked ({label}).

The message will be recorded in the thread but suppressed: it will NOT be delivered. Send anyway?</source>
        <translation>Die Kommunikation mit diesem Kunden ist gesperrt ({label}).

Die Nachricht wird im Vorgang protokolliert, aber unterdrückt: Sie wird NICHT zugestellt. Trotzdem senden?</translation>
    </message>
</context>
<context>
    <name>PeriodPicker</name>
    <message>
        <source>From date</source>
        <extracomment>What the server is told when this computer names no time zone.</extracomment>
        <translation>Von Datum</translation>
    </message>
    <message>
        <source>To date</source>
        <translation>Bis Datum</translation>
    </message>
    <message>
        <source>Fro&amp;m:</source>
        <translation>&amp;Von:</translation>
    </message>
    <message>
        <source>T&amp;o:</source>
        <translation>&amp;Bis:</translation>
    </message>
    <message>
        <source>Last &amp;7 days</source>
        <translation>Letzte &amp;7 Tage</translation>
    </message>
    <message>
        <source>Last &amp;30 days</source>
        <translation>Letzte &amp;30 Tage</translation>
    </message>
</context>
<context>
    <name>Preferences</name>
    <message>
        <source>on</source>
        <translation>ein</translation>
    </message>
    <message>
        <source>off</source>
        <translation>aus</translation>
    </message>
</context>
<context>
    <name>PreferencesMatrixModel</name>
    <message>
        <source>{value} (locked)</source>
        <translation>{value} (gesperrt)</translation>
    </message>
    <message>
        <source>{value} (staged)</source>
        <translation>{value} (vorgemerkt)</translation>
    </message>
    <message>
        <source>Locked: {pair} is not customer-overridable and cannot be changed.</source>
        <translation>Gesperrt: {pair} kann vom Kunden nicht geändert werden und ist nicht änderbar.</translation>
    </message>
    <message>
        <source>Staged, not saved: {before} -&gt; {after}</source>
        <translation>Vorgemerkt, nicht gespeichert: {before} -&gt; {after}</translation>
    </message>
</context>
<context>
    <name>PreferencesTab</name>
    <message>
        <source>Communication preferences</source>
        <translation>Kommunikationspräferenzen</translation>
    </message>
    <message>
        <source>No message categories.</source>
        <translation>Keine Nachrichtenkategorien.</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>Speichern…</translation>
    </message>
    <message>
        <source>Discard changes</source>
        <translation>Änderungen verwerfen</translation>
    </message>
    <message>
        <source>Consent history</source>
        <translation>Einwilligungsverlauf</translation>
    </message>
    <message>
        <source>No consent changes yet.</source>
        <translation>Noch keine Änderungen der Einwilligungen.</translation>
    </message>
    <message>
        <source>Marketing preferences</source>
        <translation>Marketing-Präferenzen</translation>
    </message>
    <message numerus="yes">
        <source>%Ln staged change(s), not saved yet</source>
        <translation>
            <numerusform>%Ln vorgemerkte Änderung, noch nicht gespeichert</numerusform>
            <numerusform>%Ln vorgemerkte Änderungen, noch nicht gespeichert</numerusform>
        </translation>
    </message>
    <message>
        <source>Save preferences</source>
        <translation>Präferenzen speichern</translation>
    </message>
    <message>
        <source>These preferences will change:</source>
        <translation>Diese Präferenzen werden geändert:</translation>
    </message>
</context>
<context>
    <name>QueueFilters</name>
    <message>
        <source>Show closed &amp;threads</source>
        <extracomment>Open threads: every status but CLOSED. How far back &quot;Updated since&quot; starts when first ticked.</extracomment>
        <translation>Geschlossene &amp;Vorgänge zeigen</translation>
    </message>
    <message>
        <source>Unticked: only your open threads (created or ongoing)</source>
        <translation>Ohne Häkchen: nur Ihre offenen Vorgänge (angelegt oder laufend)</translation>
    </message>
    <message>
        <source>Filter by status</source>
        <translation>Nach Status filtern</translation>
    </message>
    <message>
        <source>Open (not closed)</source>
        <translation>Offen (nicht geschlossen)</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>Alle Status</translation>
    </message>
    <message>
        <source>Filter by assignee</source>
        <translation>Nach Bearbeiter filtern</translation>
    </message>
    <message>
        <source>Anyone</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>Filter by the channel of the latest communication</source>
        <translation>Nach dem Kanal der letzten Kommunikation filtern</translation>
    </message>
    <message>
        <source>All channels</source>
        <translation>Alle Kanäle</translation>
    </message>
    <message>
        <source>&amp;Updated since</source>
        <translation>&amp;Aktualisiert seit</translation>
    </message>
    <message>
        <source>Unticked: any time</source>
        <translation>Ohne Häkchen: jederzeit</translation>
    </message>
    <message>
        <source>Updated since date</source>
        <translation>Aktualisiert seit Datum</translation>
    </message>
    <message>
        <source>&amp;Status:</source>
        <translation>&amp;Status:</translation>
    </message>
    <message>
        <source>Assigne&amp;e:</source>
        <translation>&amp;Bearbeiter:</translation>
    </message>
    <message>
        <source>Cha&amp;nnel:</source>
        <translation>&amp;Kanal:</translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <source>New message</source>
        <extracomment>Marked for translation here, translated where they are shown.</extracomment>
        <translation>Neue Nachricht</translation>
    </message>
    <message>
        <source>The customer wrote since you last opened this thread</source>
        <translation>Der Kunde hat geschrieben, seit Sie diesen Vorgang zuletzt geöffnet haben</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>Nicht zugewiesen</translation>
    </message>
    <message numerus="yes">
        <source>%Ln communication(s)</source>
        <translation>
            <numerusform>%Ln Kommunikation</numerusform>
            <numerusform>%Ln Kommunikationen</numerusform>
        </translation>
    </message>
    <message>
        <source>{subject} (ticket {ticket}): {count}</source>
        <translation>{subject} (Ticket {ticket}): {count}</translation>
    </message>
    <message>
        <source>{subject}: {count}</source>
        <translation>{subject}: {count}</translation>
    </message>
    <message>
        <source>{name} (customer {number})</source>
        <translation>{name} (Kunde {number})</translation>
    </message>
    <message>
        <source>{when}, last written by the customer</source>
        <translation>{when}, zuletzt vom Kunden geschrieben</translation>
    </message>
    <message>
        <source>{when}, last written by us</source>
        <translation>{when}, zuletzt von uns geschrieben</translation>
    </message>
</context>
<context>
    <name>QueueView</name>
    <message>
        <source>The team&apos;s threads</source>
        <extracomment>Filter changes (a date typed digit by digit) are asked for once.</extracomment>
        <translation>Vorgänge des Teams</translation>
    </message>
    <message>
        <source>Your threads</source>
        <translation>Ihre Vorgänge</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>Ask the server again ({keys})</source>
        <translation>Den Server erneut fragen ({keys})</translation>
    </message>
    <message>
        <source>Queue of threads</source>
        <translation>Warteschlange der Vorgänge</translation>
    </message>
    <message>
        <source>No threads match these filters.</source>
        <translation>Keine Vorgänge passen zu diesen Filtern.</translation>
    </message>
    <message>
        <source>No threads of yours here. Threads assigned to you show up as they come.</source>
        <translation>Hier sind keine Vorgänge von Ihnen. Ihnen zugewiesene Vorgänge erscheinen, sobald sie kommen.</translation>
    </message>
    <message>
        <source>Reassign…</source>
        <translation>Neu zuweisen…</translation>
    </message>
    <message>
        <source>Give the selected thread to someone else</source>
        <translation>Den ausgewählten Vorgang jemand anderem geben</translation>
    </message>
    <message>
        <source>Close thread</source>
        <translation>Vorgang schließen</translation>
    </message>
    <message>
        <source>Reopen thread</source>
        <translation>Vorgang wieder öffnen</translation>
    </message>
    <message numerus="yes">
        <source>%Ln thread(s)</source>
        <translation>
            <numerusform>%Ln Vorgang</numerusform>
            <numerusform>%Ln Vorgänge</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{shown} of %Ln thread(s) (more as you scroll)</source>
        <translation>
            <numerusform>{shown} von %Ln Vorgang (weitere beim Blättern)</numerusform>
            <numerusform>{shown} von %Ln Vorgängen (weitere beim Blättern)</numerusform>
        </translation>
    </message>
    <message>
        <source>Customer %s</source>
        <translation>Kunde %s</translation>
    </message>
</context>
<context>
    <name>RequestsTab</name>
    <message>
        <source>Requests</source>
        <extracomment>Bursts of live events are asked for once. The events this tab follows, and which of its lists each refreshes. Loads one page of a list for a customer.</extracomment>
        <translation>Anträge</translation>
    </message>
    <message>
        <source>Your requests for this customer</source>
        <translation>Ihre Anträge für diesen Kunden</translation>
    </message>
    <message>
        <source>No requests for this customer yet. New request: %s.</source>
        <translation>Noch keine Anträge für diesen Kunden. Neuer Antrag: %s.</translation>
    </message>
    <message>
        <source>Changes made by approved requests</source>
        <translation>Änderungen durch genehmigte Anträge</translation>
    </message>
    <message>
        <source>No approved changes yet.</source>
        <translation>Noch keine genehmigten Änderungen.</translation>
    </message>
    <message>
        <source>Status label history</source>
        <translation>Verlauf des Status-Labels</translation>
    </message>
    <message>
        <source>The status label was never changed.</source>
        <translation>Das Status-Label wurde nie geändert.</translation>
    </message>
    <message>
        <source>No label</source>
        <translation>Kein Label</translation>
    </message>
    <message>
        <source>{label} (blocks communication)</source>
        <translation>{label} (sperrt Kommunikation)</translation>
    </message>
</context>
<context>
    <name>SessionController</name>
    <message>
        <source>The local demo server did not start. Its log: %s</source>
        <extracomment>Watches the embedded server and starts it again when it dies (None: not watching).</extracomment>
        <translation>Der lokale Demo-Server ist nicht gestartet. Sein Protokoll: %s</translation>
    </message>
    <message>
        <source>The local demo server stopped and was restarted at %s.</source>
        <translation>Der lokale Demo-Server war gestoppt und wurde um %s neu gestartet.</translation>
    </message>
    <message>
        <source>The local demo server stopped %d times in a row and is not started again. Quit Switchboard and start it again; if that does not help, its log says why: %s</source>
        <translation>Der lokale Demo-Server ist %d-mal hintereinander gestoppt und wird nicht mehr gestartet. Beenden Sie Switchboard und starten Sie es neu; hilft das nicht, steht der Grund in seinem Protokoll: %s</translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <source>Not a server address: {url} (expected https://host[:port])</source>
        <translation>Keine Serveradresse: {url} (erwartet: https://host[:port])</translation>
    </message>
    <message>
        <source>Refusing plain http:// to {host}: passwords and customer data would travel unencrypted. Use https://, or start with --allow-insecure if you accept that risk.</source>
        <translation>Unverschlüsseltes http:// zu {host} wird abgelehnt: Passwörter und Kundendaten würden unverschlüsselt übertragen. Verwenden Sie https:// oder starten Sie mit --allow-insecure, wenn Sie dieses Risiko eingehen.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <extracomment>A language in its own words.</extracomment>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Local demo server on this computer (embedded)</source>
        <translation>Lokaler Demo-Server auf diesem Computer (eingebettet)</translation>
    </message>
    <message>
        <source>Server at this address:</source>
        <translation>Server unter dieser Adresse:</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>Automatic (the computer&apos;s language: %1)</source>
        <translation>Automatisch (die Sprache des Computers: %1)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Sprache</translation>
    </message>
    <message>
        <source>The language changes when Switchboard starts next.</source>
        <translation>Die Sprache wechselt beim nächsten Start von Switchboard.</translation>
    </message>
</context>
<context>
    <name>ShortcutSheet</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>Every action of Switchboard can be reached with these keys.</source>
        <translation>Jede Aktion von Switchboard ist mit diesen Tasten erreichbar.</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Tasten</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
</context>
<context>
    <name>Shortcuts</name>
    <message>
        <source>Everywhere</source>
        <extracomment>The translation context of the table&apos;s texts (they are translated where they are shown). Where a shortcut works. A customer tab&apos;s area is &quot;&lt;tab name&gt; tab&quot;.</extracomment>
        <translation>Überall</translation>
    </message>
    <message>
        <source>Customer search</source>
        <translation>Kundensuche</translation>
    </message>
    <message>
        <source>Open customer</source>
        <translation>Geöffneter Kunde</translation>
    </message>
    <message>
        <source>Conversations tab</source>
        <translation>Reiter Gespräche</translation>
    </message>
    <message>
        <source>Preferences tab</source>
        <translation>Reiter Präferenzen</translation>
    </message>
    <message>
        <source>Activity tab</source>
        <translation>Reiter Aktivität</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>Warteschlange</translation>
    </message>
    <message>
        <source>Approvals</source>
        <translation>Genehmigungen</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <source>Menus and tabs</source>
        <translation>Menüs und Reiter</translation>
    </message>
    <message>
        <source>Find a customer: go to the search box</source>
        <extracomment>A view of the main window (the queue, ...) names the area of the controls inside it in this property of its widget, so the sheet lists their Alt+letters under that view.</extracomment>
        <translation>Kunden finden: ins Suchfeld gehen</translation>
    </message>
    <message>
        <source>Settings: choose the server</source>
        <translation>Einstellungen: den Server wählen</translation>
    </message>
    <message>
        <source>Quit Switchboard</source>
        <extracomment>Ctrl+Q as well where the platform has no standard Quit key (Windows, offscreen).</extracomment>
        <translation>Switchboard beenden</translation>
    </message>
    <message>
        <source>This list of keyboard shortcuts</source>
        <translation>Diese Liste der Tastenkürzel</translation>
    </message>
    <message>
        <source>Show the customer view (search and customer)</source>
        <translation>Die Kundenansicht zeigen (Suche und Kunde)</translation>
    </message>
    <message>
        <source>Show the queue of threads across customers</source>
        <translation>Die Warteschlange der Vorgänge aller Kunden zeigen</translation>
    </message>
    <message>
        <source>Show the requests waiting for approval</source>
        <translation>Die Anträge zeigen, die auf Genehmigung warten</translation>
    </message>
    <message>
        <source>Show the dashboard: how the days went</source>
        <translation>Die Übersicht zeigen: wie die Tage liefen</translation>
    </message>
    <message>
        <source>Move through the customers found</source>
        <translation>Durch die gefundenen Kunden gehen</translation>
    </message>
    <message>
        <source>Open the selected customer (or the first one)</source>
        <translation>Den ausgewählten Kunden öffnen (oder den ersten)</translation>
    </message>
    <message>
        <source>Clear the search box</source>
        <translation>Das Suchfeld leeren</translation>
    </message>
    <message>
        <source>Verify the caller&apos;s identity with a one-time code</source>
        <translation>Die Identität des Anrufers mit einem Einmalcode prüfen</translation>
    </message>
    <message>
        <source>New request: change email or phone, goodwill points</source>
        <translation>Neuer Antrag: E-Mail oder Telefon ändern, Kulanzpunkte</translation>
    </message>
    <message>
        <source>Send the message (or start the new thread)</source>
        <translation>Die Nachricht senden (oder den neuen Vorgang beginnen)</translation>
    </message>
    <message>
        <source>Start a new thread</source>
        <translation>Einen neuen Vorgang beginnen</translation>
    </message>
    <message>
        <source>Mark the open thread ongoing</source>
        <translation>Den offenen Vorgang in Bearbeitung nehmen</translation>
    </message>
    <message>
        <source>Close the open thread</source>
        <translation>Den offenen Vorgang schließen</translation>
    </message>
    <message>
        <source>Reopen the open thread (when closed)</source>
        <translation>Den offenen Vorgang wieder öffnen (wenn geschlossen)</translation>
    </message>
    <message>
        <source>Save the staged changes (shows them first)</source>
        <translation>Die vorgemerkten Änderungen speichern (zeigt sie zuerst)</translation>
    </message>
    <message>
        <source>Discard the staged changes</source>
        <translation>Die vorgemerkten Änderungen verwerfen</translation>
    </message>
    <message>
        <source>Ask the server again for the communications</source>
        <translation>Den Server erneut nach den Kommunikationen fragen</translation>
    </message>
    <message>
        <source>Open the selected thread in the customer view</source>
        <translation>Den ausgewählten Vorgang in der Kundenansicht öffnen</translation>
    </message>
    <message>
        <source>Ask the server again for the queue</source>
        <translation>Den Server erneut nach der Warteschlange fragen</translation>
    </message>
    <message>
        <source>Reassign the selected thread to someone else</source>
        <translation>Den ausgewählten Vorgang jemand anderem zuweisen</translation>
    </message>
    <message>
        <source>Close the selected thread</source>
        <translation>Den ausgewählten Vorgang schließen</translation>
    </message>
    <message>
        <source>Reopen the selected thread (when closed)</source>
        <translation>Den ausgewählten Vorgang wieder öffnen (wenn geschlossen)</translation>
    </message>
    <message>
        <source>Approve the selected request, with a comment</source>
        <translation>Den ausgewählten Antrag genehmigen, mit Kommentar</translation>
    </message>
    <message>
        <source>Reject the selected request, with a comment</source>
        <translation>Den ausgewählten Antrag ablehnen, mit Kommentar</translation>
    </message>
    <message>
        <source>Ask the server again for the requests</source>
        <translation>Den Server erneut nach den Anträgen fragen</translation>
    </message>
    <message>
        <source>Ask the server again for the figures</source>
        <translation>Den Server erneut nach den Zahlen fragen</translation>
    </message>
    <message>
        <source>Open the %1 menu</source>
        <translation>Das Menü %1 öffnen</translation>
    </message>
    <message>
        <source>Show the %1 tab</source>
        <translation>Den Reiter %1 zeigen</translation>
    </message>
    <message>
        <source>%1 tab</source>
        <translation>Reiter %1</translation>
    </message>
    <message>
        <source>Tick or untick “%1”</source>
        <translation>„%1“ ankreuzen oder nicht</translation>
    </message>
    <message>
        <source>Go to %1</source>
        <translation>Zu %1 gehen</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Sign in to Switchboard</source>
        <translation>Bei Switchboard anmelden</translation>
    </message>
    <message>
        <source>Server: %s</source>
        <translation>Server: %s</translation>
    </message>
    <message>
        <source>&amp;Username:</source>
        <translation>&amp;Benutzername:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Passwort:</translation>
    </message>
    <message>
        <source>API &amp;key:</source>
        <translation>API-&amp;Schlüssel:</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API-Schlüssel</translation>
    </message>
    <message>
        <source>&amp;Remember me</source>
        <translation>Angemeldet &amp;bleiben</translation>
    </message>
    <message>
        <source>Keep the sign-in in the operating system&apos;s keyring</source>
        <translation>Die Anmeldung im Schlüsselbund des Betriebssystems aufbewahren</translation>
    </message>
    <message>
        <source>This computer has no secure keyring for your sign-in: it is kept only until you quit Switchboard.</source>
        <translation>Dieser Computer hat keinen sicheren Schlüsselbund für Ihre Anmeldung: Sie gilt nur, bis Sie Switchboard beenden.</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Anmelden</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>Anmeldung läuft…</translation>
    </message>
    <message>
        <source>Sign in (%s)</source>
        <translation>Anmelden (%s)</translation>
    </message>
</context>
<context>
    <name>StatusLabelDialog</name>
    <message>
        <source>Change status</source>
        <extracomment>The combo box&apos;s data for &quot;no label&quot;: clearing the label.</extracomment>
        <translation>Status ändern</translation>
    </message>
    <message>
        <source>New status label</source>
        <translation>Neues Status-Label</translation>
    </message>
    <message>
        <source>Loading labels…</source>
        <translation>Labels werden geladen…</translation>
    </message>
    <message>
        <source>Now:</source>
        <translation>Jetzt:</translation>
    </message>
    <message>
        <source>New label:</source>
        <translation>Neues Label:</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>Grund:</translation>
    </message>
    <message>
        <source>Communication will be blocked: nothing will be delivered to this customer.</source>
        <translation>Die Kommunikation wird gesperrt: Diesem Kunden wird nichts mehr zugestellt.</translation>
    </message>
    <message>
        <source>The block is lifted: messages will be delivered again.</source>
        <translation>Die Sperre wird aufgehoben: Nachrichten werden wieder zugestellt.</translation>
    </message>
    <message>
        <source>The labels could not be loaded</source>
        <translation>Die Labels konnten nicht geladen werden</translation>
    </message>
    <message>
        <source>No label (clear it)</source>
        <translation>Kein Label (entfernen)</translation>
    </message>
    <message>
        <source>Say why: a reason is required.</source>
        <translation>Sagen Sie warum: Ein Grund ist Pflicht.</translation>
    </message>
</context>
<context>
    <name>ThreadHeader</name>
    <message>
        <source>Mark ongoing</source>
        <translation>Aufnehmen</translation>
    </message>
    <message>
        <source>Close thread</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Reopen</source>
        <translation>Wieder öffnen</translation>
    </message>
    <message>
        <source>&lt;b&gt;New thread&lt;/b&gt;</source>
        <translation>&lt;b&gt;Neuer Vorgang&lt;/b&gt;</translation>
    </message>
    <message>
        <source>No thread selected</source>
        <translation>Kein Vorgang ausgewählt</translation>
    </message>
    <message>
        <source>Ticket {number}</source>
        <translation>Ticket {number}</translation>
    </message>
    <message>
        <source>Ticket link</source>
        <translation>Ticket-Link</translation>
    </message>
</context>
<context>
    <name>ThreadListModel</name>
    <message>
        <source>Ticket {number}: {link} (double-click opens it)</source>
        <translation>Ticket {number}: {link} (Doppelklick öffnet es)</translation>
    </message>
</context>
<context>
    <name>ViewState</name>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
</context>
<context>
    <name>Words</name>
    <message>
        <source>Letter</source>
        <extracomment>The translation context of the table&apos;s words.</extracomment>
        <translation>Brief</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>E-Mail</translation>
    </message>
    <message>
        <source>Text message</source>
        <translation>SMS</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Telefon</translation>
    </message>
    <message>
        <source>Fax</source>
        <translation>Fax</translation>
    </message>
    <message>
        <source>Conversation</source>
        <translation>Gespräch</translation>
    </message>
    <message>
        <source>Chat</source>
        <translation>Chat</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Sonstiges</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Empfangen</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>In Warteschlange</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Gesendet</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>Zugestellt</translation>
    </message>
    <message>
        <source>Read</source>
        <translation>Gelesen</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Suppressed</source>
        <translation>Unterdrückt</translation>
    </message>
    <message>
        <source>Incoming</source>
        <extracomment>Each enum&apos;s words by value. Enums that mean the same (a one-time code&apos;s channel is a channel) share one.</extracomment>
        <translation>Eingehend</translation>
    </message>
    <message>
        <source>Outgoing</source>
        <translation>Ausgehend</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Angelegt</translation>
    </message>
    <message>
        <source>Ongoing</source>
        <translation>Laufend</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Geschlossen</translation>
    </message>
    <message>
        <source>blocked</source>
        <translation>gesperrt</translation>
    </message>
    <message>
        <source>opted out</source>
        <translation>abgemeldet</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Nachricht</translation>
    </message>
    <message>
        <source>Logged communication</source>
        <translation>Protokollierte Kommunikation</translation>
    </message>
    <message>
        <source>One-time code</source>
        <translation>Einmalcode</translation>
    </message>
    <message>
        <source>Code check</source>
        <translation>Codeprüfung</translation>
    </message>
    <message>
        <source>Notification</source>
        <translation>Benachrichtigung</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>Supervisor</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <source>Integration</source>
        <translation>Integration</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <source>Marketing</source>
        <translation>Marketing</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Offen</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Genehmigt</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Änderung</translation>
    </message>
    <message>
        <source>Goodwill</source>
        <translation>Kulanz</translation>
    </message>
    <message>
        <source>Goodwill points</source>
        <translation>Kulanzpunkte</translation>
    </message>
    <message>
        <source>communication with the customer is blocked</source>
        <extracomment>Why a communication was suppressed, in full (a tooltip, a confirmation).</extracomment>
        <translation>die Kommunikation mit dem Kunden ist gesperrt</translation>
    </message>
    <message>
        <source>the customer opted out of this category and channel</source>
        <translation>der Kunde hat sich von dieser Kategorie und diesem Kanal abgemeldet</translation>
    </message>
</context>
</TS>
