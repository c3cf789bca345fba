"""The CLI's help in Danish and English: every command's and option's help text, an example
for each command, and the environment variable behind an option.

The source keeps one text per command (its docstring) and option (``help=``), in whichever
language it was written; :func:`translate` finds the pair it belongs to (compared with the
whitespace collapsed, so a re-wrapped docstring still matches) and gives the text in the language
of the run. A help text that is not here is shown as written; ``tests/e2e/test_cli_language.py``
fails for any command or option whose help has no pair, so a new command gets both languages.
"""

from __future__ import annotations

from functools import cache

#: (Danish, English) for every command's help.
COMMANDS: tuple[tuple[str, str], ...] = (
    (
        "casework – sagsgange for politiske sager i kommunen (Danish by default; --lang en).",
        "casework – case routes for political cases in the municipality (Danish by default;"
        " --lang da|en).",
    ),
    (
        "Opret eller opdatér databasen og kontrollér konfigurationen.\n\nDatamappen, databasen "
        "og de fulde dagsordener gøres private (kun ejeren), også hvis de fandtes i forvejen "
        "med bredere adgang.",
        "Create or upgrade the database and check the configuration.\n\nThe data directory, the "
        "database and the full agendas are made private (owner only), also when they existed "
        "already with wider access.",
    ),
    (
        "Tag en sikkerhedskopi af databasen, også mens andre skriver til den.\n\nSQLite "
        "kopieres med SQLites online backup-API (ét konsistent øjeblik); PostgreSQL med "
        "'pg_dump -Fc'. Bilagsfilerne kopieres til mappen DEST.bilag ved siden af. Kun ejeren "
        "kan læse kopien.",
        "Back up the database, also while others write to it.\n\nSQLite is copied with "
        "SQLite's online backup API (one consistent moment); PostgreSQL with 'pg_dump -Fc'. "
        "The bilag files are copied to the folder DEST.bilag beside it. Only the owner can "
        "read the copy.",
    ),
    (
        "Gendan databasen fra en sikkerhedskopi og kontrollér revisionssporet bagefter.\n\n"
        "Afviser at overskrive en database med data uden --force. Bilagsfilerne lægges "
        "tilbage fra SRC.bilag, hvis mappen findes. Stop casework (serve, web, flows), før du "
        "gendanner.",
        "Restore the database from a backup and check the audit trail afterwards.\n\nRefuses "
        "to overwrite a database that holds data without --force. The bilag files are put "
        "back from SRC.bilag when that folder exists. Stop casework (serve, web, flows) "
        "before you restore.",
    ),
    (
        "Sagstavlen: åbne sager pr. trin og pr. organ, de mest presserende, flow mod møderne.",
        "The case board: open cases by step and by body, the most urgent, flow toward the "
        "meetings.",
    ),
    (
        "Fyld databasen med demosager for Eksempel Kommune, på alle trin og med historik.",
        "Fill the database with demo cases for Eksempel Kommune, at every step and with history.",
    ),
    (
        "Start Prefect (server, fristkørsler, påmindelser, sagstavle) og webappen; stop med "
        "Ctrl-C.\n\nUses the Prefect server in PREFECT_API_URL when set; otherwise starts a "
        "local one with its database under the data directory.",
        "Start Prefect (server, deadline runs, reminders, case board) and the web app; stop "
        "with Ctrl-C.\n\nUses the Prefect server in PREFECT_API_URL when set; otherwise starts "
        "a local one with its database under the data directory.",
    ),
    (
        "Start Prefect (server, fristkørsler, påmindelser, sagstavle) og webappen; stop med "
        "Ctrl-C.\n\nUses the Prefect server in PREFECT_API_URL when set; otherwise starts a "
        "local one with its database under the data directory. --role starts one part of a "
        "scaled-out installation.",
        "Start Prefect (server, deadline runs, reminders, case board) and the web app; stop "
        "with Ctrl-C.\n\nUses the Prefect server in PREFECT_API_URL when set; otherwise starts "
        "a local one with its database under the data directory. --role starts one part of a "
        "scaled-out installation.",
    ),
    (
        "Skriv sagsfremstillingen som Word-dokument (DOCX) fra kommunens skabelon.",
        "Write the presentation as a Word document (DOCX) from the municipality's template.",
    ),
    (
        "Indlæs et redigeret Word-dokument i afsnittene (overskrifterne er afsnittene).",
        "Read an edited Word document into the sections (its headings are the sections).",
    ),
    (
        "Registrér et svar i sagens borgerinddragelse eller høring.",
        "Record an answer in the case's public involvement or consultation.",
    ),
    (
        "Vis sagens inddragelse: hvem er spurgt, hvem har svaret, hvornår og hvad.",
        "Show the case's involvement: who was asked, who answered, when and what.",
    ),
    (
        "Knyt en beslutningssag til drøftelsessagen, den udsprang af (begge historikker).",
        "Link a decision case to the discussion case it came from (in both histories).",
    ),
    (
        "Skriv JSON-skemaerne for alle slags konfigurationsfiler (til editorer).\n\nHvert skema "
        "beskriver én slags fil (municipality, workflow, calendar, meetings, delegation, "
        "presentation, reminders); YAML-filerne peger på dem med en "
        "'# yaml-language-server: $schema=...'-kommentar.\n\nEksempel: casework config schema "
        "--out config/schemas",
        "Write the JSON Schemas of every kind of configuration file (for editors).\n\nEach "
        "schema describes one kind of file (municipality, workflow, calendar, meetings, "
        "delegation, presentation, reminders); the YAML files point to them with a "
        "'# yaml-language-server: $schema=...' comment.\n\nExample: casework config schema "
        "--out config/schemas",
    ),
    (
        "Opret eller opdatér databasen og kontrollér konfigurationen.\n\nDatamappen, databasen "
        "og de fulde dagsordener gøres private (kun ejeren), også hvis de fandtes i forvejen "
        "med bredere adgang. Med --example skrives først en eksempelkonfiguration at starte "
        "fra (aldrig over en mappe, der ikke er tom).\n\nEksempel: casework init --example "
        "eksempel",
        "Create or upgrade the database and check the configuration.\n\nThe data directory, the "
        "database and the full agendas are made private (owner only), also when they existed "
        "already with wider access. With --example, an example configuration to start from is "
        "written first (never over a folder that is not empty).\n\nExample: casework init "
        "--example eksempel",
    ),
    (
        "§ 17, stk. 4-opgaveudvalg: kommissorium, bagkatalog, sprints og indstilling.",
        "§ 17(4) task committees: terms of reference, backlog, sprints and recommendation.",
    ),
    (
        "Vis bagkatalogstavlen: bagkatalog, i sprint, færdig.",
        "Show the backlog board: backlog, in sprint, done.",
    ),
    ("Tilføj en idé til bagkataloget.", "Add an idea to the backlog."),
    (
        "Vis opgaveudvalgene med kommissorium.",
        "Show the task committees with their terms of reference.",
    ),
    (
        "Vis sprintmødets visuelle program (i stedet for en formel dagsorden).",
        "Show the sprint meeting's visual programme (instead of a formal agenda).",
    ),
    (
        "Skriv udvalgets indstilling fra en sprints resultater som en sag til det stående udvalg.",
        "Write the committee's recommendation from a sprint's results as a case for the "
        "standing committee.",
    ),
    (
        "Vis kommissoriet, bagkatalogstavlen og sprintene.",
        "Show the terms of reference, the backlog board and the sprints.",
    ),
    (
        "Luk sprintloggen og evaluér resultaterne mod kommissoriets mål.",
        "Close the sprint log and evaluate the results against the terms' goals.",
    ),
    ("Skriv i den åbne sprints log.", "Write in the open sprint's log."),
    (
        "Vis udvalgets historik: hvem gjorde hvad hvornår (dets hændelser).",
        "Show the committee's history: who did what and when (its events).",
    ),
    (
        "Sprintmødet: vælg idéer fra bagkataloget, der passer til ressourcerne.",
        "The sprint meeting: choose ideas from the backlog that fit the resources.",
    ),
    (
        "Sagsgangsstatistik: ruter, tid pr. organ og trin, besluttende organer, udsættelser.",
        "Route statistics: routes, time per body and step, deciding bodies, postponements.",
    ),
    ("Konfiguration: kontrollér config/.", "Configuration: check config/."),
    (
        "Kontrollér hele konfigurationen og vis alle fejl på én gang.",
        "Check the whole configuration and show every error at once.",
    ),
    (
        "Sager: opret, vis, list, avancer, historik.",
        "Cases: open, show, list, advance, history.",
    ),
    (
        "Opret en ny sag (og planlæg den baglæns fra et møde med --target-meeting).\n\nMed "
        "--origin oprettes den knyttet til drøftelsessagen, den udspringer af, i samme "
        "transaktion: afvises oprindelsen, oprettes intet.",
        "Open a new case (and plan it backwards from a meeting with --target-meeting).\n\nWith "
        "--origin it is opened linked to the discussion case it comes from, in the same "
        "transaction: if the origin is refused, nothing is opened.",
    ),
    ("Udfør en handling på en sag.", "Take an action on a case."),
    (
        "Registrér et organs beslutning fra beslutningsprotokollen; den flytter sagen videre "
        "og står i mødets protokol.",
        "Record a body's decision from the minutes; it moves the case on and stands in the "
        "meeting's minutes.",
    ),
    (
        "Ret sagens attributter; en sag routet af delegationsplanen vurderes igen.",
        "Change the case's attributes; a case routed by the delegation plan is assessed again.",
    ),
    (
        "Ændr sagens sagsgang (sekretariatet), med en begrundelse der bliver i historikken.",
        "Change the case's route (the secretariat), with a reason kept in the history.",
    ),
    (
        "Vis en sag: trin, sagsgang, frister, mulige handlinger og historik.",
        "Show a case: step, route, deadlines, available actions and history.",
    ),
    (
        "Planlæg sagen baglæns fra møderne: de tidligste møder og fristen for hvert trin.\n\n"
        "Med --record gemmes planen i sagens historik: trinnenes frister følger planen, og en "
        "udsættelse eller tilbagesendelse planlægger sagen igen.",
        "Plan the case backwards from the meetings: the earliest meetings and each step's "
        "deadline.\n\nWith --record the plan is kept in the case's history: the steps' "
        "deadlines follow it, and a postponement or a return plans the case again.",
    ),
    (
        "List sager, nyeste ændring først.",
        "List cases, most recently changed first.",
    ),
    (
        "Vis sagens historik (hændelser med hash-kæde).",
        "Show the case's history (events with their hash chain).",
    ),
    (
        "Vedhæft en fil som bilag (lukket med --closed --reason KATEGORI).",
        "Attach a file as a bilag (closed with --closed --reason CATEGORY).",
    ),
    (
        "Fjern et bilag fra sagen (filen bliver i lageret; historikken nævner den).",
        "Remove a bilag from the case (the file stays in the store; the history names it).",
    ),
    (
        "Vis sagens bilag (eller skriv ét ud med --get N -o FIL).",
        "Show the case's bilag (or write one out with --get N -o FILE).",
    ),
    (
        "Fjern filer i bilagslageret, som ingen sags historik nævner (fra afbrudte vedhæftninger).",
        "Remove files in the bilag store that no case's history names (from interrupted "
        "attachments).",
    ),
    (
        "Gem en ny version af et afsnit af sagsfremstillingen.",
        "Save a new version of a section of the presentation.",
    ),
    (
        "Vis sagsfremstillingen (seneste version, eller --version N).",
        "Show the presentation (the latest version, or --version N).",
    ),
    (
        "Vis hver gemt version: afsnit, forfatter, tidspunkt.",
        "Show every saved version: section, author, time.",
    ),
    (
        "Vis forskellen mellem to versioner af sagsfremstillingen.",
        "Show the difference between two versions of the presentation.",
    ),
    (
        "Kvalitetssikring: påkrævede afsnit, resumé, at-sætninger, økonomi, bilag, LIX, sprog.",
        "Quality check: required sections, summary, at-clauses, finances, bilag, LIX, language.",
    ),
    (
        "Markér en at-sætning i indstillingen som ekspederet.",
        "Mark an at-clause of the recommendation as executed.",
    ),
    (
        "Godkend sagen igen efter en ændring af teksten eller beslutningsgrundlaget.",
        "Approve the case again after a change of its text or of what it is decided on.",
    ),
    (
        "Revisionsspor: kontrollér hændelseskæderne.",
        "Audit trail: check the event chains.",
    ),
    (
        "Kontrollér hash-kæden og at hver sag svarer til genafspilningen af dens hændelser.",
        "Check the hash chain and that every case matches the replay of its events.",
    ),
    (
        "Lav et revisionsanker: hver sags seneste hændelse og hash, fastholdt i en kæde.\n\n"
        "'audit verify' finder så en hel sag, der er slettet, eller en kæde, der er skrevet om. "
        "Gem filen fra --out uden for databasen (fx i arkivet).",
        "Make an audit anchor: every case's last event and hash, held in a chain.\n\n'audit "
        "verify' then finds a whole case deleted or a chain rewritten. Keep the file from --out "
        "outside the database (in the archive, say).",
    ),
    (
        "Dagsordener: vis og offentliggør, og møder og frister som iCalendar.",
        "Agendas: show and publish them, and meetings and deadlines as iCalendar.",
    ),
    (
        "Vis dagsordenen for et møde (offentlig udgave; --full til medlemmerne).",
        "Show a meeting's agenda (the public version; --full for the members).",
    ),
    (
        "Godkend dagsordenen: bekræft de foreslåede lukkede punkter, eller åbn dem (--open).",
        "Approve the agenda: confirm the proposed closed items, or open them (--open).",
    ),
    (
        "Skriv den offentlige og den fulde dagsorden som HTML, PDF og/eller JSON.",
        "Write the public and the full agenda as HTML, PDF and/or JSON.",
    ),
    (
        "iCalendar-filer: et organs møder, en persons frister.",
        "iCalendar files: a body's meetings, a person's deadlines.",
    ),
    ("Skriv et organs møder som iCalendar.", "Write a body's meetings as iCalendar."),
    (
        "Skriv en persons frister på åbne sager som iCalendar.",
        "Write a person's deadlines on open cases as iCalendar.",
    ),
    (
        "Delegationsplaner: kontrollér, forklar en afgørelse, sammenlign to planer.",
        "Delegation plans: check them, explain a decision, compare two plans.",
    ),
    (
        "Kontrollér alle delegationsplaner: overlap, huller, skyggede regler og lovkrav.",
        "Check every delegation plan: overlaps, gaps, shadowed rules and legal requirements.",
    ),
    (
        "Forklar, hvem der træffer beslutning i en sag, ad hvilken sagsgang og hvorfor.",
        "Explain who decides a case, along which route and why.",
    ),
    (
        "Sammenlign to planer over en mængde sager: hvem vinder og taber dagsordenspunkter.",
        "Compare two plans over a set of cases: who gains and who loses agenda items.",
    ),
    (
        "Diagrammer: sagsgange, en sags forløb og undervisningsmateriale.",
        "Diagrams: routes, a case's course and training material.",
    ),
    (
        "Tegn et workflow som svømmebaner langs en sagsgang.",
        "Draw a workflow as swimlanes along a route.",
    ),
    (
        "Tegn en sags forløb: udførte trin, hvor sagen er nu, og hvad der venter.",
        "Draw a case's course: the steps taken, where the case is now and what lies ahead.",
    ),
    (
        "Skriv undervisningsmaterialet: alle workflows som SVG, PNG og PDF og en printbar "
        "oversigt.",
        "Write the training material: every workflow as SVG, PNG and PDF, and a printable "
        "overview.",
    ),
    (
        "Tegn sagsgangen, som sagerne faktisk gik: hyppigheder, ventetider og afvigelser.",
        "Draw the route as the cases actually went: frequencies, waiting times and deviations.",
    ),
    (
        "Tegn hvilke organer der beslutter sagerne under plan A og under plan B.",
        "Draw which bodies decide the cases under plan A and under plan B.",
    ),
    (
        "Tegn årshjulet: organernes møder måned for måned og årets budget- og regnskabsfaser.",
        "Draw the year plan: the bodies' meetings month by month and the year's budget and "
        "accounts phases.",
    ),
    (
        "Tegn årshjulet som et hjul: måneder, organernes møder, årets faser og dagen i dag.",
        "Draw the year as a wheel: months, the bodies' meetings, the year's phases and today.",
    ),
    (
        "Tegn forandringstrappen: valgperiodens trin og sekretariatets støtte til hvert trin.",
        "Draw the staircase of change: the electoral term's steps and the secretariat's "
        "support for each.",
    ),
    (
        "Mødeplaner og frister: foreslå en årsplan, list møder, planlæg en sag baglæns.",
        "Meeting plans and deadlines: propose a year plan, list meetings, plan a case backwards.",
    ),
    (
        "Foreslå årets mødeplan til vedtagelse (regler, helligdage og undtagelser).",
        "Propose the year's meeting plan for adoption (rules, holidays and exceptions).",
    ),
    (
        "List møderne i de vedtagne mødeplaner.",
        "List the meetings of the adopted meeting plans.",
    ),
    (
        "Planlæg de sager igen, hvis planlagte møder er flyttet eller aflyst i mødeplanen.",
        "Plan again the cases whose planned meetings were moved or cancelled in the meeting plan.",
    ),
    (
        "Planlæg en tænkt sag baglæns: tidligste møder, alle frister og hvorfor ikke før.",
        "Plan an imagined case backwards: the earliest meetings, every deadline and why not "
        "sooner.",
    ),
    (
        "Et møde som post: book punkter, luk og udsend dagsordenen, ret, åbn, aflys, flyt.",
        "A meeting as a record: book items, close and send the agenda, correct, hold, cancel, "
        "move.",
    ),
    (
        "Book sager på mødets dagsorden (efter fristen: for sent; efter udsendelse: tillæg).",
        "Book cases on the meeting's agenda (after the deadline: late; after sending: supplement).",
    ),
    (
        "Tag et punkt af dagsordenen (efter udsendelse kun som rettelse med --reason).",
        "Take an item off the agenda (after sending only as a correction with --reason).",
    ),
    (
        "Luk dagsordenen ved fristen: senere punkter er optaget efter fristen.",
        "Close the agenda at its deadline: later items are booked after the deadline.",
    ),
    (
        "Udsend dagsordenen: punkterne fryses, som de står nu (lukker den først, om nødvendigt).",
        "Send the agenda: the items are frozen as they stand now (closing it first if needed).",
    ),
    (
        "Rettelsesblad: en ny udgave af et udsendt punkt, fra sagen som den er nu.",
        "Correction sheet: a new edition of a sent item, from the case as it is now.",
    ),
    (
        "Åbn mødet (dagsordenen skal være udsendt, og dagen kommet).",
        "Hold the meeting (the agenda must have been sent, and the day come).",
    ),
    ("Aflys mødet.", "Cancel the meeting."),
    (
        "Flyt mødet til en anden dato i mødeplanen; punkterne følger med.",
        "Move the meeting to another date in the meeting plan; its items go along.",
    ),
    (
        "Vis mødet som post: tilstand, punkter med udgaver, og historikken.",
        "Show the meeting as a record: state, items with their editions, and the history.",
    ),
    (
        "Beslutningsprotokollen: vis, registrér fravær, genoptag, godkend og offentliggør.",
        "The minutes: show, record absence, reopen, approve and publish.",
    ),
    (
        "Vis beslutningsprotokollen (offentlig udgave; --full med lukkede punkter), eller skriv "
        "den som HTML, PDF eller JSON (--format … -o FIL).",
        "Show the minutes (the public version; --full with the closed items), or write them "
        "as HTML, PDF or JSON (--format … -o FILE).",
    ),
    (
        "Registrér et medlem som fraværende på det afholdte møde (evt. med stedfortræder).",
        "Record a member as absent from the meeting held (with a substitute, if any).",
    ),
    (
        "Genoptag et besluttet punkt på mødet: en ny beslutning kan derefter registreres.",
        "Reopen a decided item at the meeting: a new decision can then be recorded.",
    ),
    (
        "Før tekst til protokol under et fast punkt (fx Meddelelser) på det afholdte møde.",
        "Enter text in the minutes under a standing item (e.g. Announcements) of the meeting held.",
    ),
    (
        "Godkend (underskriv) protokollen; derefter registreres intet mere på mødet.",
        "Approve (sign) the minutes; after that nothing more is recorded at the meeting.",
    ),
    ("Offentliggør den godkendte protokol.", "Publish the approved minutes."),
    (
        "Påmindelser: frist-sweep, udbakke, kommende påmindelser og overskredne frister.",
        "Reminders: deadline sweep, outbox, upcoming reminders and overdue deadlines.",
    ),
    (
        "Find forfaldne påmindelser, læg dem i udbakken og send dem (præcis én gang).",
        "Find the reminders due, put them in the outbox and send them (exactly once).",
    ),
    (
        "Læg opgivne beskeder i kø igen (efter et nedbrud hos mailserveren); næste omgang sender.",
        "Queue given-up messages again (after the mail server was down); the next round sends "
        "them.",
    ),
    (
        "Send én planlagt påmindelse, hvis den stadig gælder.",
        "Send one scheduled reminder if it still applies.",
    ),
    (
        "Vis udbakken: hver besked med modtager, kanal og status.",
        "Show the outbox: each message with its recipient, channel and status.",
    ),
    (
        "Vis en sags kommende påmindelser (dem, der planlægges som engangskørsler).",
        "Show a case's upcoming reminders (those scheduled as one-off runs).",
    ),
    (
        "Vis de åbne sager, hvis frist er overskredet, med antal hverdage over fristen.",
        "Show the open cases past their deadline, with the working days over it.",
    ),
    (
        "Import: OParl 1.0/1.1 (Vorlagen, Beratungen, Sitzungen) som sager.",
        "Import: OParl 1.0/1.1 (Vorlagen, Beratungen, Sitzungen) as cases.",
    ),
    (
        "Importér Vorlagen med deres Beratungen som sager med sagsgang og historik.",
        "Import Vorlagen with their Beratungen as cases with route and history.",
    ),
    (
        "Eksport: casework som OParl 1.1 (statisk JSON).",
        "Export: casework as OParl 1.1 (static JSON).",
    ),
    (
        "Eksportér kommunens organer, møder, dagsordener og sager som OParl 1.1 (statisk JSON).",
        "Export the municipality's bodies, meetings, agendas and cases as OParl 1.1 (static JSON).",
    ),
    (
        "Brugere: adgangskoder til webappen.",
        "Users: passwords for the web app.",
    ),
    (
        "Sæt en persons adgangskode til webappen (argon2-hashet).",
        "Set a person's password for the web app (argon2-hashed).",
    ),
    (
        'Giv alle personer i konfigurationen adgangskoden "demo" (kun demodatabaser).',
        'Give every person in the configuration the password "demo" (demo databases only).',
    ),
    (
        "Lås en person op efter for mange forkerte adgangskoder.",
        "Unlock a person after too many wrong passwords.",
    ),
    ("Adgangstokens til JSON-API'et.", "Access tokens for the JSON API."),
    (
        "Opret et adgangstoken til JSON-API'et; hemmeligheden vises kun denne ene gang.",
        "Create an access token for the JSON API; its secret is shown this once only.",
    ),
    (
        "List adgangstokens (uden hemmeligheder).",
        "List access tokens (without their secrets).",
    ),
    ("Tilbagekald et adgangstoken.", "Revoke an access token."),
    (
        "Undervisning: rollespil for en ny kommunalbestyrelse og den virtuelle byrådssal.",
        "Training: a role play for a new municipal council and the virtual council chamber.",
    ),
    (
        "Skriv rollespillet: et fiktivt KB-møde med dagsorden, sager, rollekort, drejebog og quiz.",
        "Write the role play: a fictitious council meeting with agenda, cases, role cards, "
        "script and quiz.",
    ),
    (
        "Skriv den virtuelle byrådssal: et statisk undervisningssite, der virker uden net.",
        "Write the virtual council chamber: a static training site that works offline.",
    ),
    (
        "Skriv skriptet til kommandofuldførelse for en skal (bash, zsh, fish eller powershell).",
        "Print the command-completion script for a shell (bash, zsh, fish or powershell).",
    ),
)

