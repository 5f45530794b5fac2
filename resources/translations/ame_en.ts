<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB" sourcelanguage="sv_SE">
<context>
    <name></name>
    <message>
        <source>Flikar: {tabs}</source>
        <translation>Tabs: {tabs}</translation>
    </message>
    <message>
        <source>Tabell</source>
        <translation>Table</translation>
    </message>
    <message>
        <source>Lista</source>
        <translation>List</translation>
    </message>
    <message>
        <source>Val: {first}</source>
        <translation>Choice: {first}</translation>
    </message>
    <message>
        <source>Diagram: {t}</source>
        <translation>Chart: {t}</translation>
    </message>
    <message>
        <source>Diagram</source>
        <translation>Chart</translation>
    </message>
    <message>
        <source>{p} %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Textstorlek</source>
        <translation>Text size</translation>
    </message>
    <message>
        <source>&amp;Textstorlek</source>
        <translation>&amp;Text size</translation>
    </message>
    <message>
        <source>Gäller hela fönstret, för dig på den här datorn. Ändringen syns direkt.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Språk</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>S&amp;pråk</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <source>Språket gäller från nästa start av programmet.</source>
        <translation>The language applies from the next start of the program.</translation>
    </message>
    <message>
        <source>Användarnamn</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>Namn</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Senaste inskrivning</source>
        <translation>Latest enrollment</translation>
    </message>
    <message>
        <source>Roll</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>Kommuner</source>
        <translation>Municipalities</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Windows-inloggning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enanvändarläge: ingen inloggning, programmet agerar som kontot nedan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kontot som används i enanvändarläge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nytt konto…</source>
        <translation>New account…</translation>
    </message>
    <message>
        <source>Ändra roll…</source>
        <translation>Change role…</translation>
    </message>
    <message>
        <source>Lås upp</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <source>Nytt lösenord…</source>
        <translation>New password…</translation>
    </message>
    <message>
        <source>&amp;Windows-inloggning…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Koppla kontot till en Windows-användare på en dator: där öppnas fönstret utan lösenord. Bara för ett lokalt register.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spara läget</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>alla</source>
        <translation>all</translation>
    </message>
    <message>
        <source>låst</source>
        <translation>locked</translation>
    </message>
    <message>
        <source>aktiv</source>
        <translation>active</translation>
    </message>
    <message>
        <source>Inga konton ännu: alla som öppnar databasfilen har full behörighet. Skapa ett administratörskonto först.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Administratör: inställningar, konton, gallring och loggar. Handledare: läser och ändrar deltagare i sina kommuner. Läsbehörig: läser.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nytt konto</source>
        <translation>New account</translation>
    </message>
    <message>
        <source>Lösenord (minst 10 tecken)</source>
        <translation>Password (at least 10 characters)</translation>
    </message>
    <message>
        <source>Kommuner (inga = alla)</source>
        <translation>Municipalities (none = all)</translation>
    </message>
    <message>
        <source>Ändra roll</source>
        <translation>Change role</translation>
    </message>
    <message>
        <source>Roll:</source>
        <translation>Role:</translation>
    </message>
    <message>
        <source>Nytt lösenord</source>
        <translation>New password</translation>
    </message>
    <message>
        <source>Nytt lösenord (minst 10 tecken):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Windows-inloggning finns bara för ett lokalt register (en SQLite-fil på datorn). I ett gemensamt register på PostgreSQL loggar databasrollen in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DOMÄN\namn, t.ex. KOMMUN\anna.andersson</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>datorns namn, t.ex. PC-AME-012</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Fyll i den här datorns inloggning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{a} på {c}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Den som är inloggad i Windows som den användaren på den datorn kommer in i registret som {u} utan lösenord. Använd det bara på en dator med skärmlås som bara den personen använder. Tomma fält tar bort kopplingen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Windows-inloggning för {u}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Windows-&amp;konto</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Dator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>konto (tomt = alla)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>personnummer (tomt = alla)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visa</source>
        <translation>Show</translation>
    </message>
    <message>
        <source>Kontrollera kedjan</source>
        <translation>Verify the chain</translation>
    </message>
    <message>
        <source>Månadens logggranskning…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Id</source>
        <translation>Id</translation>
    </message>
    <message>
        <source>Tid</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Konto</source>
        <translation>Account</translation>
    </message>
    <message>
        <source>Händelse</source>
        <translation>Event</translation>
    </message>
    <message>
        <source>Post</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>Deltagare</source>
        <translation>Participants</translation>
    </message>
    <message>
        <source>Detaljer</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Från</source>
        <translation>From</translation>
    </message>
    <message>
        <source>till</source>
        <translation>to</translation>
    </message>
    <message>
        <source>{n} (högst 2 000 visas, nyast först).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loggen</source>
        <translation>The log</translation>
    </message>
    <message>
        <source>Loggen är inte hel:
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loggen är hel: kedjan av kontrollsummor stämmer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spara logggranskning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Excel (*.xlsx)</source>
        <translation>Excel (*.xlsx)</translation>
    </message>
    <message>
        <source>Personnummer</source>
        <translation>Personal identity number</translation>
    </message>
    <message>
        <source>Senaste anteckning</source>
        <translation>Latest note</translation>
    </message>
    <message>
        <source>Ska gallras senast</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Varför</source>
        <translation>Why</translation>
    </message>
    <message>
        <source>Förhandsgranska</source>
        <translation>Preview</translation>
    </message>
    <message>
        <source>Gallra markerade…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spara</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Bevaras i år efter sista anteckningen:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Personuppgifter gallras ett antal år efter sista anteckningen, senast vid utgången av året därpå (SoL 16 kap. 1 §, eller kommunens dokumenthanteringsplan). Gallringen raderar allt om personen; i loggen ersätts personen av en pseudonym.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} ska gallras.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gallring</source>
        <translation>Erasure</translation>
    </message>
    <message>
        <source>Markera de personer som ska gallras.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Radera allt om {n}? Det går inte att ångra.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} gallrades.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tomt = mappen ”säkerhetskopior” bredvid databasfilen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Välj…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <source>Säkerhetskopiera nu…</source>
        <translation>Back up now…</translation>
    </message>
    <message>
        <source>Återställ från kopia…</source>
        <translation>Restore from a copy…</translation>
    </message>
    <message>
        <source>Mapp:</source>
        <translation>Folder:</translation>
    </message>
    <message>
        <source>Antal dagliga kopior som sparas:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>En kopia görs automatiskt en gång per dag när programmet startas. Kopian tas medan databasen används (SQLites säkerhetskopiering) och är en vanlig databasfil.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Databas: {db}</source>
        <translation>Database: {db}</translation>
    </message>
    <message>
        <source>PostgreSQL-databaser säkerhetskopieras på servern (pg_dump) – se IT-guiden.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mapp för säkerhetskopior</source>
        <translation>Folder for backups</translation>
    </message>
    <message>
        <source>Sparat.</source>
        <translation>Saved.</translation>
    </message>
    <message>
        <source>Säkerhetskopian sparades i {p}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Välj säkerhetskopia</source>
        <translation>Choose a backup</translation>
    </message>
    <message>
        <source>Databasfiler (*.db)</source>
        <translation>Database files (*.db)</translation>
    </message>
    <message>
        <source>Återställ</source>
        <translation>Restore</translation>
    </message>
    <message>
        <source>Ersätta hela registret med kopian? En kopia av nuvarande register sparas först.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Registret återställdes. Det tidigare sparades som {p}. Starta om programmet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spara säkerhetskopia</source>
        <translation>Save backup</translation>
    </message>
    <message>
        <source>Strategisk kontakt</source>
        <translation>Strategic contact</translation>
    </message>
    <message>
        <source>Saknas</source>
        <translation>Missing</translation>
    </message>
    <message>
        <source>Ja</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>klar {done} ({n} d)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Datum</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Handledare</source>
        <translation>Coach</translation>
    </message>
    <message>
        <source>Kategori</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>Kanal</source>
        <translation>Channel</translation>
    </message>
    <message>
        <source>AF-kontor</source>
        <translation>AF office</translation>
    </message>
    <message>
        <source>Samtycke</source>
        <translation>Consent</translation>
    </message>
    <message>
        <source>Uppföljning</source>
        <translation>Follow-up</translation>
    </message>
    <message>
        <source>Fråga / utfall</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Samtycke till informationsdelning var inte dokumenterat vid kontakten.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fråga: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Utfall: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AF: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sök namn eller personnummer – tomt = strategisk kontakt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ingen deltagare matchar.</source>
        <translation>No participant matches.</translation>
    </message>
    <message>
        <source>Välj deltagaren i listan under fältet (pil ned, Enter) – eller töm fältet för en strategisk kontakt.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ny kontakt med Arbetsförmedlingen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ändra kontakt</source>
        <translation>Edit contact</translation>
    </message>
    <message>
        <source>TT:MM</source>
        <translation>HH:MM</translation>
    </message>
    <message>
        <source>(ingen)</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>Välj kategori…</source>
        <translation>Choose a category…</translation>
    </message>
    <message>
        <source>t.ex. Arbetsförmedlingen Västervik</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Samtycke till informationsdelning är dokumenterat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ÅÅÅÅ-MM-DD (dagen samtycket dokumenterades)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Utan dokumenterat samtycke loggas kontakten men flaggas.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ÅÅÅÅ-MM-DD (tomt = ingen uppföljning)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AF ringer ofta tillbaka: sätt en dag då kontakten ska följas upp.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ÅÅÅÅ-MM-DD (tomt = inte klar)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Datum</source>
        <translation>&amp;Date</translation>
    </message>
    <message>
        <source>T&amp;id</source>
        <translation>T&amp;ime</translation>
    </message>
    <message>
        <source>D&amp;eltagare</source>
        <translation>P&amp;articipant</translation>
    </message>
    <message>
        <source>&amp;Handledare</source>
        <translation>&amp;Coach</translation>
    </message>
    <message>
        <source>&amp;Kategori</source>
        <translation>&amp;Category</translation>
    </message>
    <message>
        <source>K&amp;anal</source>
        <translation>Ch&amp;annel</translation>
    </message>
    <message>
        <source>AF-kontakt&amp;person</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AF-k&amp;ontor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Samtycke</source>
        <translation>&amp;Consent</translation>
    </message>
    <message>
        <source>Samtycke da&amp;tum</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Fråga</source>
        <translation>&amp;Question</translation>
    </message>
    <message>
        <source>&amp;Utfall</source>
        <translation>&amp;Outcome</translation>
    </message>
    <message>
        <source>Uppföljni&amp;ng</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Uppföljning k&amp;lar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tryck Spara igen för att spara ändå.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kontakten har ingen uppföljning.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ta bort kontakt</source>
        <translation>Remove contact</translation>
    </message>
    <message>
        <source>Ta bort kontakten {when} ur loggen? Det går inte att ångra.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visa uppföljningarna</source>
        <translation>Show the follow-ups</translation>
    </message>
    <message>
        <source>Senaste 12 månaderna</source>
        <translation>Last 12 months</translation>
    </message>
    <message>
        <source>Denna månad</source>
        <translation>This month</translation>
    </message>
    <message>
        <source>Förra månaden</source>
        <translation>Last month</translation>
    </message>
    <message>
        <source>I år</source>
        <translation>This year</translation>
    </message>
    <message>
        <source>Förra året</source>
        <translation>Last year</translation>
    </message>
    <message>
        <source>Egna datum</source>
        <translation>Own dates</translation>
    </message>
    <message>
        <source>ÅÅÅÅ-MM-DD</source>
        <translation>YYYY-MM-DD</translation>
    </message>
    <message>
        <source>Alla kategorier</source>
        <translation>All categories</translation>
    </message>
    <message>
        <source>Alla kontakter</source>
        <translation>All contacts</translation>
    </message>
    <message>
        <source>Strategiska (utan deltagare)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alla uppföljningar</source>
        <translation>All follow-ups</translation>
    </message>
    <message>
        <source>Öppna uppföljningar</source>
        <translation>Open follow-ups</translation>
    </message>
    <message>
        <source>Att göra (i dag och försenade)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Försenade</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>Sök i loggen: namn, personnummer, text (Ctrl+F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Period:</source>
        <translation>Period:</translation>
    </message>
    <message>
        <source>Ny kontakt… (Ctrl+N)</source>
        <translation>New contact… (Ctrl+N)</translation>
    </message>
    <message>
        <source>Ändra…</source>
        <translation>Edit…</translation>
    </message>
    <message>
        <source>Uppföljning klar</source>
        <translation>Follow-up done</translation>
    </message>
    <message>
        <source>Markera den valda kontaktens uppföljning som klar i dag (Ctrl+K).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ta bort</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>Öppna deltagaren</source>
        <translation>Open the participant</translation>
    </message>
    <message>
        <source>Antal</source>
        <translation>Number</translation>
    </message>
    <message>
        <source>&amp;Logg</source>
        <translation>&amp;Log</translation>
    </message>
    <message>
        <source>&amp;Sammanställning</source>
        <translation>&amp;Summary</translation>
    </message>
    <message>
        <source>Pseudonymiserad (utan personnummer, namn och fritext)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exportera Excel…</source>
        <translation>Export Excel…</translation>
    </message>
    <message>
        <source>Exportera PDF…</source>
        <translation>Export PDF…</translation>
    </message>
    <message>
        <source>Export av perioden (logg och sammanställning):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kontakter med Arbetsförmedlingen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alla handledare</source>
        <translation>All coaches</translation>
    </message>
    <message>
        <source>Från-datum ligger efter till-datum.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (alla datum)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;{total}&lt;/b&gt; kontakter ({people} om deltagare, {strategic} strategiska) · &lt;b&gt;{open}&lt;/b&gt; öppna uppföljningar i perioden · &lt;b&gt;{late}&lt;/b&gt; försenade just nu (alla perioder) · median &lt;b&gt;{median}&lt;/b&gt; dagar till klar uppföljning ({done} klara) · &lt;b&gt;{consent}&lt;/b&gt; utan samtycke</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visar de sista 12 månaderna av perioden; exporten har alla. </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sammanställningen gäller hela perioden {a} – {b}, oberoende av filtren ovanför loggen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Totalt</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Excel-arbetsbok (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Exportera AF-kontakter</source>
        <translation>Export AF contacts</translation>
    </message>
    <message>
        <source>Skriver filen…</source>
        <translation type="vanished">Writing the file…</translation>
    </message>
    <message>
        <source>Sparad: {p}</source>
        <translation>Saved: {p}</translation>
    </message>
    <message>
        <source>Exporterar…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <source>Exporterar AF-kontakterna…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} försenade</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} att göra i dag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Uppföljningar av AF-kontakter: {what}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> och </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>försenad</source>
        <translation>overdue</translation>
    </message>
    <message>
        <source>i dag</source>
        <translation>today</translation>
    </message>
    <message>
        <source>strategisk kontakt</source>
        <translation>strategic contact</translation>
    </message>
    <message>
        <source>… och {n} till.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Uppföljningar</source>
        <translation>Follow-ups</translation>
    </message>
    <message>
        <source>Stäng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Ny kontakt…</source>
        <translation>New contact…</translation>
    </message>
    <message>
        <source>Samtycke till informationsdelning dokumenterat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inget dokumenterat samtycke till informationsdelning.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n}, {open}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(&lt;span style=&apos;color:#b00020&apos;&gt;{late} försenade&lt;/span&gt;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grupp (aktivitet)</source>
        <translation>Group (activity)</translation>
    </message>
    <message>
        <source>En deltagare</source>
        <translation>One participant</translation>
    </message>
    <message>
        <source>Visa veckan för en grupp eller en deltagare</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Föregående vecka</source>
        <translation>Previous week</translation>
    </message>
    <message>
        <source>Föregående vecka (Alt+Vänster)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nästa vecka</source>
        <translation>Next week</translation>
    </message>
    <message>
        <source>Nästa vecka (Alt+Höger)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Denna vecka</source>
        <translation>This week</translation>
    </message>
    <message>
        <source>Fyll i från schemat (Ctrl+D)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spara veckan (Ctrl+S)</source>
        <translation>Save the week (Ctrl+S)</translation>
    </message>
    <message>
        <source>Ångra (Esc)</source>
        <translation>Undo (Esc)</translation>
    </message>
    <message>
        <source>Skriv timmar i kvartar (7,5). Frånvaro: ”8 s” (sjuk), ”8 si” (sjuk med intyg), ”8 v” (VAB), ”8 b” (beviljad), ”8 a” (arbete), ”8 i” (intervju), ”8 m” (myndighet), ”8 vd” (vårdbesök), ”8 st” (inställd av enheten), ”8 o” (utan anmält skäl) – eller högerklicka. (8) i grått = planerat enligt schemat. Delete tömmer en cell.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bara de med timmar som saknas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Krav</source>
        <translation>Requirement</translation>
    </message>
    <message>
        <source>Närvaro</source>
        <translation>Attendance</translation>
    </message>
    <message>
        <source>Eget jobbsök</source>
        <translation>Own job search</translation>
    </message>
    <message>
        <source>Anmält skäl</source>
        <translation>Reported reason</translation>
    </message>
    <message>
        <source>Inställt</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>Utan anmält skäl</source>
        <translation>No reported reason</translation>
    </message>
    <message>
        <source>Ej registrerat</source>
        <translation>Not registered</translation>
    </message>
    <message>
        <source>Ej inskriven (d)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stängt (d)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skriv månadsrapport…</source>
        <translation>Write monthly report…</translation>
    </message>
    <message>
        <source>Dubbelklicka på en rad för att se personens vecka.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Månad:</source>
        <translation>Month:</translation>
    </message>
    <message>
        <source>Månadsläge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aktivitetskrav – närvaro</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ingen är schemalagd här den här veckan.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inget aktivitetskrav den här månaden.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hittills i {month} (t.o.m. {day}): </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} i från schemat – rätta undantagen och spara.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Schemat har inget mer att fylla i den här veckan.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Närvarande</source>
        <translation>Present</translation>
    </message>
    <message>
        <source>Frånvaro</source>
        <translation>Absence</translation>
    </message>
    <message>
        <source>Töm</source>
        <translation>Clear</translation>
    </message>
    <message>
        <source>Inget sparades: {n} fel (röda; håll musen över för att se varför).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} sparades.</source>
        <translation>{n} saved.</translation>
    </message>
    <message>
        <source>Osparade timmar</source>
        <translation>Unsaved hours</translation>
    </message>
    <message>
        <source>Du har ändrat timmar utan att spara. Vill du spara dem?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spara inte</source>
        <translation>Don't save</translation>
    </message>
    <message>
        <source>Avbryt</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>{n} personer har aktivitetskrav i {m}; för {k} saknas timmar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> hittills (t.o.m. {d}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skriv månadsrapport</source>
        <translation>Write monthly report</translation>
    </message>
    <message>
        <source>PDF (*.pdf);;Excel (*.xlsx);;JSON (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skriver månadsrapporten…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Månadsrapport</source>
        <translation>Monthly report</translation>
    </message>
    <message>
        <source>Rapporten sparades i {p}.</source>
        <translation>The report was saved in {p}.</translation>
    </message>
    <message>
        <source>Vecka {w} ({a} – {b})</source>
        <translation>Week {w} ({a} – {b})</translation>
    </message>
    <message>
        <source>Vecka</source>
        <translation>Week</translation>
    </message>
    <message>
        <source>Månad</source>
        <translation>Month</translation>
    </message>
    <message>
        <source>Period: vecka eller månad</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Föregående period</source>
        <translation>Previous period</translation>
    </message>
    <message>
        <source>Föregående period (Alt+Vänster)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nästa period</source>
        <translation>Next period</translation>
    </message>
    <message>
        <source>Nästa period (Alt+Höger)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Kommande</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tillbaka till kommande vecka eller månad</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(ingen angiven)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lämna till handläggaren</source>
        <translation>Hand over to the caseworker</translation>
    </message>
    <message>
        <source>Lämna närvarorapporten för {month}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mottagare:</source>
        <translation>Recipient:</translation>
    </message>
    <message>
        <source>&amp;Kanal:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Datum:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Var PDF-filen sparas (tomt = ingen fil nu)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;PDF-fil:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rapporten omfattar {n} person(er):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Innehållet sparas exakt som det lämnas (med kontrollsumma), så att rapporten kan skrivas ut igen likadan. Ändras uppgifterna för månaden senare markeras leveransen ”ändrat efter leverans” och en rättelse kan lämnas.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spara rapporten</source>
        <translation>Save the report</translation>
    </message>
    <message>
        <source>&amp;Månad:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Handläggare:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lämna</source>
        <translation>Hand over</translation>
    </message>
    <message>
        <source>Krav (h)</source>
        <translation>Required (h)</translation>
    </message>
    <message>
        <source>Täckt (h)</source>
        <translation>Covered (h)</translation>
    </message>
    <message>
        <source>Lämna till handläggaren…</source>
        <translation>Hand over to the caseworker…</translation>
    </message>
    <message>
        <source>En PDF per handläggare till en mapp…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Närvarointyg för markerade…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Veckoscheman för markerade…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Månadslista till nämnden…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deltagande i kommunala arbetsmarknadsinsatser under månaden (HSLF-FS 2015:30), som Excel eller CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alla med aktivitetskrav</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} med aktivitetskrav i {m}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rapporten lämnades till {r} ({c}), leverans {id}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spara månadslistan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Excel (*.xlsx);;CSV (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Månadslistan ({n}) sparades.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spara närvarointygen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Närvarointyg för {n} sparades.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>De valda har skyddade personuppgifter; skriv ut deras papper från deltagarvyn.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} med skyddade personuppgifter togs inte med.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spara veckoschemana</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Veckoscheman för {n} sparades.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Välj mapp för rapporterna</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skriver rapport {d} av {t}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>avbröts efter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>klart:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rapporterna {w} {n} filer i {f}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} personer utan handläggare på kravperioden finns inte i någon fil.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skriver en rapport per handläggare…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mottagare</source>
        <translation>Recipient</translation>
    </message>
    <message>
        <source>Läge</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Skriv ut igen…</source>
        <translation>Print again…</translation>
    </message>
    <message>
        <source>Registrera kvittens…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rättelse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Uppdatera</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>{n}; {c} ändrade efter leverans.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skriv ut leveransen igen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leverans {id} skrevs ut igen, likadan som då.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Registrera kvittens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Handläggaren har tagit emot leverans {id}. Anteckning (valfri):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rättelse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inget har ändrats i {m} sedan leverans {id}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spara rättelsen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dagar</source>
        <translation>Days</translation>
    </message>
    <message>
        <source>Timmar</source>
        <translation>Hours</translation>
    </message>
    <message>
        <source>Ny frånvaro utan anmält skäl, flera frånvarodagar i följd och sjukdom utan läkarintyg sedan förra underrättelsen. Om frånvaron hade godtagbart skäl bedömer socialnämnden.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spara som PDF…</source>
        <translation>Save as PDF…</translation>
    </message>
    <message>
        <source>Kopiera e-posttext</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Markera som skickade</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} på underrättelse.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spara underrättelserna</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E-posttexten kopierades.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} som skickade.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;År:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Kvartal:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spara PDF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spara xlsx…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kommun</source>
        <translation>Municipality</translation>
    </message>
    <message>
        <source>Uppgift</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>Så räknas det: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spara kvartalsuppföljningen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Till handläggaren för ekonomiskt bistånd</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lämna rapport</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leveranser</source>
        <translation>Deliveries</translation>
    </message>
    <message>
        <source>Att underrätta</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kvartalsuppföljning</source>
        <translation>Quarterly follow-up</translation>
    </message>
    <message>
        <source>Rapporter som lämnats till dig</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nr</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>Säker e-post</source>
        <translation>Secure email</translation>
    </message>
    <message>
        <source>Utskrift</source>
        <translation>Printout</translation>
    </message>
    <message>
        <source>Annat</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>Lämnad</source>
        <translation>Handed over</translation>
    </message>
    <message>
        <source>Slag</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Personer</source>
        <translation>People</translation>
    </message>
    <message>
        <source>Kvitterad</source>
        <translation>Acknowledged</translation>
    </message>
    <message>
        <source>Öppna…</source>
        <translation>Open…</translation>
    </message>
    <message>
        <source>Kvittera</source>
        <translation>Acknowledge</translation>
    </message>
    <message>
        <source>ej kvitterad</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leverans {id} är kvitterad.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AME Desktop – rapporter till handläggaren</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} (handläggare ekonomiskt bistånd)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Närvarointyg</source>
        <translation>Attendance certificate</translation>
    </message>
    <message>
        <source>Månad (ÅÅÅÅ-MM):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spara närvarointyget</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spara veckoschemat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Närvarointyg…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Veckoschema…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Till</source>
        <translation>To</translation>
    </message>
    <message>
        <source>Orsak</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Nya stängda dagar…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stängda dagar</source>
        <translation>Closed days</translation>
    </message>
    <message>
        <source>Dagar då enheten inte erbjöd några aktiviteter (klämdag, personalutbildning, sommarstängt). Inget krävs av någon en stängd dag, och månadsrapporten räknar dem som stängda dagar – inte som frånvaro. Tom kommun = stängt för alla.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aktivitetskravet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alla</source>
        <translation>All</translation>
    </message>
    <message>
        <source>Planerat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Planerade
