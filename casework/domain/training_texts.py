"""The words of the training material (issue 20, items 3 and 4), Danish and English.

Registered in the message catalogue (:mod:`casework.domain.messages`) under ``training.*`` so the
role-play pack, the quiz and the training site speak the user's language through the same layer
as every other output. The fictive subjects are invented; the municipality's own words (bodies,
workflows, rules, deadlines) come from its configuration. Pure data.
"""

from __future__ import annotations

from casework.domain.messages import register

#: Fictive subjects of cases by policy area: (Danish, English). An area not listed here gets a
#: subject made from its own name, so a municipality's new areas still give plausible cases.
SUBJECTS: dict[str, tuple[tuple[str, str], ...]] = {
    "oekonomi": (
        ("Budgetopfølgning for første halvår", "Budget follow-up for the first half-year"),
        ("Kassebeholdning og likviditet", "Cash holdings and liquidity"),
    ),
    "personale": (
        ("Fælles seniorpolitik", "Joint senior staff policy"),
        ("Ny arbejdsmiljøorganisation", "New occupational health organisation"),
    ),
    "ejendomme": (
        ("den tidligere skole på Møllevej", "the former school on Møllevej"),
        ("grunden ved Havnevej 12", "the plot at Havnevej 12"),
    ),
    "erhverv": (
        ("Erhvervsfremme i Nordby", "Business development in Nordby"),
        ("Iværksætterhus i Stationsbyen", "Start-up house in Stationsbyen"),
    ),
    "veje": (
        ("Cykelsti langs Skovvej", "Cycle path along Skovvej"),
        ("Trafiksikring ved Østerby Skole", "Road safety at Østerby School"),
    ),
    "miljoe": (
        ("Biogasanlæg ved Lundgård", "Biogas plant at Lundgård"),
        ("Spildevandsplan for Vesterby", "Waste water plan for Vesterby"),
    ),
    "klima": (
        ("Klimatilpasning af bymidten", "Climate adaptation of the town centre"),
        ("Solceller på kommunens tage", "Solar panels on the municipality's roofs"),
    ),
    "natur": (
        ("Ny naturpark ved Egeskoven", "New nature park by Egeskoven"),
        ("Genopretning af Mølleåen", "Restoring the Mølleå stream"),
    ),
    "lokalplaner": (
        ("Boliger på Kirkebakken", "Housing on Kirkebakken"),
        ("Ny bydel ved Stationen", "New district by the station"),
    ),
    "byggeri": (
        ("Etageboliger på Torvegade", "Flats on Torvegade"),
        ("Rækkehuse ved Åløkken", "Terraced houses by Åløkken"),
    ),
    "skole": (
        ("Sammenlægning af Nordby og Vesterby skoler", "Merging the Nordby and Vesterby schools"),
        ("Ny udskoling i Østerby", "New lower secondary school in Østerby"),
    ),
    "dagtilbud": (
        ("Ny daginstitution i Østerby", "New day-care centre in Østerby"),
        ("Udvidelse af Børnehuset Solsikken", "Extending the Solsikken children's house"),
    ),
    "kultur": (
        ("Kulturhus i den gamle station", "Culture house in the old station"),
        ("Byfest i Stationsbyen", "Town festival in Stationsbyen"),
    ),
    "idraet": (
        ("Ny kunstgræsbane i Vesterby", "New artificial pitch in Vesterby"),
        ("Svømmehallens åbningstider", "The swimming baths' opening hours"),
    ),
    "biblioteker": (
        ("Selvbetjent bibliotek i Nordby", "Self-service library in Nordby"),
        ("Bogbussens ruter", "The mobile library's routes"),
    ),
    "aeldre": (
        ("Plejecenter Lindely", "Lindely nursing home"),
        ("Madservice til ældre", "Meals service for older people"),
    ),
    "sundhed": (
        ("Sundhedshus i bymidten", "Health centre in the town centre"),
        ("Forebyggelse blandt unge", "Prevention among young people"),
    ),
    "handicap": (
        ("Bofællesskab på Engvej", "Shared housing on Engvej"),
        ("Tilgængelighed i kommunens bygninger", "Accessibility of the municipality's buildings"),
    ),
    "beskaeftigelse": (
        ("Jobcentrets indsats for unge", "The job centre's effort for young people"),
        ("Virksomhedspraktik i kommunen", "Work placements in the municipality"),
    ),
    "integration": (
        ("Sprogcafé for nye borgere", "Language café for new citizens"),
        ("Boligplacering af flygtninge", "Housing refugees"),
    ),
}

