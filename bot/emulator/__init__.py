"""An offline stand-in for the Telegram Bot API, for tests and `kinerja-bot demo`.

Telegram cannot be reached where the bot is built and tested, so this emulates, at the Bot
API's own JSON shapes, the methods the bot uses, plus the other side: people who type, press
buttons by their label and send files, and whose chats can be read as they would see them.
It does not use python-telegram-bot; it is the server the bot talks to.
"""