#: (Danish, English) for every option's and argument's help.
OPTIONS: tuple[tuple[str, str], ...] = (
    ("Sprog: da eller en.", "Language: da or en."),
    ("Mappen med SQLite-databasen.", "Directory of the SQLite database."),
    ("Konfigurationsmappen.", "Configuration directory."),
    ("Databasens URL (PostgreSQL).", "Database URL (PostgreSQL)."),
    ("Den nye sikkerhedskopi (overskrives aldrig).", "The new backup file (never overwritten)."),
    ("Skriv JSON til scripts.", "Output JSON for scripts."),
    ("En sikkerhedskopi lavet med 'casework backup'.", "A backup made by 'casework backup'."),
    ("Erstat en database, der allerede har data.", "Replace a database that already holds data."),
    ("Sager vist pr. liste.", "Cases shown per list."),
    (
        "urgent: de mest presserende sager; meeting: flow mod de kommende møder; step: flow pr. "
        "trin langs sagsgangen.",
        "urgent: most urgent cases; meeting: flow toward the coming meetings; step: flow by "
        "step along the route.",
    ),
    ("Kun dette centers sager.", "Only this centre's cases."),
    ("Kun dette workflows sager.", "Only this workflow's cases."),
    (
        "Kun sager hos (eller møder i) dette organ.",
        "Only cases at (or meetings of) this body.",
    ),
    ("Kun sager, denne person er ansvarlig for.", "Only cases this person is responsible for."),
    ("Hvor mange sager.", "How many cases."),
    ("Tilfældigt frø (samme frø, samme sager).", "Random seed (same seed, same cases)."),
    ("Tilføj sager, også hvis der findes nogen.", "Add cases even if some exist."),
    ("Adressen, webappen lytter på.", "The web app's address to listen on."),
    ("Webappens port.", "The web app's port."),
    (
        "Den lokale Prefect-servers adresse (standard: loopback-adressen, uanset --host: dens "
        "brugerflade har ingen log-ind; se docs/orchestration.md, før du åbner den).",
        "The local Prefect server's address (default the loopback address, whatever --host "
        "is: its UI has no sign-in; see docs/orchestration.md before opening it).",
    ),
    ("Den lokale Prefect-servers port.", "The local Prefect server's port."),
    ("Start ikke webappen.", "Do not start the web app."),
    ("Sekunder at vente på, at alt er oppe.", "Seconds to wait for everything to come up."),
    ("month | quarter | year (måned, kvartal, år).", "month | quarter | year."),
    (
        "Første dag, sager blev oprettet (ÅÅÅÅ-MM-DD).",
        "First day cases were opened (YYYY-MM-DD).",
    ),
    ("Sidste dag, sager blev oprettet (ÅÅÅÅ-MM-DD).", "Last day cases were opened (YYYY-MM-DD)."),
    ("Rækker pr. tabel.", "Rows per table."),
    ("Konfigurationsmappe.", "Config directory."),
    ("Sagens titel.", "The case's title."),
    ("Hvem der handler (person-id fra konfigurationen).", "Who acts (person id from the config)."),
    (
        "Workflow-id, fx beslutningssag (standard: som planen bestemmer).",
        "Workflow id, e.g. beslutningssag (default: as the plan decides).",
    ),
    (
        "Organer i rækkefølge, fx 'tmu,oeu,kb' eller 'tmu:indstiller,kb:beslutter' (standard: "
        "delegationsplanen bestemmer).",
        "Bodies in order, e.g. 'tmu,oeu,kb' or 'tmu:indstiller,kb:beslutter' (default: the "
        "delegation plan decides).",
    ),
    ("Attribut navn=værdi (kan gentages).", "Attribute name=value (repeatable)."),
    ("Færdig-senest-dato, ÅÅÅÅ-MM-DD.", "Done-by date, YYYY-MM-DD."),
    ("ESDH-sagsnummer.", "ESDH case number."),
    (
        "Planlæg baglæns fra dette møde, fx 'kb:2027-04-29'.",
        "Plan backwards from this meeting, e.g. 'kb:2027-04-29'.",
    ),
    ("Idempotensnøgle til sikre gentagelser.", "Idempotency key for safe retries."),
    (
        "Skriv kun sagsnummeret, til scripts: sag=$(casework case new … --print-id).",
        "Print only the case id, for scripts: sag=$(casework case new … --print-id).",
    ),
    ("Sagsnummer, fx 2026-0012.", "Case id, e.g. 2026-0012."),
    ("Handling, fx godkend.", "Action, e.g. godkend."),
    ("Hvorfor (gemmes i historikken).", "Why (kept in the history)."),
    ("Afvis, hvis sagen er ændret siden.", "Refuse if the case changed since."),
    (
        "Forlad trinnet, før minimumsfristen er gået (kun sekretariatet); begrundelsen gemmes "
        "på hændelsen.",
        "Leave the step before its minimum period has passed (the secretariat only); the "
        "reason is kept on the event.",
    ),
    (
        "godkendt, anbefales, taget_til_efterretning, udsat, tilbagesendt, afvist "
        "(ikke_godkendt), oversendt (eller decided, recommended, noted, postponed, returned, "
        "rejected, referred).",
        "godkendt, anbefales, taget_til_efterretning, udsat, tilbagesendt, afvist "
        "(ikke_godkendt), oversendt (or decided, recommended, noted, postponed, returned, "
        "rejected, referred).",
    ),
    ("Beslutningens tekst i protokollen.", "The decision's text in the minutes."),
    (
        "Hvem der stemte hvordan (navne eller partier), fx 'For: A, B, F; imod: C'.",
        "Who voted how (names or parties), e.g. 'For: A, B, F; imod: C'.",
    ),
    (
        "Datoen for organets møde, der besluttede, ÅÅÅÅ-MM-DD (påkrævet).",
        "The date of the body's meeting that decided, YYYY-MM-DD (required).",
    ),
    ("'oversendt': organet, sagen oversendes til.", "'oversendt': the body referred to."),
    ("For stemte.", "Votes for (For stemte)."),
    ("Imod stemte.", "Votes against (Imod stemte)."),
    ("Undlod at stemme.", "Abstained (Undlod at stemme)."),
    (
        "En mindretalsudtalelse; kan gentages.",
        "A minority statement (mindretalsudtalelse); repeatable.",
    ),
    ("En protokoltilførsel; kan gentages.", "A protocol entry (protokoltilførsel); repeatable."),
    (
        "Attribut navn=værdi; navn= fjerner den.",
        "Attribute name=value; name= clears it.",
    ),
    ("Den nye sagsgang, fx 'tmu,oeu,kb'.", "The new route, e.g. 'tmu,oeu,kb'."),
    (
        "Hvorfor sagsgangen ændres (gemmes i historikken).",
        "Why the route changes (kept in the history).",
    ),
    (
        "Vis kun de handlinger, denne person må udføre.",
        "Show only the actions this person may take.",
    ),
    (
        "Dagen, sagen er klar til at gå videre (standard: i dag).",
        "Day the case is ready to move on (default: today).",
    ),
    (
        "Gem planen i sagens historik (kræver --as).",
        "Record the plan in the case's history (needs --as).",
    ),
    ("Hvem der gemmer planen.", "Who records the plan."),
    (
        "Planlæg baglæns fra dette møde, fx 'kb:2027-04-29' (gemmes).",
        "Plan backwards from this meeting, e.g. 'kb:2027-04-29' (records).",
    ),
    ("open, closed eller all (åbne, afsluttede, alle).", "open, closed or all."),
    ("Sagsbehandlerens id.", "Case officer id."),
    ("Centrets id.", "Centre id."),
    ("Trinnets id (skabelon).", "Step id (template)."),
    ("Workflow-id.", "Workflow id."),
    ("Filen: PDF, DOCX, XLSX, PNG eller JPEG.", "The file: PDF, DOCX, XLSX, PNG or JPEG."),
    ("Titel (standard: filnavnet).", "Title (default: the file name)."),
    ("Et lukket bilag.", "A closed bilag (lukket)."),
    (
        "Et lukket bilags kategori: personforhold, ejendomshandel, udbud, laan.",
        "A closed bilag's category: personforhold, ejendomshandel, udbud, laan.",
    ),
    ("Bilagets nummer.", "The bilag's number."),
    ("Skriv bilag N til -o FIL.", "Write bilag N to -o FILE."),
    ("Hvor --get skriver.", "Where --get writes."),
    ("Tæl dem kun.", "Only count them."),
    ("Afsnittet: resume, sagsfremstilling, …", "The section: resume, sagsfremstilling, …"),
    ("Afsnittets nye tekst.", "The section's new text."),
    ("Læs teksten fra en fil (- standardinput).", "Read the text from a file (- stdin)."),
    ("En tidligere version (1, 2, …).", "An earlier version (1, 2, …)."),
    ("Den ældre version.", "The older version."),
    ("Den nyere version.", "The newer version."),
    ("At-sætningens nummer (1, 2, …).", "The at-clause's number (1, 2, …)."),
    ("Hvordan den blev ekspederet.", "How it was executed."),
    ("En bemærkning til historikken.", "A comment for the history."),
    ("Kun disse sager.", "Only these cases."),
    (
        "Et eksporteret revisionsanker (fra 'casework audit anchor --out'): kontrollér, at "
        "databasen stadig har det og de sager, det nævner. Kan gives flere gange, for hver "
        "gemt fil.",
        "An exported audit anchor (from 'casework audit anchor --out'): check that the database "
        "still holds it and the cases it names. May be given again, for every kept file.",
    ),
    (
        "Skriv også ankeret som JSON til denne fil (eller ind i denne mappe), så det kan gemmes "
        "uden for databasen.",
        "Also write the anchor as JSON to this file (or into this folder), to keep outside the "
        "database.",
    ),
    ("Organets id, fx tmu.", "Body id, e.g. tmu."),
    ("Mødets dato, ÅÅÅÅ-MM-DD.", "Meeting date, YYYY-MM-DD."),
    ("Medlemmernes fulde udgave.", "The members' full version."),
    ("Organets id, fx kb.", "Body id, e.g. kb."),
    ("Hvem der registrerer godkendelsen.", "Who records the approval."),
    (
        "Et foreslået lukket punkt, som organet behandler for åbne døre.",
        "A proposed closed item the body takes in open session.",
    ),
    ("Mappen, filerne skrives til.", "Directory to write the files to."),
    ("html, pdf, json eller all.", "html, pdf, json or all."),
    (".ics-filen, der skrives.", "The .ics file to write."),
    ("Person-id, fx mette.", "Person id, e.g. mette."),
    (
        "En gemt sag: afgørelsen, dens historik registrerede. Med --plan, --attr eller --date "
        "afgøres den på ny som et hvad-nu-hvis ud fra dens attributter og oprettelsesdag.",
        "A stored case: the decision its history recorded. With --plan, --attr or --date, "
        "decided anew as a what-if from its attributes and opening day.",
    ),
    ("Sagsattribut navn=værdi (kan gentages).", "Case attribute name=value (repeatable)."),
    (
        "Datoen, der vælger planen (standard: i dag).",
        "Date that selects the plan (default: today).",
    ),
    (
        "Forklar med denne plan (fil, filnavn eller id@version), fx et udkast.",
        "Explain with this plan (file, file name or id@version), e.g. a draft.",
    ),
    ("Vis hver regels resultat.", "Show every rule's result."),
    (
        "Konfigurationsmappe (standard: indstillingerne).",
        "Configuration directory (default: settings).",
    ),
    (
        "Den gældende plan (fil, navn eller id@version).",
        "The current plan (file, name or id@version).",
    ),
    ("Planen, der sammenlignes med, fx et udkast.", "The plan to compare with, e.g. a draft."),
    (
        "Sager som CSV (med overskriftsrække) eller JSON, eller 'db' for sagerne i casework.",
        "Cases as CSV (header row) or JSON, or 'db' for the cases in casework.",
    ),
    ("Mødeminutter, et dagsordenspunkt tager.", "Meeting minutes an agenda item takes."),
    (
        "År, sagerne spænder over (standard: fra en 'dato'-kolonne, eller 1).",
        "Years the cases span (default: from a 'dato' column, or 1).",
    ),
    ("Ændrede sager, der vises.", "Changed cases shown."),
    ("Skriv de ændrede sager som CSV.", "Output the changed cases as CSV."),
    ("Workflow-id, fx beslutningssag.", "Workflow id, e.g. beslutningssag."),
    (
        "Organer i rækkefølge, fx 'tmu,oeu,kb'; standard: den typiske sagsgang.",
        "Bodies in order, e.g. 'tmu,oeu,kb'; default: the typical route.",
    ),
    ("dot | mermaid | svg | png | pdf.", "dot | mermaid | svg | png | pdf."),
    (
        "Skriv til denne fil (nødvendigt for png og pdf).",
        "Write to this file (needed for png and pdf).",
    ),
    (
        "a4 | a3: printlayout (baner som kolonner, flow oppefra og ned) tilpasset arket; "
        "standard: skærmlayoutet.",
        "a4 | a3: print layout (lanes as columns, flow top to bottom) fitted to the sheet; "
        "default: the screen layout.",
    ),
    ("Sagsnummer, fx 2026-0061.", "Case id, e.g. 2026-0061."),
    ("Mappen til materialet.", "Directory for the pack."),
    ("a4 | a3: arkene i materialets PDF'er.", "a4 | a3: the sheets of the pack's PDFs."),
    ("Periodens første dag (ÅÅÅÅ-MM-DD).", "First day of the period (YYYY-MM-DD)."),
    ("Periodens sidste dag (ÅÅÅÅ-MM-DD).", "Last day of the period (YYYY-MM-DD)."),
    (
        "Kun sager, hvis sagsgang omfatter dette organ, fx oeu.",
        "Only cases whose route includes this body, e.g. oeu.",
    ),
    ("Kun sager af dette workflow.", "Only cases of this workflow."),
    (
        "template: én knude pr. trin; concrete: pr. trin og organ.",
        "template: one node per step; concrete: per step and body.",
    ),
    ("Året, fx 2026.", "The year, e.g. 2026."),
    ("svg | pdf (én side).", "svg | pdf (one page)."),
    ("svg | pdf (én side) | png (150 dpi).", "svg | pdf (one page) | png (150 dpi)."),
    ("a4 | a3: siden, hjulet lægges ud til.", "a4 | a3: the page the wheel is laid out for."),
    ("a4 | a3: siden (liggende).", "a4 | a3: the (landscape) page."),
    ("Året, fx 2027.", "The year, e.g. 2027."),
    ("Skriv planen som eksplicit YAML til FIL.", "Write the plan as explicit YAML to FILE."),
    ("Kun dette organ, fx kb.", "Only this body, e.g. kb."),
    ("Fra denne dato (ÅÅÅÅ-MM-DD).", "From this date on (YYYY-MM-DD)."),
    ("Til og med denne dato (ÅÅÅÅ-MM-DD).", "Up to this date (YYYY-MM-DD)."),
    ("Hvem der registrerer de nye planer.", "Who records the new plans."),
    ("Organer i rækkefølge, fx 'tmu,oeu,kb'.", "Bodies in order, e.g. 'tmu,oeu,kb'."),
    ("Dagen, sagen er klar (ÅÅÅÅ-MM-DD).", "The day the case is ready (YYYY-MM-DD)."),
    (
        "Trinnet, sagen står på (standard: starten).",
        "The step the case is at (default: the start).",
    ),
    ("Planlæg også på ekstra møder.", "Also plan onto extra meetings."),
    ("Organ, fx tmu.", "Body, e.g. tmu."),
    ("Mødets dato, ÅÅÅÅ-MM-DD.", "The meeting's date, YYYY-MM-DD."),
    ("Hvem i sekretariatet der gør det.", "Who in the secretariat does it."),
    ("Sagerne der bookes.", "The cases to book."),
    (
        "Book alle sager, der er planlagt til mødet.",
        "Book every case planned for the meeting.",
    ),
    (
        "Sagsnummer (2026-0012) eller punktets nummer.",
        "Case id (2026-0012) or the item's number.",
    ),
    ("Begrundelsen.", "The reason."),
    ("Hvad rettelsen retter.", "What the correction corrects."),
    (
        "Den nye dato, ÅÅÅÅ-MM-DD (i mødeplanen).",
        "The new date, YYYY-MM-DD (in the meeting plan).",
    ),
    ("Lukkede punkter med titel.", "Closed items with their titles."),
    (
        "Medlemmernes udgave, med de lukkede punkter.",
        "The members' version, with the closed items.",
    ),
    (
        "Skriv protokollen som dokument: html, pdf eller json.",
        "Write the minutes as a document: html, pdf or json.",
    ),
    ("Filen, dokumentet skrives til.", "The file the document is written to."),
    ("Medlemmet, der var fraværende.", "The member who was absent."),
    ("Stedfortræderen, der mødte i stedet.", "The substitute who attended instead."),
    ("Tag et registreret fravær tilbage.", "Take back a recorded absence."),
    ("Hvorfor punktet genoptages.", "Why the item is reopened."),
    (
        "Det faste punkts nummer, fx 3 (Meddelelser).",
        "The standing item's number, e.g. 3 (Announcements).",
    ),
    (
        "Hvad protokollen skal sige under punktet.",
        "What the minutes say under the item.",
    ),
    (
        "Som om klokken var (ISO 8601), fx 2026-03-02T07:00Z.",
        "As if the time were (ISO 8601), e.g. 2026-03-02T07:00Z.",
    ),
    (
        "Beskedens nøgle, eller påmindelsens (alle dens beskeder).",
        "The message's key, or the reminder's (all its messages).",
    ),
    ("Alle opgivne beskeder.", "Every given-up message."),
    (
        "Påmindelsens nøgle: sag:trin:art:frist.",
        "The reminder's key: case:step:kind:deadline.",
    ),
    ("Kun denne sags beskeder.", "Only this case's messages."),
    ("Højst så mange beskeder.", "At most this many messages."),
    (
        "Mappe, tar-arkiv eller JSON-fil (OParl 1.0/1.1).",
        "Folder, tar archive or JSON file (OParl 1.0/1.1).",
    ),
    (
        "Oversættelses-YAML (resultattekster, roller); standard: tysk.",
        "Mapping YAML (result texts, roles); default: German.",
    ),
    (
        "Mappen, det statiske OParl-træ skrives til.",
        "Folder to write the static OParl tree to.",
    ),
    (
        "Hvor træet vil blive udstillet; id'erne er URL'er under den.",
        "Where the tree will be served; ids are URLs under it.",
    ),
    (
        "Offentliggør denne person (id) som en OParl Person; kan gentages.",
        "Publish this person (id) as an OParl Person; repeatable.",
    ),
    ("Person-id fra konfigurationen.", "Person id from the configuration."),
    ("Læs adgangskoden fra standardinput.", "Read the password from standard input."),
    ("Også på en database, der ikke er fyldt af demo.", "Also on a database not seeded by demo."),
    ("Person-id.", "Person id."),
    ("Person-id'et, tokenet handler som.", "Person id the token acts as."),
    ("Hvad tokenet er til, fx 'ESDH'.", "What the token is for, e.g. 'ESDH'."),
    ("Kun denne persons tokens.", "Only this person's tokens."),
    ("Tokenets id.", "The token's id."),
    (
        "Hvor filen skrives (standard sagsfremstilling-SAG.docx).",
        "Where to write (default sagsfremstilling-CASE.docx).",
    ),
    ("Det redigerede Word-dokument (DOCX).", "The edited Word document (DOCX)."),
    (
        "Hvad der startes: all (én maskine: Prefect-server, runner, webapp), api (en Prefect "
        "API-server uden tjenester), services (Prefects baggrundstjenester), worker (en "
        "procesworker i puljen), web (webappen). Se docs/deployment.md.",
        "What to start: all (one machine: Prefect server, runner, web app), api (a Prefect "
        "API server without services), services (Prefect's background services), worker (a "
        "process worker of the pool), web (the web app). See docs/deployment.md.",
    ),
    (
        "Webappens processer bag den ene port (mere end én kræver CASEWORK_WEB_SECRET).",
        "Web app processes behind the one port (more than one needs CASEWORK_WEB_SECRET).",
    ),
    ("Procespuljen for --role worker.", "The process work pool of --role worker."),
    (
        "urgent: de mest presserende sager; meeting: flow mod de kommende møder; step: flow pr. "
        "trin langs sagsgangen; time: flow over de seneste uger og de åbne sagers rutekort.",
        "urgent: most urgent cases; meeting: flow toward the coming meetings; step: flow by "
        "step along the route; time: flow over the last weeks and the open cases' route map.",
    ),
    ("Parten, der svarer, fx aeldreraad.", "The party answering, e.g. aeldreraad."),
    ("Et resumé af svaret.", "A summary of the answer."),
    (
        "Dagen, svaret kom, ÅÅÅÅ-MM-DD (standard i dag).",
        "The day the answer came, YYYY-MM-DD (default today).",
    ),
    ("Hvem der svarede for parten.", "Who answered for the party."),
    ("Drøftelsessagen, den udsprang af.", "The discussion case it came from."),
    (
        "Mappen, <kind>.schema.json skrives i (standard: skriv dem som JSON).",
        "Directory to write <kind>.schema.json into (default: print them as JSON).",
    ),
    (
        "Skriv først eksempelkonfigurationen NAVN (eksempel), i DIR eller ./config.",
        "Write the example configuration NAME (eksempel) first, into DIR or ./config.",
    ),
    (
        "Hvor --example skriver konfigurationen (standard: --config-dir, CASEWORK_CONFIG_DIR "
        "eller ./config).",
        "Where --example writes the configuration (default: --config-dir, CASEWORK_CONFIG_DIR "
        "or ./config).",
    ),
    ("Opgaveudvalgets organ-id, fx obu.", "The task committee's body id, e.g. obu."),
    ("Idéen på én linje.", "The idea in a line."),
    ("Hvad den kræver, i timer.", "What it takes, in hours."),
    (
        "Hvem der handler (facilitatoren eller sekretariatet).",
        "Who acts (the facilitator or secretariat).",
    ),
    ("Mere om idéen.", "More about the idea."),
    ("Et møde i planen (ÅÅÅÅ-MM-DD).", "A meeting of the plan (YYYY-MM-DD)."),
    ("Hvornår mødet begynder (TT:MM).", "When the meeting starts (HH:MM)."),
    ("Den lukkede sprint, den bygger på.", "The closed sprint whose results it rests on."),
    ("Hvad sprinten nåede frem til.", "What the sprint arrived at."),
    (
        "Er hvert mål nået? ja/nej, i rækkefølge (gentag).",
        "Each goal met? ja/nej, in order (repeat).",
    ),
    ("En færdig idé (gentag).", "An idea finished (repeat)."),
    ("En note pr. mål (gentag).", "A note per goal (repeat)."),
    ("Hvad sprintgruppen gjorde.", "What the sprint group did."),
    ("Sprintens mål.", "The sprint's goal."),
    ("En idé fra bagkataloget (gentag).", "An idea of the backlog (repeat)."),
    (
        "Timer (standard: kommissoriets sprint_hours).",
        "Hours (default: the kommissorium's sprint_hours).",
    ),
    ("Lodtrækningen: samme frø, samme materiale.", "The draw: same seed, same pack."),
    ("Skriv til denne fil (nødvendigt for pdf).", "Write to this file (needed for pdf)."),
    ("html | pdf.", "html | pdf."),
    (
        "Mødet er kommunalbestyrelsens første på eller efter denne dag (ÅÅÅÅ-MM-DD); standard: "
        "i dag.",
        "The meeting is the council's first on or after this day (YYYY-MM-DD); default: today.",
    ),
    ("Mappen, sitet skrives til.", "The folder to write the site to."),
    ("Vis programmets version og afslut.", "Show the version and exit."),
    (
        "Ingen statuslinje (den vises kun på en terminal).",
        "No progress bar (it is shown on a terminal only).",
    ),
    (
        "Søg i titler, sagsfremstillinger og sagsnumre (ord med bøjninger).",
        "Search titles, presentation texts and case numbers (words and their inflections).",
    ),
    ("Skallen: bash, zsh, fish eller powershell.", "The shell: bash, zsh, fish or powershell."),
)