#: Policy areas that suit a matter type, when the delegation rule does not fix the area.
AREAS_FOR_TYPE: dict[str, tuple[str, ...]] = {
    "budget": ("oekonomi",),
    "aarsregnskab": ("oekonomi",),
    "laan": ("oekonomi",),
    "laaneomlaegning": ("oekonomi",),
    "ejendomskoeb": ("ejendomme",),
    "ejendomssalg": ("ejendomme",),
    "styrelsesvedtaegt": ("oekonomi",),
    "planstrategi": ("lokalplaner",),
    "kommuneplan": ("lokalplaner",),
    "kommuneplantillaeg": ("lokalplaner",),
    "lokalplan": ("lokalplaner", "byggeri"),
    "dispensation": ("lokalplaner", "byggeri"),
    "vejprojekt": ("veje",),
    "miljoegodkendelse": ("miljoe", "natur"),
    "klimaplan": ("klima",),
    "skolestruktur": ("skole",),
    "serviceniveau": ("aeldre", "dagtilbud", "skole"),
    "takster": ("dagtilbud", "kultur"),
    "tilskud": ("kultur", "idraet", "erhverv", "sundhed", "integration"),
    "anlaegsbevilling": ("dagtilbud", "skole", "idraet", "veje", "aeldre"),
}