timmar saknas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Arbets-
plats</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Eget
jobbsök</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Övrigt
schema</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>På vänte-
lista</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inställt av
enheten</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Anmärkning</source>
        <translation>Remark</translation>
    </message>
    <message>
        <source>Timmar aktivitetskravet omfattar under periodens kravdagar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bokade och schemalagda timmar som räknas: grupper, arbetsplats, eget jobbsökande, övrigt schema</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Timmar som enheten ännu inte har planerat för personen (krav − planerat)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Timmar i grupper där personen står på väntelistan (räknas inte som planerade)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pass som enheten har ställt in (kräver ingenting av personen, men är timmar enheten inte gav)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ingen bokad plats ännu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>vecka {w}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alla kommuner</source>
        <translation>All municipalities</translation>
    </message>
    <message>
        <source>K&amp;ommun:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dubbelklicka eller tryck Enter för att öppna personen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tabell: underplanerade personer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Underplanerade</source>
        <translation>Under-scheduled</translation>
    </message>
    <message>
        <source>Räknar …</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Avbrutet – sidan visar det som räknades förra gången.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Räknar planerade timmar …</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{period}: {n} av {m} personer med aktivitetskrav har timmar kvar att planera, sammanlagt {h} timmar. {k} har ingen bokad plats ännu.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enligt