#: Where an option's value comes from when it is not given: (command path, parameter) → variable.
ENVIRONMENT: dict[tuple[str, str], str] = {
    ("", "lang"): "CASEWORK_LANG",
    ("", "data_dir"): "CASEWORK_DATA_DIR",
    ("", "config_dir"): "CASEWORK_CONFIG_DIR",
    ("", "database_url"): "CASEWORK_DATABASE_URL",
}

#: An example for each command (by its path); the same command lines in both languages.
EXAMPLES: dict[str, tuple[str, ...]] = {
    "": ("casework case list --status open", "casework --lang en case show 2026-0012"),
    "init": ("casework --data-dir ./data init",),
    "backup": ("casework backup sikkerhedskopi.db",),
    "restore": ("casework restore sikkerhedskopi.db --force",),
    "board": ("casework board --by meeting --body kb",),
    "demo": ("casework demo --cases 60 --seed 1",),
    "serve": ("casework serve --port 8000",),
    "stats": ("casework stats --by quarter --from 2026-01-01",),
    "completion": (
        "casework completion bash > ~/.local/share/bash-completion/completions/casework",
    ),
    "config": ("casework config check",),
    "config check": ("casework config check config/ --json",),
    "case": ("casework case list --search cykelsti",),
    "case new": (
        "casework case new --title 'Ny cykelsti' --as mette --attr beloeb=250000 --print-id",
        "casework case new --title 'Vision for bymidten' --workflow beslutningssag "
        "--origin 2026-0012 --as mette",
    ),
    "case advance": ("casework case advance 2026-0012 godkend --as mette --comment 'Klar'",),
    "case decide": ("casework case decide 2026-0012 godkendt --as sekr --meeting 2026-03-10",),
    "case set": ("casework case set 2026-0012 --attr beloeb=900000 --as mette",),
    "case route": (
        "casework case route 2026-0012 --route 'tmu,oeu,kb' --reason 'Principiel sag' --as sekr",
    ),
    "case show": ("casework case show 2026-0012 --json",),
    "case plan": ("casework case plan 2026-0012 --target-meeting kb:2027-04-29",),
    "case list": ("casework case list --status all --search cykelstier --json",),
    "case history": ("casework case history 2026-0012",),
    "case attach": ("casework case attach 2026-0012 kort.pdf --as mette",),
    "case detach": ("casework case detach 2026-0012 1 --as mette",),
    "case bilag": ("casework case bilag 2026-0012 --get 1 -o kort.pdf",),
    "case bilag-sweep": ("casework case bilag-sweep --dry-run",),
    "case text": ("casework case text 2026-0012 --section resume --file resume.txt --as mette",),
    "case presentation": ("casework case presentation 2026-0012 --version 1",),
    "case versions": ("casework case versions 2026-0012",),
    "case diff": ("casework case diff 2026-0012 1 2",),
    "case check": ("casework case check 2026-0012 --json",),
    "case tick": ("casework case tick 2026-0012 1 --note 'Udført' --as sekr",),
    "case export-docx": ("casework case export-docx 2026-0012 -o sag.docx",),
    "case import-docx": ("casework case import-docx 2026-0012 sag.docx --as mette",),
    "case answer": (
        "casework case answer 2026-0012 --party aeldreraad --summary 'Støtter' --as mette",
    ),
    "case involvement": ("casework case involvement 2026-0012 --json",),
    "case link": ("casework case link 2026-0014 --origin 2026-0012 --as mette",),
    "case reapprove": ("casework case reapprove 2026-0012 --as mette",),
    "audit": ("casework audit verify",),
    "audit verify": (
        "casework audit verify 2026-0012 --json",
        "casework audit verify --anchor arkiv/anker-2026-12-07-000042.json",
        "casework audit verify $(printf -- '--anchor %s ' arkiv/anker-*.json)",
    ),
    "audit anchor": ("casework audit anchor --out arkiv/",),
    "agenda": ("casework agenda show tmu 2026-03-10",),
    "agenda show": ("casework agenda show tmu 2026-03-10 --full",),
    "agenda approve": ("casework agenda approve kb 2026-03-10 --as sekr",),
    "agenda publish": ("casework agenda publish tmu 2026-03-10 --out dagsorden --format all",),
    "agenda ical": ("casework agenda ical meetings kb --out kb.ics",),
    "agenda ical meetings": ("casework agenda ical meetings kb --out kb.ics",),
    "agenda ical deadlines": ("casework agenda ical deadlines mette --out frister.ics",),
    "delegation": ("casework delegation check",),
    "delegation check": ("casework delegation check --json",),
    "delegation explain": ("casework delegation explain --attr beloeb=2000000",),
    "delegation compare": ("casework delegation compare gaeldende udkast --cases db",),
    "diagram": ("casework diagram workflow beslutningssag --format svg --out sag.svg",),
    "diagram workflow": ("casework diagram workflow beslutningssag --format svg --out sag.svg",),
    "diagram case": ("casework diagram case 2026-0061 --format mermaid",),
    "diagram training": ("casework diagram training --out undervisning --paper a4",),
    "diagram mined": ("casework diagram mined --from 2026-01-01 --format svg --out mined.svg",),
    "diagram delegation": ("casework diagram delegation gaeldende udkast --cases db",),
    "diagram year": ("casework diagram year 2026 --format svg --out aar.svg",),
    "diagram wheel": ("casework diagram wheel 2026 --format pdf --out hjul.pdf",),
    "diagram stairs": ("casework diagram stairs --format svg --out trappe.svg",),
    "meetings": ("casework meetings list --body kb",),
    "meetings plan": ("casework meetings plan 2027 --write moedeplan-2027.yaml",),
    "meetings list": ("casework meetings list --body kb --from 2026-01-01 --json",),
    "meetings replan": ("casework meetings replan --as sekr",),
    "meetings deadlines": ("casework meetings deadlines --route 'tmu,oeu,kb' --ready 2026-03-01",),
    "meeting": ("casework meeting show tmu 2026-03-10",),
    "meeting book": ("casework meeting book tmu 2026-03-10 --planned --as sekr",),
    "meeting withdraw": ("casework meeting withdraw tmu 2026-03-10 2026-0012 --as sekr",),
    "meeting close": ("casework meeting close tmu 2026-03-10 --as sekr",),
    "meeting send": ("casework meeting send tmu 2026-03-10 --as sekr",),
    "meeting correct": (
        "casework meeting correct tmu 2026-03-10 2 --reason 'Ny økonomi' --as sekr",
    ),
    "meeting hold": ("casework meeting hold tmu 2026-03-10 --as sekr",),
    "meeting cancel": ("casework meeting cancel tmu 2026-03-10 --reason 'Ingen sager' --as sekr",),
    "meeting move": ("casework meeting move tmu 2026-03-10 --to 2026-03-12 --as sekr",),
    "meeting show": ("casework meeting show tmu 2026-03-10 --json",),
    "minutes": ("casework minutes show kb 2026-03-10",),
    "minutes show": ("casework minutes show kb 2026-03-10 --format pdf -o protokol.pdf",),
    "minutes absent": ("casework minutes absent kb 2026-03-10 anna --as sekr",),
    "minutes reopen": ("casework minutes reopen kb 2026-03-10 2 --reason 'Fejl' --as sekr",),
    "minutes note": ("casework minutes note kb 2026-03-10 3 'Orientering' --as sekr",),
    "minutes approve": ("casework minutes approve kb 2026-03-10 --as sekr",),
    "minutes publish": ("casework minutes publish kb 2026-03-10 --as sekr",),
    "reminders": ("casework reminders overdue",),
    "reminders sweep": ("casework reminders sweep --now 2026-03-02T07:00Z",),
    "reminders retry": ("casework reminders retry --all",),
    "reminders fire": ("casework reminders fire 2026-0012:udarbejd:frist:2026-03-02",),
    "reminders list": ("casework reminders list --case 2026-0012 --json",),
    "reminders upcoming": ("casework reminders upcoming 2026-0061",),
    "reminders overdue": ("casework reminders overdue --json",),
    "import": ("casework import oparl oparl-eksport.tar.gz",),
    "import oparl": ("casework import oparl oparl-eksport.tar.gz --mapping oparl-de.yaml",),
    "export": ("casework export oparl oparl --base-url https://example.org/oparl",),
    "export oparl": ("casework export oparl oparl --base-url https://example.org/oparl",),
    "training": ("casework training roleplay --seed 1 --format pdf -o rollespil.pdf",),
    "training roleplay": ("casework training roleplay --seed 1 --format pdf -o rollespil.pdf",),
    "training site": ("casework training site --out byraadssal --seed 1",),
    "user": ("casework user set-password mette",),
    "user set-password": (
        "printf '%s\\n' \"$KODE\" | casework user set-password mette --password-stdin",
    ),
    "user demo-passwords": ("casework user demo-passwords --yes-this-is-a-demo",),
    "user unlock": ("casework user unlock mette",),
    "token": ("casework token list",),
    "token create": ("casework token create mette --name ESDH",),
    "token list": ("casework token list --person mette --json",),
    "token revoke": ("casework token revoke 3",),
}

