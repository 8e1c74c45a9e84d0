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
    <name>ActivityTab</name>
    <message>
      <source>R&amp;efresh</source>
      <extracomment>Filter changes (a date typed digit by digit) and bursts of live events are asked for once. Events about a communication, which the activity log (and the conversation) follow.</extracomment>
      <translation>&amp;Aktualisieren</translation>
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
    <message>
      <source>{total} communication(s)</source>
      <translation>{total} Kommunikation(en)</translation>
    </message>
  </context>
  <context>
    <name>ApprovalsView</name>
    <message>
      <source>Requests waiting for a decision</source>
      <extracomment>The server's refusals of a decision, in the words the supervisor reads. Bursts of events (several requests decided at once) are asked for once.</extracomment>
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
    <message>
      <source>1 request waiting</source>
      <translation>1 Antrag wartet</translation>
    </message>
    <message>
      <source>%s requests waiting</source>
      <translation>%s Anträge warten</translation>
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
    <name>CustomerHeader</name>
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
      <extracomment>Which of the palette's header chips the status label wears (None: no customer shown).</extracomment>
      <translation>Identität prüfen…</translation>
    </message>
    <message>
      <source>New request…</source>
      <translation>Neuer Antrag…</translation>
    </message>
    <message>
      <source>Change s&amp;tatus…</source>
      <translation>&amp;Status ändern…</translation>
    </message>
    <message>
      <source>No label</source>
      <translation>Kein Label</translation>
    </message>
  </context>
  <context>
    <name>CustomerSearch</name>
    <message>
      <source>Search name, e-mail, phone or id  (Ctrl+K)</source>
      <extracomment>An agent waits this long at most for a search before the list says what went wrong. The query whose first page is on its way (None: no search running).</extracomment>
      <translation>Name, E-Mail, Telefon oder ID suchen  (Strg+K)</translation>
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
  </context>
  <context>
    <name>CustomerToolDialog</name>
    <message>
      <source>Reason</source>
      <extracomment>A reason is the contract's ShortText: one line of at most this many characters.</extracomment>
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
      <source>How the days went</source>
      <extracomment>Events after which the figures are asked for again: what the summary counts. After an event, wait this long (collecting the events that follow) and then ask once.</extracomment>
      <translation>Wie die Tage liefen</translation>
    </message>
    <message>
      <source>R&amp;efresh</source>
      <translation>&amp;Aktualisieren</translation>
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
    <name>IdentityDialog</name>
    <message>
      <source>Verify identity</source>
      <extracomment>The code the server sends: six digits (a caller may read it out with spaces).</extracomment>
      <translation>Identität prüfen</translation>
    </message>
    <message>
      <source>Send a one-time code to the customer, then type the code the caller reads out.</source>
      <translation>Senden Sie dem Kunden einen Einmalcode und tippen Sie dann den Code ein, den der Anrufer vorliest.</translation>
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
    <name>MainWindow</name>
    <message>
      <source>Find a customer: Ctrl+K, type, Enter.</source>
      <extracomment>The key of the view that is always there: customer search and the customer pane. The entries of View &gt; Appearance.</extracomment>
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
      <extracomment>The queue's key in the main window (and of `--view`).</extracomment>
      <translation>&amp;Warteschlange</translation>
    </message>
  </context>
  <context>
    <name>NewRequestDialog</name>
    <message>
      <source>New request</source>
      <extracomment>The fields of the form, as the checks and the server's `reference` name them.</extracomment>
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
      <extracomment>The longest notification text and title, in characters. Threads whose assignee is remembered, and messages waiting for their thread's event (oldest go). How long the tray message stays (the desktop may decide otherwise). How long to wait for the writer's name before the message names the customer by number.</extracomment>
      <translation>Kunde %s</translation>
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
    <name>QueueFilters</name>
    <message>
      <source>Show closed &amp;threads</source>
      <extracomment>Open threads: every status but CLOSED. How far back "Updated since" starts when first ticked.</extracomment>
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
    <name>QueueView</name>
    <message>
      <source>The team's threads</source>
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
    <message>
      <source>1 thread</source>
      <translation>1 Vorgang</translation>
    </message>
    <message>
      <source>%1 threads</source>
      <translation>%1 Vorgänge</translation>
    </message>
    <message>
      <source>%1 of %2 threads (more as you scroll)</source>
      <translation>%1 von %2 Vorgängen (weitere beim Blättern)</translation>
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
      <source>Automatic (the computer's language: %1)</source>
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
      <extracomment>The translation context of the table's texts (they are translated where they are shown). Where a shortcut works. A customer tab's area is "&lt;tab name&gt; tab". A view of the main window (the queue, ...) names the area of the controls inside it in this property of its widget, so the sheet lists their Alt+letters under that view. Ctrl+Q as well where the platform has no standard Quit key (Windows, offscreen).</extracomment>
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
      <source>Keep the sign-in in the operating system's keyring</source>
      <translation>Die Anmeldung im Schlüsselbund des Betriebssystems aufbewahren</translation>
    </message>
    <message>
      <source>Sign in</source>
      <translation>Anmelden</translation>
    </message>
    <message>
      <source>Signing in…</source>
      <translation>Anmeldung läuft…</translation>
    </message>
  </context>
  <context>
    <name>StatusLabelDialog</name>
    <message>
      <source>Change status</source>
      <extracomment>The combo box's data for "no label": clearing the label.</extracomment>
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
    <name>Words</name>
    <message>
      <source>Letter</source>
      <extracomment>The translation context of the table's words.</extracomment>
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
      <extracomment>Each enum's words by value. Enums that mean the same (a one-time code's channel is a channel) share one.</extracomment>
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