register(
    {
        # The pack
        "training.pack.title": (
            "Rollespil: et fiktivt møde i {body}",
            "Role play: a fictive meeting of {body}",
        ),
        "training.pack.intro": (
            "Et øvemøde for den nye kommunalbestyrelse i {municipality}. Sagerne er opdigtede, "
            "men deres sagsgang er den rigtige: delegationsplanen afgør, hvem der beslutter, og "
            "arbejdsgangene er kommunens egne. Udtræk nr. {seed}.",
            "A practice meeting for the new council of {municipality}. The cases are invented, "
            "but their routes are real: the delegation plan decides who decides, and the "
            "workflows are the municipality's own. Draw no. {seed}.",
        ),
        "training.pack.fictive": (
            "Fiktivt møde – kun til undervisning",
            "Fictive meeting – for training only",
        ),
        "training.pack.when": ("Mødedato (fiktiv): {when}", "Meeting date (fictive): {when}"),
        "training.pack.contents": ("Indhold", "Contents"),
        "training.agenda": ("Dagsorden", "Agenda"),
        "training.presentations": ("Sagsfremstillinger", "Presentations"),
        "training.roles": ("Rollekort", "Role cards"),
        "training.manuscript": ("Drejebog", "Manuscript"),
        "training.quiz": ("Quiz om forretningsordenen", "Quiz on the rules of procedure"),
        "training.answers": ("Facitliste", "Answer key"),
        "training.answer": ("Svar", "Answer"),
        "training.why": ("Begrundelse", "Why"),
        "training.closed_heading": ("Lukket punkt: {category}", "Closed item: {category}"),
        "training.closed_note": (
            "Behandles for lukkede døre (KSL § 10). Indholdet står kun i medlemmernes fulde "
            "dagsorden og hører ikke til i det trykte øvemateriale.",
            "Dealt with behind closed doors (KSL § 10). Its content is only in the members' full "
            "agenda and is not part of the printed practice material.",
        ),
        "training.case_number": ("Sagsnr. (fiktivt): {number}", "Case no. (fictive): {number}"),
        "training.route": ("Sagsgang: {route}", "Route: {route}"),
        "training.workflow": ("Arbejdsgang: {workflow}", "Workflow: {workflow}"),
        "training.rule": (
            "Delegationsplanen, regel {rule} ({title}): {decider} beslutter.",
            "The delegation plan, rule {rule} ({title}): {decider} decides.",
        ),
        "training.legal_basis": ("Hjemmel: {basis}", "Legal basis: {basis}"),
        "training.presenter": ("Fremlægges af: {who}", "Presented by: {who}"),
        "training.indstilling": ("Indstilling", "Recommendation"),
        "training.recommends": ("Forvaltningen indstiller,", "The administration recommends"),
        "training.sagsfremstilling": ("Sagsfremstilling", "Presentation"),
        "training.fixed_item": ("Fast punkt", "Standing item"),
        "training.workflows": ("Kommunens arbejdsgange", "The municipality's workflows"),
        "training.workflows.intro": (
            "Sagerne på øvemødet følger kommunens egne arbejdsgange. Sådan vælger "
            "delegationsplanen mellem dem:",
            "The practice meeting's cases follow the municipality's own workflows. This is how "
            "the delegation plan chooses between them:",
        ),
        "training.workflows.steps": ("{count} trin", "{count} steps"),
        "training.workflows.matters": ("sagstyper: {matters}", "matter types: {matters}"),
        "training.workflows.administration": (
            "sager, administrationen selv afgør",
            "cases the administration decides itself",
        ),
        "training.workflows.default": ("alle andre sager", "every other case"),
        "training.workflows.given": (
            "vælges ved oprettelsen (--workflow)",
            "chosen when the case is opened (--workflow)",
        ),
        # Presentations
        "training.text.about": (
            "Sagen handler om {subject}. {type} behandles efter kommunens arbejdsgang "
            "„{workflow}“.",
            "The case concerns {subject}. {type} follows the municipality's workflow “{workflow}”.",
        ),
        "training.text.route": (
            "Efter delegationsplanen træffer {decider} beslutning; sagen går {route}.",
            "Under the delegation plan {decider} decides; the case goes {route}.",
        ),
        "training.text.amount": (
            "Sagen har en økonomisk ramme på {amount}",
            "The case has a financial frame of {amount}",
        ),
        "training.text.note": ("Planens bemærkning: {note}", "The plan's note: {note}"),
        "training.at.approve": (
            "at forslaget om {thing} godkendes",
            "that the proposal on {thing} is approved",
        ),
        "training.at.recommend": (
            "at {body} anbefaler forslaget om {thing} over for {decider}",
            "that {body} recommends the proposal on {thing} to {decider}",
        ),
        "training.at.amount": (
            "at udgiften på {amount} finansieres som beskrevet under Økonomi",
            "that the expense of {amount} is funded as described under Finances",
        ),
        "training.at.inform": (
            "at {bodies} orienteres om beslutningen",
            "that {bodies} are informed of the decision",
        ),
        "training.admin": ("administrationen", "the administration"),
        "training.kr": ("{amount} kr.", "DKK {amount}"),
        # Roles
        "training.role.chair": ("Borgmesteren (mødeleder)", "The mayor (chair)"),
        "training.role.chair.player": (
            "Spilles af borgmesteren eller en erfaren formand",
            "Played by the mayor or an experienced chair",
        ),
        "training.role.chair.brief": (
            "Leder mødet efter forretningsordenen: godkender dagsordenen, giver ordet i "
            "rækkefølge, sætter forslag til afstemning, lukker dørene ved lukkede punkter og "
            "holder tiden i spørgetiden.",
            "Chairs the meeting by the rules of procedure: approves the agenda, gives the floor "
            "in turn, puts proposals to the vote, closes the doors for closed items and keeps "
            "the time in question time.",
        ),
        "training.role.quarrelsome": ("Den kværulantiske", "The quarrelsome one"),
        "training.role.quarrelsome.player": (
            "Spilles af et erfarent medlem",
            "Played by an experienced member",
        ),
        "training.role.quarrelsome.brief": (
            "Er uenig af princip, beder om ordet igen og igen, stiller ændringsforslag i sidste "
            "øjeblik og vil have sin mindretalsudtalelse ført til protokols.",
            "Disagrees on principle, asks for the floor again and again, moves amendments at the "
            "last minute and wants a minority statement recorded in the minutes.",
        ),
        "training.role.rules": ("Regelrytteren", "The rules-rider"),
        "training.role.rules.player": (
            "Spilles af et erfarent medlem",
            "Played by an experienced member",
        ),
        "training.role.rules.brief": (
            "Kender forretningsordenen udenad og spørger til alt: er dagsordenen sendt ud i tide, "
            "hvem har kompetencen efter delegationsplanen, og hvorfor er punktet lukket?",
            "Knows the rules of procedure by heart and asks about everything: was the agenda "
            "sent in time, who is competent under the delegation plan, why is the item closed?",
        ),
        "training.role.newcomer": ("Det nye medlem", "The new member"),
        "training.role.newcomer.player": ("Spilles af de nyvalgte", "Played by the newly elected"),
        "training.role.newcomer.brief": (
            "Øver sig: beder om ordet, stiller et opklarende spørgsmål til sagen og stemmer.",
            "Practises: asks for the floor, asks a clarifying question about the case and votes.",
        ),
        "training.role.director": ("Kommunaldirektøren", "The municipal director"),
        "training.role.director.player": (
            "Spilles af direktionen",
            "Played by the executive board",
        ),
        "training.role.director.brief": (
            "Svarer på faktuelle spørgsmål om sagerne og om sagsgangen, men tager ikke del i den "
            "politiske debat.",
            "Answers factual questions about the cases and their route, but takes no part in the "
            "political debate.",
        ),
        "training.role.citizens": ("Nysgerrige borgere", "Curious citizens"),
        "training.role.citizens.player": (
            "Spilles af medarbejdere fra administrationen",
            "Played by staff from the administration",
        ),
        "training.role.citizens.brief": (
            "Stiller spørgsmål i spørgetiden, som borgerne gør: konkrete, lidt kritiske og med "
            "forventning om et svar.",
            "Ask questions in question time as citizens do: concrete, a little critical, and "
            "expecting an answer.",
        ),
        "training.played_by": ("Spilles af", "Played by"),
        # Manuscript lines
        "training.line.open": (
            "Jeg byder velkommen til mødet i {body} og erklærer mødet for åbnet. Er der "
            "bemærkninger til dagsordenen?",
            "Welcome to the meeting of {body}; I declare the meeting open. Any remarks on the "
            "agenda?",
        ),
        "training.line.agenda_sent": (
            "Blev dagsordenen egentlig udsendt {deadline}, som forretningsordenen kræver?",
            "Was the agenda actually sent {deadline}, as the rules of procedure require?",
        ),
        "training.line.agenda_ok": (
            "Ja, den blev udsendt rettidigt. Dagsordenen er godkendt.",
            "Yes, it was sent in time. The agenda is approved.",
        ),
        "training.line.questions_open": (
            "Vi går til spørgetiden. Hver spørger har ordet i højst tre minutter.",
            "We turn to question time. Each questioner has the floor for at most three minutes.",
        ),
        "training.line.citizen_q": (
            "Jeg bor tæt på, og jeg vil gerne vide: hvornår bliver der truffet beslutning om "
            "„{title}“, og kan jeg blive hørt først?",
            "I live nearby and would like to know: when will “{title}” be decided, and can I be "
            "heard first?",
        ),
        "training.line.citizen_q2": (
            "Hvad koster „{title}“, og hvem betaler?",
            "What does “{title}” cost, and who pays?",
        ),
        "training.line.citizen_closed": (
            "Hvad handler det lukkede punkt om? Det har borgerne da ret til at vide!",
            "What is the closed item about? Surely the citizens have a right to know!",
        ),
        "training.line.chair_closed_answer": (
            "Lukkede punkter behandles for lukkede døre efter KSL § 10, så det kan vi ikke sige "
            "noget om her. Beslutningen fremgår af protokollen i det omfang, den kan "
            "offentliggøres.",
            "Closed items are dealt with behind closed doors under KSL § 10, so we cannot discuss "
            "it here. The decision appears in the minutes as far as it can be made public.",
        ),
        "training.line.director_answer": (
            "Sagen går {route}. {decider} træffer beslutning.",
            "The case goes {route}. {decider} decides.",
        ),
        "training.line.item_open": (
            "Punkt {number}: {title}. {presenter} har ordet for at fremlægge sagen.",
            "Item {number}: {title}. {presenter} has the floor to present the case.",
        ),
        "training.line.present": (
            "Sagen kommer fra {previous}. Indstillingen er, {first}.",
            "The case comes from {previous}. The recommendation is {first}.",
        ),
        "training.line.present_direct": (
            "Sagen kommer direkte fra administrationen. Indstillingen er, {first}.",
            "The case comes straight from the administration. The recommendation is {first}.",
        ),
        "training.line.rules_competence": (
            "Hører sagen overhovedet under os? Delegationsplanen siger vel noget andet?",
            "Is this matter even ours? Doesn't the delegation plan say otherwise?",
        ),
        "training.line.competence_answer": (
            "Ja. Efter regel {rule} træffer {decider} beslutning. {basis}",
            "Yes. Under rule {rule} {decider} decides. {basis}",
        ),
        "training.line.competence_recommend": (
            "Nej, ikke endeligt. Efter regel {rule} træffer {decider} beslutning; vi afgiver "
            "kun en indstilling.",
            "Not finally. Under rule {rule} {decider} decides; we only make a recommendation.",
        ),
        "training.line.quarrel_amend": (
            "Det er helt forkert. Jeg stiller ændringsforslag: sagen udsættes til næste møde!",
            "This is completely wrong. I move an amendment: the case is postponed to the next "
            "meeting!",
        ),
        "training.line.quarrel_minority": (
            "Jeg stemmer imod og beder om at få en mindretalsudtalelse ført til protokols.",
            "I vote against and ask for a minority statement in the minutes.",
        ),
        "training.line.quarrel_again": (
            "Jeg beder om ordet igen – for tredje gang!",
            "I ask for the floor again – for the third time!",
        ),
        "training.line.chair_amend": (
            "Ændringsforslaget sættes under afstemning først, da det går videst.",
            "The amendment is put to the vote first, as it goes furthest.",
        ),
        "training.line.chair_floor": (
            "Forretningsordenen giver hvert medlem ordet to gange til samme sag; derefter kun "
            "til korte bemærkninger.",
            "The rules of procedure give each member the floor twice on a case; after that only "
            "for short remarks.",
        ),
        "training.line.newcomer_q": (
            "Et opklarende spørgsmål: hvad sker der, hvis vi ikke følger indstillingen?",
            "A clarifying question: what happens if we do not follow the recommendation?",
        ),
        "training.line.newcomer_amount": (
            "Hvor kommer pengene fra – er finansieringen på plads?",
            "Where does the money come from – is the funding in place?",
        ),
        "training.line.vote": (
            "Jeg sætter indstillingen under afstemning. Hvem kan godkende? Indstillingen er "
            "godkendt.",
            "I put the recommendation to the vote. Who is in favour? The recommendation is "
            "approved.",
        ),
        "training.line.vote_recommend": (
            "Jeg sætter indstillingen under afstemning. Sagen sendes videre til {next}.",
            "I put the recommendation to the vote. The case goes on to {next}.",
        ),
        "training.line.closed_doors": (
            "Punkt {number} er et lukket punkt. Jeg beder tilhørerne forlade salen, og "
            "transmissionen afbrydes.",
            "Item {number} is a closed item. I ask the public to leave, and the broadcast is "
            "stopped.",
        ),
        "training.line.rules_closed": (
            "Er der hjemmel til at lukke punktet? Det skal være en af KSL § 10's grunde.",
            "Is there a basis for closing the item? It must be one of the grounds in KSL § 10.",
        ),
        "training.line.chair_closed": (
            "Ja: {category}. Den offentlige protokol viser kun overskriften.",
            "Yes: {category}. The public minutes show only the heading.",
        ),
        "training.line.close": (
            "Dagsordenen er udtømt. Jeg takker for et godt møde og hæver mødet.",
            "The agenda is exhausted. Thank you for a good meeting; the meeting is closed.",
        ),
        "training.line.fixed": ("{title}.", "{title}."),
        "training.question_time": ("Spørgetid", "Question time"),
        "training.item": ("Punkt {number}", "Item {number}"),
        "training.opening": ("Mødets åbning", "Opening the meeting"),
        "training.closing": ("Mødets afslutning", "Closing the meeting"),
        # Quiz
        "training.q.decides": (
            "Hvem træffer beslutning i en sag om {matter}?",
            "Who decides a matter of {matter}?",
        ),
        "training.q.decides.why": (
            "Delegationsplanens regel {rule}: {decider} beslutter.{basis}",
            "The delegation plan's rule {rule}: {decider} decides.{basis}",
        ),
        "training.q.agenda": (
            "Hvornår skal dagsordenen til {body}s møde senest være udsendt?",
            "By when must the agenda of the meeting of {body} be sent?",
        ),
        "training.q.intake": (
            "Hvornår skal en sag til {body} senest være i sekretariatet?",
            "By when must a case for {body} reach the secretariat?",
        ),
        "training.q.period": (
            "Hvor lang er mindstefristen efter {source}?",
            "How long is the minimum period under {source}?",
        ),
        "training.q.closed": (
            "Hvilken slags sag kan {body} behandle for lukkede døre?",
            "Which kind of case may {body} deal with behind closed doors?",
        ),
        "training.q.closed.why": (
            "KSL § 10: møderne er offentlige, men sager om bl.a. ejendomshandel, personforhold "
            "og udbud kan lukkes. Planer og budget behandles altid for åbne døre.",
            "KSL § 10: meetings are public, but cases on e.g. property deals, personal matters "
            "and tenders may be closed. Plans and the budget are always dealt with in public.",
        ),
        "training.q.closed.property": (
            "Køb og salg af fast ejendom",
            "Buying and selling real estate",
        ),
        "training.q.advisory": (
            "Kan {body} selv træffe beslutning i en sag?",
            "Can {body} decide a case itself?",
        ),
        "training.q.advisory.no": (
            "Nej – udvalget er rådgivende og afgiver en indstilling",
            "No – the committee is advisory and makes a recommendation",
        ),
        "training.q.advisory.yes": ("Ja, inden for sit område", "Yes, within its area"),
        "training.q.advisory.council": (
            "Kun med borgmesterens tilladelse",
            "Only with the mayor's permission",
        ),
        "training.q.advisory.why": (
            "Et opgaveudvalg efter KSL § 17, stk. 4 nedsættes af kommunalbestyrelsen og er "
            "rådgivende; det kan ikke træffe beslutninger.",
            "A task committee under KSL § 17, stk. 4 is set up by the council and is advisory; "
            "it cannot take decisions.",
        ),
        "training.q.fixed": (
            "Hvilket fast punkt står på {body}s dagsorden, men ikke på de andre udvalgs?",
            "Which standing item is on the agenda of {body}, but not on the other committees'?",
        ),
        "training.q.fixed.why": (
            "Kommunens faste punkter ({body}): {items}.",
            "The municipality's standing items ({body}): {items}.",
        ),
        "training.q.workflow": (
            "Hvilken arbejdsgang følger en sag af typen {matter}?",
            "Which workflow does a case of the type {matter} follow?",
        ),
        "training.q.workflow.why": (
            "Delegationsplanens tabel over arbejdsgange: {matter} → {workflow}.",
            "The delegation plan's workflow table: {matter} → {workflow}.",
        ),
        "training.q.source": ("Kilde: {basis}", "Source: {basis}"),
        # The site
        "training.site.title": ("Den virtuelle byrådssal", "The virtual council chamber"),
        "training.site.intro": (
            "Undervisningssider for {municipality}, skrevet ud fra kommunens konfiguration: "
            "organerne, sagsgangene, mødeplanen, rollespillet, quizzen og en ordliste. Siderne "
            "virker uden net.",
            "Training pages for {municipality}, written from the municipality's configuration: "
            "the bodies, the case routes, the meeting plan, the role play, the quiz and a "
            "glossary. The pages work offline.",
        ),
        "training.site.home": ("Forside", "Home"),
        "training.site.bodies": ("Kommunalbestyrelse og udvalg", "Council and committees"),
        "training.site.routes": ("Sådan går en sag", "How a case travels"),
        "training.site.calendar": ("Mødeplan og årshjul", "Meeting plan and annual wheel"),
        "training.site.roleplay": ("Rollespillet", "The role play"),
        "training.site.quiz": ("Quiz", "Quiz"),
        "training.site.glossary": ("Ordliste", "Glossary"),
        "training.site.discussions": ("Temadrøftelser", "Themed discussions"),
        "training.site.kits_intro": (
            "Drøftelsesformerne, en drøftelsessag kan bruge. Formatet vælges på sagen, og "
            "programmet, spørgsmålene og materialerne står på dagsordenspunktet.",
            "The discussion formats a discussion case can use. The format is chosen on the case, "
            "and its programme, questions and materials are printed on the agenda item.",
        ),
        "training.site.no_kits": (
            "Konfigurationen har ingen drøftelsesformer (config/facilitation.yaml).",
            "The configuration has no discussion formats (config/facilitation.yaml).",
        ),
        "training.site.kit_minutes": (
            "Varighed: {minutes} minutter",
            "Duration: {minutes} minutes",
        ),
        "training.site.kit_programme": ("Program", "Programme"),
        "training.site.kit_questions": ("Spørgsmål", "Questions"),
        "training.site.kit_plan": ("Procesplan", "Process plan"),
        "training.site.kit_materials": ("Materialer: {materials}", "Materials: {materials}"),
        "training.site.show_answer": ("Vis svaret", "Show the answer"),
        "training.site.members": ("{count} medlemmer", "{count} members"),
        "training.site.areas": ("Områder: {areas}", "Areas: {areas}"),
        "training.site.advisory": (
            "Rådgivende (§ 17, stk. 4): afgiver indstilling, beslutter ikke.",
            "Advisory (§ 17, stk. 4): recommends, does not decide.",
        ),
        "training.site.kind.kommunalbestyrelse": (
            "Kommunalbestyrelsen (KSL § 2)",
            "The council (KSL § 2)",
        ),
        "training.site.kind.oekonomiudvalg": (
            "Økonomiudvalget (KSL § 18)",
            "The finance committee (KSL § 18)",
        ),
        "training.site.kind.staaende_udvalg": (
            "Stående udvalg (KSL § 17)",
            "Standing committee (KSL § 17)",
        ),
        "training.site.kind.opgaveudvalg": (
            "Opgaveudvalg (KSL § 17, stk. 4)",
            "Task committee (KSL § 17, stk. 4)",
        ),
        "training.site.mandate": ("Kommissorium", "Terms of reference"),
        "training.site.period": ("Periode: {start} – {end}", "Period: {start} – {end}"),
        "training.site.goals": ("Mål", "Goals"),
        "training.site.reports_to": (
            "Udvalget kan ikke beslutte; det afgiver skriftlige indstillinger til {body}.",
            "The committee cannot decide; it makes written recommendations to {body}.",
        ),
        "training.site.facilitator": ("Facilitator: {name}", "Facilitator: {name}"),
        "training.site.council_members": (
            "Medlemmer fra kommunalbestyrelsen: {names}",
            "Members from the council: {names}",
        ),
        "training.site.partners": (
            "Eksterne medlemmer (ikke medlemmer af kommunalbestyrelsen)",
            "External members (not members of the council)",
        ),
        "training.site.sprints": (
            "Udvalget arbejder i sprints på {hours} timer ud fra et bagkatalog af idéer. Møderne "
            "har et visuelt program i stedet for en formel dagsorden:",
            "The committee works in sprints of {hours} hours from a backlog of ideas. Its "
            "meetings have a visual programme instead of a formal agenda:",
        ),
        "training.site.meetings": ("Møder i {year}", "Meetings in {year}"),
        "training.site.col.body": ("Organ", "Body"),
        "training.site.col.meetings": ("Møder", "Meetings"),
        "training.site.col.term": ("Term", "Term"),
        "training.site.col.meaning": ("Betydning", "Meaning"),
        "training.site.wheel": ("Årshjulet {year}", "The annual wheel {year}"),
        "training.site.stairs": ("Valgperiodens trin", "The steps of the term"),
        "training.site.print": ("Udskriv rollespillet (PDF)", "Print the role play (PDF)"),
        "training.site.workflows": ("Arbejdsgange", "Workflows"),
        "training.site.diagram_alt": (
            "Sagsgangen for {workflow}: {route}",
            "The route of {workflow}: {route}",
        ),
        "training.site.footer": (
            "Skrevet af casework ud fra konfigurationen. Sagerne i rollespillet er opdigtede.",
            "Written by casework from the configuration. The role play's cases are invented.",
        ),
        # Errors and CLI
        "training.error.no_council": (
            "Konfigurationen har ingen kommunalbestyrelse (et organ af typen "
            "kommunalbestyrelse), så der kan ikke laves et øvemøde",
            "The configuration has no council (a body of kind kommunalbestyrelse), so no "
            "practice meeting can be made",
        ),
        "training.error.no_cases": (
            "Delegationsplanen {plan} giver ingen sager, der når {body}; rollespillet har "
            "ingen dagsorden",
            "The delegation plan {plan} gives no cases that reach {body}; the role play has no "
            "agenda",
        ),
        "training.error.not_dir": (
            "{path} er en fil; --out skal være en mappe",
            "{path} is a file; --out must be a folder",
        ),
        "training.needs_out": (
            "Formatet {format} skal skrives til en fil: angiv --out",
            "The format {format} must be written to a file: give --out",
        ),
        "training.written": ("Skrev {path}", "Wrote {path}"),
        "training.site_written": (
            "Skrev den virtuelle byrådssal ({count} filer) i {path}",
            "Wrote the virtual council chamber ({count} files) to {path}",
        ),
    }
)