#: The task committees' examples, under both names of the group.
_COMMITTEE_EXAMPLES = {
    "": "list",
    "list": "list --json",
    "show": "show obu",
    "history": "history obu --json",
    "backlog": "backlog obu --json",
    "idea": "idea obu 'Legeplads i parken' --hours 6 --as facilitator",
    "programme": "programme obu --start 17:00",
    "sprint-start": "sprint-start obu --goal 'Et forslag' --idea 1 --as facilitator",
    "sprint-log": "sprint-log obu 'Besøgte tre legepladser' --as facilitator",
    "sprint-close": "sprint-close obu --results 'Et forslag' --met ja --as facilitator",
    "recommend": "recommend obu --sprint 1 --as facilitator",
}
for _group in ("opgaveudvalg", "taskcommittee"):
    for _sub, _line in _COMMITTEE_EXAMPLES.items():
        EXAMPLES[f"{_group} {_sub}".strip()] = (f"casework {_group} {_line}",)

_EXAMPLE_WORD = {"da": ("Eksempel", "Eksempler"), "en": ("Example", "Examples")}


def _key(text: str) -> str:
    return " ".join(text.split())


@cache
def _index() -> dict[str, tuple[str, str]]:
    pairs: dict[str, tuple[str, str]] = {}
    for da, en in (*COMMANDS, *OPTIONS):
        pairs.setdefault(_key(da), (da, en))
        pairs.setdefault(_key(en), (da, en))
    return pairs


