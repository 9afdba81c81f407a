"""Nederlandse teksten. Houd sleutels en {placeholders} gelijk aan `en.py` (een test kijkt)."""

MESSAGES: dict[str, str] = {
    # --- commandomenu (setMyCommands) ---
    "cmd_start": "Begin of ga verder met de raadpleging",
    "cmd_help": "Wat ik kan",
    "cmd_status": "Waar ben ik?",
    "cmd_back": "Terug naar de vorige vraag",
    "cmd_skip": "Sla een niet-verplichte vraag over",
    "cmd_language": "Nederlands / English",
    "cmd_mydata": "Alles wat over u is opgeslagen, als bestand",
    "cmd_delete": "Verwijder al uw gegevens",
    "cmd_stop": "Pauzeer; ga later verder met /start",
    # --- beginnen en toestemming ---
    "consent_prompt": (
        "{title}\n\n{privacy}\n\nEr wordt niets opgeslagen tot u akkoord gaat. Uw Telegram-id "
        "wordt vervangen door een pseudoniem; /mydata toont alles wat over u is opgeslagen en "
        "/delete verwijdert het, op elk moment.\n\nDoet u mee?"
    ),
    "consent_yes": "✓ Ik ga akkoord",
    "consent_no": "Nee, liever niet",
    "consent_declined": "Prima, er is niets opgeslagen. Stuur /start als u zich bedenkt.",
    "consent_first": (
        "Beantwoord eerst de vraag over privacy: er wordt niets opgeslagen tot u akkoord gaat."
    ),
    "welcome_back": "Welkom terug! We gaan verder waar u was gebleven.",
    "no_open_survey": "Er is op dit moment geen raadpleging geopend. Kom later nog eens terug.",
    "choose_survey": "Aan welke raadpleging wilt u meedoen?",
    "survey_unknown": "Ik ken geen raadpleging met de naam “{survey_id}”.",
    "survey_closed": "De raadpleging “{title}” is gesloten. Bedankt voor uw belangstelling!",
    "already_completed": (
        "U hebt “{title}” al helemaal ingevuld. Bedankt! /mydata toont wat u hebt geantwoord."
    ),
    # --- stappen ---
    "step_counter": "Vraag {number} van {total}",
    "info_continue": "Verder ▶",
    "multiple_hint": "Tik de opties aan die passen en druk dan op Klaar.",
    "multiple_hint_max": "Tik maximaal {maximum} opties aan en druk dan op Klaar.",
    "multiple_done": "Klaar ✓",
    "scale_hint": "{minimum} = {min_label} … {maximum} = {max_label}",
    "free_text_hint": "Typ uw antwoord (hoogstens {max_length} tekens).",
    "optional_hint": "Deze vraag is niet verplicht: met /skip slaat u hem over.",
    "answered": "✓ {answer}",
    "skipped": "(overgeslagen)",
    # --- voorstellen ---
    "proposal_prompt": (
        "Typ uw voorstel in één bericht ({min_length}-{max_length} tekens). "
        "U kunt er hoogstens {maximum} schrijven."
    ),
    "proposal_another": (
        "Wilt u nog een voorstel schrijven? Typ het gewoon, of druk op “{done}”."
    ),
    "proposal_none": "Geen (andere) voorstellen",
    "proposal_similar": (
        "Anderen stelden iets vergelijkbaars voor. U kunt in plaats daarvan een van deze steunen:"
    ),
    "proposal_support_button": "👍 Steun {number}",
    "proposal_submit_mine": "Toch het mijne toevoegen",
    "proposal_confirm_prompt": "Uw voorstel:\n\n“{text}”\n\nZal ik het toevoegen?",
    "proposal_confirm": "✓ Toevoegen",
    "proposal_edit": "✏️ Aanpassen",
    "proposal_edit_prompt": "Stuur de nieuwe tekst van uw voorstel.",
    "proposal_added": "Bedankt, uw voorstel is toegevoegd; anderen gaan het beoordelen.",
    "proposal_pending": (
        "Bedankt! Uw voorstel wacht op goedkeuring door de organisatie; daarna kunnen anderen "
        "het beoordelen."
    ),
    "proposal_supported": "Bedankt, u steunt nu: “{text}”",
    "proposal_limit": "U hebt het maximum van {maximum} voorstellen geschreven. Bedankt!",
    # --- stemmen ---
    "vote_header": "Voorstel {number} van {total}. Bent u het ermee eens?\n\n“{text}”",
    "vote_agree": "👍 Eens",
    "vote_disagree": "👎 Oneens",
    "vote_pass": "🤷 Weet niet",
    "vote_report": "⚠️ Melden",
    "vote_done": "Bedankt, u hebt {count} voorstellen beoordeeld.",
    "vote_none": "Er zijn nog geen voorstellen om te beoordelen.",
    "report_thanks": "Bedankt, de organisatie kijkt ernaar.",
    # --- het einde ---
    "end_default_thanks": "Bedankt voor uw deelname!",
    "end_comparison_intro": "Zo verhouden uw antwoorden zich tot die van iedereen tot nu toe:",
    "comparison_choice": "• {percent}% antwoordde net als u “{answer}” op: {question}",
    "comparison_vote_agree": "• {percent}% was het met u eens over “{proposal}”",
    "comparison_vote_disagree": "• {percent}% was het net als u oneens met “{proposal}”",
    "end_footer": "/mydata toont uw gegevens; /delete verwijdert ze.",
    # --- commando's ---
    "help": (
        "Ik stel u een paar vragen over een raadpleging; u kunt ook zelf voorstellen schrijven "
        "en die van anderen beoordelen.\n\n"
        "/start beginnen of verdergaan\n/status waar u bent\n/back vorige vraag\n"
        "/skip een niet-verplichte vraag overslaan\n/language Nederlands / English\n"
        "/mydata alles wat over u is opgeslagen\n/delete al uw gegevens verwijderen\n"
        "/stop pauzeren"
    ),
    "help_organiser": (
        "Commando's voor de organisatie:\n/surveys alle raadplegingen\n/open ID openen\n"
        "/close ID sluiten\n/stats ID cijfers\n/moderate voorstellen beoordelen die op "
        "goedkeuring wachten"
    ),
    "back_not_possible": "Er is geen eerdere vraag om naar terug te gaan.",
    "skip_not_optional": "Deze vraag kunt u helaas niet overslaan.",
    "status": "Raadpleging: {title}\nU bent bij vraag {number} van {total}.",
    "status_completed": "Raadpleging: {title}\nU hebt alles ingevuld. Bedankt!",
    "status_none": "U doet niet mee aan een raadpleging. Stuur /start om te beginnen.",
    "mydata_caption": "Alles wat Samen over u heeft opgeslagen.",
    "mydata_none": "Samen heeft niets over u opgeslagen.",
    "delete_confirm": (
        "Al uw gegevens (antwoorden, voorstellen, stemmen) definitief verwijderen? "
        "Dit kan niet ongedaan worden gemaakt."
    ),
    "delete_yes": "Ja, alles verwijderen",
    "delete_no": "Nee, bewaren",
    "deleted": "Al uw gegevens zijn verwijderd. Stuur /start om opnieuw te beginnen.",
    "delete_cancelled": "Er is niets verwijderd.",
    "stopped": (
        "Gepauzeerd. Uw antwoorden zijn bewaard; stuur /start om verder te gaan waar u was."
    ),
    "language_choose": "Kies uw taal:",
    "language_set": "Vanaf nu spreek ik Nederlands.",
    # --- onverwachte invoer ---
    "expected_text": "Ik kan hier alleen tekst lezen. Typ alstublieft uw antwoord.",
    "expected_button": "Antwoord alstublieft met de knoppen onder de vraag.",
    "stale_button": "Die knop is niet meer geldig. Hier bent u nu:",
    "private_chat_only": (
        "Ik raadpleeg iedereen één op één, zodat uw antwoorden van u blijven. "
        "Open een privégesprek met mij om mee te doen: {link}"
    ),
    "edit_not_read": (
        "U heeft een bericht aangepast dat u al had verstuurd. Ik lees berichten alleen zoals "
        "ze eerst binnenkomen, dus ik heb het origineel bewaard. Wilt u een antwoord wijzigen? "
        "Tik dan op /back en stuur het opnieuw."
    ),
    "slow_down": (
        "Dat zijn veel berichten tegelijk. Doe het alstublieft wat rustiger aan; "
        "over een paar seconden lees ik weer mee."
    ),
    "unknown_command": "Dat commando ken ik niet. /help laat zien wat ik kan.",
    "error": "Sorry, er ging bij mij iets mis. Hier was u gebleven:",
    "error_plain": "Sorry, er ging bij mij iets mis. Probeert u het zo nog eens?",
    # --- organisatie ---
    "not_organiser": "Sorry, dat commando is alleen voor de organisatie van de raadpleging.",
    "usage": "Gebruik: {usage}",
    "surveys_header": "Raadplegingen:",
    "surveys_line": "• {survey_id}: {title} ({status}) {participants} deelnemers",
    "surveys_empty": (
        "Er zijn geen raadplegingen geladen. Laad er een met: python -m surveys load FILE"
    ),
    "status_open": "open",
    "status_closed": "gesloten",
    "status_draft": "concept",
    "status_open_ended": "open, maar de einddatum is voorbij: niemand kan meedoen",
    "status_open_not_yet_open": "open, maar de begindatum is nog niet bereikt",
    "survey_opened": "“{title}” ({survey_id}) is nu open.",
    "survey_closed_admin": "“{title}” ({survey_id}) is nu gesloten.",
    "stats": (
        "{title} ({survey_id})\nDeelnemers: {participants}\nAfgerond: {completed} "
        "({completion}%)\nVoorstellen: {proposals} ({pending} wachten op goedkeuring)\n"
        "Stemmen: {votes}"
    ),
    "moderate_empty": "Er wachten geen voorstellen op goedkeuring.",
    "moderate_item": "Wacht op goedkeuring ({remaining} in totaal), {survey_id}:\n\n“{text}”",
    "moderate_approve": "✓ Goedkeuren",
    "moderate_reject": "✗ Afwijzen",
    "moderate_approved": "✓ Goedgekeurd: “{text}”",
    "moderate_rejected": "✗ Afgewezen: “{text}”",
    "report_to_organiser": "⚠️ Een deelnemer meldde dit voorstel ({survey_id}):\n\n“{text}”",
    "report_keep": "Laten staan",
    "report_remove": "Verwijderen",
    "report_kept": "Blijft staan: “{text}”",
    "report_removed": "Verwijderd: “{text}”",
    "skip_button": "Overslaan ⏭",
    "vote_stop": "Stoppen met beoordelen ⏭",
    "survey_not_open": "De raadpleging “{title}” is nog niet open. Kom later nog eens terug.",
    # --- afwijzingen door de engine (codes uit docs/engine-api.md)
    "rejected_too_few_choices": "Kies er minstens {min}.",
    "rejected_too_many_choices": "U kunt er hoogstens {max} kiezen.",
    "rejected_not_a_number": "Kies een getal van {min} tot {max} met de knoppen.",
    "rejected_out_of_range": "Kies een getal van {min} tot {max} met de knoppen.",
    "rejected_empty": "Ik zie geen tekst in dat bericht. Typ alstublieft uw antwoord.",
    "rejected_too_short": "Dat is wat kort: schrijf alstublieft minstens {min} tekens.",
    "rejected_too_long": (
        "Dat is te lang ({length} tekens; hoogstens {max}). Wilt u het inkorten en opnieuw "
        "sturen?"
    ),
    "rejected_too_many_proposals": "U hebt het maximum van {max} voorstellen geschreven. Bedankt!",
    "rejected_survey_changed": (
        "De organisatoren hebben de vragenlijst zojuist aangepast; er is niets opgeslagen. "
        "Hier bent u nu:"
    ),
    "rejected_needs_proposal": "Bij deze vraag hoort minstens één voorstel. Typ er een.",
    "rejected_not_votable": "Dat voorstel kan niet meer worden beoordeeld.",
    "rejected_own_proposal": "Dat is uw eigen voorstel; het telt al als uw steun.",
}