planerna</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bokat</source>
        <translation>Booked</translation>
    </message>
    <message>
        <source>Grupperna
erbjuder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Personer
med krav</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Krav
(timmar)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bokat
(timmar)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saknas
(timmar)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Heltidsplatser
som saknas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kan få krav
(ek. bistånd)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kategori 1–4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>v. {w}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{g}, {w}: {b} bokade av {p} platser, {f} lediga, {q} väntar; {s} ({c} inställda).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tillbaka till kommande månad</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Prognos för:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tabell: grupper per vecka, bokade av platser och väntande</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grupper per vecka: bokade/platser, +väntande (orange = fullbokad)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Timmarna de individuella planerna lägger i kategorin under kravdagarna</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bokade timmar i grupper och på arbetsplatser</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Timmar i grupper där personer står på väntelistan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Platser × tillfällen som inte är inställda</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tabell: timmar per kategori</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Timmar per kategori</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>”Enligt planerna”: timmarna de individuella planerna lägger i kategorin under kravdagarna. ”Grupperna erbjuder”: platser × tillfällen som inte är inställda.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tabell: prognos per månad</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prognos per månad</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kapacitet</source>
        <translation>Capacity</translation>
    </message>
    <message>
        <source>Räknar kapaciteten …</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Eget jobbsökande (ingen kategori)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Timmar per kategori, {m}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prognos: timmar som krävs och timmar som är bokade</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Krav (timmar)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bokat (timmar)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Heltidsplatser som saknas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>timmar</source>
        <translation>hours</translation>
    </message>
    <message>
        <source>Diagram: prognos, timmar som krävs och timmar som är bokade per månad</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bygger på aktivitetskravsperioderna i registret och utdraget om ekonomiskt bistånd till och med {m}: ”Kan få krav” är personer utan period som då har haft försörjningsstöd tre månader i följd.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bygger på aktivitetskravsperioderna i registret. Inget utdrag om ekonomiskt bistånd är importerat, så personer som kan få krav senare syns inte.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{first} – {last}: {groups} av {n} är fullbokade någon vecka; som mest {w} väntar i en grupp. {m}: {gap} timmar är ännu inte planerade.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Till (tomt = bara en dag)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ta bort de valda stängda dagarna?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (tomt = pågår)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ett oväntat fel inträffade ({name}). Detaljer finns i loggfilen {log}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Egna siffror</source>
        <translation>Own figures</translation>
    </message>
    <message>
        <source>Median</source>
        <translation>Median</translation>
    </message>
    <message>
        <source>Inga egna siffror.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>0 i nämnaren: andelen kan inte beräknas.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Egna siffror ur registret – preliminära</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ingen jämförelsekommun har ett värde.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inte hämtat från Kolada.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kolada har inget värde ({status}); hämtat {when}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>saknas</source>
        <translation>missing</translation>
    </message>
    <message>
        <source>Publicerat i Kolada; hämtat {when}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (antal)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nyckeltal ({n})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enhetens egna nyckeltal (beräknade ur registret, preliminära) bredvid liknande kommuners och rikets, publicerade i Kolada. &lt;b&gt;Inga uppgifter om deltagare lämnar datorn:&lt;/b&gt; Hämta från Kolada skickar bara nyckeltals-id, kommunkoder och år till api.kolada.se, och bara när du klickar. Det hämtade sparas och visas även utan internet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Välj vilka nyckeltal som jämförs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>År från</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hämta från Kolada</source>
        <translation>Fetch from Kolada</translation>
    </message>
    <message>
        <source>Skickar bara nyckeltals-id, kommunkoder och år till api.kolada.se</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Läs in sparat svar…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>För en dator utan internet: ett svar från Koladas API sparat som .json</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exportera…</source>
        <translation>Export…</translation>
    </message>
    <message>
        <source>Spara jämförelsen som Excel-arbetsbok (.xlsx)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kommunkoder, t.ex. 0428, 0481, 0767</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kommunkoder med komma emellan. Tomt eller Liknande kommuner: gruppen från Kolada.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Liknande kommuner</source>
        <translation>Similar municipalities</translation>
    </message>
    <message>
        <source>Jämför med kommunens grupp ”Liknande kommuner arbetsmarknad” i Kolada</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Jämför med</source>
        <translation>Compare with</translation>
    </message>
    <message>
        <source>Kolada grupperar kommuner med liknande förutsättningar. Gruppen hittas bland de hämtade på sin titel, ”Liknande kommuner arbetsmarknad, &lt;kommunens namn&gt;”; dess medlemmar är jämförelsekommunerna. Kommunen själv (egna och publicerade siffror) och riket visas på egna rader.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Jämför med andra</source>
        <translation>Compare with others</translation>
    </message>
    <message>
        <source>Registret har inga deltagare än, och ingen kommun är vald i Inställningar.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nyckeltal: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>. Tom ruta: inte hämtat från Kolada; –: inget värde.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Egen lista: {names}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>inga</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Jämförelsegrupp: {title} ({id}), hämtad {when}: {names}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ingen jämförelsegrupp hämtad än. Hämta från Kolada så söks kommunens grupp ”Liknande kommuner arbetsmarknad, {name}” upp (Koladas urval av kommuner med liknande förutsättningar), eller skriv kommunkoder ovan.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kolada-värdena hämtades {first}{last}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} värden för jämförelsekommunerna eller riket har inte hämtats – hämta från Kolada eller läs in ett sparat svar.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>inte hämtat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hämtningen misslyckades: {msg}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hämtar från Kolada…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Läs in sparat svar från Kolada</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Svar från Koladas API (*.json);;Alla filer (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spara jämförelsen</source>
        <translation>Save the comparison</translation>
    </message>
    <message>
        <source>Jämförelsen sparades i {path}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Uppgifter</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Hela året</source>
        <translation>The whole year</translation>
    </message>
    <message>
        <source>Till och med {month}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skriv nyckeltalen till en fil för Kolada (.xlsx, .csv eller .json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>År</source>
        <translation>Year</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>KPI</source>
        <translation>KPI</translation>
    </message>
    <message>
        <source>Nyckeltal</source>
        <translation>Key figure</translation>
    </message>
    <message>
        <source>Avslutsresultat</source>
        <translation>Exit result</translation>
    </message>
    <message>
        <source>Kön</source>
        <translation>Gender</translation>
    </message>
    <message>
        <source>Värde</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>Täljare</source>
        <translation>Numerator</translation>
    </message>
    <message>
        <source>Nämnare</source>
        <translation>Denominator</translation>
    </message>
    <message>
        <source>Vad som saknas</source>
        <translation>What is missing</translation>
    </message>
    <message>
        <source>&lt;b&gt;Nyckeltal&lt;/b&gt; – dubbelklicka för att se vilka personer som räknas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Kontroll&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Årsarbetare (matas in för hand)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>U40000 Anställda som arbetar med arbetsmarknadsfrågor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>U40403 Kommunala arbetsmarknadsanställningar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ej inmatat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spara årsarbetare</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KAS-nyckeltalen för Kolada, beräknade ur registret. Exporten innehåller också en sammanställning att föra in i Koladas formulär och listan Kontroll.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rapporter och export</source>
        <translation>Reports and export</translation>
    </message>
    <message>
        <source>Registret har inga deltagare än; det finns inga nyckeltal att visa.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ej inmatat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>0 i nämnaren</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>0 i nämnaren: andelen kan inte beräknas (Missing i exporten).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>under 100 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Summan av {first}–{last}: {n} av {d}. {m} saknar uppgift (eller har ett avslut som inte räknas i A–E), därför kan summan bli under 100 %.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Kontroll&lt;/b&gt; – {n} (dubbelklicka för att öppna personen)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Kontroll&lt;/b&gt; – inga anmärkningar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name}, {period}: {persons} personer bakom siffrorna, {participants} deltagare, {exits} avslutade.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Årsarbetare matas in för hand nedan; de bygger inte på personer i registret.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>anvisningar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>personer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} {what} räknas i täljaren för {kpi} ({title}), {start} – {end}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nämnaren är {d}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Årsarbetare {year}, {name} (matas in för hand; tomt = ej inmatat)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inget sparades.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exportera nyckeltalen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exporten sparades i {path}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exporten misslyckades.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skapar Kolada-exporten…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Förhandsgranska import – {file}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Arbetsboken har {n} fel. Inget kommer att sparas förrän alla är rättade i filen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Så här ändras registret om du importerar:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Blad</source>
        <translation>Sheet</translation>
    </message>
    <message>
        <source>Rad</source>
        <translation>Row</translation>
    </message>
    <message>
        <source>Kolumn</source>
        <translation>Column</translation>
    </message>
    <message>
        <source>Fel</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>… och {n} fel till.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ändring</source>
        <translation>Change</translation>
    </message>
    <message>
        <source>Vad</source>
        <translation>What</translation>
    </message>
    <message>
        <source>Fel ({n})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nya och ändrade ({n})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Varning</source>
        <translation>Warning</translation>
    </message>
    <message>
        <source>Varningar ({n})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Importera</source>
        <translation>Import</translation>
    </message>
    <message>
        <source>Välj arbetsbok att importera</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Excel-arbetsböcker (*.xlsx)</source>
        <translation>Excel workbooks (*.xlsx)</translation>
    </message>
    <message>
        <source>Kontrollerar {file}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Importerar {file}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Importen är klar</source>
        <translation>The import is done</translation>
    </message>
    <message>
        <source>Importen avbröts</source>
        <translation>The import was cancelled</translation>
    </message>
    <message>
        <source>Rättad senare</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kan ändras</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Låst</source>
        <translation>Locked</translation>
    </message>
    <message>
        <source>Ny journalanteckning</source>
        <translation>New journal entry</translation>
    </message>
    <message>
        <source>Rättelse av anteckningen {d}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ändra journalanteckning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Den ursprungliga anteckningen står kvar oförändrad; rättelsen visas som en ny anteckning som hänvisar till den.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Vad hände</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sök i journalen</source>
        <translation>Search the journal</translation>
    </message>
    <message>
        <source>Registrera lämnat samtycke</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Återkalla samtycke</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>T.ex. var den underskrivna blanketten finns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Historiken sparas: ett återkallat samtycke står kvar med det nya beslutet under.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Registrera samtycket den dag deltagaren lämnade det.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Ändamål</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Hur</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A&amp;nteckning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ändamål</source>
        <translation>Purpose</translation>
    </message>
    <message>
        <source>Senaste händelse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Samtycken per ändamål i dag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Anteckning</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Registrerat av</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Samtyckenas historik</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Registrera samtycke…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Registrera att deltagaren har lämnat samtycke för det valda ändamålet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Åter&amp;kalla samtycke…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Registrera att deltagaren har återkallat samtycket för det valda ändamålet. Historiken står kvar.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Historik (senaste först)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Läget &amp;i dag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gäller</source>
        <translation>In force</translation>
    </message>
    <message>
        <source>Gäller inte</source>
        <translation>Not in force</translation>
    </message>
    <message>
        <source>Samtycke gäller för {n} av {m} ändamål.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inget samtycke gäller i dag. Lämna inga uppgifter till andra myndigheter eller vården utan samtycke eller annat lagstöd.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skriven av</source>
        <translation>Written by</translation>
    </message>
    <message>
        <source>Journalanteckningar</source>
        <translation>Journal entries</translation>
    </message>
    <message>
        <source>Den valda anteckningens text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Ny anteckning…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ä&amp;ndra…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Rättelse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>En låst anteckning rättas med en ny anteckning som hänvisar till den.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} som matchar sökningen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inga anteckningar ännu. Skriv vad som hände med Ny anteckning.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{d} · {c} · skriven av {a} {w}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rättar anteckningen {d}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rättar en tidigare anteckning.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rättad senare: se den nyare anteckningen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AME Desktop</source>
        <translation>AME Desktop</translation>
    </message>
    <message>
        <source>Sidor</source>
        <translation>Pages</translation>
    </message>
    <message>
        <source>{name} ({role})</source>
        <translation>{name} ({role})</translation>
    </message>
    <message>
        <source>{n} deltagare i listan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Arkiv</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>&amp;Importera från Excel…</source>
        <translation>&amp;Import from Excel…</translation>
    </message>
    <message>
        <source>Skriv &amp;importmall…</source>
        <translation>Write import &amp;template…</translation>
    </message>
    <message>
        <source>&amp;Säkerhetskopiera…</source>
        <translation>&amp;Back up…</translation>
    </message>
    <message>
        <source>Skriv ut &amp;planer…</source>
        <translation>Print &amp;plans…</translation>
    </message>
    <message>
        <source>A&amp;vsluta</source>
        <translation>E&amp;xit</translation>
    </message>
    <message>
        <source>&amp;Deltagare</source>
        <translation>&amp;Participants</translation>
    </message>
    <message>
        <source>&amp;Ny (deltagare, kontakt …)</source>
        <translation>&amp;New (participant, contact …)</translation>
    </message>
    <message>
        <source>&amp;Sök</source>
        <translation>&amp;Search</translation>
    </message>
    <message>
        <source>S&amp;para</source>
        <translation>S&amp;ave</translation>
    </message>
    <message>
        <source>&amp;Hjälp</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>&amp;Om AME Desktop</source>
        <translation>&amp;About AME Desktop</translation>
    </message>
    <message>
        <source>Spara importmall</source>
        <translation>Save import template</translation>
    </message>
    <message>
        <source>Importmall</source>
        <translation>Import template</translation>
    </message>
    <message>
        <source>Säkerhetskopia</source>
        <translation>Backup</translation>
    </message>
    <message>
        <source>Säkerhetskopian sparades i {path}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Att underrätta handläggaren: {n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Handläggare ({n})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Handläggare</source>
        <translation>Caseworker</translation>
    </message>
    <message>
        <source>Arbete att bekräfta: {n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (försenade: {o})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bekräfta arbete ({n})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bekräfta arbete</source>
        <translation>Confirm work</translation>
    </message>
    <message>
        <source>AF-kontakter</source>
        <translation>AF contacts</translation>
    </message>
    <message>
        <source>Underplanerade: {n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Personer med aktivitetskrav som har färre planerade timmar än kravet nästa vecka (enhetens planering)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Underplanerade ({n})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Uppföljningar denna vecka: {w}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Uppföljning ({n})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dagens säkerhetskopia sparades: {p}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Den automatiska säkerhetskopian misslyckades: {e}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Registrets placering</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Listan uppdaterades med ändringar från andra användare.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Om AME Desktop</source>
        <translation>About AME Desktop</translation>
    </message>
    <message>
        <source>AME Desktop {v}
Register och rapporter för kommunala arbetsmarknadsenheter.

Databas: {db}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(ej registrerad)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Steg</source>
        <translation>Steps</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>Plan</translation>
    </message>
    <message>
        <source>Journal</source>
        <translation>Journal</translation>
    </message>
    <message>
        <source>Samtycken</source>
        <translation>Consents</translation>
    </message>
    <message>
        <source>Anställningens första dag. Tomt = dagen efter slutdatum.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dagen det bekräftades att arbetet varat en sammanhängande månad (tidigast en månad efter första dagen). Först då räknas avslutet som A i KAS.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Räknas i Kolada (KAS) som {label}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>En kommunal arbetsmarknadsanställning räknas inte som arbete på den reguljära arbetsmarknaden.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Studier utan rätt till studiemedel räknas inte som studier i KAS.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Anställningen ska ha varat minst en sammanhängande månad.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ingen deltagare vald</source>
        <translation>No participant chosen</translation>
    </message>
    <message>
        <source>Skyddade personuppgifter…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sekretessmarkering, skyddad folkbokföring eller kvarskrivning: vem som ser kontaktuppgifterna</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Anvisningar</source>
        <translation>Referrals</translation>
    </message>
    <message>
        <source>Inskrivningar</source>
        <translation>Enrollments</translation>
    </message>
    <message>
        <source>Aktivitetskrav</source>
        <translation>Activity requirement</translation>
    </message>
    <message>
        <source>Enligt personnumret</source>
        <translation>As the personal identity number says</translation>
    </message>
    <message>
        <source>Kvinna</source>
        <translation>Woman</translation>
    </message>
    <message>
        <source>Man</source>
        <translation>Man</translation>
    </message>
    <message>
        <source>Annat / ej angivet</source>
        <translation>Other / not stated</translation>
    </message>
    <message>
        <source>Uppgift saknas</source>
        <translation>Not known</translation>
    </message>
    <message>
        <source>ÅÅÅÅMMDD-NNNN</source>
        <translation>YYYYMMDD-NNNN</translation>
    </message>
    <message>
        <source>&amp;Personnummer</source>
        <translation>&amp;Personal identity number</translation>
    </message>
    <message>
        <source>&amp;Förnamn</source>
        <translation>&amp;First name</translation>
    </message>
    <message>
        <source>&amp;Efternamn</source>
        <translation>&amp;Last name</translation>
    </message>
    <message>
        <source>&amp;Kön</source>
        <translation>&amp;Gender</translation>
    </message>
    <message>
        <source>Ko&amp;mmun</source>
        <translation>Mu&amp;nicipality</translation>
    </message>
    <message>
        <source>&amp;Utbildningsnivå</source>
        <translation>&amp;Education level</translation>
    </message>
    <message>
        <source>&amp;Telefon</source>
        <translation>&amp;Phone</translation>
    </message>
    <message>
        <source>E-p&amp;ost</source>
        <translation>E&amp;mail</translation>
    </message>
    <message>
        <source>Spara (Ctrl+S)</source>
        <translation>Save (Ctrl+S)</translation>
    </message>
    <message>
        <source>Registerutdrag…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Allt som finns lagrat om personen, som PDF eller Excel (GDPR)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Standardkommunen</source>
        <translation>The default municipality</translation>
    </message>
    <message>
        <source>Ny deltagare – inte sparad</source>
        <translation>New participant – not saved</translation>
    </message>
    <message>
        <source>Ny deltagare</source>
        <translation>New participant</translation>
    </message>
    <message>
        <source>Osparade ändringar</source>
        <translation>Unsaved changes</translation>
    </message>
    <message>
        <source>Sparad</source>
        <translation>Saved</translation>
    </message>
    <message>
        <source>Fyll i uppgifterna och spara med Ctrl+S.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spara registerutdrag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF (*.pdf);;Excel (*.xlsx)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Registerutdrag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Registerutdraget sparades i {p}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ändrad av någon annan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Läs in deras version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spara mina värden ändå</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fortsätt redigera</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Du har ändrat uppgifterna utan att spara. Vill du spara ändringarna?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Anvisare</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bokningar…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Personens bokningar i grupper och placeringar på arbetsplatser</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Personen har skyddade personuppgifter. Uppgiften visas bara för den personal som är namngiven i markeringen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ingen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{kind} sedan {when}. Kontaktuppgifterna visas bara för: {who}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Registerutdraget innehåller kontaktuppgifterna och tas fram av den namngivna personalen eller en administratör.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Personen öppnades inte: ett skäl behövs för att läsa uppgifterna.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kommentar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ny anvisning…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>t.ex. vilken annan instans</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Personens kommun</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Oförändrad</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ny anvisning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ändra anvisning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ta bort anvisning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ta bort den valda anvisningen?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Slut</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Utan arbete före</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Avslutsorsak</source>
        <translation>Exit reason</translation>
    </message>
    <message>
        <source>KAS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ny inskrivning…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Avsluta…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Uppföljning…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A (bekräftat {d})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A ej bekräftat – räknas inte än</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pågår</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(ingen – pågår)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ny inskrivning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ändra inskrivning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Startdatum</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Slutdatum</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Utan arbete före inskrivning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kommun (vars AME har inskrivningen)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Anställning från (A1/A2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Arbetet bekräftat (A1/A2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Försörjning vid start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sysselsättning vid start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Försörjning vid avslut</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sysselsättning vid avslut</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Avsluta</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Välj först den inskrivning som ska avslutas.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Välj avslutsorsak…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Anställningens första dag. Tomt = dagen efter slutdatum. En månad senare ska du bekräfta att arbetet varat (listan Bekräfta arbete); först då räknas det som A i KAS.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Avsluta aktivitetskravet och veckoschemat samma dag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Annars fortsätter kravperioden, och månadsrapporten visar dagarna efter avslutet som dagar utan inskrivning.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Avsluta inskrivning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Första dagen i arbetet (A1/A2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Välj först en avslutad inskrivning.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ta bort inskrivning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ta bort den valda inskrivningen? Det går inte att ångra.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sök namn eller personnummer (Ctrl+F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aktiva</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Avslutade</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ej inskrivna</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alla anvisare</source>
        <translation>All referrers</translation>
    </message>
    <message>
        <source>Ny deltagare (Ctrl+N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Importera från Excel…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Utan handledare</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} deltagare</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Den här delen av programmet kommer i en senare version.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skriv ut individuella planer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>En handledares aktiva deltagare</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hela enhetens aktiva deltagare</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>En PDF-fil med alla planer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>En PDF-fil per deltagare i en mapp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Välj var planerna ska sparas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skäl att ta med dem (skrivs i loggen)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skriv ut</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vilka</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hur</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Var</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skyddade</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Den senaste versionen av varje plan skrivs ut, och utskriften sparas i registret. Deltagare utan plan hoppas över.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} aktiva deltagare, varav {k} med en sparad plan.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} har skyddade personuppgifter och tas med.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} har skyddade personuppgifter och tas inte med.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spara planerna som en PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF-dokument (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Välj mapp för planerna</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skriv varför personerna med skyddade personuppgifter ska tas med (skälet skrivs i loggen).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skriver ut {n}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skriver ut planer…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Avbrutet. Ingen fil skrevs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Avbrutet. {n} planer hann skrivas till {target}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} till {target}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lägg till rad</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ta bort rad</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hämta från schemat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fyll i aktiviteter och timmar från veckoschemat och omfattningen från den aktuella kravperioden. Övriga delar behålls.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ångra ändringar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spara ny version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skriv ut (PDF)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vad deltagaren vill uppnå på sikt, t.ex. arbete inom ett yrke eller studier.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delmål</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Klart senast</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Datum som ÅÅÅÅ-MM-DD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aktivitet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kat.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lägg till en av enhetens aktiviteter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lägg till</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Timmar per dag. Kategorier: 1 öka förmågan att ta ett arbete · 2 språk · 3 jobbsökaraktivitet · 4 arbetsplatsförlagd · 0 eget jobbsökande (ingen av de fyra).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tomt = inget aktivitetskrav</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(inget undantag)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Krävs om timmarna är färre än heltid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hur deltagaren söker arbete, t.ex. antal ansökningar i veckan, jobbklubb, Platsbanken.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aktör</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stöd</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Arbetsförmedlingen, Försäkringskassan, hälso- och sjukvården …</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vad följs upp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ett åtagande per rad</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Långsiktigt mål</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Planerade aktiviteter och veckoschema</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Timmar per vecka</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undantag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Orsak till nedsatt omfattning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tid för eget jobbsökande</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stöd från andra aktörer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deltagaren åtar sig att</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enheten åtar sig att</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Åtaganden</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Planens innehåll</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Utskriven</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Utskriven av</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kontrollsumma</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skriv ut exakt samma dokument igen, med det ursprungliga utskriftsdatumet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Utskrifter&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Varje utskrift sparas: den plan som skrevs ut och skrevs under.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Individuell plan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Planen för {name} har ändringar som inte är sparade. Spara dem som en ny version?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Planen kunde inte sparas och ändringarna har inte behållits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ny plan (inte sparad)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version {n}, {day}{by}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ingen plan är sparad ännu. Förslaget bygger på veckoschemat och kravperioden; fyll i målen och spara.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version {n} visas skrivskyddad. Välj den senaste versionen för att ändra planen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Osparade ändringar – sparas som version {n}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Senaste versionen. Ändringar sparas som en ny version; tidigare versioner finns kvar.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Avsatt tid: {h} timmar per vecka (Eget jobbsökande, kategori 0 ovan).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ändringarna är inte sparade. Visa en annan version ändå?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version {n} sparad.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spara planen som PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Planen skrivs ut som den är sparad. Spara ändringarna som en ny version först?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skriver ut planen…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skriver ut planen igen…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Planen (version {n}, {pages} sidor) skrevs till {path}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Timmar/vecka</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Beslut</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ny kravperiod…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aktivitet att lägga till i schemat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lägg till i schemat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spara schemat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Registrera timmar…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Kravperioder&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Veckoschema&lt;/b&gt; (timmar per dag)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visa även avslutade</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tabell: bokningar i grupper</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tabell: placeringar på arbetsplatser</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bokningar görs på sidorna Grupper och Arbetsplatser.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grupper</source>
        <translation>Groups</translation>
    </message>
    <message>
        <source>Arbetsplatser</source>
        <translation>Workplaces</translation>
    </message>
    <message>
        <source>Väntelista sedan {d}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plats</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tills vidare</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bokat i dag: {h} timmar per vecka i grupper och på arbetsplatser, och {j} timmar eget jobbsökande per vecka.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Står på väntelistan till {n}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 grupp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} grupper</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bokningar – {n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tid för eget jobbsökande (Eget jobbsökande, ingen av de fyra kategorierna): {h} timmar per vecka.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tomt = heltid minus dokumenterade timmar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(ingen nedsättning)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Timmar per vecka som orsaken står för</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Krävs för Övrigt; annars frivillig förklaring</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Krävs om kravet inte är heltid minus dokumenterade timmar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ny kravperiod</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ändra kravperiod</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Orsakskod (nedsatt omfattning)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Timmar som orsaken står för</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Orsak (text)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Varför kravet avviker</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Beslutsdatum</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Diarienummer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Handläggare (ekonomiskt bistånd)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Försörjningsstöd sedan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Att kontrollera</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ta bort kravperiod</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ta bort den valda kravperioden?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undantagen från aktivitetskravet den här månaden.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>krav {h} h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>närvaro {h} h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>eget jobbsökande</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>frånvaro med anmält skäl</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>inställt av enheten</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>frånvaro utan anmält skäl</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ej registrerat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stängda dagar {n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kravdagar utan inskrivning {n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Månaden hittills: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ny handläggare…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(ingen vald)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ny handläggare</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enhet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kommunkod</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Telefon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E-post</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fysiskt möte</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Digitalt möte</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Brev</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Webbformulär</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inskrivningsstöd</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aktivitetsrapportering</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tolka beslut</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hantera ärende</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Samråd inför anvisning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Anvisning/remiss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Informationsbegäran</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trepartsmöte</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SIP-möte</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Samverkansmöte</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Underrättelse om aktivitetskrav</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Övrigt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hjälp att skriva in sig hos Arbetsförmedlingen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hjälp med aktivitetsrapporten till Arbetsförmedlingen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Förklara eller reda ut ett beslut från Arbetsförmedlingen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ärendehantering åt eller tillsammans med deltagaren.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Samråd med Arbetsförmedlingen inför anvisning (SoL 12 kap. 4 §).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Anvisning eller remiss mellan Arbetsförmedlingen och enheten.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Begäran om uppgifter (SoL 15 kap. 11 §).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Möte med deltagaren, Arbetsförmedlingen och enheten.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Samordnad individuell plan.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Strategiskt eller operativt samverkansmöte, oftast utan enskild deltagare.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Underrättelse om aktivitetskravet, åt något håll.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Annat.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Infaller</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>Avslut</source>
        <translation>Exit</translation>
    </message>
    <message>
        <source>Månader efter</source>
        <translation>Months after</translation>
    </message>
    <message>
        <source>Dagar sen</source>
        <translation>Days late</translation>
    </message>
    <message>
        <source>Uppföljning efter avslut</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visa det som infaller senast</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Registrera uppföljning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Välj en uppföljning i listan.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Så fick vi veta</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Försörjning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sysselsättning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spara uppföljningen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Denna vecka: {w} · försenade från tidigare: {o} · i listan: {n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name}, avslut {exit}: uppföljning {m} månader efter (infaller {due}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fs-stöd före</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fs-stöd efter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Åter inom 12 mån</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resultat efter avslut</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Beräkna</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exportera xlsx…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resultatrapport (PDF)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Importera EB-utdrag…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Månadsutdrag från systemet för ekonomiskt bistånd (.xlsx eller .csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Avslut från</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dela upp efter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Personerna bakom raden (dubbelklicka för att öppna)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Beräknar resultaten…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} avslut {a} – {b}; uppföljningarna räknade per {t}; {d}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ja</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nej</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>okänt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Personerna bakom raden ”{g}”: {n} avslut (dubbelklicka för att öppna)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vid avslut</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{m} mån</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Självförsörjande</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Åter på försörjningsstöd inom 6/12 mån</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{g}, andel i procent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spara resultatrapporten</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF-filer (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Importera utdrag om försörjningsstöd</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Utdrag (*.xlsx *.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Varning: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Utdraget {f} är importerat. </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Importerar utdraget…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{m} månader (infaller {d})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enhetens namn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Standardkommun</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Heltid i aktivitetskravet (timmar/vecka)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spara inställningar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enheten</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Namn på ny medarbetare</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Byt namn…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Medarbetare (handledare)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bocka ur den som har slutat: hen finns kvar på sina deltagare men kan inte väljas.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Den här datorn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Konton</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Logg</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Säkerhetskopior</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inställningar</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Byt namn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nytt namn:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Logga in – AME Desktop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Logga in på databasservern – AME Desktop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Användarnamn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Lösenord</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Logga in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Registret ligger på en databasserver som skiljer kommunerna åt själv. Logga in med ditt eget användarnamn och lösenord till databasen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ange ditt användarnamn.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Registret innehåller sekretessbelagda uppgifter. Logga in med ditt konto.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resultat</source>
        <translation>Results</translation>
    </message>
    <message>
        <source>Stegmodeller och dimensioner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stegförflyttning</source>
        <translation>Step progression</translation>
    </message>
    <message>
        <source>Senaste kvartalet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Egen period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exportera till Excel…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Så räknas det…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grupp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bedömda</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Personer med minst en stegbedömning daterad i perioden.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Med jämförelse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bedömda som har en tidigare bedömning att jämföra med (i eller före perioden).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Steg framåt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Andel av de bedömda där minst en bedömning i perioden ligger på en högre nivå än personens närmast föregående bedömning (även en bedömning före perioden).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Steg bakåt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Andel av de bedömda där minst en bedömning i perioden ligger på en lägre nivå än den närmast föregående. En person kan räknas både framåt och bakåt.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Median dagar per steg</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>För varje höjning mellan två på varandra följande bedömningar: antal dagar mellan dem delat med antal steg uppåt. Medianen av dessa värden.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nivåerna jämförs med sitt nummer, även mellan olika versioner av stegmodellen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Den kommun som är registrerad på personen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Anvisaren i personens senaste anvisning till och med periodens sista dag.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Median dagar/steg</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;{n}&lt;/b&gt; {who} bedömdes {a} – {b}. &lt;b&gt;{f}&lt;/b&gt; tog minst ett steg framåt, {k} ett steg bakåt. Median {d} dagar per steg.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ingen stegbedömning är gjord {a} – {b}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Andel av de bedömda, per anvisare</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inskrivna per nivå {d} (senaste bedömningen)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Så räknas det</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exportera stegförflyttning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exporterar stegförflyttningen…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sammanställningen sparades i {p}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stegmodell</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nivåer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bedömningar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visa äldre versioner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ny stegmodell…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gör till aktiv</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Den aktiva stegmodellen används för nya bedömningar och i importen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ta ur bruk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Den aktiva stegmodellen används för nya bedömningar och i importen. En stegmodell som har bedömningar ändras aldrig i efterhand: när du sparar en ändring blir det en ny version, och tidigare bedömningar behåller nivåerna de gjordes på.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nivå</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vad nivån betyder i praktiken</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dimension</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ny dimension…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inaktivera</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bedömningsdimensioner (frivilliga betyg 1–5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Äldre version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ur bruk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aktiv</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>I bruk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inaktiv</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ta i bruk igen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nivå (namn)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Välj en nivå i listan och beskriv vad den betyder i praktiken.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Beskrivning av nivå {n} {name}:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lägg till nivå</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ta bort nivå</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Flytta upp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Flytta ned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nivå 1 är längst från arbete. Nivåns nummer är dess plats i listan.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Modellen har {n}: när du sparar skapas version {v}, och de gjorda bedömningarna behåller sina nivåer i version {o}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ny stegmodell</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ändra stegmodell</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Beskrivning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ta stegmodellen ”{n}” ur bruk? Gjorda bedömningar finns kvar, men nya kan inte göras på den.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aktivera</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ny dimension</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Byt namn på dimension</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bedömning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inskriven</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{d}: nivå {label}{version}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (version {v})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stegmodell: {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stegdiagram: personens nivå över tid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bedömare</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Betyg 1–5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ny bedömning…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Större diagram…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n}. Senast {d}: nivå {last} (först nivå {first}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inga stegbedömningar ännu.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stegförflyttning – {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ny stegbedömning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ändra stegbedömning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (används för nya bedömningar)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Välj den nivå som beskriver läget nu.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Välj en medarbetare eller skriv namnet på den som gjorde bedömningen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>– (ej bedömd)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Betyg 1–5 per dimension är frivilliga: 1 = stort hinder, 5 = inget hinder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ta bort stegbedömning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ta bort den valda stegbedömningen? Det går inte att ångra.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Namn eller personnummer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;År</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Kommun</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Placering</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;ök</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ny ansökan…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exportera listan (.xlsx)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ansökningar om feriejobb och feriepraktik, och platserna de unga fått. Ett feriejobb är ingen inskrivning: den unga räknas inte bland deltagarna. KAS räknar varje person en gång per år, i personens egen kommun.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Feriejobb</source>
        <translation>Summer jobs</translation>
    </message>
    <message>
        <source>Alla år</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ingen plats</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} ansökningar från {p} personer; {placed} personer har fått plats, varav {out} utanför kommunens egna verksamhet. (Siffrorna för Kolada finns under Rapporter och export, N40471–N40475.)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ÅÅÅÅMMDD-NNNN (personen ska finnas i registret)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ingen plats (än)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ny feriejobbsansökan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ändra feriejobbsansökan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ansökningsdatum</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Önskemål</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kommunens egen verksamhet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Privata näringslivet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Civilsamhället</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Annan arbetsgivare</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alla ansökningar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Med plats</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Utan plats</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ansökan</source>
        <translation>Application</translation>
    </message>
    <message>
        <source>Placering</source>
        <translation>Placement</translation>
    </message>
    <message>
        <source>Arbetsplats</source>
        <translation>Workplace</translation>
    </message>
    <message>
        <source>Från – till</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ta bort ansökan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ta bort ansökan från {d}?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exportera feriejobbslistan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Listan ({n} ansökningar) sparades i {p}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Summa</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stängt: {why}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stängt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enheten var stängd: {why}. Inget krävs den här dagen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Planerat enligt schemat: {h} h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Utanför inskrivningen eller i framtiden – kan inte registreras.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vecka {w}: {a} – {b}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Första arbetsdag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kan bekräftas från</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A1 – osubventionerad</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A2 – subventionerad</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visa bara de som kan bekräftas nu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Arbetet har varat en månad…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Arbetet varade inte…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Öppna personen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kolada räknar ett avslut till arbete (A1/A2) som ”Börjat arbeta” först när anställningen har pågått minst en sammanhängande månad. En månad efter första arbetsdagen: bekräfta att arbetet varat, eller ändra avslutsorsaken om det inte gjorde det. Obekräftade avslut räknas bland avslutade men i ingen av A–E.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Uppföljningen försenad ({n} dagar)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kan bekräftas i dag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Väntar ({n} dagar kvar)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} avslut till arbete väntar på bekräftelse; {d} kan bekräftas nu, varav {l} är försenade.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inga avslut till arbete väntar på bekräftelse.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name}: första arbetsdag {first}; kan bekräftas från {due}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bekräfta att arbetet varat en månad</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bekräftat den</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>t.ex. anställningen upphörde efter två veckor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Arbetet varade inte en månad – {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ny avslutsorsak</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Varför (sparas i loggen)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Klar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Planerad</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>I dag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Försenad</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 Förmåga</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>2 Språk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>3 Söka arbete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>4 Arbetsplats</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 – Öka förmågan att ta ett arbete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>2 – Förbättra språkkunskaperna</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>3 – Förbättra förmågan att söka arbete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>4 – Arbetsplatsförlagd</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ansvarig</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Platser</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bokade</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lediga</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Väntar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mån</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ons</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fre</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lör</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sön</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Veckodag {d}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starttid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sluttid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ÅÅÅÅ-MM-DD (tomt = inga tillfällen nu)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gruppen är aktiv (kan bokas)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ny grupp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ändra grupp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Namn:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Kategori:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Veckodagar:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Tid:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Lokal:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Adress:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An&amp;svarig:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Platser:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gäller &amp;från:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gäller t&amp;ill:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skapa tillfällen t.o.&amp;m.:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tillfällen skapas på gruppens veckodagar; helgdagar och dagar då enheten är stängd hoppas över.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ante&amp;ckning:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visa även inaktiva &amp;grupper</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Ny grupp… (Ctrl+N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Ändra…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skapa &amp;tillfällen…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tabell: grupper</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tabell: tillfällen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Ställ in tillfälle…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Åt&amp;erställ tillfälle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tillfällen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tabell: bokningar och väntelista</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Boka deltagare…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Avsl&amp;uta bokning…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ta b&amp;ort bokning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bokningar och väntelista</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{groups}, {full}, {waiting} i perioden.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inställt: {r}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Väntar, nr {n} ({d})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tillfällen i {g} ({n})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bokningar och väntelista i {g}: {p} av {n} platser, {w} väntar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gruppen sparades med {n}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hoppade över {n} (helgdag eller stängt).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gruppen sparades.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skapa tillfällen i {g}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Från:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Till och med:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>På gruppens veckodagar ({d}); helgdagar, dagar då enheten är stängd och tillfällen som redan finns hoppas över.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skapa</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} skapade; {k} hoppades över.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>t.ex. Handledaren sjuk, lokalen stängd</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ställ in tillfället {d} i {g}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ingen har en bokad plats på passet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Den som är bokad får passet markerat som inställt av enheten. Aktivitetskravet kräver då ingenting av henne eller honom för det här passet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alla {n} bokade får passet markerat som inställt av enheten. Aktivitetskravet kräver då ingenting av dem för det här passet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Orsak:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ställ in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tillfället {d} är inställt; {n} markerade som inställt av enheten.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{k} hade redan timmar registrerade den dagen (lämnade som de var).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Återställ tillfälle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tillfället {d} i {g} genomförs ändå? Markeringen ”inställt av enheten” tas bort för de bokade.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tillfället {d} återställt ({n} markeringar borttagna).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sök namn eller personnummer, pil ned och Enter väljer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{g}: {d} {t}, {p} platser, {b} bokade och {w} väntar i perioden.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Välj deltagaren i listan under fältet (skriv namn eller personnummer, pil ned, Enter).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gruppen är fullbokad då. Välj andra datum eller en annan grupp – eller välj väntelistan.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Boka deltagare i {g}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Deltagare:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Till:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Anteck&amp;ning:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Boka</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Personen står på väntelistan till {g} (plats {n} i kön).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Personen är bokad i {g}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gruppen är fullbokad</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alla {p} platser i {g} är bokade under de datumen. Vill du sätta personen på väntelistan? Hen får en plats när en plats blir ledig, i tur och ordning.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sätt på &amp;väntelistan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Avbryt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Avsluta bokningen i {g}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Sista dag:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bokningen avslutades.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} från väntelistan fick plats.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ta bort bokning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ta bort bokningen av {n} i {g}? Använd ”Avsluta bokning” om personen har deltagit och slutar.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bokningen togs bort.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skyddade personuppgifter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skriv eller välj ett skäl</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skäl</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Personen har skyddade personuppgifter. Varje läsning loggas med skäl. Skälet gäller resten av den här sessionen för den här personen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Skäl:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Öppna</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skriv varför du öppnar personens uppgifter.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Personal som ser kontaktuppgifterna</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} (inget konto – ser inget)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Registrerad av {who} {when}. I exporter som lämnar enheten: {p}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adress, telefon och e-post visas bara för den personal du kryssar i (de behöver ett konto). Personen tas inte med i utskrifter för många och visas med pseudonym i exporter som lämnar enheten. Varje läsning loggas med skäl.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spara markering</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ta bort markeringen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Typ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Gäller från</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Ser kontaktuppgifterna</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bara en administratör kan ändra eller ta bort markeringen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ta bort markeringen för skyddade personuppgifter? Kontaktuppgifterna visas då för alla som ser personen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sektor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kontaktperson</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Avtal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Försäkring</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>inget avtal angivet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (gäller inte i dag)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Arbetsgivare (och arbetsplats om de har flera)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Försäkring för deltagarna är noterad</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Arbetsplatsen är aktiv (tar emot placeringar)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ny arbetsplats</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ändra arbetsplats</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Arbetsgivare:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Sektor:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A&amp;dress:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Kontaktperson:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Telefon:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Avtal &amp;från:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Avtal t&amp;ill:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Handledare på plats:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Handledarens te&amp;lefon:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Endast med &amp;lediga platser</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visa även &amp;inaktiva</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Ny arbetsplats… (Ctrl+N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tabell: arbetsplatser</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tabell: placeringar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visa även avslutade place&amp;ringar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Placera deltagare…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Avsl&amp;uta placering…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ta &amp;bort placering</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Placeringar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Arbetsplatser och praktikplatser för arbetsplatsförlagda insatser (kategori 4). Lediga platser räknas på dagens datum.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>noterad</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ej noterad</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n}, {o} lediga platser i dag.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Placeringar på {w}: {p} av {n} platser i dag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Handledare: {h}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Arbetsplatsen sparades.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> tim</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Placera deltagare på {w}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ti&amp;mmar per vecka:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Placera</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Placeringen sparades.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Avsluta placeringen på {w}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Placeringen avslutades.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ta bort placering</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ta bort placeringen av {n} på {w}? Använd ”Avsluta placering” om personen har varit där och slutar.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Placeringen togs bort.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