def known(text: str) -> bool:
    """Whether ``text`` has a pair in the catalogue."""
    return _key(text) in _index()


def translate(text: str, lang: str) -> str:
    """``text`` (a help text in either language) in ``lang``; unknown text as it is."""
    pair = _index().get(_key(text))
    if pair is None:
        return text
    return pair[1] if lang == "en" else pair[0]


def example(path: str, lang: str) -> str | None:
    """The help's example section for the command at ``path`` (``"case show"``), if any."""
    lines = EXAMPLES.get(path)
    if not lines:
        return None
    single, plural = _EXAMPLE_WORD["en" if lang == "en" else "da"]
    heading = single if len(lines) == 1 else plural
    # Rich help joins an epilog's paragraphs line by line; brackets would be markup.
    body = "\n\n".join(f"  $ {line}".replace("[", "\\[") for line in lines)
    return f"{heading}:\n\n{body}"


def has_example(text: str) -> bool:
    """Whether a help text shows an example itself (``Eksempel: casework …``)."""
    return any(f"{word}:" in text for words in _EXAMPLE_WORD.values() for word in words)


def env_hint(name: str, path: str) -> str | None:
    """``[env: VARIABLE]`` for an option read from the environment when not given."""
    variable = ENVIRONMENT.get((path, name))
    return None if variable is None else f"\\[env: {variable}]"


__all__ = [
    "COMMANDS",
    "EXAMPLES",
    "OPTIONS",
    "env_hint",
    "example",
    "has_example",
    "known",
    "translate",
]
