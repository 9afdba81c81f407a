"""English messages. Keep keys and {placeholders} identical to `nl.py` (a test checks)."""

MESSAGES: dict[str, str] = {
    # --- command menu (setMyCommands) ---
    "cmd_start": "Start or continue the consultation",
    "cmd_help": "What I can do",
    "cmd_status": "Where am I?",
    "cmd_back": "Back to the previous question",
    "cmd_skip": "Skip an optional question",
    "cmd_language": "Nederlands / English",
    "cmd_mydata": "Everything stored about you, as a file",
    "cmd_delete": "Delete all your data",
    "cmd_stop": "Pause; continue later with /start",
    # --- starting and consent ---
    "consent_prompt": (
        "{title}\n\n{privacy}\n\nNothing is stored until you agree. Your Telegram id is "
        "replaced by a pseudonym; /mydata shows everything stored about you and /delete "
        "removes it at any time.\n\nDo you agree to take part?"
    ),
    "consent_yes": "✓ I agree",
    "consent_no": "No thanks",
    "consent_declined": (
        "Fine, nothing has been stored. Send /start if you change your mind."
    ),
    "consent_first": "Please answer the privacy question first: nothing is stored until you agree.",
    "welcome_back": "Welcome back! We continue where you left off.",
    "no_open_survey": "There is no consultation open at the moment. Please come back later.",
    "choose_survey": "Which consultation would you like to join?",
    "survey_unknown": "I don't know a consultation called “{survey_id}”.",
    "survey_closed": "The consultation “{title}” is closed. Thank you for your interest!",
    "already_completed": (
        "You have already completed “{title}”. Thank you! /mydata shows what you answered."
    ),
    # --- steps ---
    "step_counter": "Question {number} of {total}",
    "info_continue": "Continue ▶",
    "multiple_hint": "Tap the options that apply, then press Done.",
    "multiple_hint_max": "Tap up to {maximum} options, then press Done.",
    "multiple_done": "Done ✓",
    "scale_hint": "{minimum} = {min_label} … {maximum} = {max_label}",
    "free_text_hint": "Type your answer (at most {max_length} characters).",
    "optional_hint": "This question is optional: /skip skips it.",
    "answered": "✓ {answer}",
    "skipped": "(skipped)",
    # --- proposals ---
    "proposal_prompt": (
        "Type your proposal in one message ({min_length}-{max_length} characters). "
        "You can write up to {maximum}."
    ),
    "proposal_another": (
        "Would you like to write another proposal? Just type it, or press “{done}”."
    ),
    "proposal_none": "No (more) proposals",
    "proposal_similar": (
        "Others have proposed something similar. You can support one of these instead:"
    ),
    "proposal_support_button": "👍 Support {number}",
    "proposal_submit_mine": "Add mine anyway",
    "proposal_confirm_prompt": "Your proposal:\n\n“{text}”\n\nShall I add it?",
    "proposal_confirm": "✓ Add it",
    "proposal_edit": "✏️ Edit",
    "proposal_edit_prompt": "Send the new text of your proposal.",
    "proposal_added": "Thank you, your proposal has been added; others will judge it.",
    "proposal_pending": (
        "Thank you! Your proposal awaits moderation; once approved, others will judge it."
    ),
    "proposal_supported": "Thank you, you now support: “{text}”",
    "proposal_limit": "You have written the maximum of {maximum} proposals. Thank you!",
    # --- voting ---
    "vote_header": "Proposal {number} of {total}. Do you agree?\n\n“{text}”",
    "vote_agree": "👍 Agree",
    "vote_disagree": "👎 Disagree",
    "vote_pass": "🤷 Pass",
    "vote_report": "⚠️ Report",
    "vote_done": "Thank you, you judged {count} proposals.",
    "vote_none": "There are no proposals to judge yet.",
    "report_thanks": "Thank you, an organiser will take a look at it.",
    # --- the end ---
    "end_default_thanks": "Thank you for taking part!",
    "end_comparison_intro": "How your answers compare with everyone's so far:",
    "comparison_choice": "• {percent}% also answered “{answer}” to: {question}",
    "comparison_vote_agree": "• {percent}% agreed with you on “{proposal}”",
    "comparison_vote_disagree": "• {percent}% disagreed with you on “{proposal}”",
    "end_footer": "/mydata shows your data; /delete removes it.",
    # --- commands ---
    "help": (
        "I ask you a few questions about a consultation; you can also write your own "
        "proposals and judge other people's.\n\n"
        "/start start or continue\n/status where you are\n/back previous question\n"
        "/skip skip an optional question\n/language Nederlands / English\n"
        "/mydata everything stored about you\n/delete delete all your data\n/stop pause"
    ),
    "help_organiser": (
        "Organiser commands:\n/surveys all consultations\n/open ID open one\n/close ID close one\n"
        "/stats ID figures\n/moderate judge proposals awaiting moderation"
    ),
    "back_not_possible": "There is no earlier question to go back to.",
    "skip_not_optional": "This question cannot be skipped, sorry.",
    "status": "Consultation: {title}\nYou are at question {number} of {total}.",
    "status_completed": "Consultation: {title}\nYou have completed it. Thank you!",
    "status_none": "You are not taking part in a consultation. Send /start to begin.",
    "mydata_caption": "Everything Samen has stored about you.",
    "mydata_none": "Samen has not stored anything about you.",
    "delete_confirm": (
        "Delete all your data (answers, proposals, votes) for good? This cannot be undone."
    ),
    "delete_yes": "Yes, delete everything",
    "delete_no": "No, keep it",
    "deleted": "All your data has been deleted. Send /start to begin again.",
    "delete_cancelled": "Nothing was deleted.",
    "stopped": "Paused. Your answers are saved; send /start to continue where you left off.",
    "language_choose": "Choose your language:",
    "language_set": "From now on I speak English.",
    # --- bad input ---
    "expected_text": "I can only read text here. Please type your answer.",
    "expected_button": "Please answer with the buttons below the question.",
    "stale_button": "That button is no longer valid. Here is where you are now:",
    "private_chat_only": (
        "I hold consultations one-to-one, so that your answers stay your own. "
        "Open a private chat with me to take part: {link}"
    ),
    "edit_not_read": (
        "You changed a message you had already sent. I only read messages as they are first "
        "sent, so I kept the original. To change an answer, tap /back and send it again."
    ),
    "slow_down": (
        "That is a lot of messages at once. Please slow down a little; "
        "I'll read your messages again in a few seconds."
    ),
    "unknown_command": "I don't know that command. /help shows what I can do.",
    "error": "Sorry, something went wrong on my side. Here is where you were:",
    "error_plain": "Sorry, something went wrong on my side. Please try again in a moment.",
    # --- organisers ---
    "not_organiser": "Sorry, that command is only for the organisers of the consultation.",
    "usage": "Usage: {usage}",
    "surveys_header": "Consultations:",
    "surveys_line": "• {survey_id}: {title} ({status}) {participants} participants",
    "surveys_empty": "No consultations are loaded. Load one with: python -m surveys load FILE",
    "status_open": "open",
    "status_closed": "closed",
    "status_draft": "draft",
    "status_open_ended": "open, but its closing date has passed: nobody can take part",
    "status_open_not_yet_open": "open, but its opening date has not come yet",
    "survey_opened": "“{title}” ({survey_id}) is now open.",
    "survey_closed_admin": "“{title}” ({survey_id}) is now closed.",
    "stats": (
        "{title} ({survey_id})\nParticipants: {participants}\nCompleted: {completed} "
        "({completion}%)\nProposals: {proposals} ({pending} awaiting moderation)\nVotes: {votes}"
    ),
    "moderate_empty": "No proposals await moderation.",
    "moderate_item": "Awaiting moderation ({remaining} in total), {survey_id}:\n\n“{text}”",
    "moderate_approve": "✓ Approve",
    "moderate_reject": "✗ Reject",
    "moderate_approved": "✓ Approved: “{text}”",
    "moderate_rejected": "✗ Rejected: “{text}”",
    "report_to_organiser": "⚠️ A citizen reported this proposal ({survey_id}):\n\n“{text}”",
    "report_keep": "Keep it",
    "report_remove": "Remove it",
    "report_kept": "Kept: “{text}”",
    "report_removed": "Removed: “{text}”",
    "skip_button": "Skip ⏭",
    "vote_stop": "Stop judging ⏭",
    "survey_not_open": "The consultation “{title}” is not open yet. Please come back later.",
    # --- the engine's rejections (codes from docs/engine-api.md; params as the engine names them)
    "rejected_too_few_choices": "Choose at least {min}.",
    "rejected_too_many_choices": "You can choose at most {max}.",
    "rejected_not_a_number": "Please choose a number from {min} to {max} with the buttons.",
    "rejected_out_of_range": "Please choose a number from {min} to {max} with the buttons.",
    "rejected_empty": "I see no text in that message. Please type your answer.",
    "rejected_too_short": "That is a bit short: please write at least {min} characters.",
    "rejected_too_long": (
        "That is too long ({length} characters; at most {max}). Please shorten it and send it "
        "again."
    ),
    "rejected_too_many_proposals": "You have written the maximum of {max} proposals. Thank you!",
    "rejected_survey_changed": (
        "The organisers have just changed the questionnaire; nothing was saved. "
        "Here is where you are now:"
    ),
    "rejected_needs_proposal": "This question asks for at least one proposal. Please type one.",
    "rejected_not_votable": "That proposal can no longer be judged.",
    "rejected_own_proposal": "That is your own proposal; it counts as your support already.",
}
