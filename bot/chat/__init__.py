"""The conversation as use cases: one function per update, one unit of work, one reply plan.

A handler parses an update, calls one function here, and renders the `Reply` it returns
(`bot.chat.reply`): the messages to send, the card to edit, the document to attach. What a
press or a typed text means, what comes next (the next indicator, the summary, a warning, the
same question again) and what is asked of the person afterwards are decided here, in the same
commit as the answer, so a crash can never leave the next number landing on the previous
indicator. Nothing here knows Telegram.
"""