#: The glossary: Danish governance terms and what they mean (term, Danish, English meaning).
GLOSSARY: tuple[tuple[str, str, str], ...] = (
    (
        "Delegationsplan",
        "Kommunalbestyrelsens beslutning om, hvem der træffer hvilke beslutninger.",
        "The council's decision on who decides which matters.",
    ),
    (
        "Dagsorden",
        "Listen over punkter på et møde; udsendes til medlemmerne før mødet.",
        "The list of items of a meeting; sent to the members before it.",
    ),
    (
        "Forretningsorden",
        "Kommunalbestyrelsens egne regler for møderne (KSL § 2, stk. 2).",
        "The council's own rules for its meetings (KSL § 2, stk. 2).",
    ),
    (
        "Indstilling",
        "Forvaltningens eller et udvalgs forslag til beslutning, skrevet som at-sætninger.",
        "The administration's or a committee's proposed decision, written as that-clauses.",
    ),
    (
        "Lukket punkt",
        "Et punkt, der behandles for lukkede døre efter KSL § 10.",
        "An item dealt with behind closed doors under KSL § 10.",
    ),
    (
        "Mindretalsudtalelse",
        "Et medlems begrundelse for at stemme imod, ført til protokols.",
        "A member's reasons for voting against, recorded in the minutes.",
    ),
    (
        "Opgaveudvalg",
        "Et midlertidigt, rådgivende udvalg efter KSL § 17, stk. 4.",
        "A temporary, advisory committee under KSL § 17, stk. 4.",
    ),
    (
        "Sagsfremstilling",
        "Sagens beskrivelse på dagsordenen: baggrund, økonomi og indstilling.",
        "The case as the agenda describes it: background, finances and recommendation.",
    ),
    (
        "Sagsgang",
        "Den række organer, en sag går igennem, før den er besluttet.",
        "The sequence of bodies a case passes through before it is decided.",
    ),
    (
        "Spørgetid",
        "Borgernes spørgsmål til kommunalbestyrelsen i starten af mødet.",
        "Citizens' questions to the council at the start of the meeting.",
    ),
    (
        "Beslutningsprotokol",
        "Referatet af mødets beslutninger; offentliggøres.",
        "The record of the meeting's decisions; published.",
    ),
    (
        "Årshjul",
        "Årets møder og faser (budget, regnskab) på ét hjul.",
        "The year's meetings and phases (budget, accounts) on one wheel.",
    ),
    (
        "Habilitet",
        "Et medlem, der har særlig interesse i en sag, må ikke deltage i den.",
        "A member with a special interest in a case must not take part in it.",
    ),
    (
        "Tillægsbevilling",
        "En bevilling ud over budgettet; kun kommunalbestyrelsen (KSL § 40).",
        "An appropriation beyond the budget; only the council (KSL § 40).",
    ),
)

__all__ = ["AREAS_FOR_TYPE", "GLOSSARY", "SUBJECTS"]
